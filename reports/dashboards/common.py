"""What the dashboard, the regional view and the follow-up share: filters,
rate lines, the county's and the nation's comparison lines and the
green/yellow/red marks.

The county and national figures come from the country's reference
(`reference.py`: one rollup per country by recorded municipality, added up
into today's municipalities and counties, kept under the data version). A
county's figure is shown only where every municipality in it shows its own
(`statistics.rollup_sum_table`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from injuries import statistics
from injuries.statistics import Cell, Coverage, Rollup, Table
from injuries.statistics.areas import Area

from .reference import Reference

LEVEL_YELLOW_PERCENT = 10.0  # up to this far above the nation is yellow
# A comparison line standing for fewer inhabitants than this share is too
# partial to colour a municipality against.
MIN_COVERAGE = 0.5
DEFAULT_YEARS = 5
CHOICE_YEARS = 15  # the period filter offers at least this many past years


@dataclass(frozen=True)
class Filters:
    """The period (inclusive years), sex ("" both) and age band ("" all)."""

    first_year: int
    last_year: int
    sex: str = ""
    age_band: str = ""

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def as_query(self) -> dict[str, str]:
        return {
            "first_year": str(self.first_year),
            "last_year": str(self.last_year),
            "sex": self.sex,
            "age_band": self.age_band,
        }


@dataclass(frozen=True)
class Mark:
    """A green, yellow, red or grey mark with its visible text and rule."""

    colour: str
    label: str
    detail: str
    rule: str


@dataclass(frozen=True)
class RateRow:
    year: int
    here: Cell | None
    county: Cell | None
    nation: Cell | None
    county_coverage: Coverage | None = None
    nation_coverage: Coverage | None = None
    current: bool = False  # the current year, still incomplete
    population_from: int | None = None  # an earlier year's population is used


@dataclass(frozen=True)
class Comparison:
    """A county's or the nation's line, counting only the municipalities that
    registered injuries in each year, and how many of how many they are."""

    table: Table
    coverage: dict[int, Coverage]

    def share(self, years: list[int]) -> float | None:
        """The smallest share of inhabitants any year of `years` stands for."""
        shares = [
            self.coverage[y].population_share
            for y in years
            if y in self.coverage and self.coverage[y].population_share is not None
        ]
        return min(shares) if shares else None

    def cell(self, year: int) -> Cell | None:
        return cell_of(self.table, str(year))


def this_year() -> int:
    return timezone.localdate().year


def settled_years(years: list[int]) -> list[int]:
    """The years of a period without the current, incomplete one."""
    current = this_year()
    return [year for year in years if year < current]


def comparison_get(
    reference: Reference, filters: Filters, county_id: int | None, years: list[int]
) -> Comparison:
    """The line a municipality is compared with: its county (or the nation, None)."""
    if county_id is None:
        areas = reference.nation_parts()
        table, included = statistics.rollup_published_sum_table(
            rollup=reference.rollup,
            years=years,
            areas=areas,
            sex=filters.sex,
            age_band=filters.age_band,
        )
    else:
        areas, included = reference.parts(county_id), None
        table = sum_table(reference, filters, county_id, years)
    line, coverage = statistics.comparison_line(
        rollup=reference.rollup,
        table=table,
        years=years,
        areas=areas,
        sex=filters.sex,
        age_band=filters.age_band,
        included=included,
    )
    return Comparison(line, coverage)


def rate_rows(
    years: list[int],
    here: Table | None,
    county: Comparison | None,
    nation: Comparison,
    carried: dict[int, int],
) -> list[RateRow]:
    """One row per year of the period, marked where it is the current year or
    uses an earlier year's population."""
    current = this_year()
    return [
        RateRow(
            year=year,
            here=cell_of(here, str(year)),
            county=county.cell(year) if county else None,
            nation=nation.cell(year),
            county_coverage=county.coverage.get(year) if county else None,
            nation_coverage=nation.coverage.get(year),
            current=year >= current,
            population_from=carried.get(year),
        )
        for year in years
    ]


def default_filters(*, years: list[int]) -> Filters:
    """The last complete year with data and the years before it."""
    last_complete = timezone.localdate().year - 1
    past = [year for year in years if year <= last_complete]
    last = max(past or years or [last_complete])
    first = max(min(years or [last]), last - DEFAULT_YEARS + 1)
    return Filters(first_year=first, last_year=last)


def year_choices(*, years: list[int]) -> list[int]:
    """Years offered by the period filter, newest first."""
    this_year = timezone.localdate().year
    first = min([*years, this_year - CHOICE_YEARS])
    return list(range(max([*years, this_year]), first - 1, -1))


def rate_table(
    rollup: Rollup, filters: Filters, areas: list[Area] | None, years: list[int]
) -> Table:
    """Published counts and rates by year of some areas together, filtered; the
    period's total only where no year hides its figure."""
    return statistics.rollup_sum_table(
        rollup=rollup,
        dimension="year",
        keys_labels=[(str(y), str(y)) for y in years],
        years=years,
        areas=areas,
        sex=filters.sex,
        age_band=filters.age_band,
    )


