"""Reads of the initiative follow-up: the targeted injuries before and after its start."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from injuries import statistics
from injuries.statistics import Cell, Table
from programmes.models import Initiative, InitiativeTag
from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import User

from .dashboard_common import cell_of

WINDOW_YEARS = 3


@dataclass(frozen=True)
class FollowUp:
    initiative: Initiative
    mechanisms: list[str]
    places: list[str]
    age_bands: list[str]
    before: tuple[int, int]
    after: tuple[int, int] | None  # None: started too recently to compare
    table: Table | None

    @property
    def has_targets(self) -> bool:
        return bool(self.mechanisms or self.places)

    def cell(self, key: str) -> Cell | None:
        return cell_of(self.table, key)

    def change(self, area: str) -> float | None:
        """Change in percent of the yearly rate from before to after, if shown."""
        before, after = self.cell(f"{area}_before"), self.cell(f"{area}_after")
        if before is None or after is None or not before.rate or after.rate is None:
            return None
        return round((after.rate / before.rate - 1) * 100, 1)

    @property
    def here_change(self) -> float | None:
        return self.change("here")

    @property
    def elsewhere_change(self) -> float | None:
        return self.change("elsewhere")


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
    """Yearly rates of exactly the targeted injuries, here and in the rest of the county.

    Before: the three calendar years before the start year. After: the start
    year and up to two more, ending with the last complete year.
    """
    codes = list(initiative.target_codes.all())
    mechanisms = sorted(c.code for c in codes if c.list_name == "mechanism")
    places = sorted(c.code for c in codes if c.list_name == "place")
    age_bands = sorted(initiative.tag_values(InitiativeTag.Kind.AGE_GROUP))
    start = initiative.start_date.year
    before = (start - WINDOW_YEARS, start - 1)
    last_complete = timezone.localdate().year - 1
    after_end = min(start + WINDOW_YEARS - 1, last_complete)
    after = (start, after_end) if after_end >= start else None
    table = None
    if (mechanisms or places) and after is not None:
        table = statistics.follow_up_table(
            municipality=initiative.programme.municipality,
            mechanisms=mechanisms,
            places=places,
            age_bands=age_bands,
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
        table=table,
    )
