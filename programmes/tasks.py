"""Celery tasks of the programmes app: agreement reminders."""

from __future__ import annotations

import logging

from celery import shared_task

from safecommunity.core.jobs import TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def agreement_reminders() -> int:
    """Remind coordinators once of each agreement that is about to end or lapse."""
    from .services import agreements as agreements_services

    count = agreements_services.agreement_reminders_send()
    logger.info("Agreement reminders: %s agreements.", count)
    return count
