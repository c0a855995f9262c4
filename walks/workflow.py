"""The workflows of safety walks and of their findings, as data, moved by the
one engine in core.

`TRANSITIONS` and `FINDING_TRANSITIONS` map each status to the edges leaving
it, each with the guards that must pass. Coordinators of the walk's
municipality and the secretariat take every edge. `safety_walk_transition`
and `finding_transition` are the only code that changes `SafetyWalk.status`
and `Finding.status`, through `safecommunity.core.workflow.transition`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity.core import workflow as engine
from safecommunity.core.models import User
from safecommunity.core.workflow import Edge, edge
from safecommunity.core.workflow import TransitionError as TransitionError

from .models import Finding, SafetyWalk
from .permissions import can_edit_walk

S = SafetyWalk.Status
Guard = Callable[[SafetyWalk, str], str | None]
EDITOR = "editor"  # the walk's coordinators and the secretariat


def walk_time_reached(walk: SafetyWalk, comment: str) -> str | None:
    """A walk is walked only once its start time has come."""
    if walk.starts_at > timezone.now():
        return _("The walk cannot be marked as walked before it starts.")
    return None


def findings_sorted(walk: SafetyWalk, comment: str) -> str | None:
    """Every finding kept has a term, a responsible body and a due date."""
    unsorted = walk.findings.filter(merged_into__isnull=True).filter(
        status__in=[Finding.Status.OPEN, Finding.Status.PLANNED]
    )
    missing = [
        f
        for f in unsorted.only("term", "responsible_body", "due_date")
        if not (f.term and f.responsible_body and f.due_date)
    ]
    if missing:
        return _(
            "Give every open finding a term, a responsible body and a due date "
            "before the report is made (%(count)d left)."
        ) % {"count": len(missing)}
    return None


TRANSITIONS: dict[str, tuple[Edge, ...]] = {
    S.PLANNED: (
        edge(
            S.WALKED, {EDITOR}, walk_time_reached, label=gettext_lazy("Mark as walked")
        ),
    ),
    S.WALKED: (edge(S.DISCUSSED, {EDITOR}, label=gettext_lazy("Mark as discussed")),),
    S.DISCUSSED: (
        edge(
            S.REPORTED,
            {EDITOR},
            findings_sorted,
            label=gettext_lazy("Publish the report"),
        ),
        edge(
            S.WALKED,
            {EDITOR},
            label=gettext_lazy("Reopen the walk"),
            comment_required=True,
        ),
    ),
    S.REPORTED: (),
}


def _actor_kinds(user: User | None, walk: SafetyWalk) -> set[str]:
    return {EDITOR} if user is not None and can_edit_walk(user, walk) else set()


WALK_WORKFLOW = engine.Workflow(
    model=SafetyWalk,
    status_type=S,
    edges=TRANSITIONS,
    actor_kinds=_actor_kinds,
    actor_labels={EDITOR: gettext_lazy("the municipality's coordinators")},
    refusals=engine.Refusals(
        no_edge=gettext_lazy("A walk in status “%(from)s” cannot move to “%(to)s”."),
        not_actor=gettext_lazy(
            "Only the municipality's coordinators may move this walk."
        ),
        conflict=gettext_lazy(
            "Someone else moved this walk to “%(status)s”. Nothing was changed."
        ),
        comment_missing=gettext_lazy("Say why in the comment."),
    ),
    municipality=lambda walk: walk.programme.municipality,
    save_fields=("updated_at",),
    lock_related=("programme__municipality",),
)


def status_label(status: str) -> str:
    return WALK_WORKFLOW.label(status)


def edge_between(from_status: str, to_status: str) -> Edge | None:
    return WALK_WORKFLOW.edge_between(from_status, to_status)


def refusal(
    walk: SafetyWalk, to_status: str, actor: User, comment: str = ""
) -> str | None:
    """Why `actor` may not move `walk` to `to_status` now, or None when allowed."""
    return engine.refusal(WALK_WORKFLOW, walk, to_status, actor, comment)


def available_edges(walk: SafetyWalk, actor: User) -> list[tuple[Edge, str | None]]:
    """Edges the actor may take now, each with the reason it is blocked (or None)."""
    return engine.available_edges(WALK_WORKFLOW, walk, actor)


def _after(
    walk: SafetyWalk, from_status: str, actor: User | None, comment: str
) -> None:
    if walk.status == S.REPORTED:
        from .report_pdf import walk_report_request

        walk_report_request(walk=walk)


def safety_walk_transition(
    *, walk: SafetyWalk, to_status: str, actor: User, comment: str = ""
) -> SafetyWalk:
    """Move a walk along one edge of TRANSITIONS; raises TransitionError with the reason."""
    return engine.transition(
        workflow=WALK_WORKFLOW,
        obj=walk,
        to_status=to_status,
        actor=actor,
        comment=comment,
        after=_after,
    )


# --- Findings ---------------------------------------------------------------------

F = Finding.Status

# A finding may be moved from any follow-up status to any other: plans change,
# and a repair that did not hold reopens it. Deciding not to fix it needs the
# reason, given as the transition's comment.
_NOT_FIXED = edge(
    F.NOT_TO_BE_FIXED,
    {EDITOR},
    label=gettext_lazy("Not to be fixed"),
    comment_required=True,
)
FINDING_TRANSITIONS: dict[str, tuple[Edge, ...]] = {
    F.OPEN: (
        edge(F.PLANNED, {EDITOR}, label=gettext_lazy("Planned")),
        edge(F.FIXED, {EDITOR}, label=gettext_lazy("Fixed")),
        _NOT_FIXED,
    ),
    F.PLANNED: (
        edge(F.OPEN, {EDITOR}, label=gettext_lazy("Open")),
        edge(F.FIXED, {EDITOR}, label=gettext_lazy("Fixed")),
        _NOT_FIXED,
    ),
    F.FIXED: (
        edge(F.OPEN, {EDITOR}, label=gettext_lazy("Open")),
        edge(F.PLANNED, {EDITOR}, label=gettext_lazy("Planned")),
        _NOT_FIXED,
    ),
    F.NOT_TO_BE_FIXED: (
        edge(F.OPEN, {EDITOR}, label=gettext_lazy("Open")),
        edge(F.PLANNED, {EDITOR}, label=gettext_lazy("Planned")),
        edge(F.FIXED, {EDITOR}, label=gettext_lazy("Fixed")),
    ),
}


def _finding_actor_kinds(user: User | None, finding: Finding) -> set[str]:
    return _actor_kinds(user, finding.walk)


FINDING_WORKFLOW = engine.Workflow(
    model=Finding,
    status_type=F,
    edges=FINDING_TRANSITIONS,
    actor_kinds=_finding_actor_kinds,
    actor_labels={EDITOR: gettext_lazy("the municipality's coordinators")},
    refusals=engine.Refusals(
        no_edge=gettext_lazy("A finding in status “%(from)s” cannot move to “%(to)s”."),
        not_actor=gettext_lazy(
            "Only the municipality's coordinators may follow up this finding."
        ),
        conflict=gettext_lazy(
            "Someone else moved this finding to “%(status)s”. Nothing was changed."
        ),
        comment_missing=gettext_lazy("Say why the finding will not be fixed."),
    ),
    municipality=lambda finding: finding.walk.programme.municipality,
    changed_at_field=None,
    save_fields=("status_reason", "fixed_on", "updated_at"),
    lock_related=("walk__programme__municipality",),
)


def finding_statuses(finding: Finding, actor: User) -> list[str]:
    """The finding's status and those the actor may move it to now."""
    return [
        finding.status,
        *(
            e.to
            for e, _reason in engine.available_edges(FINDING_WORKFLOW, finding, actor)
        ),
    ]


def _finding_enter(
    finding: Finding, from_status: str, actor: User | None, comment: str
) -> None:
    """Entry actions: the day it was fixed, and the reason it will not be."""
    fixed = finding.status == F.FIXED
    finding.fixed_on = (finding.fixed_on or timezone.localdate()) if fixed else None
    not_fixed = finding.status == F.NOT_TO_BE_FIXED
    finding.status_reason = comment.strip() if not_fixed else ""


def finding_transition(
    *,
    finding: Finding,
    to_status: str,
    actor: User,
    reason: str = "",
    expected_status: str | None = None,
) -> Finding:
    """Move a finding along one edge of FINDING_TRANSITIONS; raises
    TransitionError with the reason. `reason` is why it will not be fixed."""
    return engine.transition(
        workflow=FINDING_WORKFLOW,
        obj=finding,
        to_status=to_status,
        actor=actor,
        comment=reason,
        expected_status=expected_status,
        enter=_finding_enter,
    )
