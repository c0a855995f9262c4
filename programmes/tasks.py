"""Celery tasks of the programmes app: agreement reminders."""

from __future__ import annotations

import logging

from safecommunity.core import queues
from safecommunity.core.jobs import task, task_options

logger = logging.getLogger(__name__)


@task(
    queue_kind=queues.MAIL,
    aliases=("programmes.tasks.agreement_reminders",),
    **task_options(),
)
def agreement_reminders_send_task() -> int:
    """Remind coordinators once of each agreement that is about to end or lapse."""
    from .services import agreements as agreements_services

    count = agreements_services.agreement_reminders_send()
    logger.info("Agreement reminders: %s agreements.", count)
    return count
