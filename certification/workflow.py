"""The certification case workflow as data, and the one service that moves a case.

`TRANSITIONS` maps each status to the edges leaving it. An edge names who may
take it (`ActorKind`) and the guards that must pass. `certification_case_transition`
is the only code that changes `CertificationCase.status`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity.core.models import AuditEntry, User
from safecommunity.core.services import (
    audit_record,
    model_snapshot,
    status_change_record,
)

from . import guards
from .models import CaseStatus as S
from .models import CertificationCase

Guard = guards.Guard


class ActorKind(StrEnum):
    SECRETARIAT = "secretariat"
    COORDINATOR = "coordinator"  # edits the case's municipality
    CERTIFIER = "certifier"  # assigned to the case in its current round
    SYSTEM = "system"  # scheduled tasks (no user)


ACTOR_LABELS = {
    ActorKind.SECRETARIAT: gettext_lazy("the secretariat"),
    ActorKind.COORDINATOR: gettext_lazy("the municipality's coordinator"),
    ActorKind.CERTIFIER: gettext_lazy("an assigned certifier"),
    ActorKind.SYSTEM: gettext_lazy("the scheduled expiry check"),
}

SEC, COORD, CERT, SYS = (
    ActorKind.SECRETARIAT,
    ActorKind.COORDINATOR,
    ActorKind.CERTIFIER,
    ActorKind.SYSTEM,
)


@dataclass(frozen=True)
class Edge:
    to: str
    actors: frozenset[ActorKind]
    guards: tuple[Guard, ...] = ()
    label: str = ""


def edge(to: str, actors: set[ActorKind], *checks: Guard, label: str = "") -> Edge:
    return Edge(to=to, actors=frozenset(actors), guards=checks, label=label)


TRANSITIONS: dict[str, tuple[Edge, ...]] = {
    S.DRAFT: (
        edge(
            S.PROFILE_SUBMITTED,
            {COORD, SEC},
            guards.steps_complete(1, 2, 3, 4),
            guards.safety_profile_submitted,
        ),
    ),
    S.PROFILE_SUBMITTED: (
        edge(S.CERTIFIERS_ASSIGNED, {SEC}, guards.two_certifiers_assigned),
        edge(S.DRAFT, {SEC}, guards.comment_given, label=gettext_lazy("Return")),
    ),
    S.CERTIFIERS_ASSIGNED: (
        edge(S.STEPS_IN_PROGRESS, {CERT, SEC}, guards.certifiers_accepted),
    ),
    S.STEPS_IN_PROGRESS: (
        edge(
            S.READY_FOR_MEETING,
            {COORD, SEC},
            guards.steps_complete(1, 2, 3, 4, 5, 6, 7, 8),
            guards.application_complete,
        ),
    ),
    S.READY_FOR_MEETING: (
        edge(S.MEETING_HELD, {CERT, SEC}, guards.meeting_held),
        edge(
            S.STEPS_IN_PROGRESS,
            {CERT, SEC},
            guards.comment_given,
            label=gettext_lazy("Send back"),
        ),
    ),
    S.MEETING_HELD: (edge(S.STATEMENT_WRITTEN, {CERT}, guards.statement_complete),),
    S.STATEMENT_WRITTEN: (
        edge(S.APPROVED, {SEC}, guards.decision_recorded("approved")),
        edge(S.DEFERRED, {SEC}, guards.decision_recorded("deferred")),
        edge(S.DECLINED, {SEC}, guards.decision_recorded("declined")),
        edge(
            S.MEETING_HELD,
            {CERT, SEC},
            guards.comment_given,
            label=gettext_lazy("Reopen the statement"),
        ),
    ),
    S.APPROVED: (edge(S.CERTIFIED, {SEC}, guards.certificate_issued),),
    S.DEFERRED: (edge(S.STEPS_IN_PROGRESS, {COORD, SEC}),),
    S.DECLINED: (),
    S.CERTIFIED: (
        edge(S.RECERTIFICATION_DUE, {SEC, SYS}, guards.certificate_expiring),
        edge(S.LAPSED, {SEC, SYS}, guards.certificate_expired),
    ),
    S.RECERTIFICATION_DUE: (
        edge(
            S.RECERTIFICATION_SUBMITTED,
            {COORD, SEC},
            guards.application_complete,
            guards.follow_up_reported,
        ),
        edge(S.LAPSED, {SEC, SYS}, guards.certificate_expired),
    ),
    S.RECERTIFICATION_SUBMITTED: (
        edge(S.CERTIFIERS_ASSIGNED, {SEC}, guards.two_certifiers_assigned),
        edge(
            S.RECERTIFICATION_DUE,
            {SEC},
            guards.comment_given,
            label=gettext_lazy("Return"),
        ),
    ),
    S.LAPSED: (),
}

# Days until the next deadline after entering a status (None: no deadline).
DUE_DAYS: dict[str, int] = {
    S.PROFILE_SUBMITTED: 30,
    S.CERTIFIERS_ASSIGNED: 14,
    S.READY_FOR_MEETING: 60,
    S.MEETING_HELD: 30,
    S.STATEMENT_WRITTEN: 30,
    S.RECERTIFICATION_SUBMITTED: 30,
}

# Statuses that ask the secretariat to act next.
SECRETARIAT_ATTENTION = {
    S.PROFILE_SUBMITTED,
    S.STATEMENT_WRITTEN,
    S.APPROVED,
    S.RECERTIFICATION_SUBMITTED,
}

PROGRAMME_STATUS = {
    S.CERTIFIED: "certified",
    S.RECERTIFICATION_DUE: "recertification_due",
    S.LAPSED: "lapsed",
}


class TransitionError(Exception):
    """The transition was refused; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionConflict(TransitionError):
    """Someone else moved the case first."""


