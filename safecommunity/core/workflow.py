"""The one workflow engine: apps declare their edges as data, one function moves.

An app's `workflow.py` declares a `Workflow`: its model, its status type, the
edges leaving each status (`Edge`: the next status, who may take it, the
guards that must pass) and the messages a refusal shows. `transition` is the
only code that changes such a status: it locks the row, checks the edge, the
actor and the guards, writes the status and a `StatusChange` history row with
an audit entry, runs the app's entry actions in the same transaction and
schedules its notifications for after the commit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEntry, Municipality, User
from .services import audit_record, model_snapshot, status_change_record

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=models.Model)

# A guard reads the object and the comment given, and says why the edge is
# refused now, or None when it passes.
Guard = Callable[[Any, str], "str | None"]
# What a user counts as on an object's edges ("coordinator", "system", ...).
ActorKinds = Callable[[User | None, Any], set[str]]
# Entry actions and notifications: (the moved row, its former status, actor, comment).
Hook = Callable[[Any, str, User | None, str], None]


class StatusChoices(models.TextChoices):
    """A status type; subclasses add properties such as `is_closed`."""

    @classmethod
    def label_of(cls, value: str) -> str:
        """The status's label in the active language (the value if unknown)."""
        return str(cls(value).label) if value in cls.values else value


@dataclass(frozen=True)
class Edge:
    """One allowed move: to `to`, by any of `actors`, when every guard passes."""

    to: str
    actors: frozenset[str] = frozenset()
    guards: tuple[Guard, ...] = ()
    label: StrOrPromise = ""
    comment_required: bool = False


def edge(
    to: str,
    actors: Iterable[str],
    *guards: Guard,
    label: StrOrPromise = "",
    comment_required: bool = False,
) -> Edge:
    """An `Edge`, written compactly in an app's table."""
    return Edge(
        to=to,
        actors=frozenset(actors),
        guards=guards,
        label=label,
        comment_required=comment_required,
    )


@dataclass(frozen=True)
class Refusals:
    """A workflow's messages; each may use %(from)s, %(to)s, %(allowed)s,
    %(who)s (not_actor) and %(status)s (conflict)."""

    no_edge: StrOrPromise
    not_actor: StrOrPromise
    conflict: StrOrPromise
    comment_missing: StrOrPromise


@dataclass(frozen=True)
class Workflow:
    """An app's table of edges and what the engine needs to move its rows."""

    model: type[models.Model]
    status_type: type[models.TextChoices]
    edges: Mapping[str, tuple[Edge, ...]]
    actor_kinds: ActorKinds
    actor_labels: Mapping[str, StrOrPromise]
    refusals: Refusals
    municipality: Callable[[Any], Municipality | None]
    status_field: str = "status"
    changed_at_field: str | None = "status_changed_at"
    # Further fields the entry actions may change (saved with the status).
    save_fields: tuple[str, ...] = ()
    lock_related: tuple[str, ...] = ()
    snapshot: Callable[[Any], dict[str, Any]] = model_snapshot

    def label(self, status: str) -> str:
        """The status's label in the active language (the value if unknown)."""
        choices = self.status_type
        return str(choices(status).label) if status in choices.values else status

    def edge_between(self, from_status: str, to_status: str) -> Edge | None:
        for candidate in self.edges.get(from_status, ()):
            if candidate.to == to_status:
                return candidate
        return None


