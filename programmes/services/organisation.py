"""Writes of a programme's organisation: management group, meetings,
working groups and partners. Each one writes an audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import Document, Municipality, User
from safecommunity.core.services import document_create

from ..choices import PartnerKind
from ..models import (
    FocusArea,
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
    *,
    actor: User,
    programme: Programme,
    name: str,
    role: str,
    sector: str,
    title: str = "",
    organisation: str = "",
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
) -> ManagementGroupMember:
    """Add a person to the management group."""
    member = ManagementGroupMember(
        programme=programme,
        name=name,
        title=title,
        organisation=organisation,
        role=role,
        sector=sector,
        term_start=term_start,
        term_end=term_end,
    )
    return records.save_new(actor=actor, obj=member)


@transaction.atomic
def member_update(
    *,
    actor: User,
    member: ManagementGroupMember,
    name: str,
    title: str,
    organisation: str,
    role: str,
    sector: str,
    term_start: datetime.date | None,
    term_end: datetime.date | None,
) -> ManagementGroupMember:
    """Change a member of the management group."""
    current = records.locked(member)
    before = records.snapshot(current)
    current.name = name
    current.title = title
    current.organisation = organisation
    current.role = role
    current.sector = sector
    current.term_start = term_start
    current.term_end = term_end
    return records.save_changed(actor=actor, obj=current, before=before)


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    programme: Programme,
    date: datetime.date,
    location: str = "",
    attendees: Iterable[ManagementGroupMember] = (),
    other_attendees: str = "",
    agenda: str = "",
    decisions: str = "",
    minutes_upload: UploadedFile | None = None,
) -> Meeting:
    """Record a management group meeting, optionally with its minutes."""
    meeting = Meeting(
        programme=programme,
        date=date,
        location=location,
        other_attendees=other_attendees,
        agenda=agenda,
        decisions=decisions,
    )
    if minutes_upload is not None:
        meeting.minutes = _minutes(actor, programme, minutes_upload)
    return records.save_new(actor=actor, obj=meeting, m2m={"attendees": attendees})


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    meeting: Meeting,
    date: datetime.date,
    location: str,
    attendees: Iterable[ManagementGroupMember],
    other_attendees: str,
    agenda: str,
    decisions: str,
    minutes_upload: UploadedFile | None = None,
) -> Meeting:
    """Change a meeting; a new minutes upload replaces the old one."""
    minutes = None
    if minutes_upload is not None:
        minutes = _minutes(actor, meeting.programme, minutes_upload)
    current = records.locked(meeting)
    before = records.snapshot(current)
    current.date = date
    current.location = location
    current.other_attendees = other_attendees
    current.agenda = agenda
    current.decisions = decisions
    if minutes is not None:
        current.minutes = minutes
    return records.save_changed(
        actor=actor, obj=current, before=before, m2m={"attendees": attendees}
    )


def _minutes(actor: User, programme: Programme, upload: UploadedFile) -> Document:
    return document_create(
        actor=actor,
        upload=upload,
        title=str(_("Minutes")),
        municipality=programme.municipality,
        county=programme.county,
    )


@transaction.atomic
def working_group_create(
    *,
    actor: User,
    programme: Programme,
    name: str,
    focus_area: FocusArea | None = None,
    mandate: str = "",
    local_municipality: Municipality | None = None,
) -> WorkingGroup:
    """Set up a working group; in a regional programme, maybe the local group
    of a member municipality."""
    _check_local_group(programme, local_municipality, group=None)
    group = WorkingGroup(
        programme=programme,
        name=name,
        focus_area=focus_area,
        mandate=mandate,
        local_municipality=local_municipality,
    )
    return records.save_new(actor=actor, obj=group)


@transaction.atomic
def working_group_update(
    *,
    actor: User,
    working_group: WorkingGroup,
    name: str,
    focus_area: FocusArea | None,
    mandate: str,
    local_municipality: Municipality | None = None,
) -> WorkingGroup:
    """Change a working group's name, focus area, mandate or member municipality."""
    _check_local_group(working_group.programme, local_municipality, working_group)
    current = records.locked(working_group)
    before = records.snapshot(current)
    current.name = name
    current.focus_area = focus_area
    current.mandate = mandate
    current.local_municipality = local_municipality
    return records.save_changed(actor=actor, obj=current, before=before)


def _check_local_group(
    programme: Programme,
    municipality: Municipality | None,
    group: WorkingGroup | None,
) -> None:
    """A local group belongs to a member of a regional programme, one per member.

    Locks the programme, so two editors cannot both add a member's group."""
    if municipality is None:
        return
    if not programme.is_regional:
        raise ValidationError(
            {"local_municipality": _("Only a regional programme has local groups.")}
        )
    Programme.objects.select_for_update().filter(pk=programme.pk).order_by("pk").first()
    if not programme.member_municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError(
            {
                "local_municipality": _(
                    "The municipality is not a member of the programme."
                )
            }
        )
    others = programme.working_groups.filter(local_municipality=municipality)
    if group is not None:
        others = others.exclude(pk=group.pk)
    if others.exists():
        raise ValidationError(
            {
                "local_municipality": _(
                    "%(municipality)s already has a local group in the programme."
                )
                % {"municipality": municipality.name}
            }
        )


@transaction.atomic
def working_group_member_create(
    *,
    actor: User,
    working_group: WorkingGroup,
    name: str,
    sector: str,
    title: str = "",
    organisation: str = "",
    is_lead: bool = False,
) -> WorkingGroupMember:
    """Add a person to a working group."""
    member = WorkingGroupMember(
        working_group=working_group,
        name=name,
        title=title,
        organisation=organisation,
        sector=sector,
        is_lead=is_lead,
    )
    return records.save_new(actor=actor, obj=member)


@transaction.atomic
def working_group_member_update(
    *,
    actor: User,
    member: WorkingGroupMember,
    name: str,
    title: str,
    organisation: str,
    sector: str,
    is_lead: bool,
) -> WorkingGroupMember:
    """Change a person of a working group."""
    current = records.locked(member)
    before = records.snapshot(current)
    current.name = name
    current.title = title
    current.organisation = organisation
    current.sector = sector
    current.is_lead = is_lead
    return records.save_changed(actor=actor, obj=current, before=before)


@transaction.atomic
def partner_create(
    *,
    actor: User,
    programme: Programme,
    organisation: str,
    kind: str = PartnerKind.NGO,
    contribution: str = "",
    contact_person: str = "",
) -> Partner:
    """Add a partner organisation."""
    partner = Partner(
        programme=programme,
        organisation=organisation,
        kind=kind,
        contribution=contribution,
        contact_person=contact_person,
    )
    return records.save_new(actor=actor, obj=partner)


@transaction.atomic
def partner_update(
    *,
    actor: User,
    partner: Partner,
    organisation: str,
    kind: str,
    contribution: str,
    contact_person: str,
) -> Partner:
    """Change a partner organisation."""
    current = records.locked(partner)
    before = records.snapshot(current)
    current.organisation = organisation
    current.kind = kind
    current.contribution = contribution
    current.contact_person = contact_person
    return records.save_changed(actor=actor, obj=current, before=before)
