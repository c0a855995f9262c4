"""The initiatives by focus area with their reports, and the outcome
indicators (disclosure-controlled) they are measured against."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from programmes.indicators import indicator_series
from programmes.models import InitiativeReport
from safecommunity.core.models import Municipality

from ... import charts
from .base import Section, programme_of, reader_date


def _initiative_row(initiative) -> dict[str, Any]:
    return {
        "title": initiative.title,
        "status": initiative.get_status_display(),
        "start_date": reader_date(initiative.start_date),
        "end_date": reader_date(initiative.end_date),
        "reach": initiative.reach,
        "description": initiative.description,
        "reports": [
            {
                "period_start": reader_date(r.period_start),
                "period_end": reader_date(r.period_end),
                "activities": r.activities,
                "results": r.results,
                "reach": r.reach,
            }
            for r in initiative.reports.all()
        ],
    }


def initiatives(municipality: Municipality) -> Section | None:
    """Initiatives grouped by focus area, each with its reports, and a chart."""
    programme = programme_of(municipality)
    if programme is None:
        return None
    queryset = (
        programme.initiatives.select_related("focus_area")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=InitiativeReport.objects.order_by("period_start", "id"),
            )
        )
        .order_by("focus_area__priority", "focus_area_id", "start_date", "id")
    )
    # One group (and one table in the PDF) per focus area; many small tables
    # make the PDF slow, so reports are rows of their area's table.
    groups: dict[int | None, dict[str, Any]] = {}
    for initiative in queryset:
        group = groups.setdefault(
            initiative.focus_area_id,
            {
                "title": initiative.focus_area.title
                if initiative.focus_area
                else _("Without focus area"),
                "initiatives": [],
            },
        )
        group["initiatives"].append(_initiative_row(initiative))
    if not groups:
        return None
    areas = [g for key, g in groups.items() if key is not None]
    if None in groups:
        areas.append(groups[None])
    bars = sorted(
        ((a["title"], len(a["initiatives"])) for a in areas),
        key=lambda item: (-item[1], item[0]),
    )[:10]
    chart = charts.bar_chart(
        chart_id="initiatives-by-area",
        title=_("Initiatives by focus area"),
        description=_("Number of initiatives in each focus area."),
        bars=bars,
    )
    return Section(
        "initiatives",
        _("Initiatives and reports"),
        "pdf/sections/initiatives.html",
        {
            "areas": areas,
            "chart": chart,
            "by_area": bars,
            "count": sum(len(a["initiatives"]) for a in areas),
            "report_count": sum(
                len(i["reports"]) for a in areas for i in a["initiatives"]
            ),
        },
    )


def outcome_indicators(municipality: Municipality) -> Section | None:
    """Outcome indicators over time against their comparison values, with charts.

    Values come from the programmes app's disclosure-controlled selector, so a
    value whose n is below the threshold never reaches the PDF.
    """
    indicators: dict[int, dict[str, Any]] = {}
    for series in indicator_series(municipality=municipality):
        if not series.rows:
            continue
        indicator = series.indicator
        indicators[indicator.pk] = {
            "key": indicator.key,
            "name": indicator.name,
            "unit": indicator.get_unit_display(),
            "source": indicator.source,
            "rows": [
                {
                    "year": value.year,
                    "value": float(value.value),
                    "n": value.n,
                    "comparison": (
                        float(value.comparison_value)
                        if value.comparison_value is not None
                        else None
                    ),
                    "scope": value.get_comparison_scope_display(),
                    "combined_from": list(value.combined_from),
                    "missing": list(value.missing),
                }
                for value in series.rows
            ],
        }
    if not indicators:
        return None
    for entry in indicators.values():
        series = [
            charts.Series(
                municipality.name, [(r["year"], r["value"]) for r in entry["rows"]]
            )
        ]
        if any(r["comparison"] is not None for r in entry["rows"]):
            series.append(
                charts.Series(
                    _("Comparison"),
                    [(r["year"], r["comparison"]) for r in entry["rows"]],
                    dashed=True,
                )
            )
        entry["chart"] = charts.line_chart(
            chart_id=f"indicator-{entry['key']}",
            title=entry["name"],
            description=_("Yearly values against the comparison value."),
            series=series,
        )
    return Section(
        "outcome-indicators",
        _("Outcome indicators"),
        "pdf/sections/indicators.html",
        {"indicators": list(indicators.values())},
    )
