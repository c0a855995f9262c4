"""Rollups: filtered figures for dashboards from one index-scoped query, and
the lines of sums (periods, counties, filters) checked against their parts."""
# size: the rollup query and the sums checked against their parts, one pipeline

from __future__ import annotations

import datetime
import itertools
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.conf import settings
from django.db import connection, connections, router
from django.db.models import (
    Count,
    F,
    Sum,
    Value,
)
from django.db.models.functions import ExtractYear
from django.utils.translation import ngettext

from safecommunity.core.models import Country

from ..codes import AGE_BAND_BOUNDS
from ..models import Population, Registration, RegistrationCount, Sex
from .areas import Area
from .disclosure import PRIMARY, SECONDARY, SHOWN, protect_line
from .published import Cell, Table, _compose, _table
from .queries import _age_band_case, _any_unknown_case

ROLLUP_DETAIL: tuple[str, ...] = ("place", "mechanism", "any_unknown")


@dataclass(frozen=True)
class Rollup:
    """Unpublished counts by (area, year, sex, age band[, place, mechanism, any
    unknown]) and inhabitants by (area, year, sex, age band), the area as
    recorded (`entries` adds up the areas of today).

    Keep it on the server (a cache is fine); publish only through `rollup_table` and `rollup_sum_table`.
    """

    counts: dict[tuple, int]
    population: dict[tuple, int]
    # year -> the earlier year whose population it uses (not yet published)
    carried: dict[int, int] = field(default_factory=dict)
    # Of a rollup of the kept counts (`rollup_build` on PostgreSQL): the
    # oldest transaction still open when it was read, so `rollup_patch` knows
    # which groups to read again; None if it cannot be patched.
    watermark: int | None = None
    # What each (area, year)'s counts are known by, for `_part_shown`'s
    # memory: the build's own token, or the patch's that changed them.
    serial: str | None = None
    stamps: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted({key[1] for key in self.counts})

    def stamp(self, area_id: str, year: int) -> str | None:
        """The token of one recorded municipality's counts of one year: equal
        tokens mean equal counts. None where the rollup keeps no tokens."""
        if self.serial is None:
            return None
        return self.stamps.get((area_id, year), self.serial)

    @cached_property
    def by_area_year(self) -> dict[tuple[str, int], tuple[list, list]]:
        """Counts and inhabitants of each area and year, so a line reads only its own."""
        index: dict[tuple[str, int], tuple[list, list]] = defaultdict(lambda: ([], []))
        for key, n in self.counts.items():
            index[key[0], key[1]][0].append((key, n))
        for key, n in self.population.items():
            index[key[0], key[1]][1].append((key, n))
        return dict(index)

    def entries(
        self, areas: Iterable[Area] | None, years: set[int]
    ) -> tuple[list, list]:
        """(counts, inhabitants) as (key, n) pairs of some areas of today (None:
        every record) and years; an area adds up its recorded codes of each year."""
        counts: list = []
        population: list = []
        if areas is None:
            for (_area, year), (area_counts, area_pop) in self.by_area_year.items():
                if year in years:
                    counts.extend(area_counts)
                    population.extend(area_pop)
            return counts, population
        index = self.by_area_year
        for area in areas:
            for year in years:
                for pk in area.ids_in(year):
                    area_counts, area_pop = index.get((str(pk), year), ((), ()))
                    counts.extend(area_counts)
                    population.extend(area_pop)
        return counts, population


