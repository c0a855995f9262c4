"""Reports of a municipality, a county or the nation: every table of a year
protected against the year's total, all years as the margin of the years'
lines, and counties as sums of their municipalities' figures."""
# size: one suppression pipeline for every published table; split only with its proofs

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import Country, County, Municipality, User

from ..codes import AgeBand, age_band_for
from ..models import CODE_FIELDS, Registration, Sex
from .areas import (
    Area,
    area_owner,
    combined,
    country_areas,
    county_municipalities,
    municipality_area,
    municipality_areas,
)
from .cached import cached_report
from .disclosure import PRIMARY, SECONDARY, SHOWN, protect_line
from .margins import ALL_HIDDEN, WITHHELD, protect_margins_over_time
from .published import UNAVAILABLE, Cell, Report, Table, _compose, _table
from .queries import (
    GROUPED_SQL,
    Dimensions,
    _add_dimensions,
    _area_counts,
    _carry_forward,
    _code_labels,
    _counts,
    _grouped_counts,
    _population_of,
    _population_rows,
)
from .sums import summed_report


def _dimension_keys(
    labels: dict[str, list[tuple[str, str]]],
) -> dict[str, list[tuple[str, str]]]:
    """The keys and labels of every dimension but the areas, in the active
    language: the same for every year of a report, so translated once."""
    keys = {
        "month": [(str(m), str(label)) for m, label in MONTHS.items()],
        "sex": [(s.value, str(s.label)) for s in Sex],
        "age_band": [(b.value, str(b.label)) for b in AgeBand],
    }
    for field in CODE_FIELDS:
        keys[field] = list(labels.get(field, []))
        if field == "transport":
            keys[field].append(("", _("Not stated")))
    return keys


def _specs(
    grouped: dict[str, dict[str, int]],
    area_counts: dict[str, int] | None,
    keys: dict[str, list[tuple[str, str]]],
    areas: list[tuple[str, str]] | None,
    scope: str,
    population: dict,
    complete: bool,
) -> list[tuple[str, list[tuple[str, str]], dict[str, int], dict | None]]:
    """The tables of a report: dimension, keys and labels (`_dimension_keys`),
    counts, populations."""
    age_counts: dict[str, int] = defaultdict(int)
    for age, n in grouped["age"].items():
        age_counts[age_band_for(int(age))] += n
    specs: list[tuple[str, list[tuple[str, str]], dict[str, int], dict | None]] = [
        ("month", keys["month"], grouped["month"], None),
        (
            "sex",
            keys["sex"],
            grouped["sex"],
            population["sex"] if complete else {},
        ),
        (
            "age_band",
            keys["age_band"],
            age_counts,
            population["age_band"] if complete else {},
        ),
    ]
    for field in CODE_FIELDS:
        specs.append((field, keys[field], grouped[field], None))
    if areas is not None:
        dimension = "municipality" if scope == "county" else "county"
        if (area_counts or {}).get(""):
            # Records of a municipality split between counties of today.
            areas = [*areas, ("", _("Split between areas of today"))]
        specs.append(
            (
                dimension,
                areas,
                area_counts or {},
                population["area"] if complete else None,
            )
        )
    return specs


def _no_dimensions() -> Dimensions:
    return {name: {} for name in GROUPED_SQL}


