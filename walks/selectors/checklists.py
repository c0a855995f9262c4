"""Reads of Risikorydding, with disclosure control on the aggregates.

A small count of answers never leaves this module: a checklist with too few
responses shows no figures at all, and a question whose "no" (or "yes")
count is small shows neither. `injuries.statistics.disclosure` decides what
is small.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from injuries.statistics import disclosure
from programmes.models import Programme

from ..models import Checklist, ChecklistLink, ChecklistQuestion


def checklists_active() -> QuerySet[Checklist]:
    """Checklists offered to the public, with their active questions."""
    return Checklist.objects.filter(active=True).prefetch_related(
        Prefetch(
            "questions",
            queryset=ChecklistQuestion.objects.filter(active=True),
            to_attr="active_questions",
        )
    )


def checklist_link_for_token(*, token: str) -> ChecklistLink | None:
    """The municipality's checklist link for a token, or None."""
    if not token or len(token) > 64:
        return None
    return (
        ChecklistLink.objects.select_related("programme__municipality")
        .filter(token=token)
        .first()
    )


@dataclass
class QuestionRow:
    question: ChecklistQuestion
    answered: int | None  # None: suppressed
    hazards: int | None  # "no" answers; None: suppressed
    share: int | None  # percent of answers that were "no"


@dataclass
class ChecklistSummary:
    checklist: Checklist
    responses: int | None  # None: below the threshold
    rows: list[QuestionRow] = field(default_factory=list)


def checklist_aggregate(*, programme: Programme) -> list[ChecklistSummary]:
    """Per checklist: responses and the share of "no" per question, most common first."""
    checklists = list(
        Checklist.objects.annotate(
            n=Count("responses", filter=Q(responses__programme=programme))
        ).order_by("order", "id")
    )
    counts = {
        row["pk"]: row
        for row in ChecklistQuestion.objects.filter(
            answers__response__programme=programme
        )
        .values("pk")
        .annotate(
            answered=Count("answers"),
            hazards=Count("answers", filter=Q(answers__answer=False)),
        )
    }
    questions = ChecklistQuestion.objects.filter(
        checklist__in=[c.pk for c in checklists]
    ).order_by("checklist", "order", "id")
    by_checklist: dict[int, list[ChecklistQuestion]] = {}
    for question in questions:
        by_checklist.setdefault(question.checklist_id, []).append(question)
    summaries = []
    for checklist in checklists:
        if checklist.n == 0 and not checklist.active:
            continue
        summary = ChecklistSummary(
            checklist, checklist.n if disclosure.enough(checklist.n) else None
        )
        if summary.responses is not None:
            for question in by_checklist.get(checklist.pk, []):
                row = counts.get(question.pk, {"answered": 0, "hazards": 0})
                summary.rows.append(_row(question, row))
            summary.rows.sort(key=lambda r: -(r.share if r.share is not None else -1))
        summaries.append(summary)
    return summaries


def _row(question: ChecklistQuestion, row: dict) -> QuestionRow:
    answered, hazards = row["answered"], row["hazards"]
    if not disclosure.enough(answered):
        return QuestionRow(question, None, None, None)
    # A small count of "no" (or of "yes") would point at few households.
    if not all(disclosure.protect_parts([hazards, answered - hazards])):
        return QuestionRow(question, answered, None, None)
    return QuestionRow(question, answered, hazards, round(100 * hazards / answered))
