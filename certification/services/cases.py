"""The case: opening it, and moving it along its edges with their entry actions."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Programme
from programmes.services.programme import programme_status_set
from safecommunity.core import workflow as engine
from safecommunity.core.models import AuditEntry, User
from safecommunity.core.services import audit_record, model_snapshot

from .. import permissions
from ..models import CaseStatus, CertificationCase
from ..notifications import transition_notify
from ..selectors import case_open_for_programme
from ..workflow import CASE_WORKFLOW, DUE_DAYS, PROGRAMME_STATUS
from .access import council_access_sync
from .applications import application_prepare

S = CaseStatus


@transaction.atomic
def certification_case_open(*, programme: Programme, actor: User) -> CertificationCase:
    """Open a draft case for the programme, or return the open one."""
    if not permissions.can_edit_programme_path(actor, programme):
        raise PermissionDenied
    Programme.objects.select_for_update().filter(pk=programme.pk).order_by().first()
    existing = case_open_for_programme(programme=programme)
    if existing is not None:
        return existing
    case = CertificationCase.objects.create(programme=programme)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=case,
        after=model_snapshot(case),
        municipality=programme.municipality,
    )
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


def _enter(
    case: CertificationCase, from_status: str, actor: User | None, comment: str
) -> None:
    """Entry actions: the next deadline, a new round, the programme's status."""
    to_status = case.status
    case.due_date = None
    if to_status in DUE_DAYS:
        case.due_date = timezone.localdate() + datetime.timedelta(
            days=DUE_DAYS[to_status]
        )
    if to_status == S.RECERTIFICATION_DUE and from_status == S.CERTIFIED:
        case.round += 1
        case.save(update_fields=["round"])
        application_prepare(case=case, actor=actor)
    if to_status in {S.CERTIFIED, S.RECERTIFICATION_DUE}:
        latest = case.certificates.order_by("-round").first()
        case.due_date = latest.expires_on if latest else None
    if to_status == S.READY_FOR_MEETING:
        meeting = case.meetings.filter(round=case.round).first()
        if meeting is not None:
            case.due_date = timezone.localdate(meeting.scheduled_for)
    new_programme_status = PROGRAMME_STATUS.get(to_status)
    if new_programme_status:
        programme_status_set(
            programme=case.programme,
            to_status=new_programme_status,
            actor=actor,
            by_certification=True,
            comment=_("Certification status"),
        )


def _after(
    case: CertificationCase, from_status: str, actor: User | None, comment: str
) -> None:
    council_access_sync(case=case)


def _notify(
    case: CertificationCase, from_status: str, actor: User | None, comment: str
) -> None:
    transition_notify(case=case, from_status=from_status, actor=actor, comment=comment)


def certification_case_transition(
    *,
    case: CertificationCase,
    to_status: str,
    actor: User | None,
    comment: str = "",
    expected_status: str | None = None,
) -> CertificationCase:
    """Move a case along one edge of TRANSITIONS; raises TransitionError with the reason."""
    return engine.transition(
        workflow=CASE_WORKFLOW,
        obj=case,
        to_status=to_status,
        actor=actor,
        comment=comment,
        expected_status=expected_status,
        enter=_enter,
        after=_after,
        notify=_notify,
    )