class _Queried:
    """A report's counts, read from the database as the report needs them.

    With an `area`, the records of its recorded codes in the years they are
    its own; without one, every record of `municipality_ids` (the nation).
    `area_of(municipality id, year)` names the area of today a record counts
    in, for the table by area.
    """

    def __init__(
        self,
        municipality_ids: list[int] | None,
        year: int | None,
        area: Area | None = None,
        area_of=None,
    ):
        self.area = area
        self.municipality_ids = (
            area.municipality_ids if area is not None else municipality_ids
        )
        self.year = year
        self.area_of = area_of

    def _registrations(self, *, of_year: bool):
        base = Registration.objects.all()
        if self.municipality_ids is not None:
            base = base.filter(municipality_id__in=self.municipality_ids)
        if of_year and self.year is not None:
            start = datetime.date(self.year, 1, 1)
            base = base.filter(
                injury_date__gte=start,
                injury_date__lt=start.replace(year=self.year + 1),
            )
        return base

    @cached_property
    def _all_years(self) -> dict[int, Dimensions]:
        if self.area is not None:
            return _area_counts(self.area)
        grouped = _grouped_counts(self.municipality_ids, by=("year",))
        return {key[0]: dimensions for key, dimensions in grouped.items()}

    def _by_municipality_year(self, *, of_year: bool) -> list[tuple[int, int, int]]:
        rows = (
            self._registrations(of_year=of_year)
            .annotate(report_year=ExtractYear("injury_date"))
            .values("municipality_id", "report_year")
            .annotate(n=Count("*"))
            .order_by()
        )
        return [
            (row["municipality_id"], int(row["report_year"]), row["n"]) for row in rows
        ]

    def year_counts(self) -> dict[str, int]:
        if self.year is None:  # read with the dimensions, in the same query
            return {str(y): sum(d["sex"].values()) for y, d in self._all_years.items()}
        if self.area is None:
            base = self._registrations(of_year=False)
            return _counts(base, "year", year=ExtractYear("injury_date"))
        counts: dict[str, int] = defaultdict(int)
        for pk, year, n in self._by_municipality_year(of_year=False):
            if self.area.covers(pk, year):
                counts[str(year)] += n
        return dict(counts)

    def dimensions(self) -> dict[int, Dimensions]:
        if self.year is None:
            return self._all_years
        if self.area is not None:
            return _area_counts(self.area, year=self.year)
        return {self.year: _grouped_counts(self.municipality_ids, year=self.year)[()]}

    def areas(self) -> dict[int, dict[str, int]]:
        by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for pk, year, n in self._by_municipality_year(of_year=True):
            key = self.area_of(pk, year) if self.area_of else None
            by_year[year][key if key is not None else ""] += n
        return by_year

    @cached_property
    def _population_rows(self) -> list[dict]:
        rows = _population_rows(self.municipality_ids, None)
        if self.area is not None:
            rows = [
                r for r in rows if self.area.covers(r["municipality_id"], r["year"])
            ]
        return rows

    def population(self, years: list[int]) -> dict:
        return _population_of(
            *_carried(_carry_forward(self._population_rows, years), self.area_of)
        )

    def labels(self) -> dict[str, list[tuple[str, str]]]:
        return _code_labels()


def _carried(found: tuple[list[dict], dict[int, int]], area_of) -> tuple:
    rows, carried = found
    return rows, area_of, carried


@dataclass(frozen=True)
class _Counts:
    """A report's counts, read beforehand together with other reports'."""

    by_year: dict[str, int]  # every year
    dimensions_by_year: dict[int, Dimensions]  # the report's year, or every year
    areas_by_year: dict[int, dict[str, int]]
    population_rows: list[dict]  # every year, of the years each code is counted
    code_labels: dict[str, list[tuple[str, str]]]
    area_of: Callable[[int, int], str | None] | None = None

    def year_counts(self) -> dict[str, int]:
        return self.by_year

    def dimensions(self) -> dict[int, Dimensions]:
        return self.dimensions_by_year

    def areas(self) -> dict[int, dict[str, int]]:
        return self.areas_by_year

    def population(self, years: list[int]) -> dict:
        return _population_of(
            *_carried(_carry_forward(self.population_rows, years), self.area_of)
        )

    def labels(self) -> dict[str, list[tuple[str, str]]]:
        return self.code_labels


