"""Who calls the API: a personal token in `Authorization: Bearer`, and how
often it may call (per token, counted in the shared cache)."""

from __future__ import annotations

from django.conf import settings
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from . import tokens


class TokenAuth(HttpBearer):
    """A usable personal token; the request then reads as its user."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token: str):
        found = tokens.token_authenticate(token)
        if found is None:
            return None
        request.user = found.user
        return found


class TokenRateThrottle(SimpleRateThrottle):
    """`API_RATE_LIMIT` requests per token (e.g. `120/min`); 429 with Retry-After."""

    scope = "token"

    def get_rate(self) -> str:
        return settings.API_RATE_LIMIT

    def allow_request(self, request) -> bool:
        # Read per request, not at import: settings may change under tests.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str | None:
        token = getattr(request, "auth", None)
        if token is None:
            return None  # the public rows are not limited per token
        return f"api-rate-{token.pk}"


token_auth = TokenAuth()
