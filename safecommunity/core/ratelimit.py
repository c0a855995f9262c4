"""A per-client counter for public forms (walk links, event registration)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from .client_ip import client_ip


def rate_limited(request, *, scope: str, key: str = "", limit: int, seconds: int):
    """Count this request; True once the client has made more than `limit` of
    them in `scope` (and `key`) within `seconds`."""
    ip = client_ip(request)
    digest = hashlib.sha256(f"{ip}|{key}".encode()).hexdigest()[:32]
    cache_key = f"{scope}:{digest}"
    cache.add(cache_key, 0, seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, seconds)
        count = 1
    return count > limit
