"""Worker tasks: the diploma PDF, expiry reminders and the daily expiry sweep."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from safecommunity.core import queues
from safecommunity.core.jobs import TASK_RETRIED_ERRORS, task, task_options
from safecommunity.core.pdf import pdf_rendering_allowed

from . import jobs
from .models import DiplomaJob

logger = logging.getLogger(__name__)

REASON_ERROR = gettext_noop(
    "The diploma could not be made. Please try again or contact the secretariat."
)


@task(
    queue_kind=queues.PDFS,
    aliases=("certification.tasks.certificate_render_diploma",),
    **task_options(
        bind=True,
        reject_on_worker_lost=True,
        time_limit=DiplomaJob.JOB_TIME_LIMIT,
        soft_time_limit=DiplomaJob.JOB_TIME_LIMIT - 30,
    ),
)
def certificate_diploma_render_task(self, *, certificate_id: int) -> int | None:
    """Render and store a certificate's diploma PDF; idempotent. Returns the document id."""
    try:
        with pdf_rendering_allowed():
            return jobs.certificate_diploma_store(
                certificate_id=certificate_id
            ).diploma_id
    except TASK_RETRIED_ERRORS:
        raise
    except Exception:
        logger.exception("Diploma of certificate %s failed.", certificate_id)
        with translation.override(settings.LANGUAGE_CODE):
            jobs.certificate_diploma_fail(
                certificate_id=certificate_id, reason=_(REASON_ERROR)
            )
        return None


@task(
    queue_kind=queues.MAIL,
    aliases=("certification.tasks.certificate_expiry_reminders",),
    **task_options(),
)
def certificate_reminders_send_task() -> int:
    """Send the 12, 6 and 1 month reminders that are due; returns how many were sent."""
    return jobs.certificate_reminders_send()


@task(aliases=("certification.tasks.certificate_expiry_sweep",), **task_options())
def certificate_expiry_sweep_task() -> dict[str, int]:
    """Move cases to recertification due or lapsed as their certificates near expiry."""
    return jobs.certificates_expiry_sweep()
