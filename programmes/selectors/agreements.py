"""Reads of partner agreements, scoped to what the user may read."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from safecommunity.core.models import User

from ..models import DataSharingAgreement, Partner, PartnerAgreement, Programme
from .scope import readable_programmes_q

# "Ending soon" on the programme page: about six months.
ENDING_WITHIN_DAYS = 183


def _scoped(user: User, queryset: QuerySet, path: str) -> QuerySet:
    """Rows of the programmes the user may read (regional ones included)."""
    readable = readable_programmes_q(user, path.removesuffix("__municipality"))
    if readable is not None:
        queryset = queryset.filter(readable)
    return queryset


def partner_agreement_get(*, user: User, pk: int) -> PartnerAgreement:
    """One readable partner agreement, or 404."""
    qs = PartnerAgreement.objects.select_related("partner__programme__municipality")
    obj = _scoped(user, qs, "partner__programme__municipality").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def partner_get_for_agreement(*, user: User, pk: int) -> Partner:
    """The readable partner a new agreement is made with, or 404."""
    qs = Partner.objects.select_related("programme__municipality")
    obj = _scoped(user, qs, "programme__municipality").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def agreements_ending(
    *, programme: Programme, today: datetime.date | None = None
) -> QuerySet[PartnerAgreement]:
    """The programme's partner agreements that end within about six months."""
    today = today or timezone.localdate()
    return (
        PartnerAgreement.objects.filter(
            partner__programme=programme,
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=ENDING_WITHIN_DAYS),
        )
        .select_related("partner")
        .order_by("ends_on", "id")
    )


def data_sharing_list(*, programme: Programme) -> QuerySet[DataSharingAgreement]:
    """A readable programme's data-sharing agreements, soonest to lapse first."""
    return programme.data_sharing_agreements.select_related("partner").order_by(
        "valid_until", "id"
    )


def data_sharing_get(*, user: User, pk: int) -> DataSharingAgreement:
    """One readable data-sharing agreement, or 404."""
    qs = DataSharingAgreement.objects.select_related(
        "programme__municipality", "partner"
    )
    obj = _scoped(user, qs, "programme__municipality").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj
