"""Published injury figures: counts and rates per 1,000 with disclosure control.

Everything that leaves the app (pages, exports, dashboards, PDFs) is built
from the dataclasses returned here, so suppression is applied in one place.
Rates are per 1,000 inhabitants per year (person-years of the period).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import Country, County, Municipality, User

from .codes import AGE_BAND_BOUNDS, UNKNOWN_CODES, AgeBand, CodeListName, age_band_for
from .disclosure import PRIMARY, SECONDARY, SHOWN, protect_line
from .models import CODE_FIELDS, Code, Population, Registration, Sex

DIMENSIONS: tuple[str, ...] = (
    "month",
    "sex",
    "age_band",
    *CODE_FIELDS,
)


@dataclass(frozen=True)
class Cell:
    """One published figure; `count` and `rate` are None when suppressed."""

    key: str
    label: str
    count: int | None
    rate: float | None
    status: str = SHOWN

    @property
    def suppressed(self) -> bool:
        return self.status != SHOWN

    @property
    def display(self) -> str:
        if self.status == PRIMARY:
            return f"<{settings.SMALL_CELL_THRESHOLD}"
        if self.status == SECONDARY:
            return "–"
        return str(self.count)

    @property
    def rate_display(self) -> str:
        if self.rate is None:
            return "–"
        return f"{self.rate:.1f}"


@dataclass(frozen=True)
class Table:
    """A line of cells for one dimension, with its total and the share unknown."""

    dimension: str
    title: str
    cells: tuple[Cell, ...]
    total: Cell
    unknown_share: float | None = None  # percent; None if not applicable or hidden
    has_unknown: bool = False

    @property
    def chart_data(self) -> dict:
        """Labels and published counts for a chart; hidden cells are null."""
        return {
            "title": self.title,
            "labels": [cell.label or _("Not stated") for cell in self.cells],
            "values": [cell.count for cell in self.cells],
        }


@dataclass(frozen=True)
class Report:
    """All published tables for one area and period."""

    scope: str  # "municipality", "county" or "country"
    code: str
    name: str
    year: int | None
    years: tuple[int, ...]
    threshold: int
    total: Cell
    by_year: Table | None
    tables: tuple[Table, ...]
    withheld: bool = False


def _dimension_titles() -> dict[str, str]:
    titles = {
        "year": _("Year"),
        "month": _("Month"),
        "sex": _("Sex"),
        "age_band": _("Age band"),
        "municipality": _("Municipality"),
        "county": _("County"),
        "any_unknown": _("Coded unknown"),
        "follow_up": _("Before and after"),
    }
    titles.update({c.value: str(c.label) for c in CodeListName})
    return titles


def _rate(count: int | None, population: int | None) -> float | None:
    if count is None or not population:
        return None
    return round(count * 1000 / population, 2)


def _table(
    dimension: str,
    keys_labels: Iterable[tuple[str, str]],
    counts: dict[str, int],
    populations: dict[str, int] | None,
    total_population: int | None,
    threshold: int,
) -> Table | None:
    keys_labels = list(keys_labels)
    values = [counts.get(key, 0) for key, _label in keys_labels]
    statuses = protect_line(values, threshold)
    if statuses is None:
        return None
    cells = []
    for (key, label), count, status in zip(keys_labels, values, statuses, strict=True):
        shown = status == SHOWN
        population = populations.get(key) if populations is not None else None
        if populations is None:
            population = total_population
        cells.append(
            Cell(
                key=key,
                label=label,
                count=count if shown else None,
                rate=_rate(count, population) if shown else None,
                status=status,
            )
        )
    total_count = sum(values)
    total = Cell("total", _("Total"), total_count, _rate(total_count, total_population))
    unknown_key = UNKNOWN_CODES.get(dimension) or ("U" if dimension == "sex" else "")
    unknown_share = None
    if unknown_key:
        unknown = next((c for c in cells if c.key == unknown_key), None)
        if unknown is not None and not unknown.suppressed and total_count:
            unknown_share = round(unknown.count * 100 / total_count, 1)
    return Table(
        dimension=dimension,
        title=_dimension_titles()[dimension],
        cells=tuple(cells),
        total=total,
        unknown_share=unknown_share,
        has_unknown=bool(unknown_key),
    )


def _counts(queryset, expression_name: str, **annotation) -> dict[str, int]:
    if annotation:
        queryset = queryset.annotate(**annotation)
    rows = queryset.values(expression_name).annotate(n=Count("*")).order_by()
    return {str(row[expression_name]): row["n"] for row in rows}


GROUPED_SQL = {
    "month": "EXTRACT(MONTH FROM injury_date)::int",
    "age": "age",
    "sex": "sex",
    **{field: field for field in CODE_FIELDS},
}


def _dimension_counts(
    base, *, municipality_ids: list[int] | None, year: int | None
) -> dict[str, dict[str, int]]:
    """Counts by month, age, sex and each code list.

    On PostgreSQL one GROUPING SETS query reads the covering index once;
    elsewhere one GROUP BY per dimension.
    """
    if connection.vendor != "postgresql":
        counts = {name: _counts(base, name) for name in GROUPED_SQL if name != "month"}
        counts["month"] = _counts(base, "month", month=ExtractMonth("injury_date"))
        return counts
    names = list(GROUPED_SQL)
    where, params = ["TRUE"], []
    if municipality_ids is not None:
        where.append("municipality_id = ANY(%s)")
        params.append(list(municipality_ids))
    if year is not None:
        where.append("injury_date >= %s AND injury_date < %s")
        params += [datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)]
    columns = ", ".join(GROUPED_SQL.values())
    sets = ", ".join(f"({expression})" for expression in GROUPED_SQL.values())
    sql = (
        f"SELECT {columns}, count(*) FROM {Registration._meta.db_table}"  # noqa: S608  # nosec B608 - fixed fragments, values bound
        f" WHERE {' AND '.join(where)} GROUP BY GROUPING SETS ({sets})"
    )
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for *values, n in cursor.fetchall():
            # No grouped column is ever NULL, so the one that is set names the set.
            index = next(i for i, v in enumerate(values) if v is not None)
            counts[names[index]][str(values[index])] = n
    return counts


def _population(municipality_ids: list[int] | None, years: list[int]) -> dict:
    """Inhabitants by year, sex and age band (and by municipality) for the years."""
    qs = Population.objects.filter(year__in=years)
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=municipality_ids)
    result = {
        "year": defaultdict(int),
        "sex": defaultdict(int),
        "age_band": defaultdict(int),
        "municipality": defaultdict(int),
        "county": defaultdict(int),
        "years_present": set(),
    }
    rows = (
        qs.values("year", "sex", "age", "municipality_id", "municipality__county_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        n = row["n"]
        result["year"][str(row["year"])] += n
        result["sex"][row["sex"]] += n
        result["age_band"][age_band_for(min(row["age"], 120))] += n
        result["municipality"][str(row["municipality_id"])] += n
        result["county"][str(row["municipality__county_id"])] += n
        result["years_present"].add(row["year"])
    return result


def _code_labels() -> dict[str, list[tuple[str, str]]]:
    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code in Code.objects.all():
        labels[code.list_name].append((code.code, code.label))
    return labels


def build_report(
    *,
    scope: str,
    code: str,
    name: str,
    municipality_ids: list[int] | None,
    year: int | None = None,
    areas: list[tuple[str, str]] | None = None,
) -> Report:
    """The published report for some municipalities (None: all) and a year (None: all).

    Callers check permissions; the selectors below do it for a user.
    """
    threshold = settings.SMALL_CELL_THRESHOLD
    base = Registration.objects.all()
    if municipality_ids is not None:
        base = base.filter(municipality_id__in=municipality_ids)
    year_counts = _counts(base, "year", year=ExtractYear("injury_date"))
    years = sorted(int(y) for y in year_counts)
    population_all = _population(municipality_ids, years)
    complete_all = bool(years) and population_all["years_present"] >= set(years)
    if year is None:
        population, complete = population_all, complete_all
    else:
        population = _population(municipality_ids, [year])
        complete = year in population["years_present"]
    person_years = sum(population["year"].values()) if complete else None

    def withheld_report(by_year: Table | None = None) -> Report:
        total = Cell("total", _("Total"), None, None, PRIMARY)
        return Report(
            scope, code, name, year, tuple(years), threshold, total, by_year, (), True
        )

    by_year = _table(
        "year",
        [(str(y), str(y)) for y in years],
        year_counts,
        population_all["year"],
        sum(population_all["year"].values()) if complete_all else None,
        threshold,
    )
    if by_year is None:
        return withheld_report()
    if year is not None:
        cell = next((c for c in by_year.cells if c.key == str(year)), None)
        if cell is None:
            return Report(
                scope, code, name, year, tuple(years), threshold,
                Cell("total", _("Total"), 0, None), by_year, (),
            )  # fmt: skip
        if cell.suppressed:
            return withheld_report(by_year)
        start = datetime.date(year, 1, 1)
        base = base.filter(
            injury_date__gte=start, injury_date__lt=start.replace(year=year + 1)
        )

    labels = _code_labels()
    grouped = _dimension_counts(base, municipality_ids=municipality_ids, year=year)
    age_counts: dict[str, int] = defaultdict(int)
    for age, n in grouped["age"].items():
        age_counts[age_band_for(int(age))] += n
    specs: list[tuple[str, list[tuple[str, str]], dict[str, int], dict | None]] = [
        (
            "month",
            [(str(m), str(label)) for m, label in MONTHS.items()],
            grouped["month"],
            None,
        ),
        (
            "sex",
            [(s.value, str(s.label)) for s in Sex],
            grouped["sex"],
            population["sex"] if complete else None,
        ),
        (
            "age_band",
            [(b.value, str(b.label)) for b in AgeBand],
            age_counts,
            population["age_band"] if complete else None,
        ),
    ]
    for field in CODE_FIELDS:
        keys = list(labels.get(field, []))
        if field == "transport":
            keys.append(("", _("Not stated")))
        specs.append((field, keys, grouped[field], None))
    if areas is not None:
        dimension = "municipality" if scope == "county" else "county"
        field = "municipality_id" if scope == "county" else "municipality__county_id"
        specs.append(
            (
                dimension,
                areas,
                _counts(base, field),
                population[dimension] if complete else None,
            )
        )
    tables = []
    for dimension, keys, counts, populations in specs:
        if populations is None and dimension in {"sex", "age_band"}:
            populations = {}  # no rate without the matching population
        table = _table(dimension, keys, counts, populations, person_years, threshold)
        if table is None:
            return withheld_report(by_year)
        tables.append(table)
    grand = tables[0].total
    return Report(
        scope, code, name, year, tuple(years), threshold, grand, by_year, tuple(tables)
    )


def municipality_statistics(
    *, user: User, municipality: Municipality, year: int | None = None
) -> Report:
    """Published figures of one municipality the user may read (else 404)."""
    if not core_permissions.can_view_municipality(user, municipality):
        raise Http404
    return build_report(
        scope="municipality",
        code=municipality.code,
        name=municipality.name,
        municipality_ids=[municipality.pk],
        year=year,
    )


def county_statistics(*, user: User, county: County, year: int | None = None) -> Report:
    """Published figures of a county, by municipality too; every one must be readable."""
    municipalities = list(county.municipalities.order_by("code"))
    readable = core_permissions.readable_municipality_ids(user)
    if not municipalities or (
        readable is not None and not {m.pk for m in municipalities} <= readable
    ):
        raise Http404
    return build_report(
        scope="county",
        code=county.code,
        name=county.name,
        municipality_ids=[m.pk for m in municipalities],
        year=year,
        areas=[(str(m.pk), f"{m.name} ({m.code})") for m in municipalities],
    )


def country_statistics(
    *, user: User, country: Country, year: int | None = None
) -> Report:
    """National figures by county; for the secretariat."""
    if not core_permissions.is_secretariat(user):
        raise Http404
    counties = list(country.counties.order_by("code"))
    ids = list(
        Municipality.objects.filter(county__country=country).values_list(
            "pk", flat=True
        )
    )
    return build_report(
        scope="country",
        code=country.code,
        name=country.name,
        municipality_ids=ids,
        year=year,
        areas=[(str(c.pk), f"{c.name} ({c.code})") for c in counties],
    )


def age_band_bounds() -> dict[str, tuple[int, int]]:
    """Inclusive age bounds of each band, for callers that filter by band."""
    return dict(AGE_BAND_BOUNDS)


# --- Rollups: filtered figures for dashboards from one index-scoped query ---------

ROLLUP_DETAIL: tuple[str, ...] = ("place", "mechanism", "any_unknown")


@dataclass(frozen=True)
class Rollup:
    """Unpublished counts by (area, year, sex, age band[, place, mechanism, any
    unknown]) and inhabitants by (area, year, sex, age band).

    Keep it on the server (a cache is fine); publish only through `rollup_table`.
    """

    counts: dict[tuple, int]
    population: dict[tuple, int]

    @property
    def years(self) -> list[int]:
        return sorted({key[1] for key in self.counts})


def _age_band_case() -> Case:
    whens = [
        When(age__gte=low, age__lte=high, then=Value(band))
        for band, (low, high) in AGE_BAND_BOUNDS.items()
    ]
    return Case(*whens, output_field=CharField())


def _any_unknown_case() -> Case:
    unknown = Q()
    for field, code in UNKNOWN_CODES.items():
        unknown |= Q(**{field: code})
    return Case(
        When(unknown, then=Value(1)), default=Value(0), output_field=IntegerField()
    )


def rollup_build(
    *,
    municipality_ids: list[int] | None = None,
    country: Country | None = None,
    by: str = "municipality",
    years: tuple[int, int] | None = None,
    detail: bool = False,
) -> Rollup:
    """Counts and inhabitants of some municipalities (or a country) in one query.

    `by` is "municipality" or "county"; `years` (first, last) limits the date
    range so the registration index is read only for that range.
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
        population = population.filter(year__gte=years[0], year__lte=years[1])
    # One round trip: registrations and inhabitants as a UNION ALL, told apart
    # by `kind`. Every column is an annotation so both sides line up.
    detail_columns = {
        "r_place": F("place") if detail else Value(""),
        "r_mechanism": F("mechanism") if detail else Value(""),
        "r_unknown": _any_unknown_case() if detail else Value(0),
    }
    columns = ["kind", "r_area", "r_year", "r_sex", "r_band", *detail_columns, "n"]
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
    for kind, area_id, year, sex, band, place, mechanism, unknown, n in counted.union(
        inhabitants, all=True
    ):
        key = (str(area_id), int(year), sex, band)
        if kind == "p":
            pop[key] = pop.get(key, 0) + int(n)
        elif detail:
            counts[(*key, str(place), str(mechanism), str(unknown))] = int(n)
        else:
            counts[key] = counts.get(key, 0) + int(n)
    return Rollup(counts=counts, population=pop)


