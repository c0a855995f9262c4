"""Celery beat entries of core; settings merge `beat_schedule`."""

from celery.schedules import crontab

beat_schedule = {
    # The daily digest of yesterday's notifications, before the working day.
    "core-notification-digests": {
        "task": "safecommunity.core.tasks.notification_digests_send_task",
        "schedule": crontab(hour=6, minute=30),
    },
}
