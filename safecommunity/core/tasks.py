from __future__ import annotations

import datetime

from celery import shared_task

from . import notification_emails
from .jobs import jobs_requeue_stale


@shared_task(
    bind=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def send_notification(self, *, notification_ids: list[int]) -> int:
    """E-mail each notification not yet e-mailed to its recipient; returns how many."""
    return notification_emails.notification_emails_send(
        notification_ids=notification_ids
    )


@shared_task(
    bind=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def send_notification_digests(self, *, day: str | None = None) -> int:
    """The daily digest: one e-mail per user with the day's notifications (ISO
    date; yesterday by default). Sent once per user and day, however often run."""
    parsed = datetime.date.fromisoformat(day) if day else None
    return notification_emails.notification_digests_send(day=parsed)


@shared_task(ignore_result=True)
def requeue_stale_jobs() -> dict[str, int]:
    """Queue again the long jobs whose worker is gone (run by beat); idempotent."""
    return jobs_requeue_stale()
