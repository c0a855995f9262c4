"""The certification case workflow as data: edges, who may take them, refusal.

`TRANSITIONS` maps each status to the edges leaving it. An edge names who may
take it (`ActorKind`) and the guards that must pass. The one engine in
`safecommunity.core.workflow` reads it; `services.cases.certification_case_transition`
is the only code that changes `CertificationCase.status`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from programmes import permissions as programme_permissions
from safecommunity.core import permissions as core_permissions
from safecommunity.core import workflow as engine
from safecommunity.core.models import User
from safecommunity.core.workflow import (
    Edge,
    TransitionConflict,
    TransitionError,
    edge,
)

from . import guards, permissions
from .models import CaseStatus as S
from .models import (
    CertificationCase,
    CertifierAssignment,
    Designation,
    StepProgress,
    designation_snapshot,
)
from .selectors import case_open_for_programme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "CASE_WORKFLOW",
    "DESIGNATION_WORKFLOW",
    "STEP_WORKFLOW",
    "TRANSITIONS",
    "ActorKind",
    "Edge",
    "TransitionConflict",
    "TransitionError",
    "actor_kinds",
    "available_edges",
    "refusal",
    "status_label",
]


class ActorKind(StrEnum):
    SECRETARIAT = "secretariat"
    COORDINATOR = "coordinator"  # edits the case's municipality
    CERTIFIER = "certifier"  # assigned to the case in its current round
    SYSTEM = "system"  # scheduled tasks (no user)


ACTOR_LABELS: dict[str, StrOrPromise] = {
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
        edge(S.DRAFT, {SEC}, label=gettext_lazy("Return"), comment_required=True),
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
            label=gettext_lazy("Send back"),
            comment_required=True,
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
            label=gettext_lazy("Reopen the statement"),
            comment_required=True,
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
            label=gettext_lazy("Return"),
            comment_required=True,
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

# The programme's status that follows the case's.
PROGRAMME_STATUS: dict[str, str] = {
    S.CERTIFIED: "certified",
    S.RECERTIFICATION_DUE: "recertification_due",
    S.LAPSED: "lapsed",
}


def status_label(status: str) -> str:
    return S.label_of(status)


def actor_kinds(user: User | None, case: CertificationCase) -> set[str]:
    """What `user` counts as on this case's edges."""
    if user is None:
        return {SYS}
    kinds: set[str] = set()
    if core_permissions.is_secretariat(user):
        kinds.add(SEC)
    if core_permissions.has_role(user, "coordinator") and (
        programme_permissions.can_edit_programme(user, case.programme)
    ):
        kinds.add(COORD)
    if core_permissions.has_role(user, "certifier") and (
        CertifierAssignment.objects.active_on(case).filter(certifier=user).exists()
    ):
        kinds.add(CERT)
    return kinds


CASE_WORKFLOW = engine.Workflow(
    model=CertificationCase,
    status_type=S,
    edges=TRANSITIONS,
    actor_kinds=actor_kinds,
    actor_labels=ACTOR_LABELS,
    refusals=engine.Refusals(
        no_edge=gettext_lazy(
            "A case in status “%(from)s” cannot move to “%(to)s”. Allowed next: "
            "%(allowed)s."
        ),
        not_actor=gettext_lazy(
            "Only %(who)s may move the case from “%(from)s” to “%(to)s”."
        ),
        conflict=gettext_lazy(
            "Someone else moved this case to “%(status)s” while you were working. "
            "Nothing was changed; look at the case again before you continue."
        ),
        comment_missing=gettext_lazy(
            "Say why in the comment; it is sent to the people concerned."
        ),
    ),
    municipality=lambda case: case.programme.municipality,
    save_fields=("due_date", "round"),
    lock_related=("programme__municipality",),
)


def refusal(
    case: CertificationCase,
    to_status: str,
    actor: User | None,
    comment: str = "",
    *,
    check_guards: bool = True,
) -> str | None:
    """Why `actor` may not move `case` to `to_status` now, or None when allowed."""
    return engine.refusal(
        CASE_WORKFLOW, case, to_status, actor, comment, check_guards=check_guards
    )


def available_edges(
    case: CertificationCase, actor: User | None
) -> list[tuple[Edge, str | None]]:
    """Edges the actor may take from the current status, each with its guard reason."""
    return engine.available_edges(CASE_WORKFLOW, case, actor)


# Step progress -----------------------------------------------------------------

