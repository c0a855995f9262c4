"""The one PDF renderer of the project: Django template -> HTML -> WeasyPrint.

Two guarantees hold for every PDF:

1. Deny-by-default fetching. `StaticOnlyURLFetcher` serves only the project's
   own static files (resolved through the staticfiles finders or STATIC_ROOT to
   local files, never over HTTP) and `data:` URIs. `file://` URLs, every network
   address and therefore every redirect are refused with a logged warning; the
   document is rendered without the refused resource. Templates refer to static
   files with `{% static %}`; relative URLs resolve against `STATIC_ORIGIN`, a
   name under the reserved `.invalid` domain that is never looked up.
2. Never inside a web request. WeasyPrint is slow and memory hungry, so
   `render_pdf` refuses to run unless the caller entered
   `pdf_rendering_allowed()` (Celery tasks and management commands do), and that
   context manager itself refuses to open while a request is being handled
   (tracked through Django's request_started / request_finished signals).

User text reaches the PDF only through Django templates with autoescaping on.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .pdf_guard import (
    PdfRenderingNotAllowed,
    _in_request,
    _rendering_allowed,
    pdf_rendering_allowed,
)

__all__ = [
    "PdfRenderingNotAllowed",
    "RenderedPdf",
    "StaticOnlyURLFetcher",
    "pdf_rendering_allowed",
    "render_pdf",
    "render_pdf_document",
]

logger = logging.getLogger(__name__)

STATIC_ORIGIN = "https://static.trygg.invalid"
# What a PDF may embed from the static files; anything else is refused.
STATIC_CONTENT_TYPES = frozenset(
    {
        "text/css",
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "font/woff",
        "font/woff2",
        "font/ttf",
        "font/otf",
    }
)
DATA_URI_MAX_BYTES = 5 * 1024 * 1024


class URLRefused(ValueError):
    """Raised by the fetcher for every URL it does not serve; WeasyPrint skips it."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def _refuse(url: str, reason: str) -> URLRefused:
    logger.warning("PDF fetch refused (%s): %.200s", reason, url)
    return URLRefused(f"{reason}: {url[:200]}")


def static_file_for(path: str) -> Path | None:
    """The local file behind a static URL path such as `/static/css/print.css`."""
    static_url = urlsplit(settings.STATIC_URL or "/static/").path
    if not path.startswith(static_url):
        return None
    relative = unquote(path[len(static_url) :])
    normalised = posixpath.normpath(relative)
    if (
        not relative
        or normalised != relative
        or normalised.startswith(("/", "../"))
        or "\\" in relative
        or "\x00" in relative
    ):
        return None
    found = finders.find(normalised)
    if found:
        return Path(found).resolve()
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / normalised).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


class StaticOnlyURLFetcher(URLFetcher):
    """WeasyPrint fetcher that serves static files and data URIs and refuses the rest."""

    def __init__(self) -> None:
        super().__init__(
            allowed_protocols=("https", "data"),
            allow_redirects=False,
            fail_on_errors=False,
            timeout=1,
        )

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """Return the resource for `url` or raise `URLRefused`."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._fetch_data(url)
        if scheme != "https":
            raise _refuse(url, "scheme not allowed")
        try:
            parts = urlsplit(url)
        except ValueError:
            raise _refuse(url, "malformed URL") from None
        origin = urlsplit(STATIC_ORIGIN)
        if (
            parts.hostname != origin.hostname
            or parts.port is not None
            or parts.username
            or parts.password
        ):
            raise _refuse(url, "network address")
        path = static_file_for(parts.path)
        if path is None:
            raise _refuse(url, "not a static file")
        content_type = mimetypes.guess_type(path.name)[0] or ""
        if content_type not in STATIC_CONTENT_TYPES:
            raise _refuse(url, "static file type not allowed")
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _fetch_data(self, url: str) -> URLFetcherResponse:
        if len(url) > DATA_URI_MAX_BYTES * 2:
            raise _refuse(url, "data URI too large")
        try:
            # Only data: URIs reach this line; DataHandler opens nothing else.
            response = DataHandler().data_open(Request(url))  # noqa: S310  # nosec B310
        except (ValueError, OSError):
            raise _refuse(url, "malformed data URI") from None
        body = response.read()
        content_type = response.headers.get("Content-Type", "text/plain")
        return URLFetcherResponse(
            url, body=body, headers={"Content-Type": content_type}
        )


def render_pdf_document(template_name: str, context: dict) -> RenderedPdf:
    """Render a template to a PDF and return its bytes and page count."""
    if not _rendering_allowed.get() or _in_request.get():
        raise PdfRenderingNotAllowed(
            "render_pdf runs only inside pdf_rendering_allowed(), never in a request."
        )
    html = render_to_string(template_name, context)
    document = HTML(
        string=html,
        base_url=STATIC_ORIGIN + "/",
        url_fetcher=StaticOnlyURLFetcher(),
        media_type="print",
    ).render()
    return RenderedPdf(content=document.write_pdf(), page_count=len(document.pages))


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes through the deny-by-default fetcher."""
    return render_pdf_document(template_name, context).content
