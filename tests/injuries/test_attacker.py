"""The attacker: every figure a regional contact and a coordinator can obtain,
set against each other by linear programming, never narrows a small count
more than "<5" does.

Over random registrations in three municipalities of a county (three years,
the current one included), the test collects what the statistics pages, their
exports and the API publish (each municipality's and the county's report of
every year and of all years, every breakdown), the dashboards (every period,
unfiltered and under each filter, the code and years, the county's and the
nation's lines) and the initiative follow-up (every pair of windows, every
code). Each figure is a sum of the attacker's unknowns, the registrations by
municipality, year, one filter (sex, or age band) and one code (place, or
mechanism): the other codes are constant, so their tables add nothing but
the totals. A shown figure is an equation, "<5" a range from 1 to 4. For every
hidden figure and every unknown whose true count is from 1 to 4, the exact
least and greatest values it can take are computed (`linear.Audit`): the
range must be at least as wide as the one "<5" gives.

A reader also keeps what was published on earlier days: the reports, the
dashboards and the follow-up as they stood on the last day of last year,
when last year was the current year, are set beside today's (`last_day`).

The secretariat is not among the readers: it reads every registration in
the administration, so no figure can tell it more.
"""

from __future__ import annotations

import datetime
import itertools
import zoneinfo
from dataclasses import dataclass, replace

import time_machine
from django.conf import settings as django_settings
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from injuries.codes import age_band_for
from injuries.models import Registration
from injuries.statistics import (
    county_statistics,
    follow_up_lines,
    municipality_statistics,
    rollup_build,
    rollup_published_sum_table,
    rollup_sum_table,
)
from injuries.statistics.areas import country_areas, municipality_area
from injuries.statistics.disclosure import PRIMARY, SHOWN
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.injuries.linear import Audit, Known
from tests.properties import examples


@dataclass(frozen=True)
class Axes:
    """The two things that vary: a filter of the dashboards (sex or age band)
    and a code (place or mechanism), each with its keys as the tables name
    them and the registration's fields for each key."""

    split: str
    splits: dict[str, dict]
    code: str
    codes: tuple[str, ...]
    constant: dict  # every other field of a registration

    def fields(self, split: str, code: str) -> dict:
        return {**self.constant, **self.splits[split], self.code: code}

    def constant_key(self, dimension: str) -> str | None:
        """The key a constant dimension's registrations all have."""
        if dimension == "month":
            return "1"
        if dimension == "age_band":
            return age_band_for(self.constant["age"])
        if dimension == "any_unknown":
            return None
        return self.constant.get(dimension)


CONSTANT = {
    "contact_cause": "accident",
    "activity": "other",
    "severity": "minor",
    "transport": "",
}
SEX_PLACE = Axes(
    split="sex",
    splits={"F": {"sex": "F"}, "M": {"sex": "M"}},
    code="place",
    codes=("road", "home_inside", "school"),
    constant={**CONSTANT, "age": 30, "mechanism": "F2"},
)
AGE_MECHANISM = Axes(
    split="age_band",
    splits={"5-14": {"age": 10}, "65-79": {"age": 70}},
    code="mechanism",
    codes=("F1", "F2", "P"),
    constant={**CONSTANT, "sex": "F", "place": "road"},
)
SEXES = tuple(SEX_PLACE.splits)
PLACES = SEX_PLACE.codes
ELSEWHERE = "elsewhere"  # registrations of the rest of the nation: unknown


@dataclass(frozen=True)
class Figure:
    """Which unknowns a published figure adds up."""

    municipalities: frozenset
    years: frozenset
    split: str = ""
    code: str = ""
    empty: bool = False  # a constant code's other keys: always zero

    def unknowns(self, universe) -> dict:
        if self.empty:
            return {}
        return {
            u: 1
            for u in universe
            if u[0] in self.municipalities
            and u[1] in self.years
            and (not self.split or u[2] == self.split)
            and (not self.code or u[3] == self.code)
        }


def _cell_figure(base: Figure, dimension: str, key: str, axes: Axes) -> Figure:
    if dimension == "year":
        return replace(base, years=frozenset({int(key)}))
    if dimension == "municipality":
        return replace(base, municipalities=frozenset({key}))
    if dimension == axes.split:
        return replace(base, split=key)
    if dimension == axes.code:
        return replace(base, code=key)
    return replace(base, empty=key != axes.constant_key(dimension))


