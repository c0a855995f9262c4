"""Worker-side jobs of events: reminders the day before, and the deletion of
participants' personal data after the retention time. Tasks call these."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Event, Registration


def events_starting_tomorrow(*, today=None) -> list[int]:
    """Ids of published events that start on the day after `today` (local time)."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    return list(
        Event.objects.filter(
            published=True, starts_at__gte=start, starts_at__lt=end
        ).values_list("pk", flat=True)
    )


def reminders_due(*, event_id: int) -> list[int]:
    """Ids of an event's participants with a place who have had no reminder."""
    return list(
        Registration.objects.filter(
            event_id=event_id,
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
        ).values_list("pk", flat=True)
    )


def reminder_sent(*, registration_id: int) -> None:
    """Mark a participant's reminder as sent, so a repeated run skips it."""
    Registration.objects.filter(pk=registration_id).update(
        reminder_sent_at=timezone.now()
    )


def event_participants_purge(*, now=None) -> int:
    """Delete the personal data of every event that ended more than
    EVENT_DATA_RETENTION_DAYS ago, keeping the number of participants.
    Returns how many registrations were deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EVENT_DATA_RETENTION_DAYS)
    due = Event.objects.filter(ends_at__lt=cutoff).filter(
        Q(participants_deleted_at__isnull=True)
        | Q(pk__in=Registration.objects.values("event_id"))
    )
    deleted_total = 0
    for event_id in due.values_list("pk", flat=True):
        deleted_total += _event_participants_delete(event_id=event_id, now=now)
    return deleted_total


@transaction.atomic
def _event_participants_delete(*, event_id: int, now) -> int:
    event = Event.objects.select_for_update().get(pk=event_id)
    registrations = Registration.objects.filter(event_id=event_id)
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED).count()
    deleted, _count = registrations.delete()
    if event.participants_deleted_at is None:
        event.participant_count = confirmed
    event.participants_deleted_at = now
    event.save(update_fields=["participants_deleted_at", "participant_count"])
    return deleted
