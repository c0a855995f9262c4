"""Certification as the reports app shows it: progress, deadline, record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404

from programmes.models import Programme
from safecommunity.core.models import User

from .. import permissions
from ..models import (
    CaseStatus,
    CertificationCase,
    Decision,
    Statement,
)
from .cases import case_open_for_programme
from .steps import path_overview


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    label: str
    case_id: int


def certification_progress(*, programme: Programme) -> dict:
    """Steps done out of eight, per-step status and the open case's status."""
    rows = path_overview(programme=programme)
    case = case_open_for_programme(programme=programme)
    return {
        "steps_done": sum(1 for r in rows if r.is_complete),
        "steps_total": len(rows),
        "steps": [
            {
                "number": r.step.number,
                "name": r.step.name,
                "status": r.status,
                "missing": [q.text for q in r.missing],
            }
            for r in rows
        ],
        "case_status": case.status if case else None,
        "case_id": case.pk if case else None,
    }


def certification_next_deadline(*, programme: Programme) -> Deadline | None:
    """The open case's next deadline (or certificate expiry), if any."""
    case = case_open_for_programme(programme=programme)
    if case is None or case.due_date is None:
        return None
    return Deadline(
        date=case.due_date, label=CaseStatus.label_of(case.status), case_id=case.pk
    )


def certification_dossier(*, user: User, programme: Programme) -> dict | None:
    """Latest statement (with assessments and points) and decision, for a dossier."""
    if not permissions.can_view_programme_path(user, programme):
        raise Http404
    return certification_record(programme=programme)


def certification_record(*, programme: Programme) -> dict | None:
    """Latest statement, decision and certificate; unscoped, for system tasks."""
    case = (
        CertificationCase.objects.filter(programme=programme)
        .annotate(n=Count("statements"))
        .filter(n__gt=0)
        .order_by("-id")
        .first()
    )
    if case is None:
        return None
    statement = (
        Statement.objects.filter(case=case)
        .prefetch_related("assessments__step", "improvement_points")
        .order_by("-round")
        .first()
    )
    decision = (
        Decision.objects.filter(case=case, round=statement.round).first()
        if statement
        else None
    )
    certificate = case.certificates.order_by("-round").first()
    return {
        "case": case,
        "statement": statement,
        "assessments": list(statement.assessments.all()) if statement else [],
        "improvement_points": list(statement.improvement_points.all())
        if statement
        else [],
        "decision": decision,
        "certificate": certificate,
    }
