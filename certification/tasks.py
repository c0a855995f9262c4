"""Worker tasks: the diploma PDF, expiry reminders and the daily expiry sweep."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from safecommunity.core import queues

from .models import DiplomaJob

logger = logging.getLogger(__name__)

RETRIED_ERRORS = (ConnectionError, TimeoutError, OSError)
REASON_ERROR = gettext_noop(
    "The diploma could not be made. Please try again or contact the secretariat."
)


@shared_task(
    queue_kind=queues.PDFS,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=RETRIED_ERRORS,
    retry_backoff=True,
    max_retries=5,
    time_limit=DiplomaJob.JOB_TIME_LIMIT,
    soft_time_limit=DiplomaJob.JOB_TIME_LIMIT - 30,
)
def certificate_render_diploma(self, *, certificate_id: int) -> int | None:
    """Render and store a certificate's diploma PDF; idempotent. Returns the document id."""
    from safecommunity.core.pdf import pdf_rendering_allowed

    from .services import certificate_diploma_fail, certificate_diploma_store

    try:
        with pdf_rendering_allowed():
            return certificate_diploma_store(certificate_id=certificate_id).diploma_id
    except RETRIED_ERRORS:
        raise
    except Exception:
        logger.exception("Diploma of certificate %s failed.", certificate_id)
        with translation.override(settings.LANGUAGE_CODE):
            certificate_diploma_fail(
                certificate_id=certificate_id, reason=_(REASON_ERROR)
            )
        return None


@shared_task(queue_kind=queues.MAIL)
def certificate_expiry_reminders() -> int:
    """Send the 12, 6 and 1 month reminders that are due; returns how many were sent."""
    from .services import certificate_reminders_send

    return certificate_reminders_send()


@shared_task
def certificate_expiry_sweep() -> dict[str, int]:
    """Move cases to recertification due or lapsed as their certificates near expiry."""
    from .services import certificates_expiry_sweep

    return certificates_expiry_sweep()
