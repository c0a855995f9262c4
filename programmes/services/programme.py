"""Writes of programmes, their status, focus areas, parts and indicators.

Each one writes an audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.core.audit import audit_record
from safecommunity.core.lineage import successors_valid_on
from safecommunity.core.models import AuditEntry, Municipality, User
from safecommunity.core.services import document_create

from ..models import (
    FocusArea,
    Indicator,
    IndicatorValue,
    Programme,
)
from ..selectors import programme as selectors
from . import records

# Programme and focus areas ------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    actor: User,
    municipality: Municipality,
    start_date: datetime.date | None = None,
    coordinators: Iterable[User] = (),
    council_decision_date: datetime.date | None = None,
    council_decision_reference: str = "",
    description: str = "",
) -> Programme:
    """Start the programme of a municipality."""
    programme = Programme(
        municipality=municipality,
        start_date=start_date,
        council_decision_date=council_decision_date,
        council_decision_reference=council_decision_reference,
        description=description,
    )
    return records.save_new(
        actor=actor, obj=programme, m2m={"coordinators": coordinators}
    )


@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: Programme,
    expected_version: int,
    start_date: datetime.date | None,
    coordinators: Iterable[User],
    council_decision_date: datetime.date | None,
    council_decision_reference: str,
    description: str,
    letter_of_intent_upload: UploadedFile | None = None,
) -> Programme:
    """Change a programme; a new letter of intent upload replaces the old one.

    Raises StaleEditError when someone saved it meanwhile."""
    current = records.locked(programme, expected_version=expected_version)
    before = records.snapshot(current)
    current.start_date = start_date
    current.council_decision_date = council_decision_date
    current.council_decision_reference = council_decision_reference
    current.description = description
    if letter_of_intent_upload is not None:
        current.letter_of_intent = document_create(
            actor=actor,
            upload=letter_of_intent_upload,
            title=str(_("Signed letter of intent")),
            municipality=programme.municipality,
            county=programme.county,
        )
    return records.save_changed(
        actor=actor, obj=current, before=before, m2m={"coordinators": coordinators}
    )


# Programme status: the only way it changes. Each status lists the statuses
# that may follow it. The certification statuses follow the programme's
# certification case, whose own workflow decides when (a certificate, its
# renewal, its expiry): only that workflow sets them, from any status.
S = Programme.Status
CERTIFICATION_STATUSES = frozenset({S.CERTIFIED, S.RECERTIFICATION_DUE, S.LAPSED})
PROGRAMME_STATUS_NEXT: dict[str, frozenset[str]] = {
    S.INTERESTED: frozenset({S.NETWORK_MEMBER, S.WORKING_TOWARDS})
    | CERTIFICATION_STATUSES,
    S.NETWORK_MEMBER: frozenset({S.INTERESTED, S.WORKING_TOWARDS})
    | CERTIFICATION_STATUSES,
    S.WORKING_TOWARDS: CERTIFICATION_STATUSES,
    S.CERTIFIED: CERTIFICATION_STATUSES,
    S.RECERTIFICATION_DUE: CERTIFICATION_STATUSES,
    S.LAPSED: frozenset({S.WORKING_TOWARDS}) | CERTIFICATION_STATUSES,
}


class ProgrammeStatusError(ValidationError):
    """The programme cannot move to that status from where it is."""


class ProgrammeMoveError(ValueError):
    """The programme cannot move to that municipality; the message says why."""


@transaction.atomic
def programme_move_to_successor(
    *,
    programme: Programme,
    successor: Municipality,
    actor: User | None,
    comment: str = "",
) -> Programme:
    """Carry a ceased municipality's programme over to a municipality it went
    into; its case, certificates and history go with it. Audited."""
    current = (
        Programme.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=programme.pk)
    )
    ceased = current.municipality
    if ceased is None:
        raise ProgrammeMoveError(
            _("A regional programme belongs to its county; it does not move.")
        )
    today = timezone.localdate()
    if ceased.valid_to is None or ceased.valid_to >= today:
        raise ProgrammeMoveError(
            _("%(municipality)s still exists; its programme stays with it.")
            % {"municipality": ceased}
        )
    if successor.pk not in {m.pk for m in successors_valid_on(ceased, today)}:
        raise ProgrammeMoveError(
            _("%(successor)s is not a municipality that %(municipality)s went into.")
            % {"successor": successor, "municipality": ceased}
        )
    if Programme.objects.filter(municipality=successor).exists():
        raise ProgrammeMoveError(
            _(
                "%(successor)s already has a programme; a municipality has one "
                "programme."
            )
            % {"successor": successor}
        )
    before = {"municipality": f"{ceased.key} {ceased.name}"}
    Programme.objects.filter(pk=current.pk).update(municipality=successor)
    programme.municipality = successor
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=programme,
        before=before,
        after={"municipality": f"{successor.key} {successor.name}"},
        municipality=successor,
        comment=comment
        or _("Moved from %(ceased)s to its successor %(successor)s.")
        % {"ceased": ceased, "successor": successor},
    )
    return programme


@transaction.atomic
def programme_status_set(
    *,
    programme: Programme,
    to_status: str,
    actor: User | None,
    by_certification: bool = False,
    comment: str = "",
) -> Programme:
    """Move the programme along PROGRAMME_STATUS_NEXT; audited, refused otherwise.

    Only the certification workflow (`by_certification=True`) sets the
    certification statuses; nobody sets them through a form.
    """
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    if current.status == to_status:
        programme.status = to_status
        return programme
    if to_status not in PROGRAMME_STATUS_NEXT.get(current.status, frozenset()) or (
        to_status in CERTIFICATION_STATUSES and not by_certification
    ):
        raise ProgrammeStatusError(
            _("A programme cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": Programme.Status(current.status).label,
                "to": Programme.Status(to_status).label,
            }
        )
    before = {"status": current.status}
    Programme.objects.filter(pk=programme.pk).update(status=to_status)
    programme.status = to_status
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=programme,
        before=before,
        after={"status": to_status},
        municipality=programme.municipality,
        comment=comment,
    )
    return programme


@transaction.atomic
def focus_area_create(
    *,
    actor: User,
    programme: Programme,
    title: str,
    priority: int = 1,
    reason: str = "",
) -> FocusArea:
    """Add a prioritised focus area to a programme."""
    area = FocusArea(programme=programme, title=title, priority=priority, reason=reason)
    return records.save_new(actor=actor, obj=area)


@transaction.atomic
def focus_area_update(
    *, actor: User, focus_area: FocusArea, title: str, priority: int, reason: str
) -> FocusArea:
    """Change a focus area's title, priority or reason."""
    current = records.locked(focus_area)
    before = records.snapshot(current)
    current.title = title
    current.priority = priority
    current.reason = reason
    return records.save_changed(actor=actor, obj=current, before=before)


