"""Counters for rate limits, kept in the shared "ratelimit" cache.

That cache is Redis when REDIS_URL is set and a database table otherwise, so
a limit holds across every web process (settings: CACHES).

- Logins: besides django-axes' lockout of a (username, address) pair, an
  address that fails many times across usernames (password spraying) is
  first slowed (one attempt per SLOW_SECONDS) and then locked for the cool-off.
- Password reset: a few requests per address and per account an hour.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches

from .client_ip import client_ip


def _cache():
    return caches["ratelimit"]


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


def count(scope: str, value: str, *, seconds: int) -> int:
    """Count one event of `scope` for `value` within a window; the new count."""
    key = _key(scope, value)
    cache = _cache()
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return 1


def current(scope: str, value: str) -> int:
    return _cache().get(_key(scope, value), 0)


# Logins from one address --------------------------------------------------------


def _window() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def login_failed(request) -> None:
    """Count a failed login of the request's address (any username)."""
    address = client_ip(request)
    failures = count("login-address", address, seconds=_window())
    if failures >= settings.LOGIN_ADDRESS_SLOW_AFTER:
        _cache().set(
            _key("login-slow", address), 1, settings.LOGIN_ADDRESS_SLOW_SECONDS
        )


def login_refusal(request) -> str | None:
    """'locked' or 'slow' when the address may not try now; None otherwise."""
    address = client_ip(request)
    if current("login-address", address) >= settings.LOGIN_ADDRESS_LOCK_AFTER:
        return "locked"
    if _cache().get(_key("login-slow", address)):
        return "slow"
    return None


# Password reset ------------------------------------------------------------------


def password_reset_allowed(request, email: str) -> tuple[bool, bool]:
    """Count a reset request; (address within its limit, account within its limit)."""
    hour = 60 * 60
    by_address = count("reset-address", client_ip(request), seconds=hour)
    by_account = count("reset-account", email, seconds=hour)
    return (
        by_address <= settings.PASSWORD_RESET_PER_ADDRESS,
        by_account <= settings.PASSWORD_RESET_PER_ACCOUNT,
    )
