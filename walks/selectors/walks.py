"""Reads of safety walks and findings, scoped to the user asking.

Objects the user may not read answer Http404, whether they exist or not.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from programmes.models import Programme
from safecommunity.core.models import StatusChange, User

from ..models import Finding, FindingPhoto, SafetyWalk, WalkLink
from ..models.walks import OPEN_FOR_FINDINGS, token_hash
from ..permissions import can_view_walk

FOLLOW_UP_STATUSES = (Finding.Status.OPEN, Finding.Status.PLANNED)


def walk_list(*, programme: Programme) -> QuerySet[SafetyWalk]:
    """The programme's walks with their counts of findings kept."""
    return SafetyWalk.objects.filter(programme=programme).annotate(
        finding_count=Count("findings", filter=Q(findings__merged_into__isnull=True)),
        participant_count=Count("participants", distinct=True),
    )


def walk_get(*, user: User, pk: int) -> SafetyWalk:
    """One walk the user may read; 404 otherwise."""
    walk = (
        SafetyWalk.objects.select_related(
            "programme__municipality", "report", "report_job"
        )
        .filter(pk=pk)
        .first()
    )
    if walk is None or not can_view_walk(user, walk):
        raise Http404
    return walk


def _photos() -> Prefetch:
    """A finding's photos with their thumbnails' documents (the report reads the files)."""
    return Prefetch("photos", queryset=FindingPhoto.objects.select_related("thumbnail"))


def _ready_photos() -> Prefetch:
    """A finding's photos that have a thumbnail, as `ready_photos`."""
    return Prefetch(
        "photos",
        queryset=FindingPhoto.objects.filter(thumbnail__isnull=False),
        to_attr="ready_photos",
    )


def walk_findings(*, walk: SafetyWalk) -> QuerySet[Finding]:
    """The walk's findings kept after merging, with photos and duplicates loaded."""
    return (
        walk.findings.filter(merged_into__isnull=True)
        .select_related("initiative")
        .prefetch_related(_photos(), "duplicates")
        .order_by("term", "-priority", "id")
    )


def finding_get(*, user: User, pk: int) -> Finding:
    """One finding the user may read; 404 otherwise."""
    finding = (
        Finding.objects.select_related("walk__programme__municipality", "initiative")
        .filter(pk=pk)
        .first()
    )
    if finding is None or not can_view_walk(user, finding.walk):
        raise Http404
    return finding


def link_get(*, user: User, pk: int) -> WalkLink:
    """One walk link the user may read; 404 otherwise."""
    link = (
        WalkLink.objects.select_related("walk__programme__municipality")
        .filter(pk=pk)
        .first()
    )
    if link is None or not can_view_walk(user, link.walk):
        raise Http404
    return link


def link_for_token(*, token: str) -> WalkLink | None:
    """The link a token opens now, or None when it is unknown, expired or revoked."""
    if not token or len(token) > 100:
        return None
    link = (
        WalkLink.objects.select_related("walk__programme__municipality")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None or not link.is_valid(timezone.now()):
        return None
    if link.walk.status not in OPEN_FOR_FINDINGS:
        return None
    return link


def finder_findings(*, link: WalkLink, finder_key: str) -> QuerySet[Finding]:
    """What this finder logged through this link, newest first."""
    if not finder_key:
        return Finding.objects.none()
    return (
        Finding.objects.filter(link=link, finder_key=finder_key)
        .annotate(
            photo_count=Count("photos"),
            photos_waiting=Count(
                "photos", filter=Q(photos__status=FindingPhoto.Status.RECEIVED)
            ),
        )
        .order_by("-created_at", "-id")
    )


def follow_up_board(
    *,
    programme: Programme,
    status: str = "",
    category: str = "",
    term: str = "",
    overdue: bool = False,
) -> QuerySet[Finding]:
    """Findings of the municipality's walks to follow up, filtered, most urgent first.

    Without a status, the open and planned ones.
    """
    qs = (
        Finding.objects.filter(walk__programme=programme, merged_into__isnull=True)
        .select_related("walk", "initiative")
        .prefetch_related(_ready_photos())
        .annotate(photo_count=Count("photos"))
    )
    qs = (
        qs.filter(status=status) if status else qs.filter(status__in=FOLLOW_UP_STATUSES)
    )
    if category:
        qs = qs.filter(category=category)
    if term:
        qs = qs.filter(term=term)
    if overdue:
        qs = qs.filter(status__in=FOLLOW_UP_STATUSES, due_date__lt=timezone.localdate())
    return qs.order_by("due_date", "-priority", "id")


def follow_up_summary(*, programme: Programme) -> dict[str, int]:
    """Counts of kept findings per follow-up status, and of those fixed by their due date."""
    qs = Finding.objects.filter(walk__programme=programme, merged_into__isnull=True)
    counts = dict.fromkeys(Finding.Status.values, 0)
    for row in qs.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    counts["fixed_on_time"] = qs.filter(
        status=Finding.Status.FIXED,
        due_date__isnull=False,
        fixed_on__lte=F("due_date"),
    ).count()
    counts["with_due_date"] = qs.filter(due_date__isnull=False).count()
    return counts


@dataclass(frozen=True)
class HistoryRow:
    """One status change as a history list shows it."""

    created_at: datetime.datetime
    from_label: str
    to_label: str
    actor: User | None
    comment: str


def _history(model: type[SafetyWalk] | type[Finding], pk: int) -> list[HistoryRow]:
    labels = dict(model.Status.choices)
    return [
        HistoryRow(
            created_at=change.created_at,
            from_label=str(labels.get(change.from_status, change.from_status)),
            to_label=str(labels.get(change.to_status, change.to_status)),
            actor=change.actor,
            comment=change.comment,
        )
        for change in StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=pk
        ).select_related("actor")
    ]


def walk_history(*, walk: SafetyWalk) -> list[HistoryRow]:
    """The walk's status changes, oldest first, with their statuses' labels."""
    return _history(SafetyWalk, walk.pk)


def finding_history(*, finding: Finding) -> list[HistoryRow]:
    """The finding's follow-up status changes, oldest first, with their labels."""
    return _history(Finding, finding.pk)
