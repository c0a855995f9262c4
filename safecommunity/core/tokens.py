"""Personal API tokens: made, listed, revoked by their user, checked per request.

A token is `trygg_` and 43 random characters; only its SHA-256 is stored (a
random secret this long needs no slow hash), so a stolen database holds no
usable token. A token works while it is neither expired nor revoked and its
user is active: deactivating a user ends every token at once.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import ApiToken, User
from .services import audit_record

PREFIX = "trygg_"
DEFAULT_DAYS = 90
MAX_DAYS = 365


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: User, name: str, days: int = DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """A new token of `actor` valid `days` days (1 to 365); (token, secret shown once)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError("a token is valid from 1 to 365 days")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name.strip()[:100],
        prefix=secret[: len(PREFIX) + 6],
        secret_hash=_hash(secret),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action="create",
        obj=token,
        after={"name": token.name, "expires_at": token.expires_at.isoformat()},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """End a token now; revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=token,
            after={"revoked_at": token.revoked_at.isoformat()},
        )
    return token


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first."""
    return ApiToken.objects.filter(user=user)


def token_get(*, user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; 404 for anyone else's."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The usable token with this secret, its use counted; None otherwise."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            secret_hash=_hash(secret),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(
        use_count=F("use_count") + 1, last_used_at=now
    )
    return token