def build_report(
    *,
    scope: str,
    code: str,
    name: str,
    area: Area | None = None,
    municipality_ids: list[int] | None = None,
    year: int | None = None,
    areas: list[tuple[str, str]] | None = None,
    area_of: Callable[[int, int], str | None] | None = None,
    counts: _Counts | None = None,
    threshold: int | None = None,
) -> Report:
    """The published report of an area of today (or of every record of
    `municipality_ids`, None: all) for a year (None: all).

    An area's figures add up its recorded codes of each year; years before
    a split that broke its series are left out, and the report says so.
    A year's report is each table protected against the year's total. The
    report of all years is the sum of the years' reports, since any year can
    be read on its own: the total is shown only where no year is small, and
    a figure of all years unless a small count of some year needs it hidden
    (`_all_years_tables`), so no hidden count of one year follows from the
    sum minus the other years. Callers check permissions; the
    selectors below do it for a user, and keep what they build in the
    cache under the data version (`cached`). `counts`, read beforehand for many
    reports at once, saves the queries. `areas` and `area_of` give the table
    by area (the municipalities of a county, the counties of a nation).
    `threshold` 1 gives every true count, for a sum checked against its
    parts (never published as such).
    """
    source = counts or _Queried(municipality_ids, year, area, area_of)
    report = _build_report(
        scope=scope,
        code=code,
        name=name,
        area=area,
        year=year,
        areas=areas,
        source=source,
        threshold=threshold or settings.SMALL_CELL_THRESHOLD,
    )
    carried = source.population([year] if year is not None else list(report.years))[
        "carried"
    ]
    if carried:
        report = replace(report, population_carried=tuple(sorted(carried.items())))
    if year is not None:
        people = source.population([year])
        if year in people["years_present"]:
            report = replace(report, inhabitants=sum(people["year"].values()))
    if area is not None and area.complete_from is not None:
        report = replace(
            report, complete_from=area.complete_from, split_names=area.split_names
        )
    return report


