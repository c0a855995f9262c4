"""Celery beat entries of the programmes app; settings merge `beat_schedule`.

CELERY_BEAT_SCHEDULE.update(programmes.schedule.beat_schedule)
"""

from celery.schedules import crontab

beat_schedule = {
    "programmes-agreement-reminders": {
        "task": "programmes.tasks.agreement_reminders_send_task",
        "schedule": crontab(hour=7, minute=45),
    },
}
