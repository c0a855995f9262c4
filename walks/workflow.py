"""The safety walk workflow as data, and the one service that moves a walk.

`TRANSITIONS` maps each status to the edges leaving it, each with the guards
that must pass. Coordinators of the walk's municipality and the secretariat
take every edge. `safety_walk_transition` is the only code that changes
`SafetyWalk.status`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity.core.audit import audit_record, model_snapshot
from safecommunity.core.models import AuditEntry, User
from safecommunity.core.services import status_change_record

from .models import Finding, SafetyWalk
from .permissions import can_edit_walk

S = SafetyWalk.Status
Guard = Callable[[SafetyWalk, str], str | None]


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


def comment_given(walk: SafetyWalk, comment: str) -> str | None:
    """Going back needs a reason."""
    if not comment.strip():
        return _("Say why in the comment.")
    return None


@dataclass(frozen=True)
class Edge:
    to: str
    guards: tuple[Guard, ...] = ()
    label: str = ""


TRANSITIONS: dict[str, tuple[Edge, ...]] = {
    S.PLANNED: (Edge(S.WALKED, (walk_time_reached,), gettext_lazy("Mark as walked")),),
    S.WALKED: (Edge(S.DISCUSSED, (), gettext_lazy("Mark as discussed")),),
    S.DISCUSSED: (
        Edge(S.REPORTED, (findings_sorted,), gettext_lazy("Publish the report")),
        Edge(S.WALKED, (comment_given,), gettext_lazy("Reopen the walk")),
    ),
    S.REPORTED: (),
}


class TransitionError(Exception):
    """The transition was refused; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def status_label(status: str) -> str:
    return str(S(status).label) if status in S.values else status


def edge_between(from_status: str, to_status: str) -> Edge | None:
    for candidate in TRANSITIONS.get(from_status, ()):
        if candidate.to == to_status:
            return candidate
    return None


def refusal(
    walk: SafetyWalk, to_status: str, actor: User, comment: str = ""
) -> str | None:
    """Why `actor` may not move `walk` to `to_status` now, or None when allowed."""
    found = edge_between(walk.status, to_status)
    if found is None:
        return _("A walk in status “%(from)s” cannot move to “%(to)s”.") % {
            "from": status_label(walk.status),
            "to": status_label(to_status),
        }
    if not can_edit_walk(actor, walk):
        return _("Only the municipality's coordinators may move this walk.")
    for check in found.guards:
        reason = check(walk, comment)
        if reason:
            return reason
    return None


def available_edges(walk: SafetyWalk, actor: User) -> list[tuple[Edge, str | None]]:
    """Edges the actor may take now, each with the reason it is blocked (or None)."""
    if not can_edit_walk(actor, walk):
        return []
    result = []
    for candidate in TRANSITIONS.get(walk.status, ()):
        reason = None
        for check in candidate.guards:
            if check is comment_given:
                continue
            reason = check(walk, "")
            if reason:
                break
        result.append((candidate, reason))
    return result


@transaction.atomic
def safety_walk_transition(
    *, walk: SafetyWalk, to_status: str, actor: User, comment: str = ""
) -> SafetyWalk:
    """Move a walk along one edge of TRANSITIONS; raises TransitionError with the reason."""
    locked = (
        SafetyWalk.objects.select_for_update()
        .select_related("programme__municipality")
        .get(pk=walk.pk)
    )
    if locked.status != walk.status:
        raise TransitionError(
            _("Someone else moved this walk to “%(status)s”. Nothing was changed.")
            % {"status": status_label(locked.status)}
        )
    reason = refusal(locked, to_status, actor, comment)
    if reason:
        raise TransitionError(reason)
    from_status = locked.status
    before = model_snapshot(locked)
    locked.status = to_status
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "status_changed_at", "updated_at"])
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
    if to_status == S.REPORTED:
        from .report_pdf import walk_report_request

        walk_report_request(walk=locked)
    walk.status, walk.status_changed_at = locked.status, locked.status_changed_at
    return locked
