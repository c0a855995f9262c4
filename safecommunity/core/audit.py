"""The audit trail: one entry per change, with the record before and after."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry, Municipality, User

# Fields that change on every save and tell the reader nothing.
NOT_AUDITED = ("created_at", "updated_at")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, FieldFile):
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
    obj: models.Model | type[models.Model],
    before: dict | None = None,
    after: dict | None = None,
    municipality: Municipality | None = None,
    comment: str = "",
) -> AuditEntry:
    """Write one audit entry for a change to `obj`.

    `obj` may be a model rather than a record, for what concerns a whole
    table (an export of every registration from the administration).
    """
    whole_table = isinstance(obj, type)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(
            obj if whole_table else type(obj)
        ),
        object_id="" if whole_table else str(obj.pk or ""),
        object_repr=(str(obj._meta.verbose_name_plural) if whole_table else str(obj))[
            :200
        ],
        municipality=municipality,
        before=before,
        after=after,
        comment=comment[:300],
    )


def audit_change(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    municipality: Municipality | None,
    before: dict | None = None,
    comment: str = "",
    exclude: tuple[str, ...] = NOT_AUDITED,
) -> AuditEntry:
    """Audit a create, update or delete of one record: its state after the
    change is read from the record itself (none after a delete)."""
    after = None
    if action != AuditEntry.Action.DELETE:
        after = model_snapshot(obj, exclude=exclude)
    return audit_record(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        municipality=municipality,
        comment=comment,
    )
