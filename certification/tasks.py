"""Worker tasks: the diploma PDF, expiry reminders and the daily expiry sweep."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    bind=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def certificate_render_diploma(self, *, certificate_id: int) -> int | None:
    """Render and store a certificate's diploma PDF; idempotent. Returns the document id."""
    from safecommunity.core.pdf import pdf_rendering_allowed

    from .services import certificate_diploma_store

    with pdf_rendering_allowed():
        return certificate_diploma_store(certificate_id=certificate_id).diploma_id


@shared_task
def certificate_expiry_reminders() -> int:
    """Send the 12, 6 and 1 month reminders that are due; returns how many were sent."""
    from .services import certificate_reminders_send

    return certificate_reminders_send()


@shared_task
def certificate_expiry_sweep() -> dict[str, int]:
    """Move cases to recertification due or lapsed as their certificates near expiry."""
    from .services import certificates_expiry_sweep

    return certificates_expiry_sweep()
