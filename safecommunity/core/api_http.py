"""Responses of the API: JSON or CSV with validators, so clients revalidate.

A response built from versioned data (core/data_versions.py) carries an ETag
made of those versions, the address and the reader, and a Last-Modified of the
moment the last of those versions rose; it is answered with 304 before any
figure is computed when the client already holds it (If-None-Match, or
If-Modified-Since when no If-None-Match is sent, as RFC 9110 orders them).
Other responses carry an ETag of their content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from .data_versions import data_stamp


@dataclass(frozen=True)
class Validators:
    """What a client revalidates with: an ETag and, for versioned data, the
    time of the last change."""

    etag: str
    last_modified: datetime | None = None


def version_validators(request: HttpRequest, *names: str) -> Validators:
    """A weak ETag for this address, reader and representation at the data's
    versions, and when the last of them changed (one query)."""
    stamp = data_stamp(*names)
    user_id = getattr(getattr(request, "user", None), "pk", None)
    key = "|".join(
        [
            request.get_full_path(),
            request.headers.get("Accept", ""),
            request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "",
            str(user_id if getattr(request, "auth", None) else ""),
            # A version number comes back after a rolled-back write; the
            # token's time of the change tells the two apart.
            stamp.token(*sorted(names)),
        ]
    )
    etag = 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    return Validators(etag=etag, last_modified=stamp.last_changed)


def _current(request: HttpRequest, validators: Validators) -> bool:
    header = request.headers.get("If-None-Match", "")
    if header:
        if header.strip() == "*":
            return True
        weak = validators.etag.removeprefix("W/")
        return any(tag.strip().removeprefix("W/") == weak for tag in header.split(","))
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is None or validators.last_modified is None:
        return False
    # HTTP dates count whole seconds: the client's copy is current only when
    # no change happened after the second it was told.
    return int(validators.last_modified.timestamp()) <= since


def not_modified(request: HttpRequest, validators: Validators) -> HttpResponse | None:
    """304 when the client's copy is current, else None."""
    if _current(request, validators):
        response = HttpResponseNotModified()
        _validators(response, validators)
        return response
    return None


def _validators(response: HttpResponse, validators: Validators) -> None:
    response["ETag"] = validators.etag
    if validators.last_modified is not None:
        response["Last-Modified"] = http_date(validators.last_modified.timestamp())
    # Token-scoped answers must not be shared by caches, only revalidated.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Authorization", "Accept", "Accept-Language"))


def json_response(
    request: HttpRequest,
    payload,
    *,
    validators: Validators | None = None,
    status: int = 200,
) -> HttpResponse:
    """`payload` as JSON with validators (of the versions given, else an ETag of
    the content)."""
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    if validators is None:
        validators = Validators(
            etag='W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        )
        unchanged = not_modified(request, validators)
        if unchanged is not None:
            return unchanged
    response = HttpResponse(body, status=status, content_type="application/json")
    _validators(response, validators)
    return response


def text_response(
    request: HttpRequest, body: bytes, *, content_type: str, validators: Validators
) -> HttpResponse:
    """A text representation (CSV) with the same validators."""
    response = HttpResponse(body, content_type=content_type)
    _validators(response, validators)
    return response