def sum_table(
    reference: Reference, filters: Filters, county_id: int, years: list[int]
) -> Table:
    """Published counts and rates by year of a county, each municipality
    adding up its predecessors of each year.

    A county's figure is checked against each of its municipalities, since a
    regional contact reads them all. The nation's line adds up only the
    municipalities' published figures (`comparison_get`).
    """
    return statistics.rollup_sum_table(
        rollup=reference.rollup,
        dimension="year",
        keys_labels=[(str(y), str(y)) for y in years],
        years=years,
        areas=reference.parts(county_id),
        by_area=True,
        sex=filters.sex,
        age_band=filters.age_band,
    )


def cell_of(table: Table | None, key: str) -> Cell | None:
    """The cell of a table by key; None when the table is withheld."""
    if table is None:
        return None
    return next((c for c in table.cells if c.key == key), None)


def level_rule() -> str:
    return _(
        "Green: the rate per 1,000 is at or below the national rate. Yellow: up "
        "to %(limit)s%% above it. Red: more than %(limit)s%% above it. Grey: too "
        "few registrations or no population figures to compare, or a national "
        "figure that stands for less than half of the inhabitants. The national "
        "rate counts only the municipalities that registered injuries, and the "
        "current, incomplete year is left out."
    ) % {"limit": f"{LEVEL_YELLOW_PERCENT:g}"}


def trend_rule() -> str:
    return _(
        "Compares the change in the rate per 1,000 from the first to the last "
        "year of the period with the national change. Green: it developed as well "
        "as or better than the nation. Yellow: up to %(limit)s percentage points "
        "worse. Red: more than %(limit)s points worse. Grey: not enough data. The "
        "current, incomplete year is left out."
    ) % {"limit": f"{LEVEL_YELLOW_PERCENT:g}"}


def _grey(rule: str, reason: str = "") -> Mark:
    return Mark("grey", _("Grey – not enough data"), reason, rule)


def _coverage_reason(share: float | None) -> str:
    """Why a comparison is grey when it stands for too few inhabitants; "" if not."""
    if share is None or share >= MIN_COVERAGE:
        return ""
    return _(
        "The national figure stands for only %(share)s%% of the inhabitants: the "
        "other municipalities registered no injuries."
    ) % {"share": f"{share * 100:.0f}"}


def level_mark(
    here: Cell | None, nation: Cell | None, coverage: float | None = None
) -> Mark:
    """Level of a rate against the national rate, by the rule of `level_rule`.

    `coverage` is the share of inhabitants the national line stands for;
    below `MIN_COVERAGE` the comparison is grey.
    """
    rule = level_rule()
    if reason := _coverage_reason(coverage):
        return _grey(rule, reason)
    if here is None or nation is None or here.rate is None or not nation.rate:
        return _grey(rule)
    above = (here.rate / nation.rate - 1) * 100
    detail = _("%(here)s per 1,000 against %(nation)s nationally") % {
        "here": here.rate_display,
        "nation": nation.rate_display,
    }
    if above <= 0:
        return Mark("green", _("Green – at or below the national rate"), detail, rule)
    if above <= LEVEL_YELLOW_PERCENT:
        return Mark(
            "yellow", _("Yellow – slightly above the national rate"), detail, rule
        )
    return Mark("red", _("Red – clearly above the national rate"), detail, rule)


def change(first: Cell | None, last: Cell | None) -> float | None:
    """Change in percent of the rate from one published cell to another."""
    if first is None or last is None or first.suppressed or last.suppressed:
        return None
    if first.rate is None or last.rate is None or not first.rate:
        return None
    return (last.rate / first.rate - 1) * 100


def trend_mark(
    here: Table | None,
    nation: Table | None,
    years: list[int],
    coverage: float | None = None,
) -> Mark:
    """Change over the years against the national change, by `trend_rule`.

    `years` leaves out the current, incomplete year; `coverage` as for
    `level_mark`.
    """
    rule = trend_rule()
    if reason := _coverage_reason(coverage):
        return _grey(rule, reason)
    if len(years) < 2:
        return _grey(rule)
    first, last = str(years[0]), str(years[-1])
    mine = change(cell_of(here, first), cell_of(here, last))
    national = change(cell_of(nation, first), cell_of(nation, last))
    if mine is None or national is None:
        return _grey(rule)
    detail = _("%(here)+.0f%% here against %(nation)+.0f%% nationally") % {
        "here": mine,
        "nation": national,
    }
    worse = mine - national
    if worse <= 0:
        return Mark(
            "green", _("Green – as good as or better than the nation"), detail, rule
        )
    if worse <= LEVEL_YELLOW_PERCENT:
        return Mark(
            "yellow", _("Yellow – slightly worse than the nation"), detail, rule
        )
    return Mark("red", _("Red – clearly worse than the nation"), detail, rule)