def rollup_build(
    *,
    municipality_ids: list[int] | None = None,
    country: Country | None = None,
    by: str = "municipality",
    years: tuple[int, int] | None = None,
    detail: bool = False,
    patchable: bool = False,
) -> Rollup:
    """Counts and inhabitants of some municipalities (or a country) in one query.

    `by` is "municipality" or "county"; `years` (first, last) limits the date
    range so the registration index is read only for that range. A
    `patchable` rollup of a whole country by municipality (PostgreSQL) can
    later be brought up to date by `rollup_patch`.
    """
    area = (
        F("municipality_id") if by == "municipality" else F("municipality__county_id")
    )
    registrations = Registration.objects.all()
    population = Population.objects.all()
    if municipality_ids is not None:
        registrations = registrations.filter(municipality_id__in=municipality_ids)
        population = population.filter(municipality_id__in=municipality_ids)
    if country is not None:
        registrations = registrations.filter(municipality__county__country=country)
        population = population.filter(municipality__county__country=country)
    if years is not None:
        registrations = registrations.filter(
            injury_date__gte=datetime.date(years[0], 1, 1),
            injury_date__lt=datetime.date(years[1] + 1, 1, 1),
        )
        # Earlier years too: a year not yet published uses the latest one.
        population = population.filter(year__lte=years[1])
    # One round trip: registrations and inhabitants as a UNION ALL, told apart
    # by `kind`. Every column is an annotation so both sides line up.
    detail_columns = {
        "r_place": F("place") if detail else Value(""),
        "r_mechanism": F("mechanism") if detail else Value(""),
        "r_unknown": _any_unknown_case() if detail else Value(0),
    }
    columns = ["kind", "r_area", "r_year", "r_sex", "r_band", *detail_columns, "n"]
    kept = not detail and connection.vendor == "postgresql"
    watermark = None
    if kept:
        # The database keeps these groups current as registrations change
        # (RegistrationCount): a few hundred thousand rows to add up instead
        # of every registration.
        counted = _kept_counts(
            area, municipality_ids, country, years, columns, detail_columns
        )
        if patchable and by == "municipality" and not (municipality_ids or years):
            # Read before the counts: whatever a transaction still open then
            # writes, `rollup_patch` reads again.
            watermark = rollup_watermark(using=counted.db)
    else:
        counted = (
            registrations.annotate(
                kind=Value("r"),
                r_area=area,
                r_year=ExtractYear("injury_date"),
                r_sex=F("sex"),
                r_band=_age_band_case(),
                **detail_columns,
            )
            .values(*columns[:-1])
            .annotate(n=Count("*"))
            .values_list(*columns)
            .order_by()
        )
    inhabitants = (
        population.annotate(
            kind=Value("p"),
            r_area=area,
            r_year=F("year"),
            r_sex=F("sex"),
            r_band=_age_band_case(),
            r_place=Value(""),
            r_mechanism=Value(""),
            r_unknown=Value(0),
        )
        .values(*columns[:-1])
        .annotate(n=Sum("count"))
        .values_list(*columns)
        .order_by()
    )
    counts: dict[tuple, int] = {}
    pop: dict[tuple, int] = {}
    for kind, area_id, year, sex, band, place, mechanism, unknown, n in _rows(
        counted.union(inhabitants, all=True)
    ):
        key = (str(area_id), int(year), sex, band)
        if kind == "p":
            pop[key] = pop.get(key, 0) + int(n)
        elif detail:
            counts[(*key, str(place), str(mechanism), str(unknown))] = int(n)
        else:
            counts[key] = counts.get(key, 0) + int(n)
    wanted = {key[1] for key in counts}
    if years is not None:
        wanted |= set(range(years[0], years[1] + 1))
    pop, carried = _carry_population(pop, wanted)
    if years is not None:
        pop = {key: n for key, n in pop.items() if key[1] >= years[0]}
    return Rollup(
        counts=counts,
        population=pop,
        carried=carried,
        watermark=watermark,
        serial=_new_serial() if kept and by == "municipality" else None,
    )


# Tokens that name one build's (or one patch's) counts, unique across
# processes: a rollup may be read back from a cache another process filled.
_PROCESS = secrets.token_hex(8)
_SERIALS = itertools.count(1)


def _new_serial() -> str:
    return f"{_PROCESS}:{next(_SERIALS)}"


def _rows(queryset) -> list[tuple]:
    """The rows of a values_list queryset as the database returns them:
    plain numbers and strings, without the per-row converters of the ORM
    (half the time of a country's rollup went to them).

    On PostgreSQL the statement gets room to hash its groups, set in the same
    round trip (one implicit transaction, or the caller's): the planner
    expects far more groups than a municipality's registrations make (54,000
    for 6,500 at ten million registrations) and would otherwise sort every
    row by all the grouped columns first, three times slower.
    """
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    database = connections[queryset.db]
    with database.cursor() as cursor:
        if database.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        cursor.execute(f"SET LOCAL work_mem = '{ROLLUP_WORK_MEM}'; {sql}", params)
        cursor.nextset()
        return cursor.fetchall()


ROLLUP_WORK_MEM = "64MB"


