"""Writes of a programme's organisation: management group, meetings,
working groups and partners. Each one writes an audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import Document, User
from safecommunity.core.services import document_create

from ..models import (
    ManagementGroupMember,
    Meeting,
    Partner,
    Programme,
    WorkingGroup,
    WorkingGroupMember,
)
from . import records

# Organisation -------------------------------------------------------------------


@transaction.atomic
def member_create(
    *, actor: User, programme: Programme, fields: dict[str, Any]
) -> ManagementGroupMember:
    """Add a person to the management group."""
    obj = ManagementGroupMember(programme=programme)
    return records.create(actor=actor, obj=obj, fields=fields)


@transaction.atomic
def meeting_create(
    *, actor: User, programme: Programme, fields: dict[str, Any], minutes_upload=None
) -> Meeting:
    """Record a management group meeting, optionally with its minutes."""
    fields = dict(fields)
    if minutes_upload is not None:
        fields["minutes"] = _minutes(actor, programme, minutes_upload)
    return records.create(actor=actor, obj=Meeting(programme=programme), fields=fields)


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, fields: dict[str, Any], minutes_upload=None
) -> Meeting:
    """Change a meeting; a new minutes upload replaces the old one."""
    fields = dict(fields)
    if minutes_upload is not None:
        fields["minutes"] = _minutes(actor, meeting.programme, minutes_upload)
    return records.update(actor=actor, obj=meeting, fields=fields)


def _minutes(actor: User, programme: Programme, upload) -> Document:
    return document_create(
        actor=actor,
        upload=upload,
        title=str(_("Minutes")),
        municipality=programme.municipality,
    )


@transaction.atomic
def working_group_create(
    *, actor: User, programme: Programme, fields: dict[str, Any]
) -> WorkingGroup:
    """Set up a working group."""
    return records.create(
        actor=actor, obj=WorkingGroup(programme=programme), fields=fields
    )


@transaction.atomic
def working_group_member_create(
    *, actor: User, working_group: WorkingGroup, fields: dict[str, Any]
) -> WorkingGroupMember:
    """Add a person to a working group."""
    obj = WorkingGroupMember(working_group=working_group)
    return records.create(actor=actor, obj=obj, fields=fields)


@transaction.atomic
def partner_create(
    *, actor: User, programme: Programme, fields: dict[str, Any]
) -> Partner:
    """Add a partner organisation."""
    return records.create(actor=actor, obj=Partner(programme=programme), fields=fields)
