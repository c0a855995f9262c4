from __future__ import annotations

import datetime

from . import notification_emails, queues
from .jobs import jobs_requeue_stale, task, task_options


@task(
    queue_kind=queues.MAIL,
    aliases=("safecommunity.core.tasks.send_notification",),
    **task_options(bind=True),
)
def notification_send_task(self, *, notification_ids: list[int]) -> int:
    """E-mail each notification not yet e-mailed to its recipient; returns how many."""
    return notification_emails.notification_emails_send(
        notification_ids=notification_ids
    )


@task(
    queue_kind=queues.MAIL,
    aliases=("safecommunity.core.tasks.send_notification_digests",),
    **task_options(bind=True),
)
def notification_digests_send_task(self, *, day: str | None = None) -> int:
    """The daily digest: one e-mail per user with the day's notifications (ISO
    date; yesterday by default). Sent once per user and day, however often run."""
    parsed = datetime.date.fromisoformat(day) if day else None
    return notification_emails.notification_digests_send(day=parsed)


@task(
    aliases=("safecommunity.core.tasks.requeue_stale_jobs",),
    **task_options(ignore_result=True),
)
def jobs_requeue_stale_task() -> dict[str, int]:
    """Queue again the long jobs whose worker is gone (run by beat); idempotent."""
    return jobs_requeue_stale()
