"""Celery tasks of events: registrants' e-mails, reminders and the deletion of
participants' personal data after the event."""

from __future__ import annotations

import logging

from safecommunity.core import queues
from safecommunity.core.jobs import task, task_options

from . import jobs
from .emails import KINDS, registration_email
from .models import Registration

logger = logging.getLogger(__name__)

# The status a registration must still have for a message of each kind to make
# sense when the worker gets to it.
STATUS_FOR_KIND = {
    "confirmed": Registration.Status.CONFIRMED,
    "promoted": Registration.Status.CONFIRMED,
    "reminder": Registration.Status.CONFIRMED,
    "waiting": Registration.Status.WAITING,
}


@task(
    queue_kind=queues.MAIL,
    aliases=("events.tasks.send_registration_email",),
    **task_options(),
)
def registration_email_send_task(*, registration_id: int, kind: str) -> int:
    """E-mail a registrant; nothing when the registration is gone or its status
    has changed since (a cancelled place, a move up the list)."""
    if kind not in KINDS:
        return 0
    registration = (
        Registration.objects.select_related("event")
        .filter(pk=registration_id, status=STATUS_FOR_KIND[kind])
        .first()
    )
    if registration is None:
        return 0
    return registration_email(registration, kind).send()


@task(
    queue_kind=queues.MAIL,
    aliases=("events.tasks.send_event_reminders",),
    **task_options(),
)
def event_reminders_send_task() -> int:
    """Remind everyone with a place the day before the event; once each."""
    sent = 0
    for event_id in jobs.events_starting_tomorrow():
        for registration_id in jobs.reminders_due(event_id=event_id):
            registration = (
                Registration.objects.select_related("event")
                .filter(pk=registration_id)
                .first()
            )
            if registration is None:  # cancelled meanwhile
                continue
            sent += registration_email(registration, "reminder").send()
            jobs.reminder_sent(registration_id=registration_id)
    logger.info("Event reminders sent: %s.", sent)
    return sent


@task(aliases=("events.tasks.purge_event_participants",), **task_options())
def event_participants_purge_task() -> int:
    """Delete participants' personal data a set time after their event."""
    deleted = jobs.event_participants_purge()
    logger.info("Event registrations deleted after retention: %s.", deleted)
    return deleted
