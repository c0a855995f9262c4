"""The steps every programme write shares: lock the row, validate and save
it, set its many-to-many fields and tags, and write its audit entry.

The services name and type the fields they change; these helpers only save
what a service has set on the record."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

from safecommunity.core.audit import audit_record, model_snapshot
from safecommunity.core.locking import version_claim
from safecommunity.core.models import AuditEntry, User

from ..models import (
    INITIATIVE_TAG_FIELDS,
    Initiative,
    InitiativeTag,
)

M = TypeVar("M", bound=models.Model)
Snapshot = Callable[[models.Model], dict[str, Any]]

_NOT_AUDITED = ("created_at", "updated_at", "version")


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The audited state of a record: its fields (and an initiative's tags)."""
    data = model_snapshot(obj, exclude=_NOT_AUDITED)
    if isinstance(obj, Initiative) and obj.pk:
        for name, kind in INITIATIVE_TAG_FIELDS.items():
            data[name] = sorted(
                obj.tags.filter(kind=kind).values_list("value", flat=True)
            )
    return data


def set_tags(initiative: Initiative, tags: Mapping[str, Iterable[str]]) -> None:
    """Replace an initiative's tags of each kind given; unknown values are dropped."""
    for name, values in tags.items():
        kind = InitiativeTag.Kind(INITIATIVE_TAG_FIELDS[name])
        allowed = set(InitiativeTag.CHOICES_BY_KIND[kind].values)
        wanted = {v for v in values if v in allowed}
        initiative.tags.filter(kind=kind).exclude(value__in=wanted).delete()
        have = set(initiative.tags.filter(kind=kind).values_list("value", flat=True))
        InitiativeTag.objects.bulk_create(
            InitiativeTag(initiative=initiative, kind=kind, value=v)
            for v in sorted(wanted - have)
        )


def locked(obj: M, *, expected_version: int | None = None) -> M:
    """A fresh copy of `obj` under a row lock; a stale version raises StaleEditError."""
    model = type(obj)
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None:
        current.version = version_claim(  # type: ignore[attr-defined]
            model=model, pk=obj.pk, expected_version=expected_version
        )
    return current


def _save(
    obj: models.Model,
    m2m: Mapping[str, Iterable[Any]] | None,
    tags: Mapping[str, Iterable[str]] | None,
) -> None:
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    if tags and isinstance(obj, Initiative):
        set_tags(obj, tags)


def save_new(
    *,
    actor: User,
    obj: M,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    tags: Mapping[str, Iterable[str]] | None = None,
    take_snapshot: Snapshot = snapshot,
) -> M:
    """Validate and save a new record, then audit its creation."""
    _save(obj, m2m, tags)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=obj,
        after=take_snapshot(obj),
        municipality=obj.municipality,  # type: ignore[attr-defined]
    )
    return obj


def save_changed(
    *,
    actor: User,
    obj: M,
    before: dict[str, Any],
    m2m: Mapping[str, Iterable[Any]] | None = None,
    tags: Mapping[str, Iterable[str]] | None = None,
    take_snapshot: Snapshot = snapshot,
) -> M:
    """Validate and save a changed record; audit it when something changed."""
    _save(obj, m2m, tags)
    after = take_snapshot(obj)
    if after != before:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=obj,
            before=before,
            after=after,
            municipality=obj.municipality,  # type: ignore[attr-defined]
        )
    return obj
