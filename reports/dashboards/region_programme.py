"""Reads of a regional programme's dashboard: its member municipalities'
published figures side by side and added up.

Every figure is a published one (`injuries.statistics`): each member's is
the period total its own dashboard shows, and the members' sum is shown only
where every member shows its own (`statistics.rollup_sum_table`), so no
hidden count can be worked out from the sum and the other members.
"""

from __future__ import annotations

from dataclasses import dataclass

from injuries import statistics
from injuries.statistics import Cell, Table
from programmes.models import Programme
from programmes.selectors.regions import region_overview
from safecommunity.core.models import Municipality, User

from .common import Filters, default_filters, rate_table, year_choices
from .reference import Reference


@dataclass(frozen=True)
class MemberFigures:
    municipality: Municipality
    cell: Cell | None
    local_groups: int
    readable: bool


@dataclass(frozen=True)
class RegionProgrammeDashboard:
    programme: Programme
    filters: Filters
    available_years: list[int]
    members: list[MemberFigures]
    by_year: Table
    total: Cell | None


def region_programme_dashboard_get(
    *,
    user: User,
    programme: Programme,
    reference: Reference,
    filters: Filters | None = None,
) -> RegionProgrammeDashboard:
    """The members' published figures of the period, each and added up."""
    available = reference.rollup.years
    filters = filters or default_filters(years=available)
    years = filters.years
    overview = region_overview(user=user, programme=programme)
    areas = {
        row.municipality.pk: reference.areas.municipalities.get(
            str(row.municipality.pk)
        )
        for row in overview.members
    }
    members = [
        MemberFigures(
            municipality=row.municipality,
            cell=(
                rate_table(reference.rollup, filters, [area], years).total
                if (area := areas[row.municipality.pk]) is not None
                else None
            ),
            local_groups=len(row.local_groups),
            readable=row.readable,
        )
        for row in overview.members
    ]
    by_year = statistics.rollup_sum_table(
        rollup=reference.rollup,
        dimension="year",
        keys_labels=[(str(y), str(y)) for y in years],
        years=years,
        areas=[area for area in areas.values() if area is not None],
        by_area=True,
        sex=filters.sex,
        age_band=filters.age_band,
    )
    return RegionProgrammeDashboard(
        programme=programme,
        filters=filters,
        available_years=year_choices(years=available),
        members=members,
        by_year=by_year,
        total=by_year.total,
    )