def rollup_watermark(*, using: str) -> int:
    """The oldest transaction still open now (PostgreSQL): a group changed by
    it or any later one may not be seen by a read that starts now."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        return int(cursor.fetchone()[0])


def rollup_patch(rollup: Rollup, *, country: Country) -> Rollup | None:
    """A country's rollup of the kept counts brought up to date by reading
    only the groups changed since it was read (`RegistrationCount.changed`),
    or None where it must be built again: it keeps no watermark, or a year
    with registrations comes or goes (the carried population depends on
    which years have registrations).

    The population, code lists and map must be those it was built with (the
    caller compares `INJURY_CONTEXT` versions). The result equals
    `rollup_build(country=country)` (tests/reports/test_reference_patch.py).
    """
    if rollup.watermark is None or rollup.serial is None:
        return None
    using = router.db_for_read(RegistrationCount)
    watermark = rollup_watermark(using=using)
    changed = _rows(
        RegistrationCount.objects.using(using)
        .filter(changed__gte=rollup.watermark, municipality__county__country=country)
        .values_list("municipality_id", "year", "sex", "age_band", "n")
        .order_by()
    )
    if not changed:
        return _carried_over(rollup, watermark=watermark)
    counts = dict(rollup.counts)
    touched: set[tuple[str, int]] = set()
    for municipality_id, year, sex, band, n in changed:
        key = (str(municipality_id), int(year), sex, band)
        if int(n) == rollup.counts.get(key, 0):
            continue
        touched.add(key[:2])
        if n:
            counts[key] = int(n)
        else:
            counts.pop(key, None)
    if not touched:
        return _carried_over(rollup, watermark=watermark)
    if {key[1] for key in counts} != set(rollup.years):
        return None
    serial = _new_serial()
    stamps = dict(rollup.stamps)
    index = dict(rollup.by_area_year)
    population_of = {k: v[1] for k, v in index.items()}
    fresh: dict[tuple[str, int], list] = {area_year: [] for area_year in touched}
    for key, n in counts.items():
        if key[:2] in fresh:
            fresh[key[:2]].append((key, n))
    for area_year, entries in fresh.items():
        stamps[area_year] = serial
        population = population_of.get(area_year, [])
        if entries or population:
            index[area_year] = (entries, population)
        else:
            index.pop(area_year, None)
    patched = replace(rollup, counts=counts, watermark=watermark, stamps=stamps)
    patched.__dict__["by_area_year"] = index  # the cached index, patched alike
    return patched


def _carried_over(rollup: Rollup, *, watermark: int) -> Rollup:
    """The same counts under a later watermark, with their index."""
    same = replace(rollup, watermark=watermark)
    same.__dict__["by_area_year"] = rollup.by_area_year
    return same


def _kept_counts(area, municipality_ids, country, years, columns, detail_columns):
    """The registration counts of `rollup_build` from the groups the database keeps."""
    groups = RegistrationCount.objects.exclude(n=0)
    if municipality_ids is not None:
        groups = groups.filter(municipality_id__in=municipality_ids)
    if country is not None:
        groups = groups.filter(municipality__county__country=country)
    if years is not None:
        groups = groups.filter(year__gte=years[0], year__lte=years[1])
    return (
        groups.annotate(
            kind=Value("r"),
            r_area=area,
            r_year=F("year"),
            r_sex=F("sex"),
            r_band=F("age_band"),
            **detail_columns,
        )
        .values(*columns[:-1])
        .annotate(n=Sum("n"))
        .values_list(*columns)
        .order_by()
    )


def _carry_population(
    pop: dict[tuple, int], years: set[int]
) -> tuple[dict[tuple, int], dict[int, int]]:
    """Years after the latest one with any population use that year's figures."""
    latest = max((key[1] for key in pop), default=None)
    if latest is None:
        return pop, {}
    later = sorted(year for year in years if year > latest)
    if not later:
        return pop, {}
    last = [(key, n) for key, n in pop.items() if key[1] == latest]
    pop = dict(pop)
    for year in later:
        for key, n in last:
            pop[(key[0], year, *key[2:])] = n
    return pop, dict.fromkeys(later, latest)


