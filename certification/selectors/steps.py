"""Reads of the eight steps: progress, evidence, the path overview, checklists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404

from programmes.models import Programme
from safecommunity.core.geography import municipality_key_q, pick_by_key
from safecommunity.core.models import User

from .. import permissions
from ..models import (
    CaseComment,
    CertificationCase,
    Evidence,
    Requirement,
    RequirementNote,
    Step,
    StepProgress,
)


def step_progress_map(programme: Programme) -> dict[int, StepProgress]:
    """The programme's progress rows keyed by step number."""
    rows = StepProgress.objects.filter(programme=programme).select_related("step")
    return {row.step.number: row for row in rows}


def missing_requirements(
    programme: Programme, numbers: Iterable[int] | None = None
) -> dict[int, list[Requirement]]:
    """Required, active requirements without evidence, keyed by step number."""
    qs = (
        Requirement.objects.for_programme(programme)
        .filter(active=True, required=True)
        .select_related("step")
    )
    if numbers is not None:
        qs = qs.filter(step__number__in=list(numbers))
    qs = qs.exclude(evidence__programme=programme)
    result: dict[int, list[Requirement]] = {}
    for requirement in qs:
        result.setdefault(requirement.step.number, []).append(requirement)
    return result


@dataclass
class RequirementRow:
    requirement: Requirement
    evidence: list[Evidence]
    note: str
    comments: list[CaseComment] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.requirement.required and not self.evidence


@dataclass
class StepRow:
    step: Step
    status: str
    status_label: str
    requirements: list[RequirementRow]
    comments: list[CaseComment] = field(default_factory=list)

    @property
    def missing(self) -> list[Requirement]:
        return [r.requirement for r in self.requirements if r.missing]

    @property
    def is_complete(self) -> bool:
        return self.status in {StepProgress.Status.DONE, StepProgress.Status.ACCEPTED}


def programme_get(
    *, user: User, code: str | None = None, pk: int | None = None
) -> Programme:
    """The programme of a municipality (by `code`) or a regional programme (by
    `pk`) the user may read; 404 otherwise."""
    if pk is not None:
        programme = (
            Programme.objects.select_related("county__country")
            .filter(pk=pk, county__isnull=False)
            .first()
        )
    else:
        programme = pick_by_key(
            list(
                Programme.objects.select_related(
                    "municipality__county__country"
                ).filter(municipality_key_q(code or "", "municipality__"))
            ),
            code or "",
            country_of=lambda programme: programme.municipality.country_code,
        )
    if programme is None or not permissions.can_view_programme_path(user, programme):
        raise Http404
    return programme


def path_overview(
    *, programme: Programme, case: CertificationCase | None = None
) -> list[StepRow]:
    """The eight steps with status, requirements, evidence, notes and missing items."""
    progress = step_progress_map(programme)
    evidence = Evidence.objects.filter(programme=programme).select_related(
        "document", "meeting", "initiative", "report"
    )
    notes = RequirementNote.objects.filter(programme=programme)
    steps = Step.objects.prefetch_related(
        Prefetch(
            "requirements",
            queryset=Requirement.objects.for_programme(programme).filter(active=True),
            to_attr="active_requirements",
        ),
        Prefetch("active_requirements__evidence", queryset=evidence, to_attr="mine"),
        Prefetch("active_requirements__notes", queryset=notes, to_attr="my_notes"),
    )
    comments: list[CaseComment] = []
    if case is not None:
        comments = list(case.comments.select_related("author"))
    rows = []
    for step in steps:
        row_progress = progress.get(step.number)
        status = (
            row_progress.status if row_progress else StepProgress.Status.NOT_STARTED
        )
        # `active_requirements`, `mine` and `my_notes` are the prefetches above.
        requirements = [
            RequirementRow(
                requirement=r,
                evidence=r.mine,
                note=r.my_notes[0].text if r.my_notes else "",
                comments=[c for c in comments if c.requirement_id == r.pk],
            )
            for r in step.active_requirements
        ]
        rows.append(
            StepRow(
                step=step,
                status=status,
                status_label=str(StepProgress.Status(status).label),
                requirements=requirements,
                comments=[
                    c for c in comments if c.step_id == step.pk and not c.requirement_id
                ],
            )
        )
    return rows


def path_step(
    *, programme: Programme, step: Step, case: CertificationCase | None = None
) -> StepRow:
    """One step's row of the path overview."""
    rows = path_overview(programme=programme, case=case)
    return next(row for row in rows if row.step.pk == step.pk)


def next_step(rows: list[StepRow]) -> StepRow | None:
    """The first step that is not yet done."""
    return next((row for row in rows if not row.is_complete), None)


def checklists() -> QuerySet[Step]:
    """Every step with all its requirements, inactive ones included, in order."""
    return Step.objects.prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("order", "id"))
    )


def requirement_next_order(*, step: Step) -> int:
    """The order number after the step's last requirement."""
    last = step.requirements.aggregate(last=Max("order"))["last"]
    return (last or 0) + 1
