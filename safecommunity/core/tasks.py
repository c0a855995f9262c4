from __future__ import annotations

from celery import shared_task
from django.core.mail import send_mail

from .jobs import jobs_requeue_stale
from .models import User


@shared_task(
    bind=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def send_notification(self, *, user_ids: list[int], subject: str, body: str) -> int:
    """Send one e-mail to each active user; returns how many were sent."""
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email=""):
        sent += send_mail(subject, body, None, [user.email], fail_silently=False)
    return sent


@shared_task(ignore_result=True)
def requeue_stale_jobs() -> dict[str, int]:
    """Queue again the long jobs whose worker is gone (run by beat); idempotent."""
    return jobs_requeue_stale()
