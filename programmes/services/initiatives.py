"""Writes of initiatives and their periodic reports. Each one writes an
audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from safecommunity.core.audit import audit_record
from safecommunity.core.models import AuditEntry, Document, User
from safecommunity.core.services import document_create

from ..models import (
    Initiative,
    InitiativeReport,
    Programme,
)
from . import records

# Initiatives and reports --------------------------------------------------------


@transaction.atomic
def initiative_create(
    *,
    actor: User,
    programme: Programme,
    fields: dict[str, Any],
    attachment_upload=None,
) -> Initiative:
    """Log a new initiative with its tags, target codes, partners and attachment."""
    initiative = Initiative(programme=programme, created_by=actor)
    initiative = records.create(actor=actor, obj=initiative, fields=fields)
    if attachment_upload is not None:
        initiative_attach(actor=actor, initiative=initiative, upload=attachment_upload)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor: User,
    initiative: Initiative,
    fields: dict[str, Any],
    expected_version: int,
    attachment_upload=None,
) -> Initiative:
    """Change an initiative; raises StaleEditError when someone saved it meanwhile."""
    initiative = records.update(
        actor=actor, obj=initiative, fields=fields, expected_version=expected_version
    )
    if attachment_upload is not None:
        initiative_attach(actor=actor, initiative=initiative, upload=attachment_upload)
    return initiative


@transaction.atomic
def initiative_attach(
    *, actor: User, initiative: Initiative, upload, title: str = ""
) -> Document:
    """Validate, store and attach a file; nothing is stored when it is refused."""
    document = document_create(
        actor=actor,
        upload=upload,
        title=title,
        municipality=initiative.programme.municipality,
    )
    initiative.attachments.add(document)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=initiative,
        after={"attachment_added": document.original_name},
        municipality=initiative.programme.municipality,
    )
    return document


@transaction.atomic
def report_create(
    *, actor: User, initiative: Initiative, fields: dict[str, Any]
) -> InitiativeReport:
    """Add a periodic report to an initiative."""
    report = InitiativeReport(initiative=initiative, created_by=actor)
    return records.create(actor=actor, obj=report, fields=fields)


@transaction.atomic
def report_update(
    *,
    actor: User,
    report: InitiativeReport,
    fields: dict[str, Any],
    expected_version: int,
) -> InitiativeReport:
    """Change a report; raises StaleEditError when someone saved it meanwhile."""
    return records.update(
        actor=actor, obj=report, fields=fields, expected_version=expected_version
    )
