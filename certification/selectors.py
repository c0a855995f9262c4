"""Reads for certification, scoped to the user asking."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import FocusArea, Programme
from safecommunity.core import permissions as core_permissions
from safecommunity.core.geography import municipality_key_q, pick_by_key
from safecommunity.core.models import Role, StatusChange, User

from . import permissions
from .models import (
    REQUIRED_CERTIFIERS,
    Application,
    ApplicationSection,
    CaseComment,
    CaseStatus,
    Certificate,
    CertificationCase,
    CertificationMeeting,
    CertifierAssignment,
    CertifierProfile,
    Decision,
    Designation,
    Evidence,
    Requirement,
    RequirementNote,
    Statement,
    Step,
    StepProgress,
)

OPEN_STATUSES = CaseStatus.open()


# Steps and evidence ----------------------------------------------------------


def step_progress_map(programme: Programme) -> dict[int, StepProgress]:
    """The programme's progress rows keyed by step number."""
    rows = StepProgress.objects.filter(programme=programme).select_related("step")
    return {row.step.number: row for row in rows}


def missing_requirements(
    programme: Programme, numbers: Iterable[int] | None = None
) -> dict[int, list[Requirement]]:
    """Required, active requirements without evidence, keyed by step number."""
    qs = Requirement.objects.filter(active=True, required=True).select_related("step")
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


def programme_get(*, user: User, code: str) -> Programme:
    """The programme of a municipality the user may read; 404 otherwise."""
    programme = pick_by_key(
        list(
            Programme.objects.select_related("municipality__county__country").filter(
                municipality_key_q(code, "municipality__")
            )
        ),
        code,
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
            queryset=Requirement.objects.filter(active=True),
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
                evidence=r.mine,  # type: ignore[attr-defined]
                note=r.my_notes[0].text if r.my_notes else "",  # type: ignore[attr-defined]
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


# Cases -----------------------------------------------------------------------


def _case_queryset() -> QuerySet[CertificationCase]:
    return CertificationCase.objects.select_related(
        "programme__municipality__county__country"
    )


def case_get(*, user: User, pk: int) -> CertificationCase:
    """One case the user may see; 404 when missing or not theirs to see."""
    case = _case_queryset().filter(pk=pk).first()
    if case is None or not permissions.can_view_case(user, case):
        raise Http404
    return case


def case_open_for_programme(*, programme: Programme) -> CertificationCase | None:
    """The programme's open (not declined or lapsed) case, if any."""
    return (
        _case_queryset()
        .filter(programme=programme, status__in=OPEN_STATUSES)
        .order_by("-id")
        .first()
    )


def case_list(
    *,
    user: User,
    status: str = "",
    query: str = "",
    overdue: bool = False,
) -> QuerySet[CertificationCase]:
    """Cases the user may see, filtered, with certifiers prefetched."""
    qs = _case_queryset().prefetch_related(
        Prefetch(
            "assignments",
            queryset=CertifierAssignment.objects.active().select_related("certifier"),
            to_attr="active_assignments",
        )
    )
    if core_permissions.has_role(user, Role.CERTIFIER) and not (
        core_permissions.is_secretariat(user)
    ):
        qs = qs.filter(
            assignments__certifier=user, assignments__removed_at__isnull=True
        ).distinct()
    else:
        ids = core_permissions.readable_municipality_ids(user)
        if ids is not None:
            qs = qs.filter(programme__municipality__in=ids)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(
            Q(programme__municipality__name__icontains=query)
            | Q(programme__municipality__code__startswith=query)
        )
    if overdue:
        qs = qs.filter(due_date__lt=timezone.localdate())
    return qs.order_by("due_date", "programme__municipality__code", "id")


def certifier_worklist(*, user: User) -> QuerySet[CertificationCase]:
    """The certifier's cases, with the state of their own assignment."""
    mine = CertifierAssignment.objects.active().filter(certifier=user)
    return (
        _case_queryset()
        .filter(assignments__in=mine)
        .distinct()
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=mine.order_by("-round"),
                to_attr="my_assignments",
            )
        )
        .order_by("due_date", "id")
    )