def _report_figures(report, members: frozenset, complete: frozenset, axes: Axes):
    years = frozenset({report.year}) if report.year is not None else complete
    base = Figure(members, years)
    yield base, report.total
    if report.by_year is not None:
        for cell in report.by_year.cells:
            yield _cell_figure(base, "year", cell.key, axes), cell
        yield Figure(members, complete), report.by_year.total
    for table in report.tables:
        yield base, table.total
        for cell in table.cells:
            if table.dimension == "any_unknown":
                continue
            yield _cell_figure(base, table.dimension, cell.key, axes), cell


def tagged(source: str, figures) -> list:
    """The figures with where a reader found them, for the failure message."""
    return [(figure, cell, source) for figure, cell in figures]


def _table_figures(table, base: Figure, axes: Axes):
    yield base, table.total
    for cell in table.cells:
        yield _cell_figure(base, table.dimension, cell.key, axes), cell


# Found by this test: in a year with two equal places beside a small one, the
# statistics page and the dashboard once hid different ones of the two, and
# between them showed both (the follow-up then gave the third).
# One municipality per line: three years of (women, men) x (road, home, school).
EQUAL_CELLS = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 14, 14, 0,
    0, 0, 0, 9, 0, 9, 9, 14, 2, 0, 0, 3, 6, 9, 6, 6, 14, 6,
    6, 0, 0, 0, 5, 14, 0, 14, 0, 9, 3, 9, 5, 0, 9, 9, 1, 0,
]  # fmt: skip

# Found too: two years with "<5" each and "<5" for all years together
# capped each year below 4.
SMALL_SUM = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
    0, 14, 0, 14, 1, 9, 14, 4, 1, 2, 0, 9, 3, 3, 2, 6, 2, 0,
    1, 1, 1, 3, 2, 0, 1, 1, 4, 3, 0, 6, 3, 1, 6, 2, 5, 14,
]  # fmt: skip

# Found by the exact check of the margins: a small year with one registration
# on the road and one at home, beside a year with none there; the figures of
# all years read "<5" on both, which the small year's "<5" capped at 3.
SMALL_YEAR_CODES = [
    1, 1, 0, 0, 0, 0, 0, 0, 9, 0, 0, 9, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]  # fmt: skip

# Each example builds every report over a fresh database (seconds, with the LP).
ATTACKS = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

COUNTS = st.lists(
    st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 6, 9, 14]),
    min_size=3 * 3 * len(SEXES) * len(PLACES),
    max_size=3 * 3 * len(SEXES) * len(PLACES),
)


@settings(ATTACKS, max_examples=examples(10))
@given(counts=COUNTS)
@example(counts=EQUAL_CELLS)
@example(counts=SMALL_SUM)
@example(counts=SMALL_YEAR_CODES)
def test_no_small_count_follows_from_all_a_reader_can_obtain(counts, municipality):
    attack(counts, municipality)


# Found with HYPOTHESIS_PROFILE=explore: one registration at home in each of
# two municipalities in the current year; the county read "<5" on their sum
# while each municipality read "<5" on its own, which capped each at 3.
CURRENT_YEAR_PAIR = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 4, 0, 0,
]  # fmt: skip


def test_two_single_registrations_in_the_current_year(municipality):
    attack(CURRENT_YEAR_PAIR, municipality)


# Found by setting the reports of the last day of last year beside today's:
# in 3996 last year, three registrations at home and two at school, both
# "<5"; in 3999 the year before, four at home and one at school, both "<5",
# and last year two on the road, one at home and nine at school, all hidden.
# On the last day of last year the county's report of that year (the current
# one then) read 11 at school beside the hidden cells; today 3999's figure of
# all years reads 10 at school. So 3999 had 10 - (1..4) = 6..9 at school last
# year, and 3996 had 11 - (6..9) = 2..5: its "<5" is at least 2. The
# county's current year was then the margin of its municipalities' lines;
# now it shows a figure only where every municipality shows its own.
LAST_DAY_CHAIN = [
    0, 0, 0, 0, 0, 0, 0, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 4, 1, 0, 0, 0, 2, 1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]  # fmt: skip


def test_last_years_county_figures_beside_todays_figures_of_all_years(
    municipality,
):
    attack(LAST_DAY_CHAIN, municipality, last_day=True)


@settings(ATTACKS, max_examples=examples(6))
@given(counts=COUNTS)
@example(counts=CURRENT_YEAR_PAIR)
@example(counts=SMALL_YEAR_CODES)
def test_no_small_count_follows_from_what_was_published_on_last_years_last_day(
    counts, municipality
):
    """A reader who kept the reports, dashboards and follow-up of the last
    day of last year sets them beside today's: last year's figures,
    published then as the current year's, beside today's figures of all
    years and periods that take it in."""
    attack(counts, municipality, last_day=True)