def rollup_table(
    *,
    rollup: Rollup,
    dimension: str,
    keys_labels: Iterable[tuple[str, str]],
    years: Iterable[int],
    areas: Iterable[Area] | None = None,
    sex: str = "",
    age_band: str = "",
) -> Table | None:
    """A published line of one dimension ("year", "sex", "age_band", "municipality",
    "county" or a detail field) for some areas, years, sex and age band.

    Rates are per 1,000 of the matching population; cells of a detail field
    share the period's person-years. None when the line cannot be published.
    """
    line = _rollup_line(rollup, dimension, years, areas, sex, age_band)
    counts, populations, person_years = line
    return _table(
        dimension,
        keys_labels,
        counts,
        populations,
        person_years,
        settings.SMALL_CELL_THRESHOLD,
    )


_ROLLUP_POSITIONS = {"municipality": 0, "county": 0, "year": 1, "sex": 2, "age_band": 3}


_ROLLUP_POSITIONS.update({name: 4 + i for i, name in enumerate(ROLLUP_DETAIL)})


def _rollup_line(
    rollup: Rollup,
    dimension: str,
    years: Iterable[int],
    areas: Iterable[Area] | None,
    sex: str,
    age_band: str,
) -> tuple[dict[str, int], dict[str, int] | None, int | None]:
    """Counts by the dimension's keys, their populations and the person-years."""
    years = set(years)
    index = _ROLLUP_POSITIONS[dimension]
    counted, inhabited = rollup.entries(areas, years)

    def keep(key: tuple) -> bool:
        return (not sex or key[2] == sex) and (not age_band or key[3] == age_band)

    counts: dict[str, int] = defaultdict(int)
    for key, n in counted:
        if keep(key):
            counts[str(key[index])] += n
    inhabitants: dict[str, int] = defaultdict(int)
    years_present: set[int] = set()
    # Years with a population known only for both sexes together: a figure
    # by sex has no denominator there, and is never guessed.
    by_sex = index == 2 or bool(sex)
    sexless_years: set[int] = set()
    person_years = 0
    for key, n in inhabited:
        if by_sex and key[2] == Population.BOTH:
            if not age_band or key[3] == age_band:
                sexless_years.add(key[1])
            continue
        if keep(key):
            years_present.add(key[1])
            person_years += n
            if index < 4:
                inhabitants[str(key[index])] += n
    years_present -= sexless_years
    if index == 1:
        for year in sexless_years:
            inhabitants.pop(str(year), None)
    complete = bool(years) and years_present >= years
    populations: dict[str, int] | None = None
    if index == 1:
        populations = inhabitants  # each year has its own population
    elif index < 4:
        populations = inhabitants if complete else {}
    return counts, populations, person_years if complete else None


def rollup_sum_table(
    *,
    rollup: Rollup,
    dimension: str,
    keys_labels: Iterable[tuple[str, str]],
    years: Iterable[int],
    areas: Iterable[Area] | None = None,
    by_area: bool = False,
    sex: str = "",
    age_band: str = "",
) -> Table:
    """The published line of a period (and of several areas) as a sum of parts.

    The parts are each year of the period, for each area on its own
    (`by_area`, e.g. the municipalities of a county) or for `areas` together.
    Every part can be shown on its own: any single year is a period of the
    dashboard, and a regional contact reads each municipality. So a figure
    of the sum is shown only where every part shows its own (`rollup_table`
    of that part alone), and the total only where every part's total is
    shown. The sum then tells nothing the parts do not, and a small count
    hidden in one year or one municipality cannot be worked out as the sum
    minus the other parts. A withheld figure reads "<5" when the sum itself
    is small, else like secondary suppression.

    With a sex or age band filter a part's figure is a share of its
    unfiltered figure, which the statistics pages show with the other sexes
    or age bands beside it; see `_part_shown`.
    """
    keys_labels = list(keys_labels)
    years = list(years)
    areas = None if areas is None else list(areas)
    parts: dict[str, list[tuple[str, int]]] = {key: [] for key, _label in keys_labels}
    totals: list[tuple[str, int]] = []
    area_parts = (
        [[area] for area in areas] if by_area and areas is not None else [areas]
    )
    for part_areas in area_parts:
        for year in years:
            part_keys = (
                [str(year)] if dimension == "year" else [k for k, _ in keys_labels]
            )
            statuses, values, total_status = _part_shown(
                rollup, dimension, part_keys, year, part_areas, sex, age_band
            )
            totals.append((total_status, sum(values.values())))
            for key in part_keys:
                parts[key].append((statuses[key], values[key]))
    counts, populations, person_years = _rollup_line(
        rollup, dimension, years, areas, sex, age_band
    )
    values = [counts.get(key, 0) for key, _label in keys_labels]
    statuses = [_sum_status(parts[key]) for key, _label in keys_labels]
    total_status = _sum_status(totals)
    return _compose(
        dimension,
        keys_labels,
        values,
        statuses,
        populations,
        person_years,
        total_shown=total_status == SHOWN,
        total_status=total_status,
    )


