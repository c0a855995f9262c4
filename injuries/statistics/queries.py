"""The grouped counts and inhabitants that reports are built from: one
GROUPING SETS query over the covering index on PostgreSQL, one GROUP BY per
dimension elsewhere. Unpublished; only `reports` and `rollups` read them."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import connection, transaction
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


def _dimension_counts_by_year(
    base, *, municipality_ids: list[int] | None
) -> dict[int, dict[str, dict[str, int]]]:
    """Counts by year and month, age, sex and each code list, in one query on
    PostgreSQL (GROUPING SETS of the year with each dimension)."""
    by_year: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: {name: {} for name in GROUPED_SQL}
    )
    if connection.vendor != "postgresql":
        dated = base.annotate(
            report_year=ExtractYear("injury_date"), month=ExtractMonth("injury_date")
        )
        for name in GROUPED_SQL:
            rows = dated.values("report_year", name).annotate(n=Count("*")).order_by()
            for row in rows:
                by_year[int(row["report_year"])][name][str(row[name])] = row["n"]
        return by_year
    names = list(GROUPED_SQL)
    where, params = ["TRUE"], []
    if municipality_ids is not None:
        where.append("municipality_id = ANY(%s)")
        params.append(list(municipality_ids))
    year_sql = "EXTRACT(YEAR FROM injury_date)::int"
    columns = ", ".join(GROUPED_SQL.values())
    sets = ", ".join(f"({year_sql}, {expr})" for expr in GROUPED_SQL.values())
    sql = (
        f"SELECT {year_sql}, {columns}, count(*) FROM {Registration._meta.db_table}"  # noqa: S608  # nosec B608 - fixed fragments, values bound
        f" WHERE {' AND '.join(where)} GROUP BY GROUPING SETS ({sets})"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Enough memory to hash every grouping set in one pass over the
        # index instead of sorting the rows once per set.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, params)
        for year, *values, n in cursor.fetchall():
            index = next(i for i, v in enumerate(values) if v is not None)
            by_year[year][names[index]][str(values[index])] = n
    return by_year


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
        qs.annotate(band=_age_band_case())
        .values("year", "sex", "band", "municipality_id", "municipality__county_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        n = row["n"]
        result["year"][str(row["year"])] += n
        result["sex"][row["sex"]] += n
        result["age_band"][row["band"]] += n
        result["municipality"][str(row["municipality_id"])] += n
        result["county"][str(row["municipality__county_id"])] += n
        result["years_present"].add(row["year"])
    return result


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