def certifier_refusals(
    *, case: CertificationCase, certifiers: Sequence[User]
) -> dict[int, str | None]:
    """Why each person cannot be assigned to the case (None: they can), by user id.

    A fixed number of queries, however many council members are asked about.
    """
    municipality = case.programme.municipality
    ids = [user.pk for user in certifiers]
    belongs = set(
        User.municipalities.through.objects.filter(
            user_id__in=ids, municipality_id=municipality.pk
        ).values_list("user_id", flat=True)
    )
    # Read access an assignment gave is no tie to the municipality.
    belongs -= set(
        CertifierAssignment.objects.active()
        .filter(certifier_id__in=ids, case__programme__municipality=municipality)
        .values_list("certifier_id", flat=True)
    )
    home = set(
        CertifierProfile.objects.filter(
            user_id__in=ids, home_municipality=municipality
        ).values_list("user_id", flat=True)
    )
    conflict = set(
        CertifierProfile.objects.filter(
            user_id__in=ids, conflicts=municipality
        ).values_list("user_id", flat=True)
    )
    active = list(
        CertifierAssignment.objects.active_on(case).values_list(
            "certifier_id", flat=True
        )
    )
    names = {"municipality": municipality.name}
    result: dict[int, str | None] = {}
    for user in certifiers:
        names["name"] = user.get_full_name() or user.username
        reason = None
        if user.role != Role.CERTIFIER or not user.is_active:
            reason = _("%(name)s is not an active member of the certification council.")
        elif user.pk in belongs:
            reason = _("%(name)s belongs to %(municipality)s and cannot certify it.")
        elif user.pk in home:
            reason = _("%(name)s is from %(municipality)s and cannot certify it.")
        elif user.pk in conflict:
            reason = _(
                "%(name)s has declared a conflict of interest with %(municipality)s."
            )
        elif user.pk in active:
            reason = _("%(name)s is already assigned to this case.")
        elif len(active) >= REQUIRED_CERTIFIERS:
            reason = _("The case already has two certifiers; remove one first.")
        result[user.pk] = reason % names if reason else None
    return result


def certifier_candidates(*, case: CertificationCase) -> list[tuple[User, str | None]]:
    """Every active council member, each with why they cannot take the case."""
    members = list(User.objects.filter(role=Role.CERTIFIER, is_active=True))
    refusals = certifier_refusals(case=case, certifiers=members)
    return [(user, refusals[user.pk]) for user in members]


@dataclass
class CaseRound:
    """The case's records of its current round."""

    assignments: list[CertifierAssignment]
    meeting: CertificationMeeting | None
    statement: Statement | None
    decision: Decision | None
    application: Application | None


def case_round(*, case: CertificationCase) -> CaseRound:
    """The current round's certifiers, meeting, statement, decision and application."""
    return CaseRound(
        assignments=list(
            CertifierAssignment.objects.active_on(case).select_related("certifier")
        ),
        meeting=CertificationMeeting.objects.filter(
            case=case, round=case.round
        ).first(),
        statement=Statement.objects.filter(case=case, round=case.round)
        .prefetch_related("assessments__step", "improvement_points")
        .first(),
        decision=Decision.objects.filter(case=case, round=case.round).first(),
        application=Application.objects.filter(case=case, round=case.round)
        .prefetch_related("sections")
        .first(),
    )


def case_assignments(*, case: CertificationCase) -> QuerySet[CertifierAssignment]:
    """The case's certifiers of every round, not removed, oldest round first."""
    return (
        CertifierAssignment.objects.active()
        .filter(case=case)
        .select_related("certifier")
        .order_by("round", "id")
    )


def application_sections(
    *, case: CertificationCase
) -> tuple[Application | None, list[ApplicationSection]]:
    """The current round's application and its sections, with an unsaved section
    for each focus area that has none yet (saving the application makes them)."""
    application = (
        Application.objects.filter(case=case, round=case.round)
        .select_related("copied_from")
        .first()
    )
    sections = list(application.sections.all()) if application else []
    covered = {section.focus_area_id for section in sections}
    sections += [
        ApplicationSection(focus_area=area, focus_area_title=area.title)
        for area in case.programme.focus_areas.exclude(pk__in=covered)
    ]
    return application, sections


