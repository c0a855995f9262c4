"""Reads of outcome indicators, with disclosure control applied.

A value about too few people never leaves this module: it is left out of
tables and charts alike. What "too few" is, and which siblings protect a
hidden one, is decided by `injuries.statistics.disclosure`.

Values keep the municipality they were recorded for. Today's municipality
shows, for each year, its predecessors' values of that year put together
(respondents added up, values weighted by respondents), so Tønsberg's 2017
Ungdata figure covers the pupils of Re and old Tønsberg alike. A combined
value is shown only where every value it is made of is shown on its own
municipality's page, so no page can be subtracted from another to give a
hidden value away. A year in which some predecessors have no value is marked
as covering only part of the municipality; a year before a split is left
out, as the injury series are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import QuerySet

from injuries.statistics import disclosure
from safecommunity.core.lineage import Lineage, lineage
from safecommunity.core.models import Municipality

from .models import Indicator, IndicatorValue

_CENTS = Decimal("0.01")


def indicator_list() -> QuerySet[Indicator]:
    """Every indicator definition, in display order."""
    return Indicator.objects.all()


def indicator_values(
    *, municipality: Municipality, indicator: Indicator | None = None
) -> QuerySet[IndicatorValue]:
    """Publishable values recorded for one code: n at or above the threshold."""
    qs = IndicatorValue.objects.filter(
        disclosure.enough_filter("n"), municipality=municipality
    ).select_related("indicator")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.order_by("indicator__sort_order", "indicator__key", "year", "sex")


@dataclass(frozen=True)
class IndicatorPoint:
    """One value as shown: a municipality's own, or its predecessors' together."""

    indicator_id: int
    year: int
    sex: str
    school_level: str
    value: Decimal
    n: int
    comparison_value: Decimal | None
    comparison_scope: str
    # Names of the predecessors of that year that have no value: the value
    # covers only part of today's municipality.
    missing: tuple[str, ...] = ()
    # Names of the predecessors whose values make it up, when more than one.
    combined_from: tuple[str, ...] = ()

    def get_sex_display(self) -> str:
        return str(IndicatorValue.Sex(self.sex).label)

    def get_school_level_display(self) -> str:
        return str(IndicatorValue.SchoolLevel(self.school_level).label)

    def get_comparison_scope_display(self) -> str:
        return str(IndicatorValue.ComparisonScope(self.comparison_scope).label)


@dataclass
class IndicatorSeries:
    indicator: Indicator
    rows: list[IndicatorPoint]  # totals (all sexes, all levels), by year
    breakdown: list[IndicatorPoint]  # by sex or school level
    suppressed_years: list[int]
    # A predecessor split between several municipalities: its values belong
    # to none of them, so the series starts at `complete_from`.
    complete_from: int | None = None
    split_names: tuple[str, ...] = ()


def _shown_own(values: list[IndicatorValue]) -> set[int]:
    """Ids of one municipality's values that its own page shows.

    Totals are shown from the threshold on. Secondary suppression: when one
    cell of a breakdown (girls/boys, or the school levels) is hidden, the
    smallest siblings that protect it are hidden too, so it cannot be worked
    out from the total shown beside them.
    """
    shown: set[int] = set()
    groups: dict[tuple, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        if not value.sex and not value.school_level:
            if disclosure.enough(value.n):
                shown.add(value.pk)
        else:
            groups[_group(value)].append(value)
    for cells in groups.values():
        flags = disclosure.protect_parts([cell.n for cell in cells])
        shown.update(cell.pk for cell, show in zip(cells, flags, strict=True) if show)
    return shown


def _group(value: IndicatorValue | IndicatorPoint) -> tuple:
    """The breakdown a cell belongs to: by sex, by level, or by both."""
    return (
        value.indicator_id,
        value.year,
        bool(value.sex),
        bool(value.school_level),
    )


def _combine(
    indicator: Indicator, values: list[IndicatorValue], missing: tuple[str, ...]
) -> IndicatorPoint:
    first = values[0]
    n = sum(v.n for v in values)
    if indicator.unit == Indicator.Unit.COUNT:
        value = sum((v.value for v in values), Decimal(0))
    else:
        value = sum((v.value * v.n for v in values), Decimal(0)) / n
    comparisons = {(v.comparison_value, v.comparison_scope) for v in values}
    comparison, scope = comparisons.pop() if len(comparisons) == 1 else (None, "")
    return IndicatorPoint(
        indicator_id=first.indicator_id,
        year=first.year,
        sex=first.sex,
        school_level=first.school_level,
        value=value.quantize(_CENTS, rounding=ROUND_HALF_UP),
        n=n,
        comparison_value=comparison,
        comparison_scope=scope,
        missing=missing,
        combined_from=tuple(
            sorted(f"{v.municipality.name} ({v.municipality.code})" for v in values)
        )
        if len(values) > 1
        else (),
    )


def _points(
    history: Lineage, values: list[IndicatorValue], indicators: dict[int, Indicator]
) -> list[tuple[IndicatorPoint, bool]]:
    """Every cell of today's municipality with whether it may be shown."""
    parts = {part.municipality_id: part for part in history.parts}
    shown_own = _shown_own(values)
    cells: dict[tuple, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        part = parts[value.municipality_id]
        if not part.covers(value.year) or not history.is_complete(value.year):
            continue
        cells[(value.indicator_id, value.year, value.sex, value.school_level)].append(
            value
        )
    totals = {
        (key[0], key[1]): {v.municipality_id for v in group}
        for key, group in cells.items()
        if not key[2] and not key[3]
    }
    points = []
    for (indicator_id, year, _sex, _level), group in cells.items():
        with_value = totals.get((indicator_id, year), set())
        missing = tuple(
            f"{part.name} ({part.code})"
            for part in history.parts_in(year)
            if part.municipality_id not in with_value
        )
        point = _combine(indicators[indicator_id], group, missing)
        points.append((point, all(v.pk in shown_own for v in group)))
    return points


def indicator_series(*, municipality: Municipality) -> list[IndicatorSeries]:
    """Per indicator: the yearly totals and breakdowns that may be shown,
    today's municipality's predecessors put together year by year."""
    history = lineage(municipality)
    indicators = {i.pk: i for i in indicator_list()}
    values = list(
        IndicatorValue.objects.filter(
            municipality_id__in=history.municipality_ids
        ).select_related("municipality")
    )
    points = _points(history, values, indicators)
    split_names = tuple(f"{part.name} ({part.code})" for part in history.split_from)
    series = {
        pk: IndicatorSeries(i, [], [], [], history.complete_from, split_names)
        for pk, i in indicators.items()
    }
    groups: dict[tuple, list[tuple[IndicatorPoint, bool]]] = defaultdict(list)
    for point, shown in points:
        item = series[point.indicator_id]
        if not point.sex and not point.school_level:
            if shown:
                item.rows.append(point)
            else:
                item.suppressed_years.append(point.year)
        else:
            groups[_group(point)].append((point, shown))
    threshold = settings.SMALL_CELL_THRESHOLD
    for cells in groups.values():
        # A cell hidden on a predecessor's page stays hidden here, and its
        # siblings protect it as they would a small count.
        statuses = disclosure.protect_line(
            [point.n for point, _shown in cells],
            threshold,
            hidden=[not shown for _point, shown in cells],
            keys=[f"{point.sex}/{point.school_level}" for point, _shown in cells],
        )
        for index, (point, _shown) in enumerate(cells):
            if statuses is not None and statuses[index] == disclosure.SHOWN:
                series[point.indicator_id].breakdown.append(point)
    for item in series.values():
        item.rows.sort(key=lambda p: p.year)
        item.breakdown.sort(key=lambda p: (p.year, p.sex, p.school_level))
        item.suppressed_years.sort()
    return list(series.values())


def chart_data(series: list[IndicatorSeries]) -> dict:
    """JSON-ready chart input: one dataset per indicator, plus comparison values."""
    years = sorted({v.year for s in series for v in s.rows})
    datasets = []
    for s in series:
        if not s.rows:
            continue
        by_year = {v.year: v for v in s.rows}
        datasets.append(
            {
                "label": s.indicator.name,
                "data": [
                    _number(by_year[y].value if y in by_year else None) for y in years
                ],
                "comparison": [
                    _number(by_year[y].comparison_value if y in by_year else None)
                    for y in years
                ],
            }
        )
    return {"years": years, "datasets": datasets}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
