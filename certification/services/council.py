"""The council's work: certifiers and conflicts, meeting, statement, decision."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core.audit import audit_change, model_snapshot
from safecommunity.core.models import AuditEntry, User
from safecommunity.core.notifications import notify

from .. import permissions
from ..models import (
    CaseStatus,
    CertificationCase,
    CertificationMeeting,
    CertifierAssignment,
    CertifierProfile,
    Decision,
    ImprovementPoint,
    Statement,
    Step,
    StepAssessment,
)
from ..notifications import case_notify
from ..selectors import certifier_refusals
from ..workflow import TransitionError
from .access import council_access_release
from .cases import certification_case_transition
from .certificates import certificate_issue

# Statuses in which the secretariat may change who the certifiers are.
ASSIGNABLE = {CaseStatus.PROFILE_SUBMITTED, CaseStatus.RECERTIFICATION_SUBMITTED}
ASSIGNABLE_LATE = {CaseStatus.CERTIFIERS_ASSIGNED}
REVIEW_STATUSES = {
    CaseStatus.CERTIFIERS_ASSIGNED,
    CaseStatus.STEPS_IN_PROGRESS,
    CaseStatus.READY_FOR_MEETING,
    CaseStatus.MEETING_HELD,
}


def meeting_refusal(*, case: CertificationCase) -> str | None:
    """Why the meeting of the case cannot be changed now, or None."""
    if case.status not in REVIEW_STATUSES:
        return _("The meeting can no longer be changed.")
    return None


def statement_refusal(*, case: CertificationCase) -> str | None:
    """Why the statement of the case cannot be written now, or None."""
    if case.status == CaseStatus.MEETING_HELD:
        return None
    if case.status in REVIEW_STATUSES:
        return _("The statement is written after the certification meeting is held.")
    return _("The statement can no longer be changed.")


def certifier_refusal(*, certifier: User, case: CertificationCase) -> str | None:
    """Why this person cannot be assigned to the case, or None."""
    return certifier_refusals(case=case, certifiers=[certifier])[certifier.pk]


@transaction.atomic
def certifier_assign(
    *, case: CertificationCase, certifier: User, actor: User
) -> CertifierAssignment:
    """Assign a certifier and give them read access to the municipality."""
    if not permissions.can_manage_council(actor):
        raise PermissionDenied
    case = CertificationCase.objects.select_for_update().get(pk=case.pk)
    if case.status not in ASSIGNABLE | ASSIGNABLE_LATE:
        raise ValidationError(
            _("Certifiers are assigned after the safety profile is submitted.")
        )
    reason = certifier_refusal(certifier=certifier, case=case)
    if reason:
        raise ValidationError(reason)
    assignment = CertifierAssignment.objects.create(
        case=case, certifier=certifier, round=case.round, assigned_by=actor
    )
    certifier.municipalities.add(*case.programme.area_municipalities())
    audit_change(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=assignment,
        municipality=case.programme.municipality,
        exclude=(),
    )
    notify(
        users=[certifier],
        subject=lambda: (
            _("You are assigned as certifier for %(municipality)s")
            % {"municipality": case.programme.area.name}
        ),
        body=lambda: _(
            "Open your work list in Trygg, declare your interests and accept the "
            "assignment."
        ),
        url=reverse("certification:worklist"),
    )
    return assignment


@transaction.atomic
def certifier_unassign(*, assignment: CertifierAssignment, actor: User) -> None:
    """Remove a certifier; their access goes when no other case needs it."""
    if not permissions.can_manage_council(actor):
        raise PermissionDenied
    case = CertificationCase.objects.select_for_update().get(pk=assignment.case_id)
    if case.status not in ASSIGNABLE | ASSIGNABLE_LATE:
        raise ValidationError(_("Certifiers can no longer be changed on this case."))
    assignment.removed_at = timezone.now()
    assignment.save(update_fields=["removed_at"])
    for municipality in case.programme.area_municipalities():
        council_access_release(
            certifier=assignment.certifier, municipality=municipality
        )
    audit_change(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=assignment,
        municipality=case.programme.municipality,
        exclude=(),
    )


@transaction.atomic
def certifier_respond(
    *,
    assignment: CertifierAssignment,
    actor: User,
    has_conflict: bool,
    declaration: str,
) -> CertifierAssignment:
    """The certifier accepts with a declaration of interests, or declares a conflict."""
    if actor.pk != assignment.certifier_id or assignment.removed_at is not None:
        raise PermissionDenied
    case = CertificationCase.objects.select_for_update().get(pk=assignment.case_id)
    if assignment.accepted_at is not None:
        raise ValidationError(_("You have already accepted this assignment."))
    before = model_snapshot(assignment)
    assignment.declaration = declaration.strip()
    if has_conflict:
        if not assignment.declaration:
            raise ValidationError(_("Describe the conflict of interest."))
        profile, _created = CertifierProfile.objects.get_or_create(user=actor)
        profile.conflicts.add(*case.programme.area_municipalities())
        assignment.removed_at = timezone.now()
        assignment.save(update_fields=["declaration", "removed_at"])
        for municipality in case.programme.area_municipalities():
            council_access_release(certifier=actor, municipality=municipality)
    else:
        assignment.accepted_at = timezone.now()
        assignment.save(update_fields=["declaration", "accepted_at"])
    audit_change(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=assignment,
        municipality=case.programme.municipality,
        before=before,
        exclude=(),
    )
    case_notify(
        case=case,
        actor=actor,
        secretariat=True,
        subject=lambda: (
            _("%(municipality)s: a certifier has responded")
            % {"municipality": case.programme.area.name}
        ),
        body=lambda: (
            (
                _("%(name)s declared a conflict of interest and withdrew.")
                if has_conflict
                else _("%(name)s accepted the assignment.")
            )
            % {"name": actor.get_full_name() or actor.username}
        ),
    )
    return assignment


def _require_reviewer(actor: User, case: CertificationCase) -> None:
    if not permissions.can_review_case(actor, case):
        raise PermissionDenied


@transaction.atomic
def meeting_save(
    *,
    case: CertificationCase,
    actor: User,
    scheduled_for: datetime.datetime,
    mode: str,
    location: str = "",
    participants: str = "",
    held_on: datetime.date | None = None,
    notes: str = "",
) -> CertificationMeeting:
    """Schedule or record the certification meeting of the current round."""
    _require_reviewer(actor, case)
    case = CertificationCase.objects.select_for_update().get(pk=case.pk)
    refusal = meeting_refusal(case=case)
    if refusal:
        raise ValidationError(refusal)
    if held_on is not None and held_on > timezone.localdate():
        raise ValidationError(_("A meeting cannot be recorded as held in the future."))
    meeting, _created = CertificationMeeting.objects.get_or_create(
        case=case,
        round=case.round,
        defaults={"scheduled_for": scheduled_for, "mode": mode},
    )
    before = model_snapshot(meeting)
    for name, value in {
        "scheduled_for": scheduled_for,
        "mode": mode,
        "location": location.strip(),
        "participants": participants.strip(),
        "held_on": held_on,
        "notes": notes.strip(),
    }.items():
        setattr(meeting, name, value)
    meeting.updated_by = actor
    meeting.full_clean(exclude=["case", "updated_by"])
    meeting.save()
    if case.status == CaseStatus.READY_FOR_MEETING:
        CertificationCase.objects.filter(pk=case.pk).update(
            due_date=timezone.localdate(scheduled_for)
        )
    audit_change(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=meeting,
        municipality=case.programme.municipality,
        before=before,
        exclude=(),
    )
    return meeting


@transaction.atomic
def statement_save(
    *,
    case: CertificationCase,
    actor: User,
    summary: str,
    recommendation: str,
    assessments: dict[int, str],
    improvement_points: list[str],
) -> Statement:
    """Write or revise the statement of the current round (certifiers only)."""
    if not permissions.can_write_statement(actor, case):
        raise PermissionDenied
    case = CertificationCase.objects.select_for_update().get(pk=case.pk)
    refusal = statement_refusal(case=case)
    if refusal:
        raise ValidationError(refusal)
    statement, _created = Statement.objects.get_or_create(
        case=case,
        round=case.round,
        defaults={"summary": summary, "recommendation": recommendation},
    )
    before = model_snapshot(statement)
    statement.summary = summary.strip()
    statement.recommendation = recommendation
    statement.written_by = actor
    statement.full_clean(exclude=["case", "written_by"])
    statement.save()
    steps = {s.pk: s for s in Step.objects.all()}
    for step_id, text in assessments.items():
        if text.strip():
            StepAssessment.objects.update_or_create(
                statement=statement,
                step=steps[step_id],
                defaults={"text": text.strip()},
            )
        else:
            StepAssessment.objects.filter(statement=statement, step_id=step_id).delete()
    statement.improvement_points.all().delete()
    ImprovementPoint.objects.bulk_create(
        ImprovementPoint(statement=statement, order=i, text=text.strip())
        for i, text in enumerate(improvement_points, start=1)
        if text.strip()
    )
    audit_change(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=statement,
        municipality=case.programme.municipality,
        before=before,
        exclude=(),
    )
    return statement


@transaction.atomic
def decision_record(
    *,
    case: CertificationCase,
    actor: User,
    outcome: str,
    reasons: str,
    conditions: str = "",
    expected_status: str | None = None,
) -> Decision:
    """Record the secretariat's decision, move the case, and certify on approval."""
    if not permissions.can_decide_case(actor, case):
        raise PermissionDenied
    locked = CertificationCase.objects.select_for_update().get(pk=case.pk)
    if locked.status != (expected_status or case.status):
        raise TransitionError(
            _(
                "Someone else changed this case while you were working; nothing was saved."
            )
        )
    if locked.status != CaseStatus.STATEMENT_WRITTEN:
        raise TransitionError(
            _("A decision is recorded once the statement is written.")
        )
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision."))
    if outcome == Decision.Outcome.DEFERRED and not conditions.strip():
        raise ValidationError(_("Say which conditions must be met."))
    decision = Decision.objects.create(
        case=locked,
        round=locked.round,
        outcome=outcome,
        reasons=reasons.strip(),
        conditions=conditions.strip(),
        decided_by=actor,
    )
    audit_change(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=decision,
        municipality=locked.programme.municipality,
        exclude=(),
    )
    certification_case_transition(
        case=locked, to_status=outcome, actor=actor, comment=decision.reasons
    )
    if outcome == Decision.Outcome.APPROVED:
        certificate_issue(case=locked, actor=actor)
    case.status, case.round = locked.status, locked.round
    return decision
