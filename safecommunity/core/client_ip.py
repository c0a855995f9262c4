"""The client's address, for rate limits and login lockouts, behind proxies too."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR; with TRUSTED_PROXY_COUNT = n > 0, the address the nearest of
    n trusted proxies saw: the n-th from the right in X-Forwarded-For.

    Addresses further left are written by the client and never trusted; a
    header shorter than n, or not an address, falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate
