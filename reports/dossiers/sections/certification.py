"""The certification path: its eight steps, the certifiers' statement, the
decision and the certificate, read from `certification.selectors`."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import StepProgress
from certification.selectors import certification_progress, certification_record
from safecommunity.core.models import Municipality

from .base import Section, programme_of, reader_date


def certification_steps(municipality: Municipality) -> Section | None:
    """The eight steps of the certification path with status and what is missing."""
    programme = programme_of(municipality)
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
        "decided": reader_date(timezone.localdate(decision.decided_at)),
    }


def _certificate(certificate) -> dict[str, Any] | None:
    if certificate is None:
        return None
    return {
        "number": certificate.number,
        "issued_on": reader_date(certificate.issued_on),
        "expires_on": reader_date(certificate.expires_on),
    }


def certification_decision(municipality: Municipality) -> Section | None:
    """The certifiers' statement, the decision with reasons and the certificate."""
    programme = programme_of(municipality)
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
