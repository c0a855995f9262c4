"""Celery beat entries of the events app; settings merge `beat_schedule`."""

from celery.schedules import crontab

beat_schedule = {
    "events-reminders": {
        "task": "events.tasks.event_reminders_send_task",
        "schedule": crontab(hour=9, minute=0),
    },
    "events-purge-participants": {
        "task": "events.tasks.event_participants_purge_task",
        "schedule": crontab(hour=3, minute=15),
    },
}
