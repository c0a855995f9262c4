"""Reads of core data, scoped to the user asking."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from . import permissions
from .geography import municipality_key_q, pick_by_key
from .models import AuditEntry, Document, Municipality, Notification, User


def municipality_list(*, user: User) -> QuerySet[Municipality]:
    """Municipalities the user may read, with county and country joined."""
    qs = Municipality.objects.select_related("county__country")
    ids = permissions.readable_municipality_ids(user)
    if ids is None:
        return qs
    return qs.filter(pk__in=ids)


def municipality_get(*, user: User, code: str) -> Municipality:
    """One readable municipality by its key (`0716`, `SE-0127`: country and
    code); 404 whether it is missing or hidden."""
    match = pick_by_key(
        list(municipality_list(user=user).filter(municipality_key_q(code))), code
    )
    if match is None:
        raise Http404
    return match


def municipality_register(
    *, country: str, valid_on: datetime.date | None = None
) -> QuerySet[Municipality]:
    """The public map: a country's municipalities (valid on a date, or all ever
    loaded) with county, country and the codes before and after them."""
    qs = (
        Municipality.objects.filter(country__code=country)
        .select_related("county", "country")
        .prefetch_related(
            Prefetch("predecessors", queryset=Municipality.objects.only("code")),
            Prefetch("successors", queryset=Municipality.objects.only("code")),
        )
        .order_by("code", "valid_from")
    )
    if valid_on is not None:
        qs = qs.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=valid_on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=valid_on),
        )
    return qs


def audit_entries_for(*, obj) -> QuerySet[AuditEntry]:
    """The audit trail of one object, newest first."""
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(type(obj))
    return AuditEntry.objects.filter(
        content_type=ct, object_id=str(obj.pk)
    ).select_related("actor")


def municipality_history(
    *,
    user: User,
    municipality: Municipality,
    action: str = "",
    kind: int | None = None,
    query: str = "",
) -> QuerySet[AuditEntry]:
    """Every recorded change to a municipality's data, newest first, deletions
    included; for those who may change the data (404 for everyone else, since
    the entries can hold registrations' values)."""
    if not permissions.can_edit_municipality(user, municipality):
        raise Http404
    qs = AuditEntry.objects.filter(municipality=municipality).select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if kind is not None:
        qs = qs.filter(content_type_id=kind)
    if query:
        qs = qs.filter(object_repr__icontains=query)
    return qs


def history_kinds(*, municipality: Municipality) -> list[tuple[int, str]]:
    """The kinds of records a municipality's history holds, by name."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils.text import capfirst

    ids = (
        AuditEntry.objects.filter(municipality=municipality)
        .values_list("content_type_id", flat=True)
        .distinct()
        .order_by()
    )
    kinds = []
    for pk in ids:
        model = ContentType.objects.get_for_id(pk).model_class()
        if model is not None:
            kinds.append((pk, str(capfirst(model._meta.verbose_name_plural))))
    return sorted(kinds, key=lambda kind: kind[1])


def document_get(*, user: User, pk: int) -> Document:
    """One document the user may read; 404 when missing or not theirs to see.

    A regional programme's documents (a county, no municipality) are read by
    those who read the programme; national documents (neither) by every
    signed-in user.
    """
    document = (
        Document.objects.filter(pk=pk).select_related("municipality", "county").first()
    )
    if document is None:
        raise Http404
    if document.municipality is not None and not permissions.can_view_municipality(
        user, document.municipality
    ):
        raise Http404
    if (
        document.municipality is None
        and document.county is not None
        and not permissions.can_view_county_document(user, document.county)
    ):
        raise Http404
    return document


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_get(*, user: User, pk: int) -> Notification:
    """One of the user's own notifications; 404 for anyone else's."""
    notification = notification_list(user=user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification
