"""Celery beat entries of the walks app; settings merge `beat_schedule`.

The entry and its task keep the names they had in the programmes app.
"""

from celery.schedules import crontab

beat_schedule = {
    "programmes-finding-overdue-reminders": {
        "task": "programmes.tasks.finding_overdue_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
}