def rollup_published_sum_table(
    *,
    rollup: Rollup,
    years: Iterable[int],
    areas: Iterable[Area],
    sex: str = "",
    age_band: str = "",
) -> tuple[Table, dict[int, set[str]]]:
    """A comparison line by year (the nation's) adding up, in each year, only
    the areas whose own figure of that year, under the filter, is published;
    also which areas each year counts.

    Readers see some of the parts (a regional contact all of one county) and
    none of the rest, so a line of every part could give a hidden figure of
    one they see as the line minus the others, wherever the rest of the
    nation registers little (only one county registers in the demo). A sum
    of published figures gives nothing a reader could not add up.
    """
    areas = list(areas)
    keys_labels = [(str(year), str(year)) for year in years]
    values: list[int] = []
    included: dict[int, set[str]] = {}
    for key, _label in keys_labels:
        year = int(key)
        total = 0
        members: set[str] = set()
        for area in areas:
            statuses, counts, _status = _part_shown(
                rollup, "year", [key], year, [area], sex, age_band
            )
            if statuses[key] == SHOWN:
                total += counts[key]
                members.add(area.key)
        values.append(total)
        included[year] = members
    table = _compose("year", keys_labels, values, [SHOWN] * len(values), None, None)
    return table, included


def _sum_status(parts: list[tuple[str, int]]) -> str:
    """A sum is shown where every part is; it reads "<5" only when it is one
    part's figure that a protected line marked so, else as hidden."""
    if all(status == SHOWN for status, _value in parts):
        return SHOWN
    contributing = [(status, value) for status, value in parts if value]
    if len(contributing) == 1 and contributing[0][0] == PRIMARY:
        return PRIMARY
    return SECONDARY


@dataclass(frozen=True)
class Coverage:
    """Who a comparison line of one year stands for: the municipalities that
    registered injuries, of those that could, and their share of inhabitants."""

    reporting: int
    total: int
    population_share: float | None  # 0..1; None without population

    @property
    def text(self) -> str:
        return ngettext(
            "%(reporting)s of %(total)s municipality",
            "%(reporting)s of %(total)s municipalities",
            self.total,
        ) % {"reporting": self.reporting, "total": self.total}


def comparison_line(
    *,
    rollup: Rollup,
    table: Table,
    years: Iterable[int],
    areas: Iterable[Area] | None = None,
    sex: str = "",
    age_band: str = "",
    included: dict[int, set[str]] | None = None,
) -> tuple[Table, dict[int, Coverage]]:
    """A county's or the nation's published line by year, its rates over the
    inhabitants of only the municipalities that registered injuries in that
    year, and how many of how many those are.

    A municipality that registers nothing would otherwise lower the rate it
    is compared with. The counts are those of `table`; only rates change,
    and they are derived from published counts and public population.
    `included` (year -> area keys; `rollup_published_sum_table`) limits a
    year to the areas the table counts in it.
    """
    areas = None if areas is None else list(areas)
    index = rollup.by_area_year
    coverage: dict[int, Coverage] = {}
    inhabitants: dict[int, int] = {}
    for year in years:
        if areas is None:
            ids = {area for area, key_year in index if key_year == year}
        else:
            ids = {str(pk) for area in areas for pk in area.ids_in(year)}
        counted_ids = None
        if included is not None and areas is not None:
            counted_ids = {
                str(pk)
                for area in areas
                if area.key in included.get(year, set())
                for pk in area.ids_in(year)
            }
        reporting = set()
        everyone = mine = filtered = 0
        for pk in ids:
            counted, inhabited = index.get((pk, year), ((), ()))
            registered = any(n for _key, n in counted) and (
                counted_ids is None or pk in counted_ids
            )
            if registered:
                reporting.add(pk)
            for key, n in inhabited:
                everyone += n
                if registered:
                    mine += n
                    if (not sex or key[2] == sex) and (
                        not age_band or key[3] == age_band
                    ):
                        filtered += n
        people = {pk for pk in ids if index.get((pk, year), ((), ()))[1]}
        coverage[year] = Coverage(
            reporting=len(reporting),
            total=len(people | reporting),
            population_share=mine / everyone if everyone else None,
        )
        inhabitants[year] = filtered

    def rated(cell: Cell, population: int | None) -> Cell:
        if cell.suppressed or cell.count is None or not population:
            return replace(cell, rate=None)
        return replace(cell, rate=round(cell.count * 1000 / population, 2))

    cells = tuple(rated(c, inhabitants.get(int(c.key))) for c in table.cells)
    person_years = (
        sum(inhabitants[int(c.key)] for c in table.cells)
        if all(inhabitants.get(int(c.key)) for c in table.cells)
        else None
    )
    return replace(table, cells=cells, total=rated(table.total, person_years)), coverage


