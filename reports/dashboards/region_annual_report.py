"""Reads of a regional programme's annual report: the programme's own
initiative reports, and a section per member municipality with its published
injury figures of the year and what its own programme reported.

The injury figures are the published ones of the region's dashboard for that
year: each member's as its own dashboard shows it, and their sum only where
every member shows its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from injuries.statistics import Cell
from programmes.models import Programme
from programmes.selectors.programme import AnnualReport, annual_report
from programmes.selectors.regions import MemberProgrammeYear, member_programme_years
from safecommunity.core.models import Municipality, User

from .common import Filters
from .reference import Reference
from .region_programme import region_programme_dashboard_get


@dataclass(frozen=True)
class MemberYear:
    municipality: Municipality
    readable: bool
    injuries: Cell | None
    local_groups: int
    own: MemberProgrammeYear | None


@dataclass(frozen=True)
class RegionAnnualReport:
    programme: Programme
    year: int
    years: list[int]
    own: AnnualReport
    members: list[MemberYear]
    injuries_total: Cell | None
    initiatives_reported: int
    reach: int
    meetings: int


def region_annual_report_get(
    *, user: User, programme: Programme, year: int, reference: Reference
) -> RegionAnnualReport:
    """The year of a regional programme and of each of its members."""
    dashboard = region_programme_dashboard_get(
        user=user,
        programme=programme,
        reference=reference,
        filters=Filters(first_year=year, last_year=year),
    )
    own_programmes = member_programme_years(programme=programme, year=year)
    members = [
        MemberYear(
            municipality=row.municipality,
            readable=row.readable,
            injuries=row.cell,
            local_groups=row.local_groups,
            own=own_programmes.get(row.municipality.pk),
        )
        for row in dashboard.members
    ]
    own = annual_report(programme=programme, year=year)
    figures = [m.own for m in members if m.own is not None]
    return RegionAnnualReport(
        programme=programme,
        year=year,
        years=sorted(set(reference.rollup.years) | {year}),
        own=own,
        members=members,
        injuries_total=dashboard.total,
        initiatives_reported=own.initiative_count
        + sum(f.initiatives_reported for f in figures),
        reach=own.total_reach + sum(f.reach for f in figures),
        meetings=len(own.meetings) + sum(f.meetings for f in figures),
    )