def status_label(status: str) -> str:
    return str(S(status).label) if status in S.values else status


def actor_kinds(user: User | None, case: CertificationCase) -> set[ActorKind]:
    """What `user` counts as on this case's edges."""
    from safecommunity.core import permissions as core_permissions

    if user is None:
        return {SYS}
    kinds: set[ActorKind] = set()
    if core_permissions.is_secretariat(user):
        kinds.add(SEC)
    if core_permissions.has_role(user, "coordinator") and (
        core_permissions.can_edit_municipality(user, case.programme.municipality)
    ):
        kinds.add(COORD)
    if core_permissions.has_role(user, "certifier") and (
        case.assignments.filter(
            certifier=user, round=case.round, removed_at__isnull=True
        ).exists()
    ):
        kinds.add(CERT)
    return kinds


def edge_between(from_status: str, to_status: str) -> Edge | None:
    for candidate in TRANSITIONS.get(from_status, ()):
        if candidate.to == to_status:
            return candidate
    return None


def refusal(
    case: CertificationCase,
    to_status: str,
    actor: User | None,
    comment: str = "",
    *,
    check_guards: bool = True,
) -> str | None:
    """Why `actor` may not move `case` to `to_status` now, or None when allowed."""
    found = edge_between(case.status, to_status)
    if found is None:
        allowed = [status_label(e.to) for e in TRANSITIONS.get(case.status, ())]
        return _(
            "A case in status “%(from)s” cannot move to “%(to)s”. Allowed next: "
            "%(allowed)s."
        ) % {
            "from": status_label(case.status),
            "to": status_label(to_status),
            "allowed": ", ".join(allowed) or _("none"),
        }
    if not (actor_kinds(actor, case) & found.actors):
        who = [str(ACTOR_LABELS[a]) for a in ActorKind if a in found.actors]
        return _("Only %(who)s may move the case from “%(from)s” to “%(to)s”.") % {
            "who": _(" or ").join(who),
            "from": status_label(case.status),
            "to": status_label(to_status),
        }
    if check_guards:
        for check in found.guards:
            reason = check(case, comment)
            if reason:
                return reason
    return None


def available_edges(
    case: CertificationCase, actor: User | None
) -> list[tuple[Edge, str | None]]:
    """Edges the actor may take from the current status, each with its guard reason."""
    kinds = actor_kinds(actor, case)
    result = []
    for candidate in TRANSITIONS.get(case.status, ()):
        if kinds & candidate.actors:
            reason = None
            for check in candidate.guards:
                if check is guards.comment_given:
                    continue
                reason = check(case, "")
                if reason:
                    break
            result.append((candidate, reason))
    return result


def _enter(case: CertificationCase, from_status: str, to_status: str, actor) -> None:
    from .services.certificates import application_prepare

    today = timezone.localdate()
    case.due_date = None
    if to_status in DUE_DAYS:
        case.due_date = today + datetime.timedelta(days=DUE_DAYS[to_status])
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
        _programme_status_set(case, new_programme_status, actor)


def _programme_status_set(case: CertificationCase, status: str, actor) -> None:
    from programmes.services.programme import programme_status_set

    programme_status_set(
        programme=case.programme,
        to_status=status,
        actor=actor,
        by_certification=True,
        comment=_("Certification status"),
    )


@transaction.atomic
def certification_case_transition(
    *,
    case: CertificationCase,
    to_status: str,
    actor: User | None,
    comment: str = "",
    expected_status: str | None = None,
) -> CertificationCase:
    """Move a case along one edge of TRANSITIONS; raises TransitionError with the reason."""
    from .notifications import transition_notify
    from .services.council import council_access_sync

    # The row lock decides between two people acting at once; the second one
    # sees the status the first one left and gets a clear message.
    locked = (
        CertificationCase.objects.select_for_update()
        .select_related("programme__municipality")
        .get(pk=case.pk)
    )
    expected = expected_status or case.status
    if locked.status != expected:
        raise TransitionConflict(
            _(
                "Someone else moved this case to “%(status)s” while you were working. "
                "Nothing was changed; look at the case again before you continue."
            )
            % {"status": status_label(locked.status)}
        )
    reason = refusal(locked, to_status, actor, comment)
    if reason:
        raise TransitionError(reason)
    from_status = locked.status
    before = model_snapshot(locked)
    locked.status = to_status
    locked.status_changed_at = timezone.now()
    _enter(locked, from_status, to_status, actor)
    locked.save(update_fields=["status", "status_changed_at", "due_date", "round"])
    council_access_sync(case=locked)
    status_change_record(
        obj=locked,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        comment=comment,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=locked,
        before=before,
        after=model_snapshot(locked),
        municipality=locked.programme.municipality,
        comment=comment,
    )
    transition_notify(
        case=locked, from_status=from_status, actor=actor, comment=comment
    )
    case.status, case.round, case.due_date = (
        locked.status,
        locked.round,
        locked.due_date,
    )
    case.status_changed_at = locked.status_changed_at
    return locked
