"""Reads of initiatives and their reports, scoped to the user asking."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import User

from ..models import (
    Initiative,
    InitiativeReport,
    InitiativeTag,
    Programme,
)
from .organisation import part_get

# --- Initiatives ------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeFilters:
    """The filters of the initiative list; empty values filter nothing."""

    q: str = ""
    status: str = ""
    focus_area: int | None = None
    arena: str = ""
    age_group: str = ""
    year: int | None = None


def _with_related(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return qs.select_related(
        "programme__municipality", "focus_area", "working_group"
    ).prefetch_related("tags")


def _has_tag(kind: str, value: str) -> Exists:
    return Exists(
        InitiativeTag.objects.filter(initiative=OuterRef("pk"), kind=kind, value=value)
    )


def _filtered(qs: QuerySet[Initiative], f: InitiativeFilters) -> QuerySet[Initiative]:
    if f.q:
        qs = qs.filter(
            Q(title__icontains=f.q)
            | Q(description__icontains=f.q)
            | Q(responsible_person__icontains=f.q)
        )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.focus_area:
        qs = qs.filter(focus_area_id=f.focus_area)
    if f.arena:
        qs = qs.filter(_has_tag(InitiativeTag.Kind.ARENA, f.arena))
    if f.age_group:
        qs = qs.filter(_has_tag(InitiativeTag.Kind.AGE_GROUP, f.age_group))
    if f.year:
        qs = qs.filter(start_date__year__lte=f.year).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=f.year)
        )
    return qs


def initiative_list(
    *, programme: Programme, filters: InitiativeFilters | None = None
) -> QuerySet[Initiative]:
    """A programme's initiatives, filtered; call only with a readable programme."""
    qs = _with_related(programme.initiatives.all())
    return _filtered(qs, filters or InitiativeFilters())


def initiative_list_for_user(
    *, user: User, filters: InitiativeFilters | None = None
) -> QuerySet[Initiative]:
    """Initiatives of every programme the user may read (dashboards, dossiers)."""
    qs = Initiative.objects.all()
    ids = core_permissions.readable_municipality_ids(user)
    if ids is not None:
        qs = qs.filter(programme__municipality__in=ids)
    return _filtered(_with_related(qs), filters or InitiativeFilters())


def initiative_get(*, user: User, pk: int) -> Initiative:
    """One readable initiative with everything its detail page shows."""
    qs = _with_related(Initiative.objects.all()).prefetch_related(
        "target_codes",
        "partners",
        "attachments",
        "reports",
    )
    return part_get(user, qs, pk, "programme__municipality")


def initiative_years(*, programme: Programme) -> list[int]:
    """Years from the first initiative's start to this year, newest first."""
    first = programme.initiatives.order_by("start_date").values_list(
        "start_date", flat=True
    )[:1]
    this_year = timezone.localdate().year
    start = first[0].year if first else this_year
    return list(range(this_year, start - 1, -1))


def initiative_report_list(*, programme: Programme) -> QuerySet[InitiativeReport]:
    """Reports on a programme's initiatives, newest period first; call only
    with a readable programme."""
    return InitiativeReport.objects.filter(initiative__programme=programme).order_by(
        "-period_end", "-pk"
    )


def report_get(*, user: User, pk: int) -> InitiativeReport:
    """One readable initiative report."""
    qs = InitiativeReport.objects.select_related("initiative__programme__municipality")
    return part_get(user, qs, pk, "initiative__programme__municipality")