P = StepProgress.Status
EDITOR = "editor"  # edits the programme's path: its coordinators, the secretariat


def step_actor_kinds(user: User | None, progress: StepProgress) -> set[str]:
    """What `user` counts as on a step's edges."""
    if user is None:
        return {SYS}
    kinds: set[str] = set()
    if permissions.can_edit_programme_path(user, progress.programme):
        kinds.add(EDITOR)
    if core_permissions.is_secretariat(user):
        kinds.add(SEC)
    case = case_open_for_programme(programme=progress.programme)
    if permissions.can_accept_step(user, case):
        kinds.add(CERT)
    return kinds


STEP_TRANSITIONS: dict[str, tuple[Edge, ...]] = {
    P.NOT_STARTED: (
        edge(P.IN_PROGRESS, {EDITOR}),
        edge(P.DONE, {EDITOR}, guards.step_evidence_complete),
    ),
    P.IN_PROGRESS: (edge(P.DONE, {EDITOR}, guards.step_evidence_complete),),
    P.DONE: (edge(P.IN_PROGRESS, {EDITOR}), edge(P.ACCEPTED, {CERT})),
    # Once the certifiers have accepted a step, only the secretariat changes it.
    P.ACCEPTED: (
        edge(P.IN_PROGRESS, {SEC}),
        edge(P.DONE, {SEC}, guards.step_evidence_complete),
    ),
}

STEP_WORKFLOW = engine.Workflow(
    model=StepProgress,
    status_type=P,
    edges=STEP_TRANSITIONS,
    actor_kinds=step_actor_kinds,
    actor_labels={
        EDITOR: gettext_lazy("the municipality's coordinator"),
        SEC: gettext_lazy("the secretariat"),
        CERT: gettext_lazy("an assigned certifier"),
    },
    refusals=engine.Refusals(
        no_edge=gettext_lazy("Only a step marked as done can be accepted."),
        # The one edge an editor may not take is leaving an accepted step.
        not_actor=gettext_lazy(
            "The certifiers have accepted this step; it can no longer be changed."
        ),
        conflict=gettext_lazy(
            "Someone else changed this step to “%(status)s” meanwhile; nothing "
            "was changed."
        ),
        comment_missing=gettext_lazy("Say why in the comment."),
    ),
    municipality=lambda progress: progress.programme.municipality,
    changed_at_field=None,
    save_fields=("completed_at", "accepted_at", "accepted_by", "updated_at"),
    lock_related=("programme__municipality", "step"),
)


# ISCCC designation ---------------------------------------------------------------

D = Designation.Status


def designation_actor_kinds(user: User | None, designation: Designation) -> set[str]:
    """What `user` counts as on a designation's edges."""
    if user is None:
        return {SYS}
    kinds: set[str] = set()
    if permissions.can_edit_programme_path(user, designation.programme):
        kinds.add(EDITOR)
    if permissions.can_decide_designation(user):
        kinds.add(SEC)
    return kinds


DESIGNATION_TRANSITIONS: dict[str, tuple[Edge, ...]] = {
    D.DRAFT: (edge(D.SUBMITTED, {EDITOR}, guards.indicators_answered),),
    D.SUBMITTED: (edge(D.DESIGNATED, {SEC}), edge(D.NOT_DESIGNATED, {SEC})),
    D.DESIGNATED: (),
    D.NOT_DESIGNATED: (),
}

DESIGNATION_WORKFLOW = engine.Workflow(
    model=Designation,
    status_type=D,
    edges=DESIGNATION_TRANSITIONS,
    actor_kinds=designation_actor_kinds,
    actor_labels={
        EDITOR: gettext_lazy("the municipality's coordinator"),
        SEC: gettext_lazy("the secretariat"),
    },
    refusals=engine.Refusals(
        no_edge=gettext_lazy(
            "An application that is “%(from)s” cannot become “%(to)s”."
        ),
        not_actor=gettext_lazy(
            "Only %(who)s may move the application from “%(from)s” to “%(to)s”."
        ),
        conflict=gettext_lazy(
            "Someone else changed this application to “%(status)s” meanwhile; "
            "nothing was changed."
        ),
        comment_missing=gettext_lazy("Say why in the comment."),
    ),
    municipality=lambda designation: designation.programme.municipality,
    changed_at_field=None,
    save_fields=("updated_at",),
    lock_related=("programme__municipality",),
    snapshot=designation_snapshot,
)
