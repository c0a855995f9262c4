"""Celery beat entries of the certification app; settings merge `beat_schedule`.

CELERY_BEAT_SCHEDULE.update(certification.schedule.beat_schedule)
"""

from celery.schedules import crontab

beat_schedule = {
    "certification-expiry-sweep": {
        "task": "certification.tasks.certificate_expiry_sweep_task",
        "schedule": crontab(hour=2, minute=15),
    },
    "certification-expiry-reminders": {
        "task": "certification.tasks.certificate_reminders_send_task",
        "schedule": crontab(hour=7, minute=0),
    },
}
