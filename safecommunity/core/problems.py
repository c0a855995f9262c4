"""RFC 9457 problem details: every error the API answers, in one shape.

`{"type", "title", "status", "detail", "instance"}` as
`application/problem+json`, with extension members where a problem has more
to say (the rows of a refused import, the fields of a refused request).
"""

from __future__ import annotations

import json
import logging
import math

from django.core.exceptions import RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
# Problems whose meaning goes beyond the status code have their own type;
# the others are "about:blank" and read by their status alone (RFC 9457 4.2).
TYPE_BASE = "https://trygg.invalid/problems/"


class ProblemOut(Schema):
    """RFC 9457 problem details (sent as application/problem+json)."""

    type: str = Field(
        description="What kind of problem: a URI, or about:blank for the status alone.",
        examples=["https://trygg.invalid/problems/import-refused"],
    )
    title: str = Field(
        description="Short summary in the request's language.",
        examples=["Unprocessable content"],
    )
    status: int = Field(description="The HTTP status code.", examples=[422])
    detail: str = Field(
        description="What went wrong, in the request's language.",
        examples=["The rows were not imported; nothing was saved."],
    )
    instance: str = Field(
        description="The address asked for.", examples=["/api/v1/registrations"]
    )


def problem_responses(*statuses: int) -> dict:
    """Response declarations of the problems an operation may answer."""
    return dict.fromkeys(statuses, ProblemOut)


class Problem(Exception):
    """An error the API reports as problem details."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str = "",
        title: str = "",
        headers: dict[str, str] | None = None,
        **extensions,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.title = title
        self.headers = headers or {}
        self.extensions = extensions


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Authentication required"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        413: _("Request too large"),
        415: _("Unsupported media type"),
        422: _("Unprocessable content"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


def problem_response(request: HttpRequest, problem: Problem) -> HttpResponse:
    """The problem as an `application/problem+json` response."""
    body = {
        "type": f"{TYPE_BASE}{problem.kind}" if problem.kind else "about:blank",
        "title": problem.title or _titles().get(problem.status, _("Error")),
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.path,
        **problem.extensions,
    }
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=problem.status,
        content_type=CONTENT_TYPE,
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def _validation_errors(errors: list[dict]) -> list[dict]:
    """Pydantic's errors as `{"location", "message"}`, without echoing input."""
    return [
        {
            "location": ".".join(str(part) for part in error.get("loc", ())),
            "message": str(error.get("msg", "")),
        }
        for error in errors[:100]
    ]


def install(api) -> None:
    """Answer every error of `api` with problem details."""

    @api.exception_handler(Problem)
    def on_problem(request, exc: Problem):
        return problem_response(request, exc)

    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError):
        return problem_response(
            request,
            Problem(
                422,
                _("The request has invalid parameters or fields."),
                kind="invalid-request",
                errors=_validation_errors(exc.errors),
            ),
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication(request, exc):
        return problem_response(
            request,
            Problem(
                401,
                _(
                    "A valid personal token is needed: send "
                    "'Authorization: Bearer <token>'. Tokens are made on your "
                    "own page in the portal."
                ),
                headers={"WWW-Authenticate": 'Bearer realm="trygg"'},
            ),
        )

    @api.exception_handler(Throttled)
    def on_throttled(request, exc: Throttled):
        wait = max(1, math.ceil(exc.wait or 1))
        return problem_response(
            request,
            Problem(
                429,
                _("Too many requests with this token; try again later."),
                kind="rate-limited",
                headers={"Retry-After": str(wait)},
                retry_after=wait,
            ),
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        return problem_response(request, Problem(exc.status_code, str(exc)))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return problem_response(
            request,
            Problem(404, _("There is nothing here, or not for this token.")),
        )

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc):
        return problem_response(
            request, Problem(413, _("The request body is too large."))
        )

    @api.exception_handler(Exception)
    def on_error(request, exc):
        logger.exception("API error on %s", request.path)
        return problem_response(
            request,
            Problem(500, _("The request failed on an unexpected error.")),
        )
