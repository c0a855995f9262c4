"""ISCCC designation: started by a certified municipality's coordinator,
answered per indicator, submitted, and decided by the secretariat."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programmes.models import Programme
from safecommunity.core import workflow as engine
from safecommunity.core.audit import audit_record
from safecommunity.core.locking import StaleEditError
from safecommunity.core.models import AuditEntry, User

from .. import permissions
from ..dates import add_months
from ..models import INDICATOR_FIELDS, Designation, designation_snapshot
from ..selectors import is_certified
from ..workflow import DESIGNATION_WORKFLOW, TransitionError
from .certificates import certificate_expiry

Status = Designation.Status


def designation_can_start(*, designation: Designation | None) -> bool:
    """Whether a new application may follow `designation` (the latest): none
    yet, a refusal, or a designation with less than a year left."""
    if designation is None or designation.status == Status.NOT_DESIGNATED:
        return True
    if designation.status != Status.DESIGNATED:
        return False  # an open application
    renewal_from = add_months(timezone.localdate(), 12)
    return designation.valid_until is None or designation.valid_until <= renewal_from


def _locked(designation: Designation) -> Designation:
    return (
        Designation.objects.select_for_update(of=("self",))
        .select_related("programme__municipality")
        .get(pk=designation.pk)
    )


@transaction.atomic
def designation_start(*, programme: Programme, actor: User) -> Designation:
    """Open a draft for a certified programme, or return the open one."""
    if not permissions.can_edit_programme_path(actor, programme):
        raise PermissionDenied
    Programme.objects.select_for_update().filter(pk=programme.pk).order_by().first()
    existing = programme.designations.filter(status__in=Designation.OPEN).first()
    if existing is not None:
        return existing
    latest = programme.designations.order_by("-created_at", "-id").first()
    if not designation_can_start(designation=latest):
        until = latest.valid_until if latest is not None else None
        raise ValidationError(
            _("The municipality is designated until %(date)s; a new application "
              "can be started a year before.")
            % {"date": date_format(until, "DATE_FORMAT") if until else ""},
            code="designated",
        )  # fmt: skip
    if not is_certified(programme=programme):
        raise ValidationError(
            _("ISCCC designation follows national certification: the municipality "
              "needs a valid certificate first."),
            code="not_certified",
        )  # fmt: skip
    designation = Designation.objects.create(programme=programme, created_by=actor)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=designation,
        after=designation_snapshot(designation),
        municipality=designation.programme.municipality,
    )
    return designation


@transaction.atomic
def designation_save(
    *,
    designation: Designation,
    actor: User,
    expected_version: int,
    governance: str,
    surveillance: str,
    programmes: str,
    vulnerable_groups: str,
    evaluation: str,
    networking: str,
) -> Designation:
    """Save the answers of a draft; StaleEditError when someone saved meanwhile."""
    if not permissions.can_edit_programme_path(actor, designation.programme):
        raise PermissionDenied
    current = _locked(designation)
    if current.status != Status.DRAFT:
        raise ValidationError(
            _("The application has been submitted and can no longer be changed."),
            code="not_draft",
        )
    if current.version != expected_version:
        raise StaleEditError
    answers = {
        "governance": governance,
        "surveillance": surveillance,
        "programmes": programmes,
        "vulnerable_groups": vulnerable_groups,
        "evaluation": evaluation,
        "networking": networking,
    }
    if all(getattr(current, name) == answers[name] for name in INDICATOR_FIELDS):
        return current  # nothing changed: no new version, no history entry
    before = designation_snapshot(current)
    for name in INDICATOR_FIELDS:
        setattr(current, name, answers[name])
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        before=before,
        after=designation_snapshot(current),
        municipality=current.programme.municipality,
    )
    return current


def _move(designation: Designation, actor: User, to_status: str, **fields: Any):
    try:
        return engine.transition(
            workflow=DESIGNATION_WORKFLOW,
            obj=designation,
            to_status=to_status,
            actor=actor,
            set_fields=fields,
        )
    except TransitionError as refused:
        raise ValidationError(refused.message, code="refused") from refused


@transaction.atomic
def designation_submit(*, designation: Designation, actor: User) -> Designation:
    """Submit a draft whose six indicators are all answered."""
    if not permissions.can_edit_programme_path(actor, designation.programme):
        raise PermissionDenied
    current = _locked(designation)
    if current.status != Status.DRAFT:
        raise ValidationError(
            _("The application has already been submitted."), code="not_draft"
        )
    return _move(current, actor, Status.SUBMITTED, submitted_at=timezone.now())


@transaction.atomic
def designation_decide(
    *,
    designation: Designation,
    actor: User,
    designated: bool,
    decided_on: datetime.date,
    note: str = "",
) -> Designation:
    """Record the outcome of a submitted application (the secretariat)."""
    if not permissions.can_decide_designation(actor):
        raise PermissionDenied
    current = _locked(designation)
    if current.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted application can be decided."), code="not_submitted"
        )
    return _move(
        current,
        actor,
        Status.DESIGNATED if designated else Status.NOT_DESIGNATED,
        decided_on=decided_on,
        valid_until=certificate_expiry(issued_on=decided_on) if designated else None,
        decision_note=note,
    )