def _build_report(
    *,
    scope: str,
    code: str,
    name: str,
    area: Area | None,
    year: int | None,
    areas: list[tuple[str, str]] | None,
    source: _Queried | _Counts,
    threshold: int,
) -> Report:
    year_counts = {
        key: n
        for key, n in source.year_counts().items()
        if area is None or area.is_complete(int(key))
    }
    years = sorted(int(y) for y in year_counts)
    if year is not None and area is not None and not area.is_complete(year):
        total = Cell("total", _("Total"), None, None, UNAVAILABLE)
        return Report(scope, code, name, year, tuple(years), threshold, total, None, ())
    population_all = source.population(years)
    # All years add up the complete years: the current one is still coming in
    # and shown on its own, so one small count in it never hides the total.
    current = timezone.localdate().year
    summed = [y for y in years if y < current] if current in years else years
    complete_all = bool(summed) and population_all["years_present"] >= set(summed)
    if year is None:
        population = source.population(summed)
        complete = complete_all
    else:
        population = source.population([year])
        complete = year in population["years_present"]
    person_years = sum(population["year"].values()) if complete else None

    def withheld_report(by_year: Table | None = None) -> Report:
        # "<5" only when the period's count is small; a report withheld
        # because a table cannot be protected hides its total without a bound.
        if year is None:
            count = sum(year_counts.get(str(y), 0) for y in summed)
        else:
            count = year_counts.get(str(year), 0)
        small = 0 < count < threshold
        total = Cell("total", _("Total"), None, None, PRIMARY if small else SECONDARY)
        return Report(
            scope, code, name, year, tuple(years), threshold, total, by_year, (), True
        )

    # Each year stands alone: small years read "<5" and the total of all
    # years is shown only when no year is small.
    year_keys = [(str(y), str(y)) for y in years]
    year_values = [year_counts.get(key, 0) for key, _label in year_keys]
    small_years = {
        k
        for (k, _l), v in zip(year_keys, year_values, strict=True)
        if 0 < v < threshold
    }
    summed_small = {str(y) for y in summed} & small_years
    summed_people = sum(population_all["year"].get(str(y), 0) for y in summed)
    by_year = _compose(
        "year",
        year_keys,
        year_values,
        [PRIMARY if key in small_years else SHOWN for key, _label in year_keys],
        population_all["year"],
        summed_people if complete_all else None,
        total_shown=not summed_small,
    )
    summed_count = sum(year_counts.get(str(y), 0) for y in summed)
    if summed != years:
        label = _("Total of the complete years")
        total = replace(by_year.total, label=label)
        if not summed_small:
            rate = (
                round(summed_count * 1000 / summed_people, 2)
                if complete_all and summed_people
                else None
            )
            total = Cell("total", label, summed_count, rate)
        by_year = replace(by_year, total=total)
    if 0 < summed_count < threshold:
        return withheld_report(by_year)
    if year is not None:
        cell = next((c for c in by_year.cells if c.key == str(year)), None)
        if cell is None:
            return Report(
                scope, code, name, year, tuple(years), threshold,
                Cell("total", _("Total"), 0, None), by_year, (),
            )  # fmt: skip
        if cell.suppressed:
            return withheld_report(by_year)

    dimension_keys = _dimension_keys(source.labels())
    per_year = source.dimensions()
    areas_by_year = source.areas() if areas is not None else {}
    if year is not None:
        grouped = per_year.get(year) or _no_dimensions()
        area_counts = areas_by_year.get(year, {}) if areas is not None else None
        specs = _specs(
            grouped, area_counts, dimension_keys, areas, scope, population, complete
        )
        tables = []
        for dimension, keys, counts, populations in specs:
            table = _table(
                dimension, keys, counts, populations, person_years, threshold
            )
            if table is None:
                # A line that cannot be protected hides every figure, zeros
                # too; the year's other tables stand on their own.
                table = _compose(
                    dimension,
                    keys,
                    [counts.get(key, 0) for key, _label in keys],
                    [SECONDARY] * len(keys),
                    populations,
                    person_years,
                )
            tables.append(table)
        return Report(
            scope, code, name, year, tuple(years), threshold,
            tables[0].total, by_year, tuple(tables),
        )  # fmt: skip

    years_specs = [
        _specs(
            per_year[y],
            areas_by_year.get(y, {}),
            dimension_keys,
            areas,
            scope,
            population,
            False,
        )
        for y in summed
    ]
    tables = _all_years_tables(
        years_specs,
        [str(y) in small_years for y in summed],
        _specs(
            _no_dimensions(), {}, dimension_keys, areas, scope, population, complete
        ),
        person_years,
        threshold,
    )
    return Report(
        scope, code, name, year, tuple(years), threshold,
        tables[0].total, by_year, tuple(tables),
    )  # fmt: skip


def _all_years_tables(
    years_specs: list[list[tuple]],
    small: list[bool],
    specs: list[tuple],
    person_years: int | None,
    threshold: int,
) -> list[Table]:
    """The tables of all years as sums of the years' tables.

    Each dimension is a table of years by keys whose lines are the years'
    own (each protected against its year's total) and whose margin is the
    line of all years: a figure of all years is shown unless a small count
    of some year needs it hidden, as `protect_margin` decides (its years'
    hidden cells then protect each other), against the figures of all years
    published before each year joined them (`protect_margins_over_time`):
    on the first day of a year, the figures of all years take in the year
    just ended, and the difference from the day before must not give its
    hidden counts. The totals are shown only when no year is small.
    """
    # Each year's line by key: a year may have a key the table of all years
    # has not (records split between areas of today), left out of the sum.
    lines: dict[str, list[tuple[dict[str, int], dict[str, str] | str]]] = defaultdict(
        list
    )
    for year_specs, year_is_small in zip(years_specs, small, strict=True):
        for dimension, keys, counts, _populations in year_specs:
            key_list = [key for key, _label in keys]
            values = [counts.get(key, 0) for key in key_list]
            line = dict(zip(key_list, values, strict=True))
            if year_is_small:
                lines[dimension].append((line, WITHHELD))
                continue
            statuses = protect_line(values, threshold, keys=key_list)
            # A line that cannot be protected hides everything, zeros
            # included: shown beside hidden figures they could pin them.
            lines[dimension].append(
                (
                    line,
                    ALL_HIDDEN
                    if statuses is None
                    else dict(zip(key_list, statuses, strict=True)),
                )
            )
    tables = []
    for dimension, keys, _empty, populations in specs:
        key_list = [key for key, _label in keys]
        rows = [[line.get(key, 0) for key in key_list] for line, _s in lines[dimension]]
        row_statuses = [
            status if isinstance(status, str) else [status[k] for k in key_list]
            for _line, status in lines[dimension]
        ]
        values = [sum(row[i] for row in rows) for i in range(len(key_list))]
        statuses = protect_margins_over_time(rows, row_statuses, threshold, key_list)
        tables.append(
            _compose(
                dimension,
                keys,
                values,
                statuses,
                populations,
                person_years,
                total_shown=not any(small),
            )
        )
    return tables