class TransitionError(Exception):
    """The transition was refused; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionConflict(TransitionError):
    """Someone else moved the row first."""


def _status(workflow: Workflow, obj: Any) -> str:
    return getattr(obj, workflow.status_field)


def refusal(
    workflow: Workflow,
    obj: Any,
    to_status: str,
    actor: User | None,
    comment: str = "",
    *,
    check_guards: bool = True,
) -> str | None:
    """Why `actor` may not move `obj` to `to_status` now, or None when allowed."""
    current = _status(workflow, obj)
    names = {"from": workflow.label(current), "to": workflow.label(to_status)}
    found = workflow.edge_between(current, to_status)
    if found is None:
        allowed = [workflow.label(e.to) for e in workflow.edges.get(current, ())]
        return workflow.refusals.no_edge % {
            **names,
            "allowed": ", ".join(allowed) or _("none"),
        }
    if not (workflow.actor_kinds(actor, obj) & found.actors):
        who = [
            str(workflow.actor_labels[kind])
            for kind in workflow.actor_labels
            if kind in found.actors
        ]
        return workflow.refusals.not_actor % {**names, "who": _(" or ").join(who)}
    if not check_guards:
        return None
    if found.comment_required and not comment.strip():
        return str(workflow.refusals.comment_missing)
    for check in found.guards:
        reason = check(obj, comment)
        if reason:
            return reason
    return None


def available_edges(
    workflow: Workflow, obj: Any, actor: User | None
) -> list[tuple[Edge, str | None]]:
    """Edges the actor may take now, each with the reason a guard blocks it (or None).

    A comment is asked for on the form itself, so it is not a reason here.
    """
    kinds = workflow.actor_kinds(actor, obj)
    result: list[tuple[Edge, str | None]] = []
    for candidate in workflow.edges.get(_status(workflow, obj), ()):
        if not kinds & candidate.actors:
            continue
        reason = None
        for check in candidate.guards:
            reason = check(obj, "")
            if reason:
                break
        result.append((candidate, reason))
    return result


def may_take(workflow: Workflow, obj: Any, to_status: str, actor: User | None) -> bool:
    """Whether an edge to `to_status` leaves the current status for this actor."""
    found = workflow.edge_between(_status(workflow, obj), to_status)
    return found is not None and bool(workflow.actor_kinds(actor, obj) & found.actors)


def _lockable(model, paths: tuple[str, ...]) -> tuple[str, ...]:
    """The row and the related rows on `paths` up to the first nullable
    relation, which PostgreSQL cannot lock through an outer join."""
    locked = {"self"}
    for path in paths:
        current, prefix = model, []
        for name in path.split("__"):
            field = current._meta.get_field(name)
            if field.null:
                break
            prefix.append(name)
            locked.add("__".join(prefix))
            current = field.related_model
    return tuple(sorted(locked))


@transaction.atomic
def transition(
    *,
    workflow: Workflow,
    obj: M,
    to_status: str,
    actor: User | None,
    comment: str = "",
    expected_status: str | None = None,
    set_fields: Mapping[str, Any] | None = None,
    enter: Hook | None = None,
    after: Hook | None = None,
    notify: Hook | None = None,
) -> M:
    """Move `obj` along one edge; raises TransitionError with the reason.

    `set_fields` are written with the status (a submission's time);
    `enter` runs the entry actions in the transaction, before the row is
    saved, `after` once it and its history are written; `notify` runs once the
    transaction has committed.
    """
    # The row lock decides between two people acting at once; the second one
    # sees the status the first one left and gets a clear message.
    locked = (
        workflow.model._default_manager.select_for_update(
            of=_lockable(workflow.model, workflow.lock_related)
        )
        .select_related(*workflow.lock_related)
        .get(pk=obj.pk)
    )
    current = _status(workflow, locked)
    if current != (expected_status or _status(workflow, obj)):
        raise TransitionConflict(
            workflow.refusals.conflict % {"status": workflow.label(current)}
        )
    reason = refusal(workflow, locked, to_status, actor, comment)
    if reason:
        raise TransitionError(reason)
    before = workflow.snapshot(locked)
    setattr(locked, workflow.status_field, to_status)
    fields = [workflow.status_field, *workflow.save_fields]
    if workflow.changed_at_field:
        setattr(locked, workflow.changed_at_field, timezone.now())
        fields.append(workflow.changed_at_field)
    for name, value in (set_fields or {}).items():
        setattr(locked, name, value)
        fields.append(name)
    if enter is not None:
        enter(locked, current, actor, comment)
    locked.save(update_fields=list(dict.fromkeys(fields)))
    status_change_record(
        obj=locked,
        from_status=current,
        to_status=to_status,
        actor=actor,
        comment=comment,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=locked,
        before=before,
        after=workflow.snapshot(locked),
        municipality=workflow.municipality(locked),
        comment=comment,
    )
    if after is not None:
        after(locked, current, actor, comment)
    if notify is not None:
        transaction.on_commit(
            functools.partial(notify, locked, current, actor, comment), robust=True
        )
    for name in fields:
        setattr(obj, name, getattr(locked, name))
    return cast(M, locked)
