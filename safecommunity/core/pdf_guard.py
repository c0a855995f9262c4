"""Where a PDF may be rendered: in workers and commands, never in a web request.

Kept apart from the renderer so that every process can connect the request
guard at start-up without loading WeasyPrint (a second of start-up per
process); `safecommunity.core.pdf` re-exports these names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.signals import request_finished, request_started

__all__ = ["PdfRenderingNotAllowed", "pdf_rendering_allowed"]

_rendering_allowed: ContextVar[bool] = ContextVar(
    "pdf_rendering_allowed", default=False
)
_in_request: ContextVar[bool] = ContextVar("pdf_in_request", default=False)


class PdfRenderingNotAllowed(RuntimeError):
    """Raised when a PDF would be rendered outside a worker or command."""


def _mark_request_started(**kwargs) -> None:
    _in_request.set(True)


def _mark_request_finished(**kwargs) -> None:
    _in_request.set(False)


request_started.connect(
    _mark_request_started, weak=False, dispatch_uid="core_pdf_request_started"
)
request_finished.connect(
    _mark_request_finished, weak=False, dispatch_uid="core_pdf_request_finished"
)


@contextmanager
def pdf_rendering_allowed() -> Iterator[None]:
    """Allow `render_pdf` in this block; for Celery tasks and management commands."""
    if _in_request.get():
        raise PdfRenderingNotAllowed("PDFs are rendered by workers, not in requests.")
    token = _rendering_allowed.set(True)
    try:
        yield
    finally:
        _rendering_allowed.reset(token)
