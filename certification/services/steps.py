"""Writes on the eight steps: opening a case, step status, evidence, notes, comments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Initiative, InitiativeReport, Meeting, Programme
from safecommunity.core import workflow as engine
from safecommunity.core.audit import audit_change, audit_record, model_snapshot
from safecommunity.core.models import AuditEntry, Document, User
from safecommunity.core.services import document_create

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
from ..notifications import case_notify
from ..selectors import case_open_for_programme, missing_requirements
from ..workflow import STEP_WORKFLOW, TransitionError

Status = StepProgress.Status


def _enter_step(
    progress: StepProgress, from_status: str, actor: User | None, comment: str
) -> None:
    """Entry actions: when the step was done, and who accepted it."""
    if progress.status == Status.DONE:
        progress.completed_at = timezone.now()
    if progress.status == Status.ACCEPTED:
        progress.accepted_at = timezone.now()
        progress.accepted_by = actor
    else:
        progress.accepted_at = None
        progress.accepted_by = None


def _step_move(progress: StepProgress, status: str, actor: User) -> StepProgress:
    try:
        return engine.transition(
            workflow=STEP_WORKFLOW,
            obj=progress,
            to_status=status,
            actor=actor,
            enter=_enter_step,
        )
    except TransitionError as refused:
        raise ValidationError(refused.message) from refused


@transaction.atomic
def step_status_set(
    *, programme: Programme, step: Step, status: str, actor: User
) -> StepProgress:
    """Set a step's status; done needs all required evidence, accepted needs a certifier."""
    if status == Status.ACCEPTED:
        case = case_open_for_programme(programme=programme)
        if not permissions.can_accept_step(actor, case):
            raise PermissionDenied
    elif not permissions.can_edit_programme_path(actor, programme):
        raise PermissionDenied
    progress, _created = StepProgress.objects.select_for_update().get_or_create(
        programme=programme, step=step
    )
    if progress.status == status:
        return progress  # nothing to change
    return _step_move(progress, status, actor)


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
    upload: UploadedFile | None = None,
    meeting: Meeting | None = None,
    initiative: Initiative | None = None,
    report: InitiativeReport | None = None,
    title: str = "",
    url: str = "",
) -> Evidence:
    """Attach evidence to a requirement: an upload, a programme record or a plan reference."""
    _require_editor(actor, programme)
    for linked in (meeting, initiative, report):
        if linked is not None and _programme_of(linked) != programme.pk:
            raise ValidationError(_("That record belongs to another programme."))
    own = Evidence.LINK_OF_KIND.get(kind)
    links = {"meeting": meeting, "initiative": initiative, "report": report}
    evidence = Evidence(
        programme=programme,
        requirement=requirement,
        kind=kind,
        # An unsaved document stands for the upload until the checks pass.
        document=Document() if own == "document" and upload is not None else None,
        **{name: value for name, value in links.items() if name == own},
        title=title.strip(),
        url=url.strip(),
        created_by=actor,
    )
    evidence.full_clean(exclude=["programme", "requirement", "created_by", "document"])
    if evidence.document is not None:
        evidence.document = document_create(
            actor=actor,
            upload=upload,
            title=title,
            municipality=programme.municipality,
            county=programme.county,
        )
    evidence.save()
    audit_change(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=evidence,
        municipality=programme.municipality,
        exclude=(),
    )
    progress, _created = StepProgress.objects.get_or_create(
        programme=programme, step=requirement.step
    )
    if progress.status == Status.NOT_STARTED:
        _step_move(progress, Status.IN_PROGRESS, actor)
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
        StepProgress.objects.select_for_update(of=("self",))
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
        _step_move(progress, Status.IN_PROGRESS, actor)


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
    audit_change(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=note,
        municipality=programme.municipality,
        before=before,
        exclude=(),
    )
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
    if not permissions.can_comment_case(actor, case):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError(_("Write a comment."))
    if CaseStatus(case.status).is_closed:
        raise ValidationError(_("The case is closed."))
    if requirement is not None:
        step = requirement.step
    comment = CaseComment.objects.create(
        case=case, author=actor, body=body.strip(), step=step, requirement=requirement
    )
    audit_change(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=comment,
        municipality=case.programme.municipality,
        exclude=(),
    )
    case_notify(
        case=case,
        actor=actor,
        subject=lambda: (
            _("%(municipality)s: new comment on the certification case")
            % {"municipality": case.programme.area.name}
        ),
        body=comment.body,
    )
    return comment


@transaction.atomic
def requirement_save(
    *,
    actor: User,
    step: Step,
    text_nb: str,
    text_en: str,
    text_sv: str = "",
    order: int,
    required: bool = True,
    active: bool = True,
    level: str = Requirement.Level.ALL,
    requirement: Requirement | None = None,
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
    requirement.text_nb, requirement.text_en = text_nb, text_en
    requirement.text_sv, requirement.order = text_sv, order
    requirement.required, requirement.active = required, active
    requirement.level = level
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
