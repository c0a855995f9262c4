"""Writes shared by every app: the audit trail and status history."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry, Document, Municipality, StatusChange, User


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
    model = obj if isinstance(obj, type) else type(obj)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(model),
        object_id="" if whole_table else str(obj.pk or ""),
        object_repr=(str(obj._meta.verbose_name_plural) if whole_table else str(obj))[
            :200
        ],
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


def document_create(
    *,
    actor: User | None,
    upload,
    title: str = "",
    municipality: Municipality | None = None,
    allowed: frozenset[str] | None = None,
) -> Document:
    """Validate and store an uploaded file; raises ValidationError before storing anything."""
    import hashlib

    from .uploads import DOCUMENT_EXTENSIONS, validate_upload

    kind = validate_upload(upload, allowed=allowed or DOCUMENT_EXTENSIONS)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        municipality=municipality,
        title=(title or upload.name or "")[:200],
        original_name=(upload.name or "")[:255],
        content_type=kind.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    document.file.save(upload.name or "upload", upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=document,
        after=model_snapshot(document),
        municipality=municipality,
    )
    return document
