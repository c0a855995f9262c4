"""The grouped counts and inhabitants that reports are built from: one
GROUPING SETS query over the covering index on PostgreSQL, one GROUP BY per
dimension elsewhere. Unpublished; only `reports` and `rollups` read them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from contextlib import nullcontext

from django.db import connection, connections, router, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth, ExtractYear

from ..codes import AGE_BAND_BOUNDS, UNKNOWN_CODES
from ..models import CODE_FIELDS, Code, Population, Registration


def _counts(queryset, expression_name: str, **annotation) -> dict[str, int]:
    if annotation:
        queryset = queryset.annotate(**annotation)
    rows = queryset.values(expression_name).annotate(n=Count("*")).order_by()
    return {str(row[expression_name]): row["n"] for row in rows}


# The year and month of a date by date_part(), a float, not EXTRACT, a
# numeric on PostgreSQL 14 and later: the same integers, and the grouped
# counts of a city's registrations spend noticeably less time making them.
GROUPED_SQL = {
    "month": "date_part('month', injury_date)::int",
    "age": "age",
    "sex": "sex",
    **{field: field for field in CODE_FIELDS},
}


Dimensions = dict[str, dict[str, int]]  # dimension -> key -> count


def _grouped_counts(
    municipality_ids: list[int] | None,
    *,
    year: int | None = None,
    by: tuple[str, ...] = (),
) -> dict[tuple, Dimensions]:
    """Counts by month, age, sex and each code list, for each combination of
    `by` ("municipality", "year"; in that order) that has registrations.

    On PostgreSQL one GROUPING SETS query reads the covering index once (each
    set is `by` plus one dimension); elsewhere one GROUP BY per dimension.
    """
    grouped: dict[tuple, Dimensions] = defaultdict(
        lambda: {name: {} for name in GROUPED_SQL}
    )
    prefix_sql = {
        "municipality": "municipality_id",
        "year": "date_part('year', injury_date)::int",
    }
    if connection.vendor != "postgresql":
        base = Registration.objects.all()
        if municipality_ids is not None:
            base = base.filter(municipality_id__in=municipality_ids)
        if year is not None:
            start = datetime.date(year, 1, 1)
            base = base.filter(
                injury_date__gte=start, injury_date__lt=start.replace(year=year + 1)
            )
        prefix = [
            {"municipality": "municipality_id", "year": "report_year"}[k] for k in by
        ]
        dated = base.annotate(
            report_year=ExtractYear("injury_date"), month=ExtractMonth("injury_date")
        )
        for name in GROUPED_SQL:
            rows = dated.values(*prefix, name).annotate(n=Count("*")).order_by()
            for row in rows:
                key = tuple(int(row[column]) for column in prefix)
                grouped[key][name][str(row[name])] = row["n"]
        return grouped
    names = list(GROUPED_SQL)
    where, params = ["TRUE"], []
    if municipality_ids is not None:
        where.append("municipality_id = ANY(%s)")
        params.append(list(municipality_ids))
    if year is not None:
        where.append("injury_date >= %s AND injury_date < %s")
        params += [datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)]
    prefix = [prefix_sql[k] for k in by]
    expressions = list(GROUPED_SQL.values())
    # Each row is one set's: GROUPING() has a bit set for every dimension
    # the row is not grouped by, so all bits but its own; the value is that
    # dimension's, as text.
    set_of = {
        (1 << len(names)) - 1 - (1 << (len(names) - 1 - i)): name
        for i, name in enumerate(names)
    }
    columns = ", ".join(
        [
            *prefix,
            f"GROUPING({', '.join(expressions)})",
            "COALESCE(" + ", ".join(f"({e})::text" for e in expressions) + ")",
        ]
    )
    sets = ", ".join(
        "(" + ", ".join([*prefix, expression]) + ")" for expression in expressions
    )
    sql = (
        f"SELECT {columns}, count(*) FROM {Registration._meta.db_table}"  # noqa: S608  # nosec B608 - fixed fragments, values bound
        f" WHERE {' AND '.join(where)} GROUP BY GROUPING SETS ({sets})"
    )
    # Grouped by more than the dimension, enough memory to hash every grouping
    # set in one pass over the index instead of sorting the rows once per set.
    # The planner's estimate of the groups is far above what they take (about
    # 28 MB for a city of 825,000 registrations), so without room for hashes
    # it sorts a large municipality's rows for most sets and spills to disk:
    # three times slower at ten million registrations (bench/results/
    # partitioning.md).
    # On the replica when the request reads from one (safecommunity/core/replica.py).
    alias = router.db_for_read(Registration)
    with (
        transaction.atomic(using=alias) if by else nullcontext(),
        connections[alias].cursor() as cursor,
    ):
        if by:
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL hash_mem_multiplier = 16")
        cursor.execute(sql, params)
        for *key, grouping, value, n in cursor.fetchall():
            grouped[tuple(key)][set_of[grouping]][value] = n
    return grouped


def _population_rows(municipality_ids: list[int] | None, years: list[int] | None):
    """Inhabitants by year, sex, age band and municipality (years None: all)."""
    qs = Population.objects.all()
    if years is not None:
        qs = qs.filter(year__in=years)
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=municipality_ids)
    return list(
        qs.annotate(band=_age_band_case())
        .values("year", "sex", "band", "municipality_id", "municipality__county_id")
        .annotate(n=Sum("count"))
        .order_by()
    )


def _population_of(rows, area_of=None, carried: dict | None = None) -> dict:
    """Inhabitants by year, sex, age band and area, summed over population rows.

    `area_of(municipality id, year)` names the area of today a row counts
    in (None: in none); without it the area is the county recorded.
    `carried` (year -> year) marks years that use an earlier year's figures.
    """
    result = {
        "carried": dict(carried or {}),
        "year": defaultdict(int),
        "sex": defaultdict(int),
        "age_band": defaultdict(int),
        "area": defaultdict(int),
        "years_present": set(),
    }
    both_sexes = False
    for row in rows:
        both_sexes = both_sexes or row["sex"] == Population.BOTH
        n = row["n"]
        result["year"][str(row["year"])] += n
        result["sex"][row["sex"]] += n
        result["age_band"][row["band"]] += n
        if area_of is None:
            area = str(row["municipality__county_id"])
        else:
            area = area_of(row["municipality_id"], row["year"])
        if area is not None:
            result["area"][area] += n
        result["years_present"].add(row["year"])
    if both_sexes:
        # Part of the population is known only for both sexes together: rates
        # by sex cannot be computed, and are not guessed.
        result["sex"] = {}
    return result


def _carry_forward(rows: list[dict], years) -> tuple[list[dict], dict[int, int]]:
    """The population rows of `years`; a year after the latest one with any
    population (not yet published) uses that latest year's rows.

    Also which years were carried, and from which year.
    """
    by_year: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_year[row["year"]].append(row)
    latest = max(by_year, default=None)
    result: list[dict] = []
    carried: dict[int, int] = {}
    for year in sorted(set(years)):
        if year in by_year:
            result.extend(by_year[year])
        elif latest is not None and year > latest:
            carried[year] = latest
            result.extend({**row, "year": year} for row in by_year[latest])
    return result, carried


def _population(municipality_ids: list[int] | None, years: list[int]) -> dict:
    """Inhabitants by year, sex and age band (and by county) for the years."""
    return _population_of(_population_rows(municipality_ids, years))


def _add_dimensions(into: Dimensions, counts: Dimensions) -> None:
    for dimension, values in counts.items():
        line = into.setdefault(dimension, {})
        for key, n in values.items():
            line[key] = line.get(key, 0) + n


def _area_counts(area, *, year: int | None = None) -> dict[int, Dimensions]:
    """Dimensions by year of one area of today, from its recorded codes."""
    by = ("municipality",) if year is not None else ("municipality", "year")
    result: dict[int, Dimensions] = defaultdict(lambda: {n: {} for n in GROUPED_SQL})
    for key, counts in _grouped_counts(area.municipality_ids, year=year, by=by).items():
        key_year = year if year is not None else key[1]
        if area.covers(key[0], key_year):
            _add_dimensions(result[key_year], counts)
    return dict(result)


def _code_labels() -> dict[str, list[tuple[str, str]]]:
    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code in Code.objects.all():
        labels[code.list_name].append((code.code, code.label))
    return labels


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
