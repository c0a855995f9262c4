"""Writes of events and registrations.

Registrations are made by people without an account. Their personal data is
kept out of the audit trail (which is never deleted), so that deleting it a
set time after the event deletes all of it; the secretariat's own changes to
events and its exports of participant lists are audited.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core.models import AuditEntry, Municipality, User
from safecommunity.core.services import audit_record, model_snapshot

from .models import Event, Registration


def _queue_email(registration: Registration, kind: str) -> None:
    from .tasks import registration_email_send_task

    pk = registration.pk
    transaction.on_commit(
        lambda: registration_email_send_task.delay(registration_id=pk, kind=kind)
    )


def _fill_places(event: Event) -> list[Registration]:
    """Move people up from the waiting list while there are free places."""
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    free = event.capacity - taken
    if free <= 0:
        return []
    promoted = list(
        event.registrations.filter(status=Registration.Status.WAITING).order_by(
            "created_at", "id"
        )[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _queue_email(registration, "promoted")
    return promoted


@transaction.atomic
def event_create(
    *,
    actor: User,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    registration_deadline: datetime.datetime,
    description: str = "",
    agenda: str = "",
    place: str = "",
    online_url: str = "",
    published: bool = False,
) -> Event:
    """Create an event (published or as a draft)."""
    event = Event(
        created_by=actor,
        kind=kind,
        title=title,
        description=description,
        agenda=agenda,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        capacity=capacity,
        registration_deadline=registration_deadline,
        published=published,
    )
    event.full_clean()
    event.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=event,
        after=model_snapshot(event),
    )
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    kind: str,
    title: str,
    description: str,
    agenda: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    online_url: str,
    capacity: int,
    registration_deadline: datetime.datetime,
    published: bool,
) -> Event:
    """Change an event; more places move people up from the waiting list."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = model_snapshot(event)
    event.kind = kind
    event.title = title
    event.description = description
    event.agenda = agenda
    event.starts_at = starts_at
    event.ends_at = ends_at
    event.place = place
    event.online_url = online_url
    event.capacity = capacity
    event.registration_deadline = registration_deadline
    event.published = published
    event.full_clean()
    event.save()
    _fill_places(event)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=event,
        before=before,
        after=model_snapshot(event),
    )
    return event


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    municipality: Municipality,
    role: str,
    language: str,
) -> Registration:
    """Register a person: a place while there are places, else the waiting list.

    The same address registered again gets its confirmation once more and
    changes nothing, so the form never tells whether someone has registered.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.registration_open:
        raise ValidationError(_("Registration for this event has closed."))
    existing = event.registrations.filter(email__iexact=email.strip()).first()
    if existing is not None:
        _queue_email(existing, existing.status)
        return existing
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    registration = Registration(
        event=event,
        name=name.strip(),
        email=email.strip(),
        municipality=municipality,
        role=role.strip(),
        language=language,
        status=(
            Registration.Status.CONFIRMED
            if taken < event.capacity
            else Registration.Status.WAITING
        ),
    )
    registration.full_clean()
    registration.save()
    _queue_email(registration, registration.status)
    return registration


@transaction.atomic
def registration_cancel(*, registration_id: int) -> bool:
    """Cancel a registration: its data is deleted at once and the first on the
    waiting list takes a freed place. False when it was already gone."""
    registration = (
        Registration.objects.select_related("event").filter(pk=registration_id).first()
    )
    if registration is None:
        return False
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    deleted, _count = Registration.objects.filter(pk=registration_id).delete()
    if not deleted:
        return False
    if event.ends_at >= timezone.now():
        _fill_places(event)
    return True


def participants_export(
    *, actor: User, event: Event, registrations, file_format: str
) -> bytes:
    """The participant list as CSV or XLSX, through the audited exporter."""
    import tablib

    from safecommunity.core.exports import export_file

    headers = [
        _("Status"),
        _("Name"),
        _("E-mail"),
        _("Municipality code"),
        _("Municipality"),
        _("Role or position"),
        _("Registered"),
    ]
    rows = [
        (
            r.get_status_display(),
            r.name,
            r.email,
            r.municipality.code,
            r.municipality.name,
            r.role,
            timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
        )
        for r in registrations
    ]
    dataset = tablib.Dataset(*rows, headers=[str(h) for h in headers])
    return export_file(
        actor=actor,
        dataset=dataset,
        fmt=file_format,
        obj=event,
        comment=f"participants.{file_format}",
    )
