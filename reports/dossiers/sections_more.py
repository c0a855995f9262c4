"""Section builders that read other apps' published selectors.

Injury statistics come only from `injuries.statistics` (small cells already
suppressed there); certification steps, statement and decision from `certification.selectors`. Each
builder returns None while the app, its selector or its data is missing.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from certification.models import StepProgress
from certification.selectors import certification_progress, certification_record
from injuries.statistics import build_report
from injuries.statistics.areas import municipality_area
from injuries.statistics.published import hidden_label
from safecommunity.core.data_versions import INJURIES, data_versions
from safecommunity.core.models import Municipality

from .. import charts
from .sections import Section, _date, _programme

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
    version = data_versions(INJURIES)[INJURIES]
    key = f"reports:dossier:injuries:v1:{municipality.pk}:{version}:{get_language()}"
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


def certification_steps(municipality: Municipality) -> Section | None:
    """The eight steps of the certification path with status and what is missing."""
    programme = _programme(municipality)
    if programme is None:
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


def _decision(decision) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "outcome": decision.get_outcome_display(),
        "reasons": decision.reasons,
        "conditions": decision.conditions,
        "decided": _date(timezone.localdate(decision.decided_at)),
    }


def _certificate(certificate) -> dict[str, Any] | None:
    if certificate is None:
        return None
    return {
        "number": certificate.number,
        "issued_on": _date(certificate.issued_on),
        "expires_on": _date(certificate.expires_on),
    }


def certification_decision(municipality: Municipality) -> Section | None:
    """The certifiers' statement, the decision with reasons and the certificate."""
    programme = _programme(municipality)
    if programme is None:
        return None
    # The task runs as the system; only readers of the municipality can
    # download the dossier (checked by the reports views).
    record = certification_record(programme=programme)
    if record is None or record["statement"] is None:
        return None
    statement = record["statement"]
    data = {
        "round": statement.round,
        "summary": statement.summary,
        "recommendation": statement.get_recommendation_display(),
        "assessments": [
            {"number": a.step.number, "step": str(a.step.name), "text": a.text}
            for a in record["assessments"]
        ],
        "improvement_points": [
            {
                "text": p.text,
                "follow_up": p.get_follow_up_status_display(),
                "report": p.follow_up_report,
            }
            for p in record["improvement_points"]
        ],
        "decision": _decision(record["decision"]),
        "certificate": _certificate(record["certificate"]),
    }
    return Section(
        "certification-decision",
        _("Statement and decision"),
        "pdf/sections/certification_decision.html",
        data,
    )
