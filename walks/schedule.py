"""Celery beat entries of the walks app; settings merge `beat_schedule`.

The entry keeps the key it had in the programmes app.
"""

from celery.schedules import crontab

beat_schedule = {
    "programmes-finding-overdue-reminders": {
        "task": "walks.tasks.finding_reminders_send_task",
        "schedule": crontab(hour=7, minute=30),
    },
}
