"""Writes shared by every app: the audit trail and status history."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry, Municipality, StatusChange, User


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # file fields
        return value.name or ""
    return value


def model_snapshot(
    obj: models.Model, *, exclude: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A JSON-ready dict of an object's concrete and many-to-many field values."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    if obj.pk:
        for field in obj._meta.many_to_many:
            if field.name in exclude:
                continue
            data[field.name] = sorted(
                _plain(v) for v in getattr(obj, field.name).values_list("pk", flat=True)
            )
    return data


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    municipality: Municipality | None = None,
    comment: str = "",
) -> AuditEntry:
    """Write one audit entry for a change to `obj`."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:200],
        municipality=municipality,
        before=before,
        after=after,
        comment=comment[:300],
    )


def status_change_record(
    *,
    obj: models.Model,
    from_status: str,
    to_status: str,
    actor: User | None,
    comment: str = "",
) -> StatusChange:
    """Write the history row of one workflow transition."""
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        comment=comment,
    )