IN_USE_MESSAGE = _("Other records refer to this one, so it was not deleted.")


@transaction.atomic
def programme_part_delete(*, actor: User, obj: models.Model) -> None:
    """Delete a member, working group member, partner, meeting, initiative or
    report that nothing refers to; the audit trail keeps what it was.

    Checks again under a row lock and raises ValidationError, deleting
    nothing, when something refers to it (`selectors.delete_blockers`).
    """
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if selectors.delete_blockers(current):
        raise ValidationError(IN_USE_MESSAGE, code="in_use")
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=current,
        before=records.snapshot(current),
        municipality=current.municipality,  # type: ignore[attr-defined]
    )
    try:
        current.delete()
    except ProtectedError as exc:
        # Kept by a record the blockers do not name (on_delete=PROTECT).
        raise ValidationError(IN_USE_MESSAGE, code="in_use") from exc


# Outcome indicators -------------------------------------------------------------


@transaction.atomic
def indicator_value_set(
    *,
    actor: User,
    indicator: Indicator,
    municipality: Municipality,
    year: int,
    value: Decimal | int,
    n: int,
    sex: str = "",
    school_level: str = "",
    comparison_value: Decimal | int | None = None,
    comparison_scope: str = "",
) -> IndicatorValue:
    """Record (or correct) one yearly indicator value of a municipality."""
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(
            indicator=indicator,
            municipality=municipality,
            year=year,
            sex=sex,
            school_level=school_level,
        )
        .first()
    )
    if existing is None:
        obj = IndicatorValue(
            indicator=indicator,
            municipality=municipality,
            year=year,
            sex=sex,
            school_level=school_level,
            value=value,
            n=n,
            comparison_value=comparison_value,
            comparison_scope=comparison_scope,
        )
        return records.save_new(actor=actor, obj=obj)
    current = records.locked(existing)
    before = records.snapshot(current)
    current.value = value
    current.n = n
    current.comparison_value = comparison_value
    current.comparison_scope = comparison_scope
    return records.save_changed(actor=actor, obj=current, before=before)
