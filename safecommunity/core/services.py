"""Writes shared by every app: documents and status history (the audit trail
is in `audit.py`)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .audit import audit_record, model_snapshot
from .models import AuditEntry, County, Document, Municipality, StatusChange, User


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
    county: County | None = None,
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
        county=county,
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