def rollup_table(
    *,
    rollup: Rollup,
    dimension: str,
    keys_labels: Iterable[tuple[str, str]],
    years: Iterable[int],
    areas: Iterable[str] | None = None,
    sex: str = "",
    age_band: str = "",
) -> Table | None:
    """A published line of one dimension ("year", "sex", "age_band", "municipality",
    "county" or a detail field) for some areas, years, sex and age band.

    Rates are per 1,000 of the matching population; cells of a detail field
    share the period's person-years. None when the line cannot be published.
    """
    years = set(years)
    areas = None if areas is None else set(areas)
    positions = {"municipality": 0, "county": 0, "year": 1, "sex": 2, "age_band": 3}
    positions.update({name: 4 + i for i, name in enumerate(ROLLUP_DETAIL)})
    index = positions[dimension]

    def keep(key: tuple) -> bool:
        return (
            key[1] in years
            and (areas is None or key[0] in areas)
            and (not sex or key[2] == sex)
            and (not age_band or key[3] == age_band)
        )

    counts: dict[str, int] = defaultdict(int)
    for key, n in rollup.counts.items():
        if keep(key):
            counts[str(key[index])] += n
    inhabitants: dict[str, int] = defaultdict(int)
    years_present: set[int] = set()
    for key, n in rollup.population.items():
        if keep(key):
            years_present.add(key[1])
            if index < 4:
                inhabitants[str(key[index])] += n
    complete = bool(years) and years_present >= years
    person_years = (
        sum(n for key, n in rollup.population.items() if keep(key))
        if complete
        else None
    )
    populations: dict[str, int] | None = None
    if index == 1:
        populations = inhabitants  # each year has its own population
    elif index < 4:
        populations = inhabitants if complete else {}
    return _table(
        dimension,
        keys_labels,
        counts,
        populations,
        person_years,
        settings.SMALL_CELL_THRESHOLD,
    )