def municipality_statistics(
    *, user: User, municipality: Municipality, year: int | None = None
) -> Report:
    """Published figures of one municipality the user may read (else 404), its
    predecessors' records of each year included."""
    if not core_permissions.can_view_municipality(user, municipality):
        raise Http404
    return cached_report(
        scope="municipality",
        parts=(municipality.pk, municipality.code, municipality.name),
        year=year,
        build=lambda: build_report(
            scope="municipality",
            code=municipality.code,
            name=municipality.name,
            area=municipality_area(municipality),
            year=year,
        ),
    )


def county_statistics(*, user: User, county: County, year: int | None = None) -> Report:
    """Published figures of a county, by municipality too; every one must be readable."""
    municipalities = county_municipalities(county)
    readable = core_permissions.readable_municipality_ids(user)
    if not municipalities or (
        readable is not None and not {m.pk for m in municipalities} <= readable
    ):
        raise Http404
    return county_report(county=county, municipalities=municipalities, year=year)


def county_report(
    *, county: County, municipalities: list[Municipality], year: int | None = None
) -> Report:
    """A county's report, checked against the reports of its municipalities,
    all built from one reading of the counts by recorded code.

    Each municipality adds up its predecessors of each year, and the county
    adds up its municipalities. Whoever reads the county (a regional
    contact) reads each municipality's own report too, so a county figure
    is shown only where every municipality shows its figure of the same
    table and period; else it is withheld. Every figure the county shows is
    then a sum of figures already shown, and none hidden in a municipality
    can be worked out from it. The current year is no exception: a reader
    who kept its county figures of its last day would set them against the
    municipalities' figures of all years that take it in the next day.
    Cached under the data version.
    """

    def build() -> Report:
        counts = _county_counts(municipalities, year)
        whole, _parts = _county_built(county, municipalities, counts, year)
        return whole

    return cached_report(
        scope="county",
        parts=(county.pk, county.code, county.name, *(m.pk for m in municipalities)),
        year=year,
        build=build,
    )


def county_year_reports(
    *, county: County, municipalities: list[Municipality], years: list[int]
) -> dict[int, tuple[Report, dict[str, Report]]]:
    """The county's report of each year and its municipalities' reports (by
    id), exactly as their pages publish them, from one reading of the counts."""
    counts = _county_counts(municipalities, None)
    return {year: _county_built(county, municipalities, counts, year) for year in years}


@dataclass(frozen=True)
class _CountyCounts:
    areas: dict[int, Area]
    owner: Callable[[int, int], str | None]
    parts: dict[int, _Counts]
    whole: _Counts


