"""Reads of safety walks and findings, scoped to the user asking.

Objects the user may not read answer Http404, whether they exist or not.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet
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


def walk_findings(*, walk: SafetyWalk) -> QuerySet[Finding]:
    """The walk's findings kept after merging, with photos and duplicates loaded."""
    return (
        walk.findings.filter(merged_into__isnull=True)
        .select_related("initiative")
        .prefetch_related("photos__document", "duplicates")
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
    *, programme: Programme, filters: dict | None = None
) -> QuerySet[Finding]:
    """Findings of the municipality's walks to follow up, filtered, most urgent first."""
    filters = filters or {}
    qs = (
        Finding.objects.filter(walk__programme=programme, merged_into__isnull=True)
        .select_related("walk", "initiative")
        .annotate(photo_count=Count("photos"))
    )
    status = filters.get("status")
    qs = (
        qs.filter(status=status) if status else qs.filter(status__in=FOLLOW_UP_STATUSES)
    )
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("term"):
        qs = qs.filter(term=filters["term"])
    if filters.get("overdue"):
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


def walk_history(*, walk: SafetyWalk) -> list[StatusChange]:
    """The walk's status changes, oldest first, with their statuses' labels."""
    changes = list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(SafetyWalk),
            object_id=walk.pk,
        ).select_related("actor")
    )
    labels = dict(SafetyWalk.Status.choices)
    for change in changes:
        change.from_label = labels.get(change.from_status, change.from_status)
        change.to_label = labels.get(change.to_status, change.to_status)
    return changes
