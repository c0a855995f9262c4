"""Celery tasks of the reports app: PDFs are rendered here, never in requests."""

from __future__ import annotations

import logging

from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from safecommunity.core import queues
from safecommunity.core.jobs import (
    TRANSIENT_BACKOFF_MAX,
    TRANSIENT_ERRORS,
    long_task_options,
    task,
)
from safecommunity.core.pdf import pdf_rendering_allowed

from .dossiers import services
from .models import DossierJob

logger = logging.getLogger(__name__)

# Stored translated into the job's language when a job fails.
REASON_UNREACHABLE = gettext_noop("A service was unreachable. Please try again later.")
REASON_TOO_LONG = gettext_noop("Making the PDF took too long.")
REASON_ERROR = gettext_noop(
    "The PDF could not be made. Please try again or contact the secretariat."
)


def _fail(job_id: int, message: str) -> None:
    language = (
        DossierJob.objects.filter(pk=job_id).values_list("language", flat=True).first()
    )
    with translation.override(language or None):
        reason = _(message)
    services.dossier_job_fail(job_id=job_id, reason=reason)


@task(
    queue_kind=queues.PDFS,
    aliases=("reports.tasks.build_dossier",),
    **long_task_options(time_limit=DossierJob.JOB_TIME_LIMIT),
)
def dossier_build_task(self, job_id: int) -> str:
    """Render the PDF of one DossierJob; safe to deliver more than once."""
    try:
        with pdf_rendering_allowed():
            return services.dossier_job_build(job_id=job_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.exception("Dossier job %s: giving up after retries.", job_id)
            try:
                _fail(job_id, REASON_UNREACHABLE)
            except TRANSIENT_ERRORS:
                logger.exception("Dossier job %s: could not record failure.", job_id)
            raise
        countdown = get_exponential_backoff_interval(
            factor=1,
            retries=self.request.retries,
            maximum=TRANSIENT_BACKOFF_MAX,
            full_jitter=True,
        )
        logger.warning(
            "Dossier job %s: transient %s, retry in %s s.",
            job_id,
            type(exc).__name__,
            countdown,
        )
        raise self.retry(exc=exc, countdown=countdown) from exc
    except SoftTimeLimitExceeded:
        logger.exception("Dossier job %s: time limit reached.", job_id)
        _fail(job_id, REASON_TOO_LONG)
        return DossierJob.Status.FAILED
    except Exception:
        logger.exception("Dossier job %s failed.", job_id)
        _fail(job_id, REASON_ERROR)
        return DossierJob.Status.FAILED