def _county_counts(
    municipalities: list[Municipality], year: int | None
) -> _CountyCounts:
    """Counts and inhabitants of a county's municipalities by recorded code,
    each added up into the municipality of today it counts in."""
    areas = municipality_areas(municipalities)
    owner = area_owner(list(areas.values()))
    ids = sorted({pk for area in areas.values() for pk in area.municipality_ids})
    labels = _code_labels()
    by = ("municipality",) if year is not None else ("municipality", "year")
    dimensions: dict[int, dict[int, Dimensions]] = defaultdict(dict)
    for key, counts in _grouped_counts(ids, year=year, by=by).items():
        key_year = year if year is not None else key[1]
        member = owner(key[0], key_year)
        if member is not None:
            _add_dimensions(dimensions[int(member)].setdefault(key_year, {}), counts)
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if year is None:  # read with the dimensions
        for pk, years in dimensions.items():
            for y, counts in years.items():
                by_year[pk][str(y)] = sum(counts["sex"].values())
    else:
        rows = (
            Registration.objects.filter(municipality_id__in=ids)
            .annotate(report_year=ExtractYear("injury_date"))
            .values("municipality_id", "report_year")
            .annotate(n=Count("*"))
            .order_by()
        )
        for row in rows:
            member = owner(row["municipality_id"], int(row["report_year"]))
            if member is not None:
                by_year[int(member)][str(row["report_year"])] += row["n"]
    population = []
    for row in _population_rows(ids, None):
        member = owner(row["municipality_id"], row["year"])
        if member is not None:
            population.append({**row, "member": int(member)})
    parts = {
        m.pk: _Counts(
            dict(by_year[m.pk]),
            dimensions[m.pk],
            {},
            [row for row in population if row["member"] == m.pk],
            labels,
        )
        for m in municipalities
    }
    county_years: dict[str, int] = defaultdict(int)
    county_dimensions: dict[int, Dimensions] = defaultdict(_no_dimensions)
    areas_by_year: dict[int, dict[str, int]] = defaultdict(dict)
    for m in municipalities:
        pk = m.pk
        for y, n in by_year[pk].items():
            county_years[y] += n
        for y, counts in dimensions[pk].items():
            areas_by_year[y][str(pk)] = sum(counts["sex"].values())
            _add_dimensions(county_dimensions[y], counts)
    whole = _Counts(
        county_years, county_dimensions, areas_by_year, population, labels, owner
    )
    return _CountyCounts(areas, owner, parts, whole)


def _county_built(
    county: County,
    municipalities: list[Municipality],
    counts: _CountyCounts,
    year: int | None,
) -> tuple[Report, dict[str, Report]]:
    parts = {
        str(m.pk): build_report(
            scope="municipality",
            code=m.code,
            name=m.name,
            area=counts.areas[m.pk],
            year=year,
            counts=counts.parts[m.pk],
        )
        for m in municipalities
    }
    whole = build_report(
        scope="county",
        code=county.code,
        name=county.name,
        area=combined(str(county.pk), counts.areas.values()),
        year=year,
        areas=[(str(m.pk), f"{m.name} ({m.code})") for m in municipalities],
        counts=counts.whole,
    )
    true = build_report(
        scope="county",
        code=county.code,
        name=county.name,
        area=combined(str(county.pk), counts.areas.values()),
        year=year,
        areas=[(str(m.pk), f"{m.name} ({m.code})") for m in municipalities],
        counts=counts.whole,
        threshold=1,
    )
    # Every year alike, the current one too: on its last day its figures
    # are nearly final, and the next day its cells join each municipality's
    # figures of all years.
    return summed_report(whole, true, parts), parts


def country_statistics(
    *, user: User, country: Country, year: int | None = None
) -> Report:
    """National figures, by county of today too; for the secretariat.

    The nation counts every record of the country, whatever its code; each
    record counts in the county of today its municipality went into.
    """
    if not core_permissions.is_secretariat(user):
        raise Http404
    return cached_report(
        scope="country",
        parts=(country.pk, country.code, country.name),
        year=year,
        build=lambda: _country_report(country, year),
    )


def _country_report(country: Country, year: int | None) -> Report:
    found = country_areas(country)
    counties = [
        county
        for county in country.counties.order_by("code")
        if str(county.pk) in found.current_counties
    ]
    ids = [int(pk) for pk in found.municipalities]
    return build_report(
        scope="country",
        code=country.code,
        name=country.name,
        municipality_ids=ids,
        year=year,
        areas=[(str(c.pk), f"{c.name} ({c.code})") for c in counties],
        area_of=area_owner([found.county_areas[str(c.pk)] for c in counties]),
    )
