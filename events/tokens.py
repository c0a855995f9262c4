"""The signed token in a registration's cancellation link."""

from __future__ import annotations

from django.core import signing

SALT = "events.registration-cancel"


def cancel_token(registration_id: int) -> str:
    """A token naming one registration, signed with the site's secret key."""
    return signing.dumps(registration_id, salt=SALT, compress=False)


def registration_id_from_token(token: str) -> int | None:
    """The registration a token names, or None when it is forged or damaged."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