def follow_up_table(
    *,
    municipality: Municipality,
    mechanisms: list[str],
    places: list[str],
    age_bands: list[str],
    before: tuple[int, int],
    after: tuple[int, int],
) -> Table | None:
    """Published counts and yearly rates of the given injuries before and after,
    in the municipality and in the rest of its county.

    Registrations must match a mechanism and a place when both are given; the
    population is narrowed to the age bands when given. Cell keys are
    "here_before", "here_after", "elsewhere_before" and "elsewhere_after".
    """
    registrations = Registration.objects.filter(
        municipality__county_id=municipality.county_id,
        injury_date__gte=datetime.date(before[0], 1, 1),
        injury_date__lt=datetime.date(after[1] + 1, 1, 1),
    )
    population = Population.objects.filter(
        municipality__county_id=municipality.county_id,
        year__gte=before[0],
        year__lte=after[1],
    )
    if mechanisms:
        registrations = registrations.filter(mechanism__in=mechanisms)
    if places:
        registrations = registrations.filter(place__in=places)
    if age_bands:
        ages = Q()
        for band in age_bands:
            low, high = AGE_BAND_BOUNDS[band]
            ages |= Q(age__gte=low, age__lte=high)
        registrations = registrations.filter(ages)
        population = population.filter(ages)
    here = Case(
        When(municipality_id=municipality.pk, then=Value("here")),
        default=Value("elsewhere"),
        output_field=CharField(),
    )

    def window(year: int) -> str | None:
        if before[0] <= year <= before[1]:
            return "before"
        if after[0] <= year <= after[1]:
            return "after"
        return None

    counts: dict[str, int] = defaultdict(int)
    rows = (
        registrations.annotate(area=here, year=ExtractYear("injury_date"))
        .values("area", "year")
        .annotate(n=Count("*"))
        .order_by()
    )
    for row in rows:
        if part := window(int(row["year"])):
            counts[f"{row['area']}_{part}"] += row["n"]
    inhabitants: dict[str, int] = defaultdict(int)
    years_present: dict[str, set[int]] = defaultdict(set)
    rows = (
        population.annotate(area=here)
        .values("area", "year")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        if part := window(row["year"]):
            inhabitants[f"{row['area']}_{part}"] += row["n"]
            years_present[f"{row['area']}_{part}"].add(row["year"])
    expected = {
        "before": set(range(before[0], before[1] + 1)),
        "after": set(range(after[0], after[1] + 1)),
    }
    populations = {
        key: n
        for key, n in inhabitants.items()
        if years_present[key] >= expected[key.rsplit("_", 1)[1]]
    }
    keys_labels = [
        ("here_before", _("Here, before")),
        ("here_after", _("Here, after")),
        ("elsewhere_before", _("Rest of the county, before")),
        ("elsewhere_after", _("Rest of the county, after")),
    ]
    return _table(
        "follow_up",
        keys_labels,
        counts,
        populations,
        None,
        settings.SMALL_CELL_THRESHOLD,
    )