# Found with HYPOTHESIS_PROFILE=explore: in the current year a municipality's
# children had two F2 and two P, its elderly fourteen F1. The statistics page
# reads "<5" on F2, on P and on the age band 5-14; the dashboards under an age
# band filter showed the zeros between them (F1 among children, F2 and P among
# the elderly), so F2 and P were each at least 1 among children and the band's
# "<5" at least 2 (and each of F2 and P at most 3).
# One municipality per line: three years of (5-14, 65-79) x (F1, F2, P).
BAND_ZEROS = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 14, 0, 0,
    0, 14, 3, 3, 0, 0, 0, 9, 14, 0, 6, 5, 6, 6, 1, 2, 0, 0,
]  # fmt: skip


@settings(ATTACKS, max_examples=examples(6))
@given(counts=COUNTS)
@example(counts=EQUAL_CELLS)
@example(counts=BAND_ZEROS)
def test_no_small_count_follows_by_age_band_and_mechanism(counts, municipality):
    """The same attack over age bands (the dashboards' other filter) and
    mechanisms (the follow-up's other code)."""
    attack(counts, municipality, AGE_MECHANISM)


def _reports(regional, members, county, years, complete: frozenset, axes: Axes):
    """The figures of each municipality's and the county's report of every
    year and of all years (`complete`: the years these add up), as the
    statistics pages, their exports and the API publish them."""
    ids = frozenset(str(m.pk) for m in members)
    for year in (*years, None):
        for member in members:
            report = municipality_statistics(
                user=regional, municipality=member, year=year
            )
            yield from tagged(
                "report",
                _report_figures(report, frozenset({str(member.pk)}), complete, axes),
            )
        report = county_statistics(user=regional, county=county, year=year)
        yield from tagged("county report", _report_figures(report, ids, complete, axes))


def _windows(years) -> list[tuple]:
    """Every period of consecutive years a reader can choose."""
    return [years[a : b + 1] for a in range(len(years)) for b in range(a, len(years))]


def _dashboards(members, county, years, axes: Axes):
    """The figures of the dashboards: every period of `years`, unfiltered and
    under each filter, by year and by code, for each municipality, the
    county's line and the nation's."""
    splits = tuple(axes.splits)
    ids = frozenset(str(m.pk) for m in members)
    rollup = rollup_build(municipality_ids=[m.pk for m in members], detail=True)
    nation = rollup_build(country=county.country)
    areas = {str(m.pk): municipality_area(m) for m in members}
    found = country_areas(county.country)
    nation_areas = [area for c in sorted(found.counties) for area in found.members(c)]
    for window, split in itertools.product(_windows(years), ("", *splits)):
        span = frozenset(window)
        year_keys = [(str(y), str(y)) for y in window]
        chosen = {axes.split: split}
        # Both filters together, the other one on the key every registration
        # has: the same figures, published by the dashboards' other rule.
        other = "age_band" if axes.split == "sex" else "sex"
        both = {**chosen, other: axes.constant_key(other)}
        for (pk, area), filters in itertools.product(
            areas.items(), (chosen, both) if split else (chosen,)
        ):
            base = Figure(frozenset({pk}), span, split)
            for dimension, keys in (
                ("year", year_keys),
                (axes.code, [(c, c) for c in axes.codes]),
            ):
                table = rollup_sum_table(
                    rollup=rollup, dimension=dimension, keys_labels=keys,
                    years=list(window), areas=[area], **filters,
                )  # fmt: skip
                yield from tagged(
                    f"dashboard {dimension} {filters}",
                    _table_figures(table, base, axes),
                )
        county_line = rollup_sum_table(
            rollup=rollup, dimension="year", keys_labels=year_keys,
            years=list(window), areas=list(areas.values()), by_area=True, **chosen,
        )  # fmt: skip
        yield from tagged(
            "county line",
            _table_figures(county_line, Figure(ids, span, split), axes),
        )
        nation_line, included = rollup_published_sum_table(
            rollup=nation, years=list(window), areas=nation_areas, **chosen
        )
        # The nation adds up the municipalities it includes in each year;
        # a reader may tell which, so the rest of the nation is the unknown.
        for cell in nation_line.cells:
            year = int(cell.key)
            counted = (included[year] & ids) | (
                {ELSEWHERE} if included[year] - ids else set()
            )
            yield Figure(frozenset(counted), frozenset({year}), split), cell, "nation"


