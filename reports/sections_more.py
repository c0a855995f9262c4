"""Section builders that read other apps' published selectors.

Injury statistics come only from `injuries.statistics` (small cells already
suppressed there); certification steps from `certification.selectors`. Each
builder returns None while the app, its selector or its data is missing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from safecommunity.core.models import Municipality

from . import charts
from .sections import Section, _model, _programme

TOP_CATEGORIES = ("place", "mechanism", "activity")


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
    """Injuries by year with rates, and the top places, mechanisms and activities."""
    try:
        from injuries.statistics import build_report
    except ImportError:
        return None
    report = build_report(
        scope="municipality",
        code=municipality.code,
        name=municipality.name,
        municipality_ids=[municipality.pk],
    )
    if not report.withheld and not report.total.count:
        return None
    data: dict[str, Any] = {
        "withheld": bool(report.withheld),
        "threshold": report.threshold,
        "total": report.total.display,
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
        shown = sorted(
            (c for c in table.cells if not c.suppressed and c.count),
            key=lambda c: -c.count,
        )[:8]
        data["tables"].append(
            {
                "title": str(table.title),
                "cells": _cells(table),
                "chart": charts.bar_chart(
                    chart_id=f"top-{table.dimension}",
                    title=str(table.title),
                    description=_("Registered injuries in the largest categories."),
                    bars=[(str(c.label), c.count) for c in shown],
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


def certification_steps(municipality: Municipality) -> Section | None:
    """The eight steps of the certification path with status and what is missing."""
    programme = _programme(municipality)
    StepProgress = _model("certification", "StepProgress")
    if programme is None or StepProgress is None:
        return None
    try:
        from certification.selectors import certification_progress
    except ImportError:
        return None
    progress = certification_progress(programme=programme)
    labels = dict(StepProgress.Status.choices)
    steps = [
        {
            "number": step["number"],
            "name": str(step["name"]),
            "status": str(labels.get(step["status"], step["status"])),
            "missing": [str(m) for m in step["missing"]],
        }
        for step in progress["steps"]
    ]
    if not steps:
        return None
    return Section(
        "certification-steps",
        _("The eight steps"),
        "pdf/sections/certification_steps.html",
        {
            "steps": steps,
            "done": progress["steps_done"],
            "total": progress["steps_total"],
        },
    )