@dataclass
class TimelineEntry:
    when: datetime.datetime
    who: User | None
    kind: str  # "status" or "comment"
    from_status: str = ""
    to_status: str = ""
    text: str = ""
    about: str = ""


def case_timeline(*, case: CertificationCase) -> list[TimelineEntry]:
    """Status changes and comments of a case, oldest first."""
    status_label = CaseStatus.label_of
    ct = ContentType.objects.get_for_model(CertificationCase)
    entries = [
        TimelineEntry(
            when=row.created_at,
            who=row.actor,
            kind="status",
            from_status=status_label(row.from_status) if row.from_status else "",
            to_status=status_label(row.to_status),
            text=row.comment,
        )
        for row in StatusChange.objects.filter(
            content_type=ct, object_id=case.pk
        ).select_related("actor")
    ]
    for comment in case.comments.select_related("author", "step", "requirement"):
        about = str(comment.requirement or comment.step or "")
        entries.append(
            TimelineEntry(
                when=comment.created_at,
                who=comment.author,
                kind="comment",
                text=comment.body,
                about=about,
            )
        )
    entries.sort(key=lambda e: e.when)
    return entries


# Public register -------------------------------------------------------------


def _valid_certificates() -> QuerySet[Certificate]:
    """Certificates valid today, of cases neither lapsed nor declined."""
    today = timezone.localdate()
    return Certificate.objects.filter(
        issued_on__lte=today, expires_on__gte=today
    ).exclude(case__status__in=CaseStatus.closed())


def register_list() -> list[Certificate]:
    """Valid certificates today, one per municipality, with focus areas; public."""
    certificates = (
        _valid_certificates()
        .select_related("case__programme__municipality__county__country")
        .prefetch_related(
            Prefetch(
                "case__programme__focus_areas",
                queryset=FocusArea.objects.order_by("priority", "id"),
            )
        )
        .order_by("case__programme__municipality__name", "-issued_on")
    )
    seen: set[int] = set()
    result = []
    for certificate in certificates:
        programme_id = certificate.case.programme_id
        if programme_id not in seen:
            seen.add(programme_id)
            result.append(certificate)
    return result


# For the reports app ---------------------------------------------------------


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


def is_certified(*, programme: Programme) -> bool:
    """Whether the programme holds a certificate valid today."""
    return _valid_certificates().filter(case__programme=programme).exists()


def designation_latest(*, programme: Programme) -> Designation | None:
    """The programme's newest ISCCC designation case, open or decided."""
    return programme.designations.order_by("-created_at", "-id").first()


def designations_to_decide() -> QuerySet[Designation]:
    """Submitted ISCCC applications, oldest first; for the secretariat."""
    return (
        Designation.objects.filter(status=Designation.Status.SUBMITTED)
        .select_related("programme__municipality")
        .order_by("submitted_at", "id")
    )


def designated_programme_ids() -> set[int]:
    """Programmes whose ISCCC designation is valid today."""
    today = timezone.localdate()
    return set(
        Designation.objects.filter(
            status=Designation.Status.DESIGNATED,
            decided_on__lte=today,
            valid_until__gte=today,
        ).values_list("programme_id", flat=True)
    )


def designation_get(*, user: User, pk: int) -> Designation:
    """One ISCCC application the user may read; 404 otherwise."""
    designation = (
        Designation.objects.select_related("programme__municipality")
        .filter(pk=pk)
        .first()
    )
    if designation is None or not permissions.can_view_programme_path(
        user, designation.programme
    ):
        raise Http404
    return designation


def checklists() -> QuerySet[Step]:
    """Every step with all its requirements, inactive ones included, in order."""
    return Step.objects.prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("order", "id"))
    )


def requirement_next_order(*, step: Step) -> int:
    """The order number after the step's last requirement."""
    last = step.requirements.aggregate(last=Max("order"))["last"]
    return (last or 0) + 1