def _follow_up(municipality, members, years, axes: Axes):
    """The figures of the follow-up of an initiative in `municipality`: every
    pair of periods of `years`, one before the other, every code."""
    ids = frozenset(str(m.pk) for m in members)
    targets = [(axes.code, c, c) for c in axes.codes]
    own = frozenset({str(municipality.pk)})
    for before, after in itertools.combinations(_windows(years), 2):
        if before[-1] >= after[0]:
            continue
        lines = follow_up_lines(
            municipality=municipality,
            targets=targets,
            before=(before[0], before[-1]),
            after=(after[0], after[-1]),
        )
        for line in lines:
            for period, span in (("before", before), ("after", after)):
                for area, where in (("here", own), ("rest", ids - own)):
                    figure = Figure(where, frozenset(span), code=line.code)
                    yield figure, line.cell(f"{area}_{period}"), "follow-up"


def _published(regional, municipality, members, years, complete, axes: Axes):
    """Everything a regional contact of the county of `members` can obtain on
    one day: the reports of `years` (`complete`: the years the figures of
    all years add up), the dashboards and the follow-up of an initiative in
    `municipality`."""
    county = municipality.county
    # The statistics pages, their exports and the API: the same reports.
    yield from _reports(regional, members, county, years, complete, axes)
    yield from _dashboards(members, county, years, axes)
    yield from _follow_up(municipality, members, years, axes)


def attack(
    counts: list[int], municipality, axes: Axes = SEX_PLACE, *, last_day=False
) -> None:
    """Every figure a reader can obtain over these counts narrows no small one.

    With `last_day`, the reader kept all that was published on the last day
    of last year too (reports, dashboards, follow-up): this year's
    registrations were not there yet, last year was the current one, and the
    figures of all years added up the year before only.
    """
    threshold = django_settings.SMALL_CELL_THRESHOLD
    this_year = timezone.localdate().year
    years = (this_year - 2, this_year - 1, this_year)
    complete = frozenset(years[:2])
    county = municipality.county
    Registration.objects.all().delete()
    members = [
        municipality,
        *(
            MunicipalityFactory(county=county, code=code)
            for code in ("3996", "3997")
            if not county.municipalities.filter(code=code).exists()
        ),
        *county.municipalities.filter(code__in=("3996", "3997")),
    ]
    members = sorted({m.pk: m for m in members}.values(), key=lambda m: m.code)
    splits = tuple(axes.splits)
    cells = list(itertools.product(members, years, splits, axes.codes))
    true = {}
    rows = []
    for (member, year, split, code), n in zip(cells, counts, strict=True):
        true[str(member.pk), year, split, code] = n
        rows += [
            Registration(
                municipality=member,
                injury_date=datetime.date(year, 1, 1),
                **axes.fields(split, code),
            )
            for _ in range(n)
        ]
    regional = UserFactory(role="regional", county=county)
    Registration.objects.bulk_create(
        [r for r in rows if r.injury_date.year < this_year]
    )
    obtained = []
    if last_day:
        day = datetime.date(years[1], 12, 31)
        noon = datetime.datetime.combine(
            day, datetime.time(12), zoneinfo.ZoneInfo(django_settings.TIME_ZONE)
        )
        with time_machine.travel(noon, tick=False):
            assert timezone.localdate() == day
            then = _published(
                regional, municipality, members, years[:2], {years[0]}, axes
            )
            obtained += [(f, cell, f"{source} of {day}") for f, cell, source in then]
    Registration.objects.bulk_create(
        [r for r in rows if r.injury_date.year == this_year]
    )
    for year, split, code in itertools.product(years, splits, axes.codes):
        true[ELSEWHERE, year, split, code] = 0
    universe = list(true)
    obtained += _published(regional, municipality, members, years, complete, axes)

    facts = []
    sources = []
    hidden = []
    for figure, cell, source in obtained:
        form = figure.unknowns(universe)
        value = sum(true[u] for u in form)
        if cell.status == SHOWN:
            assert cell.count == value, (figure, cell)
            facts.append(Known(form, value, value))
            sources.append(source)
        else:
            assert cell.count is None, (figure, cell)
            assert cell.rate is None, (figure, cell)
            if cell.status == PRIMARY:
                assert 0 < value < threshold, (figure, cell)
                facts.append(Known(form, 1, threshold - 1))
                sources.append(source)
            hidden.append((figure, form, value))
    audit = Audit(facts)
    small = [(f, form, v) for f, form, v in hidden if 0 < v < threshold]
    small += [
        (u, {u: 1}, n) for u, n in true.items() if 0 < n < threshold
    ]  # every unknown on its own too
    seen = set()
    for what, form, value in small:
        key = tuple(sorted(form, key=repr))
        if key in seen:
            continue
        seen.add(key)
        low, high = audit.bounds(form)
        assert low <= value, (what, low, high)
        assert high is None or value <= high, (what, low, high)
        width = None if high is None else high - low
        assert width is None or width >= threshold - 2, (what, value, low, high)
