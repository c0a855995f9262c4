"""Celery beat entries of the events app; settings merge `beat_schedule`."""

from celery.schedules import crontab

beat_schedule = {
    "events-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "events-purge-participants": {
        "task": "events.tasks.purge_event_participants",
        "schedule": crontab(hour=3, minute=15),
    },
}