def _filter_classes(sex: str, age_band: str) -> tuple[int, list[str], str] | None:
    """(position in the (sex, age band) key, the classes, the chosen one);
    None for both filters together."""
    if sex and age_band:
        return None
    if sex:
        return 0, list(Sex.values), sex
    return 1, list(AGE_BAND_BOUNDS), age_band


def _protect_grid(
    cells: list[list[int]], rows_public: list[bool], columns_public: list[bool]
) -> tuple[list[list[bool]], bool]:
    """Which cells of a table with public row and column totals may be shown.

    Each row and each column whose total is public is protected as a line
    (`protect_line`) with the cells hidden so far counted as suppressed, over
    and over until nothing changes; a row or column whose total is hidden
    hides its cells. Every line is then safe against its own total.

    Also whether every line could be protected; if not, the caller hides
    the table, zeros included.
    """
    threshold = settings.SMALL_CELL_THRESHOLD
    hidden = [
        [
            (0 < n < threshold or not rows_public[r] or not columns_public[c]) and n > 0
            for c, n in enumerate(row)
        ]
        for r, row in enumerate(cells)
    ]
    protected = True
    changed = True
    while changed:
        changed = False
        lines = [
            [(r, c) for c in range(len(columns_public))]
            for r in range(len(cells))
            if rows_public[r]
        ] + [
            [(r, c) for r in range(len(cells))]
            for c in range(len(columns_public))
            if columns_public[c]
        ]
        for line in lines:
            values = [cells[r][c] for r, c in line]
            statuses = protect_line(
                values, threshold, hidden=[hidden[r][c] for r, c in line]
            )
            protected = protected and statuses is not None
            for (r, c), value, status in zip(
                line, values, statuses or [None] * len(line), strict=True
            ):
                hide = value > 0 and status != SHOWN
                if hide and not hidden[r][c]:
                    hidden[r][c] = True
                    changed = True
    return [[not h for h in row] for row in hidden], protected


# Decided parts by what decides them (see `_part_shown`); a process keeps at
# most this many and then starts again.
_PARTS: dict[tuple, tuple[dict[str, str], dict[str, int], str]] = {}
_PARTS_LIMIT = 200_000


def _part_shown(
    rollup: Rollup,
    dimension: str,
    keys: list[str],
    year: int,
    areas: Iterable[Area] | None,
    sex: str,
    age_band: str,
) -> tuple[dict[str, str], dict[str, int], str]:
    """`_part_decided`, remembered by the tokens of the counts it reads: after
    a change to the data only the parts whose counts changed are decided
    again (a country's line has one part per municipality and year)."""
    if rollup.serial is None or areas is None:
        return _part_decided(rollup, dimension, keys, year, areas, sex, age_band)
    areas = list(areas)
    key = (
        settings.SMALL_CELL_THRESHOLD,
        dimension,
        tuple(keys),
        year,
        sex,
        age_band,
        tuple(
            (pk, rollup.stamp(str(pk), year))
            for area in areas
            for pk in area.ids_in(year)
        ),
    )
    found = _PARTS.get(key)
    if found is None:
        found = _part_decided(rollup, dimension, keys, year, areas, sex, age_band)
        if len(_PARTS) >= _PARTS_LIMIT:
            _PARTS.clear()
        _PARTS[key] = found
    statuses, values, total = found
    return dict(statuses), dict(values), total


