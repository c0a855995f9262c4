"""Writes on the eight steps: opening a case, step status, evidence, notes, comments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Programme
from programmes.services.programme import programme_status_set
from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import AuditEntry, User
from safecommunity.core.services import audit_record, document_create, model_snapshot

from .. import permissions
from ..models import (
    CaseComment,
    CaseStatus,
    CertificationCase,
    Evidence,
    Requirement,
    RequirementNote,
    Step,
    StepProgress,
)
from ..selectors import case_open_for_programme, missing_requirements

Status = StepProgress.Status


def _audit(actor, action, obj, programme, before=None, comment=""):
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=model_snapshot(obj) if action != AuditEntry.Action.DELETE else None,
        municipality=programme.municipality,
        comment=comment,
    )


@transaction.atomic
def certification_case_open(*, programme: Programme, actor: User) -> CertificationCase:
    """Open a draft case for the programme, or return the open one."""
    if not permissions.can_edit_programme_path(actor, programme):
        raise PermissionDenied
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    existing = case_open_for_programme(programme=programme)
    if existing is not None:
        return existing
    case = CertificationCase.objects.create(programme=programme)
    _audit(actor, AuditEntry.Action.CREATE, case, programme)
    from .certificates import application_prepare

    application_prepare(case=case, actor=actor)
    if programme.status in {
        Programme.Status.INTERESTED,
        Programme.Status.NETWORK_MEMBER,
    }:
        programme_status_set(
            programme=programme,
            to_status=Programme.Status.WORKING_TOWARDS,
            actor=actor,
        )
    return case


def _reviewing_case(programme: Programme, actor: User) -> CertificationCase | None:
    case = case_open_for_programme(programme=programme)
    if case is not None and permissions.is_reviewing_certifier(actor, case):
        return case
    return None


@transaction.atomic
def step_status_set(
    *, programme: Programme, step: Step, status: str, actor: User
) -> StepProgress:
    """Set a step's status; done needs all required evidence, accepted needs a certifier."""
    progress, _created = StepProgress.objects.select_for_update().get_or_create(
        programme=programme, step=step
    )
    before = model_snapshot(progress)
    if status == Status.ACCEPTED:
        if _reviewing_case(programme, actor) is None:
            raise PermissionDenied
        if progress.status != Status.DONE:
            raise ValidationError(_("Only a step marked as done can be accepted."))
        progress.accepted_at = timezone.now()
        progress.accepted_by = actor
    else:
        if not permissions.can_edit_programme_path(actor, programme):
            raise PermissionDenied
        if progress.status == Status.ACCEPTED and not (
            core_permissions.is_secretariat(actor)
        ):
            raise ValidationError(
                _(
                    "The certifiers have accepted this step; it can no longer be changed."
                )
            )
        if status == Status.DONE:
            missing = missing_requirements(programme, [step.number]).get(step.number)
            if missing:
                raise ValidationError(
                    _(
                        "The step cannot be marked as done; evidence is missing for: %(m)s."
                    )
                    % {"m": "; ".join(r.text for r in missing)}
                )
            progress.completed_at = timezone.now()
        progress.accepted_at = None
        progress.accepted_by = None
    progress.status = status
    progress.save()
    _audit(actor, AuditEntry.Action.UPDATE, progress, programme, before=before)
    return progress


def _require_editor(actor: User, programme: Programme) -> None:
    if not permissions.can_edit_programme_path(actor, programme):
        raise PermissionDenied


@transaction.atomic
def evidence_add(
    *,
    programme: Programme,
    requirement: Requirement,
    actor: User,
    kind: str,
    upload=None,
    meeting=None,
    initiative=None,
    report=None,
    title: str = "",
    url: str = "",
) -> Evidence:
    """Attach evidence to a requirement: an upload, a programme record or a plan reference."""
    _require_editor(actor, programme)
    for linked in (meeting, initiative, report):
        if linked is not None and _programme_of(linked) != programme.pk:
            raise ValidationError(_("That record belongs to another programme."))
    document = None
    if kind == Evidence.Kind.DOCUMENT:
        if upload is None:
            raise ValidationError(_("Choose a file to upload."))
        document = document_create(
            actor=actor, upload=upload, title=title, municipality=programme.municipality
        )
    if kind == Evidence.Kind.PLAN and not (title.strip() or url.strip()):
        raise ValidationError(_("Give the plan's name or web address."))
    evidence = Evidence(
        programme=programme,
        requirement=requirement,
        kind=kind,
        document=document,
        meeting=meeting if kind == Evidence.Kind.MEETING else None,
        initiative=initiative if kind == Evidence.Kind.INITIATIVE else None,
        report=report if kind == Evidence.Kind.REPORT else None,
        title=title.strip(),
        url=url.strip(),
        created_by=actor,
    )
    evidence.full_clean(exclude=["programme", "requirement", "created_by"])
    evidence.save()
    progress, _created = StepProgress.objects.get_or_create(
        programme=programme, step=requirement.step
    )
    if progress.status == Status.NOT_STARTED:
        progress.status = Status.IN_PROGRESS
        progress.save(update_fields=["status", "updated_at"])
    _audit(actor, AuditEntry.Action.CREATE, evidence, programme)
    return evidence


