"""Injury statistics of a municipality, read only from `injuries.statistics`
(small cells are already suppressed there)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from injuries.statistics import build_report
from injuries.statistics.areas import municipality_area
from injuries.statistics.published import hidden_label
from safecommunity.core.data_versions import INJURIES, data_stamp
from safecommunity.core.models import Municipality

from ... import charts
from .base import Section

TOP_CATEGORIES = ("place", "mechanism", "activity")


STATISTICS_CACHE_SECONDS = 24 * 3600  # keys carry the data version


def _cells(table) -> list[dict[str, Any]]:
    return [
        {
            "label": str(cell.label or _("Not stated")),
            "count": cell.display,
            "rate": cell.rate_display,
            "suppressed": cell.suppressed,
        }
        for cell in table.cells
    ]


def injury_statistics(municipality: Municipality) -> Section | None:
    """Injuries by year with rates, and the top places, mechanisms and activities.

    Cached under the injury data version, so the request that asks for a
    dossier (to learn whether its data changed) and the worker that renders
    it count the registrations once.
    """
    token = data_stamp(INJURIES).token()
    key = f"reports:dossier:injuries:v2:{municipality.pk}:{token}:{get_language()}"
    missing = object()
    section = cache.get(key, missing)
    if section is missing:
        section = _injury_statistics(municipality)
        cache.set(key, section, STATISTICS_CACHE_SECONDS)
    return section


def _injury_statistics(municipality: Municipality) -> Section | None:
    report = build_report(
        scope="municipality",
        code=municipality.code,
        name=municipality.name,
        area=municipality_area(municipality),
    )
    if not report.withheld and report.total.count == 0:
        return None
    data: dict[str, Any] = {
        "withheld": bool(report.withheld),
        "threshold": report.threshold,
        "total": report.total.display,
        "split_note": report.split_note,
        "notes": [*report.population_notes, report.current_year_note],
        "by_year": _cells(report.by_year) if report.by_year else [],
        "tables": [],
        "rate_chart": "",
    }
    if report.by_year:
        points = [
            (int(cell.key), cell.rate)
            for cell in report.by_year.cells
            if str(cell.key).isdigit()
        ]
        if any(rate is not None for _year, rate in points):
            data["rate_chart"] = charts.line_chart(
                chart_id="injury-rate",
                title=_("Injuries per 1,000 inhabitants by year"),
                description=_("Suppressed years are left out of the line."),
                series=[charts.Series(municipality.name, points)],
            )
    for table in report.tables:
        if table.dimension not in TOP_CATEGORIES:
            continue
        # Ranked on the true counts; a hidden figure keeps its place, marked.
        shown = table.ranked()[:8]
        data["tables"].append(
            {
                "title": str(table.title),
                "cells": _cells(table),
                "chart": charts.bar_chart(
                    chart_id=f"top-{table.dimension}",
                    title=str(table.title),
                    description=_("Registered injuries in the largest categories."),
                    bars=[(hidden_label(c), c.count) for c in shown],
                    hidden_text=_("hidden"),
                )
                if shown
                else "",
            }
        )
    return Section(
        "injury-statistics",
        _("Injury statistics"),
        "pdf/sections/injury_statistics.html",
        data,
    )
