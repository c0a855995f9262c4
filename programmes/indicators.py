"""Reads of outcome indicators, with disclosure control applied.

A value about too few people never leaves this module: it is left out of
tables and charts alike. What "too few" is, and which siblings protect a
hidden one, is decided by `injuries.statistics.disclosure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from injuries.statistics import disclosure
from safecommunity.core.models import Municipality

from .models import Indicator, IndicatorValue


def indicator_list() -> QuerySet[Indicator]:
    """Every indicator definition, in display order."""
    return Indicator.objects.all()


def indicator_values(
    *, municipality: Municipality, indicator: Indicator | None = None
) -> QuerySet[IndicatorValue]:
    """Publishable values of a (readable) municipality: n at or above the threshold."""
    qs = IndicatorValue.objects.filter(
        disclosure.enough_filter("n"), municipality=municipality
    ).select_related("indicator")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.order_by("indicator__sort_order", "indicator__key", "year", "sex")


@dataclass
class IndicatorSeries:
    indicator: Indicator
    rows: list[IndicatorValue]  # totals (all sexes, all levels), by year
    breakdown: list[IndicatorValue]  # by sex or school level
    suppressed_years: list[int]


def indicator_series(*, municipality: Municipality) -> list[IndicatorSeries]:
    """Per indicator: the yearly totals and breakdowns that may be shown.

    Secondary suppression: when one cell of a breakdown (girls/boys, or the
    school levels) is hidden, the smallest siblings that protect it are hidden
    too, so it cannot be worked out from the total shown beside them.
    """
    sizes = IndicatorValue.objects.filter(municipality=municipality).values_list(
        "indicator_id", "year", "sex", "school_level", "n"
    )
    hidden_years: dict[int, list[int]] = {}
    groups: dict[tuple, list[tuple[tuple, int]]] = {}
    for indicator_id, year, sex, level, n in sizes:
        if not sex and not level:
            if not disclosure.enough(n):
                hidden_years.setdefault(indicator_id, []).append(year)
        else:
            group = (indicator_id, year, _dimension(sex, level))
            groups.setdefault(group, []).append(((sex, level), n))
    hidden_cells: set[tuple] = set()
    for group, cells in groups.items():
        shown = disclosure.protect_parts([n for _key, n in cells])
        for (key, _n), show in zip(cells, shown, strict=True):
            if not show:
                hidden_cells.add((*group, key))
    by_indicator: dict[int, IndicatorSeries] = {
        i.pk: IndicatorSeries(i, [], [], sorted(hidden_years.get(i.pk, [])))
        for i in indicator_list()
    }
    for value in indicator_values(municipality=municipality):
        series = by_indicator[value.indicator_id]
        if not value.sex and not value.school_level:
            series.rows.append(value)
            continue
        group = (
            value.indicator_id,
            value.year,
            _dimension(value.sex, value.school_level),
        )
        if (*group, (value.sex, value.school_level)) not in hidden_cells:
            series.breakdown.append(value)
    return list(by_indicator.values())


def _dimension(sex: str, level: str) -> tuple[bool, bool]:
    """Which breakdown a cell belongs to: by sex, by level, or by both."""
    return (bool(sex), bool(level))


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
