"""ISCCC designation: started by a certified municipality's coordinator,
answered per indicator, submitted, and decided by the secretariat."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Programme
from safecommunity.core.locking import StaleEditError
from safecommunity.core.models import AuditEntry, User
from safecommunity.core.services import audit_record, model_snapshot

from .. import permissions
from ..dates import add_months
from ..models import INDICATOR_FIELDS, Designation
from ..selectors import is_certified
from .certificates import certificate_expiry

Status = Designation.Status


_NOT_AUDITED = ("programme", "version", "created_by", "created_at", "updated_at")


def _snapshot(designation: Designation) -> dict:
    return model_snapshot(designation, exclude=_NOT_AUDITED)


def _audit(actor: User, action: str, designation: Designation, before=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=designation,
        before=before,
        after=_snapshot(designation),
        municipality=designation.programme.municipality,
    )


def designation_can_start(designation: Designation | None) -> bool:
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
        Designation.objects.select_for_update()
        .select_related("programme__municipality")
        .get(pk=designation.pk)
    )


@transaction.atomic
def designation_start(*, programme: Programme, actor: User) -> Designation:
    """Open a draft for a certified programme, or return the open one."""
    if not permissions.can_edit_programme_path(actor, programme):
        raise PermissionDenied
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    existing = programme.designations.filter(status__in=Designation.OPEN).first()
    if existing is not None:
        return existing
    latest = programme.designations.order_by("-created_at", "-id").first()
    if not designation_can_start(latest):
        raise ValidationError(
            _("The municipality is designated until %(date)s; a new application "
              "can be started a year before.")
            % {"date": latest.valid_until.isoformat()},
            code="designated",
        )  # fmt: skip
    if not is_certified(programme=programme):
        raise ValidationError(
            _("ISCCC designation follows national certification: the municipality "
              "needs a valid certificate first."),
            code="not_certified",
        )  # fmt: skip
    designation = Designation.objects.create(programme=programme, created_by=actor)
    _audit(actor, AuditEntry.Action.CREATE, designation)
    return designation


@transaction.atomic
def designation_save(
    *, designation: Designation, actor: User, fields: dict, expected_version: int
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
    if all(getattr(current, name) == fields[name] for name in INDICATOR_FIELDS):
        return current  # nothing changed: no new version, no history entry
    before = _snapshot(current)
    for name in INDICATOR_FIELDS:
        setattr(current, name, fields[name])
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _audit(actor, AuditEntry.Action.UPDATE, current, before)
    return current


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
    missing = current.missing()
    if missing:
        raise ValidationError(
            _("Answer every indicator before submitting. Missing: %(missing)s.")
            % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    before = _snapshot(current)
    current.status = Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.save(update_fields=["status", "submitted_at", "updated_at"])
    _audit(actor, AuditEntry.Action.UPDATE, current, before)
    return current


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
    before = _snapshot(current)
    current.status = Status.DESIGNATED if designated else Status.NOT_DESIGNATED
    current.decided_on = decided_on
    current.valid_until = certificate_expiry(decided_on) if designated else None
    current.decision_note = note
    current.save()
    _audit(actor, AuditEntry.Action.UPDATE, current, before)
    return current