def _part_decided(
    rollup: Rollup,
    dimension: str,
    keys: list[str],
    year: int,
    areas: Iterable[Area] | None,
    sex: str,
    age_band: str,
) -> tuple[dict[str, str], dict[str, int], str]:
    """The status of each figure of one part (one year of some areas), the
    part's (filtered) counts, and the status of its total.

    Unfiltered: its line protected on its own (`protect_line`), as the
    statistics page shows it. Filtered: the part is a table of categories by
    filter classes (sexes, or age bands) whose row totals are the unfiltered
    line and whose column totals are the year split by the filter, both
    published; it is protected jointly (`_protect_grid`), so no figure under
    a filter follows from the others and those totals. With both filters,
    figures are shown only in a year without a single small count by
    category, sex and age band. A figure reads "<5" only where a protected
    line marks it so; a line that cannot be protected hides all but zeros.
    A zero under a filter is shown only where a published total says it too
    (its category's or its class's, or a category without registrations):
    between two hidden totals it would tell where their small counts are.
    """
    threshold = settings.SMALL_CELL_THRESHOLD
    index = _ROLLUP_POSITIONS[dimension]
    counted, _inhabited = rollup.entries(areas, {year})
    grids: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    whole: dict[tuple[str, str], int] = defaultdict(int)
    for key, n in counted:
        grids[str(key[index])][key[2], key[3]] += n
        whole[key[2], key[3]] += n

    def share(grid: dict[tuple[str, str], int]) -> int:
        return sum(
            n
            for (cell_sex, band), n in grid.items()
            if (not sex or cell_sex == sex) and (not age_band or band == age_band)
        )

    values = {key: share(grids[key]) for key in keys}

    def all_hidden() -> dict[str, str]:
        # Zeros too: shown beside hidden figures they could pin them.
        return dict.fromkeys(keys, SECONDARY)

    parent = [sum(grids[key].values()) for key in keys]
    statuses = protect_line(parent, threshold, keys=keys)
    if statuses is None:
        if len(keys) == 1 and not (sex or age_band):
            # A single figure with nothing beside it: the usual "<5".
            return {keys[0]: PRIMARY}, values, PRIMARY
        return all_hidden(), values, SECONDARY
    if not (sex or age_band):
        return dict(zip(keys, statuses, strict=True)), values, SHOWN
    split = _filter_classes(sex, age_band)
    if split is None:
        safe = not any(
            0 < n < threshold for grid in grids.values() for n in grid.values()
        )
        # Beside small counts, a zero is shown only where the category has
        # no registrations that year at all (its published zero says so):
        # any other would tell where hidden counts are (see below).
        shown = {
            key: SHOWN
            if (safe and status == SHOWN) or ((safe or not n) and not values[key])
            else SECONDARY
            for key, status, n in zip(keys, statuses, parent, strict=True)
        }
        return shown, values, SHOWN if safe or not share(whole) else SECONDARY
    position, classes, wanted = split
    margins = [sum(n for k, n in whole.items() if k[position] == v) for v in classes]
    margin_statuses = protect_line(margins, threshold, keys=classes)
    column = classes.index(wanted)
    total_status = SECONDARY if margin_statuses is None else margin_statuses[column]
    if len(keys) == 1:  # the year itself: its split by the filter decides
        return {keys[0]: total_status}, values, total_status
    rows_public = [status == SHOWN for status in statuses]
    columns_public = [
        margin_statuses is not None and status == SHOWN
        for status in (margin_statuses or [None] * len(classes))
    ]
    cells = [
        [
            sum(n for k, n in grids[key].items() if k[position] == value)
            for value in classes
        ]
        for key in keys
    ]
    grid_shown, protected = _protect_grid(cells, rows_public, columns_public)
    if not protected:
        return all_hidden(), values, total_status
    # A zero is shown where its row's or its column's total is published
    # (the line's protection counts it as shown). Between two hidden totals
    # it would tell where their hidden counts are: beside the statistics
    # page's "<5" of a category and of an age band, zeros in the other
    # bands' and categories' cells would gather the band's "<5" from two
    # categories' "<5", each at least 1, and so narrow all three.
    shown = {
        key: SHOWN
        if (values[key] and grid_shown[r][column])
        or (not values[key] and (rows_public[r] or columns_public[column]))
        else SECONDARY
        for r, key in enumerate(keys)
    }
    return shown, values, total_status