def _programme_of(obj) -> int | None:
    if hasattr(obj, "programme_id"):
        return obj.programme_id
    return obj.initiative.programme_id  # an initiative report


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: User) -> None:
    """Remove evidence; a done step that now lacks evidence goes back to in progress."""
    programme = evidence.programme
    _require_editor(actor, programme)
    step = evidence.requirement.step
    progress = (
        StepProgress.objects.select_for_update()
        .filter(programme=programme, step=step)
        .first()
    )
    if progress is not None and progress.status == Status.ACCEPTED:
        raise ValidationError(
            _("The certifiers have accepted this step; its evidence is kept.")
        )
    before = model_snapshot(evidence)
    evidence.delete()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=evidence,
        before=before,
        municipality=programme.municipality,
    )
    if (
        progress is not None
        and progress.status == Status.DONE
        and missing_requirements(programme, [step.number]).get(step.number)
    ):
        progress.status = Status.IN_PROGRESS
        progress.save(update_fields=["status", "updated_at"])


@transaction.atomic
def requirement_note_set(
    *, programme: Programme, requirement: Requirement, text: str, actor: User
) -> RequirementNote:
    """Save the coordinator's note on one requirement."""
    _require_editor(actor, programme)
    note, _created = RequirementNote.objects.get_or_create(
        programme=programme, requirement=requirement
    )
    before = model_snapshot(note)
    note.text = text.strip()
    note.updated_by = actor
    note.save()
    _audit(actor, AuditEntry.Action.UPDATE, note, programme, before=before)
    return note


@transaction.atomic
def case_comment_add(
    *,
    case: CertificationCase,
    actor: User,
    body: str,
    step: Step | None = None,
    requirement: Requirement | None = None,
) -> CaseComment:
    """Comment on a case, a step or a requirement; tells the people concerned."""
    from ..notifications import case_notify

    if not permissions.can_comment_case(actor, case):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError(_("Write a comment."))
    if case.status in {CaseStatus.DECLINED, CaseStatus.LAPSED}:
        raise ValidationError(_("The case is closed."))
    if requirement is not None:
        step = requirement.step
    comment = CaseComment.objects.create(
        case=case, author=actor, body=body.strip(), step=step, requirement=requirement
    )
    _audit(actor, AuditEntry.Action.CREATE, comment, case.programme)
    case_notify(
        case=case,
        actor=actor,
        subject=_("%(municipality)s: new comment on the certification case")
        % {"municipality": case.programme.municipality.name},
        body=comment.body,
    )
    return comment


REQUIREMENT_FIELDS = ("order", "text_nb", "text_en", "text_sv", "required", "active")


@transaction.atomic
def requirement_save(
    *, actor: User, step: Step, fields: dict, requirement: Requirement | None = None
) -> Requirement:
    """Add a requirement to a step's checklist, or change one (the secretariat).

    A requirement is never deleted, since evidence refers to it: one no longer
    asked is made inactive and kept for the history.
    """
    if not permissions.can_edit_checklists(actor):
        raise PermissionDenied
    if requirement is None:
        requirement = Requirement(step=step)
        before = None
    else:
        requirement = Requirement.objects.select_for_update().get(pk=requirement.pk)
        before = model_snapshot(requirement)
    for name in REQUIREMENT_FIELDS:
        setattr(requirement, name, fields[name])
    requirement.full_clean()
    requirement.save()
    after = model_snapshot(requirement)
    if before != after:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE
            if before is None
            else AuditEntry.Action.UPDATE,
            obj=requirement,
            before=before,
            after=after,
        )
    return requirement
