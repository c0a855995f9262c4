"""Celery tasks of the walks app: the walk report PDF, reminders, invitations, photos.

The names the tasks had when walks were part of the programmes app
(`programmes.tasks.*`) stay registered as aliases, so messages already queued
under them still find their task.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from safecommunity.core import queues
from safecommunity.core.jobs import TASK_RETRIED_ERRORS, task, task_options
from safecommunity.core.pdf import pdf_rendering_allowed

from . import photos, report_pdf
from .models import WalkReportJob

logger = logging.getLogger(__name__)

REASON_ERROR = gettext_noop(
    "The report could not be made. Please try again or contact the secretariat."
)


@task(
    queue_kind=queues.PDFS,
    aliases=("programmes.tasks.build_walk_report",),
    **task_options(
        bind=True,
        reject_on_worker_lost=True,
        time_limit=WalkReportJob.JOB_TIME_LIMIT,
        soft_time_limit=WalkReportJob.JOB_TIME_LIMIT - 30,
    ),
)
def walk_report_build_task(self, walk_id: int) -> str:
    """Render a reported walk's PDF and e-mail it to the participants; safe to repeat."""
    try:
        with pdf_rendering_allowed():
            return report_pdf.walk_report_build(walk_id=walk_id)
    except TASK_RETRIED_ERRORS:
        raise
    except Exception:
        logger.exception("Walk report of walk %s failed.", walk_id)
        with translation.override(settings.LANGUAGE_CODE):
            report_pdf.walk_report_fail(walk_id=walk_id, reason=_(REASON_ERROR))
        return "failed"


@task(
    queue_kind=queues.MAIL,
    aliases=("programmes.tasks.finding_overdue_reminders",),
    **task_options(),
)
def finding_reminders_send_task() -> int:
    """Remind coordinators once of each finding past its due date."""
    count = report_pdf.finding_overdue_reminders_send()
    logger.info("Overdue finding reminders: %s findings.", count)
    return count


@task(
    queue_kind=queues.MAIL,
    aliases=("programmes.tasks.send_walk_invitations",),
    **task_options(),
)
def walk_invitations_send_task(*, link_id: int, url: str) -> int:
    """E-mail a walk link to the walk's participants once; returns how many were sent."""
    return report_pdf.walk_invitations_send(link_id=link_id, url=url)


@task(
    aliases=("programmes.tasks.finding_photo_process",),
    **task_options(reject_on_worker_lost=True, time_limit=120, soft_time_limit=100),
)
def finding_photo_process_task(*, photo_id: int) -> str:
    """Make the clean copy of a received finding photo; safe to repeat."""
    photo = photos.finding_photo_process(photo_id=photo_id)
    return photo.status if photo is not None else "gone"
