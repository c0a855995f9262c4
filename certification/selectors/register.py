"""The public register, certification state and ISCCC designations."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from programmes.models import FocusArea, Programme
from safecommunity.core.models import User

from .. import permissions
from ..models import (
    CaseStatus,
    Certificate,
    Designation,
)


def _valid_certificates() -> QuerySet[Certificate]:
    """Certificates valid today, of cases neither lapsed nor declined."""
    today = timezone.localdate()
    return Certificate.objects.filter(
        issued_on__lte=today, expires_on__gte=today
    ).exclude(case__status__in=CaseStatus.closed())


def register_list() -> list[Certificate]:
    """Valid certificates today, one per municipality, with focus areas; public."""
    certificates = (
        _valid_certificates()
        .select_related("case__programme__municipality__county__country")
        .prefetch_related(
            Prefetch(
                "case__programme__focus_areas",
                queryset=FocusArea.objects.order_by("priority", "id"),
            )
        )
        .order_by("case__programme__municipality__name", "-issued_on")
    )
    seen: set[int] = set()
    result = []
    for certificate in certificates:
        programme_id = certificate.case.programme_id
        if programme_id not in seen:
            seen.add(programme_id)
            result.append(certificate)
    return result


def is_certified(*, programme: Programme) -> bool:
    """Whether the programme holds a certificate valid today."""
    return _valid_certificates().filter(case__programme=programme).exists()


def designation_latest(*, programme: Programme) -> Designation | None:
    """The programme's newest ISCCC designation case, open or decided."""
    return programme.designations.order_by("-created_at", "-id").first()


def designations_to_decide() -> QuerySet[Designation]:
    """Submitted ISCCC applications, oldest first; for the secretariat."""
    return (
        Designation.objects.filter(status=Designation.Status.SUBMITTED)
        .select_related("programme__municipality")
        .order_by("submitted_at", "id")
    )


def designated_programme_ids() -> set[int]:
    """Programmes whose ISCCC designation is valid today."""
    today = timezone.localdate()
    return set(
        Designation.objects.filter(
            status=Designation.Status.DESIGNATED,
            decided_on__lte=today,
            valid_until__gte=today,
        ).values_list("programme_id", flat=True)
    )


def designation_get(*, user: User, pk: int) -> Designation:
    """One ISCCC application the user may read; 404 otherwise."""
    designation = (
        Designation.objects.select_related("programme__municipality")
        .filter(pk=pk)
        .first()
    )
    if designation is None or not permissions.can_view_programme_path(
        user, designation.programme
    ):
        raise Http404
    return designation
