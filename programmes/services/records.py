"""The shared steps of programme writes: create or update a record from
submitted values, with its tags, and write its audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from safecommunity.core.audit import audit_record, model_snapshot
from safecommunity.core.locking import version_claim
from safecommunity.core.models import AuditEntry, User

from ..models import (
    INITIATIVE_TAG_FIELDS,
    Initiative,
    InitiativeTag,
)

_NOT_AUDITED = ("created_at", "updated_at", "version")


def snapshot(obj: models.Model) -> dict[str, Any]:
    data = model_snapshot(obj, exclude=_NOT_AUDITED)
    if isinstance(obj, Initiative) and obj.pk:
        for name, kind in INITIATIVE_TAG_FIELDS.items():
            data[name] = sorted(
                obj.tags.filter(kind=kind).values_list("value", flat=True)
            )
    return data


def split(obj: models.Model, fields: dict[str, Any]) -> tuple[dict, dict, dict]:
    """Split submitted values into concrete fields, many-to-many fields and tags."""
    m2m_names = {f.name for f in obj._meta.many_to_many}
    concrete, m2m, tags = {}, {}, {}
    for name, value in fields.items():
        if name in INITIATIVE_TAG_FIELDS:
            tags[name] = value
        elif name in m2m_names:
            m2m[name] = value
        else:
            concrete[name] = value
    return concrete, m2m, tags


def set_tags(initiative: Initiative, tags: dict[str, Iterable[str]]) -> None:
    for name, values in tags.items():
        kind = INITIATIVE_TAG_FIELDS[name]
        allowed = set(InitiativeTag.CHOICES_BY_KIND[kind].values)
        wanted = {v for v in values if v in allowed}
        initiative.tags.filter(kind=kind).exclude(value__in=wanted).delete()
        have = set(initiative.tags.filter(kind=kind).values_list("value", flat=True))
        InitiativeTag.objects.bulk_create(
            InitiativeTag(initiative=initiative, kind=kind, value=v)
            for v in sorted(wanted - have)
        )


def create(*, actor: User, obj: models.Model, fields: dict[str, Any]):
    concrete, m2m, tags = split(obj, fields)
    for name, value in concrete.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    for name, value in m2m.items():
        getattr(obj, name).set(value)
    if tags:
        set_tags(obj, tags)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=obj,
        after=snapshot(obj),
        municipality=obj.municipality,
    )
    return obj


def update(
    *,
    actor: User,
    obj: models.Model,
    fields: dict[str, Any],
    expected_version: int | None = None,
):
    """Apply `fields` to a fresh, locked copy of `obj`; refuse a stale version."""
    model = type(obj)
    current = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None:
        current.version = version_claim(
            model=model, pk=obj.pk, expected_version=expected_version
        )
    before = snapshot(current)
    concrete, m2m, tags = split(current, fields)
    for name, value in concrete.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    for name, value in m2m.items():
        getattr(current, name).set(value)
    if tags:
        set_tags(current, tags)
    after = snapshot(current)
    if after != before:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            before=before,
            after=after,
            municipality=current.municipality,
        )
    return current
