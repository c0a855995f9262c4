"""Reads of outcome indicators, with disclosure control applied.

A value whose n is below settings.SMALL_CELL_THRESHOLD never leaves this
module: it is left out of tables and charts alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

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
        municipality=municipality, n__gte=settings.SMALL_CELL_THRESHOLD
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
    """Per indicator: the yearly totals and breakdowns that may be shown."""
    threshold = settings.SMALL_CELL_THRESHOLD
    hidden = IndicatorValue.objects.filter(
        municipality=municipality, n__lt=threshold, sex="", school_level=""
    ).values_list("indicator_id", "year")
    hidden_by_indicator: dict[int, list[int]] = {}
    for indicator_id, year in hidden:
        hidden_by_indicator.setdefault(indicator_id, []).append(year)
    by_indicator: dict[int, IndicatorSeries] = {
        i.pk: IndicatorSeries(i, [], [], sorted(hidden_by_indicator.get(i.pk, [])))
        for i in indicator_list()
    }
    for value in indicator_values(municipality=municipality):
        series = by_indicator[value.indicator_id]
        if value.sex == "" and value.school_level == "":
            series.rows.append(value)
        else:
            series.breakdown.append(value)
    return list(by_indicator.values())


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
                    float(by_year[y].value) if y in by_year else None for y in years
                ],
                "comparison": [
                    float(by_year[y].comparison_value)
                    if y in by_year and by_year[y].comparison_value is not None
                    else None
                    for y in years
                ],
            }
        )
    return {"years": years, "datasets": datasets}
