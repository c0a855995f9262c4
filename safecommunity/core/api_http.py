"""Responses of the API: JSON or CSV with validators, so clients revalidate.

A response built from versioned data (core/data_versions.py) carries an ETag
made of those versions, the address and the reader, and is answered with 304
before any figure is computed when the client already holds it. Other
responses carry an ETag of their content.
"""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from .data_versions import data_versions


def version_etag(request: HttpRequest, *names: str) -> str:
    """A weak ETag for this address, reader and representation at the data's versions."""
    versions = data_versions(*names)
    user_id = getattr(getattr(request, "user", None), "pk", None)
    key = "|".join(
        [
            request.get_full_path(),
            request.headers.get("Accept", ""),
            request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "",
            str(user_id if getattr(request, "auth", None) else ""),
            json.dumps(versions, sort_keys=True),
        ]
    )
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    weak = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == weak for tag in header.split(","))


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """304 when the client's copy is current, else None."""
    if _matches(request, etag):
        response = HttpResponseNotModified()
        _validators(response, etag)
        return response
    return None


def _validators(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    # Token-scoped answers must not be shared by caches, only revalidated.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Authorization", "Accept", "Accept-Language"))


def json_response(
    request: HttpRequest, payload, *, etag: str | None = None, status: int = 200
) -> HttpResponse:
    """`payload` as JSON with an ETag (of the versions given, else of the content)."""
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    if etag is None:
        etag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        unchanged = not_modified(request, etag)
        if unchanged is not None:
            return unchanged
    response = HttpResponse(body, status=status, content_type="application/json")
    _validators(response, etag)
    return response


def text_response(
    request: HttpRequest, body: bytes, *, content_type: str, etag: str
) -> HttpResponse:
    """A text representation (CSV) with the same validators."""
    response = HttpResponse(body, content_type=content_type)
    _validators(response, etag)
    return response
