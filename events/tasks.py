"""Celery tasks of events: registrants' e-mails, reminders and the deletion of
participants' personal data after the event."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import jobs
from .emails import KINDS, registration_email
from .models import Registration

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
    OSError,
)
# The status a registration must still have for a message of each kind to make
# sense when the worker gets to it.
STATUS_FOR_KIND = {
    "confirmed": Registration.Status.CONFIRMED,
    "promoted": Registration.Status.CONFIRMED,
    "reminder": Registration.Status.CONFIRMED,
    "waiting": Registration.Status.WAITING,
}


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def send_registration_email(*, registration_id: int, kind: str) -> int:
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


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=True)
def send_event_reminders() -> int:
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


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=True)
def purge_event_participants() -> int:
    """Delete participants' personal data a set time after their event."""
    deleted = jobs.event_participants_purge()
    logger.info("Event registrations deleted after retention: %s.", deleted)
    return deleted
