"""Reads of the initiative follow-up: the targeted injuries before and after its start."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from injuries import statistics
from injuries.statistics.follow_up import FollowUpLine
from programmes.models import Initiative, InitiativeTag
from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import User

WINDOW_YEARS = 3


@dataclass(frozen=True)
class FollowUp:
    initiative: Initiative
    mechanisms: list[str]
    places: list[str]
    age_bands: list[str]
    before: tuple[int, int]
    after: tuple[int, int] | None  # None: started too recently to compare
    lines: list[FollowUpLine]

    @property
    def has_targets(self) -> bool:
        return bool(self.mechanisms or self.places)


def follow_up_initiative(*, user: User, pk: int) -> Initiative:
    """A readable initiative with its targets; 404 when missing or hidden."""
    qs = Initiative.objects.select_related(
        "programme__municipality__county"
    ).prefetch_related("target_codes", "tags")
    ids = core_permissions.readable_municipality_ids(user)
    if ids is not None:
        qs = qs.filter(programme__municipality__in=ids)
    initiative = qs.filter(pk=pk).first()
    if initiative is None:
        raise Http404
    return initiative


def follow_up_get(*, initiative: Initiative) -> FollowUp:
    """Yearly rates of each targeted place and mechanism, here and in the rest
    of the county, as sums of the published yearly tables' cells.

    Before: the three calendar years before the start year. After: the start
    year and up to two more, ending with the last complete year.
    """
    codes = list(initiative.target_codes.all())
    age_bands = sorted(initiative.tag_values(InitiativeTag.Kind.AGE_GROUP))
    start = initiative.start_date.year
    before = (start - WINDOW_YEARS, start - 1)
    last_complete = timezone.localdate().year - 1
    after_end = min(start + WINDOW_YEARS - 1, last_complete)
    after = (start, after_end) if after_end >= start else None
    targets = [
        (c.list_name, c.code, c.label)
        for c in sorted(codes, key=lambda c: (c.list_name, c.sort_order, c.code))
        if c.list_name in ("mechanism", "place")
    ]
    lines = []
    if targets and after is not None:
        lines = statistics.follow_up_lines(
            municipality=initiative.programme.municipality,
            targets=targets,
            before=before,
            after=after,
        )
    return FollowUp(
        initiative=initiative,
        mechanisms=[c.label for c in codes if c.list_name == "mechanism"],
        places=[c.label for c in codes if c.list_name == "place"],
        age_bands=age_bands,
        before=before,
        after=after,
        lines=lines,
    )
