"""Personal API tokens: made on the user's own page, shown once, stored hashed,
expiring, revocable, counted, limited, and ended with their user."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safecommunity.core import tokens
from safecommunity.core.models import ApiToken, AuditEntry
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def _bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_is_made_on_the_users_page_and_shown_once(client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("core:api-tokens")
    response = client.post(url, {"name": "R script", "days": 90})
    secret = response.context["secret"]
    assert secret.startswith("trygg_")
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=coordinator)
    assert token.name == "R script"
    assert secret not in {token.secret_hash, token.prefix}
    assert secret.startswith(token.prefix)
    assert (
        token.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    )
    listed = client.get(url).content.decode()
    assert "R script" in listed
    assert secret not in listed
    assert AuditEntry.objects.filter(action="create", object_id=str(token.pk)).exists()


def test_a_token_lives_at_most_a_year(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("core:api-tokens"), {"name": "forever", "days": 366}
    )
    assert response.context["form"].errors["days"]
    assert not ApiToken.objects.exists()


def test_each_user_sees_and_revokes_only_their_own_tokens(
    client_for, coordinator, other_coordinator
):
    mine, _secret = tokens.token_create(actor=coordinator, name="mine")
    theirs, _secret = tokens.token_create(actor=other_coordinator, name="theirs")
    client = client_for(coordinator)
    page = client.get(reverse("core:api-tokens")).content.decode()
    assert "mine" in page
    assert "theirs" not in page
    refused = client.post(reverse("core:api-token-revoke", args=[theirs.pk]))
    assert refused.status_code == 404
    client.post(reverse("core:api-token-revoke", args=[mine.pk]))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None
    assert theirs.revoked_at is None


def test_the_api_needs_a_token(coordinator):
    response = Client().get("/api/v1/token")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_a_session_is_not_a_token(client_for, coordinator):
    assert client_for(coordinator).get("/api/v1/token").status_code == 401


def test_every_use_of_a_token_is_counted(coordinator):
    token, secret = tokens.token_create(actor=coordinator, name="counted")
    client = Client()
    for _n in range(3):
        response = client.get("/api/v1/token", **_bearer(secret))
    assert response.status_code == 200
    assert response.json()["use_count"] == 3
    token.refresh_from_db()
    assert token.use_count == 3
    assert token.last_used_at is not None


def test_expired_revoked_and_unknown_tokens_are_refused(coordinator):
    token, secret = tokens.token_create(actor=coordinator, name="short", days=1)
    client = Client()
    assert client.get("/api/v1/token", **_bearer(secret)).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert client.get("/api/v1/token", **_bearer(secret)).status_code == 401
    tokens.token_revoke(actor=coordinator, token=token)
    assert client.get("/api/v1/token", **_bearer(secret)).status_code == 401
    assert client.get("/api/v1/token", **_bearer(secret + "x")).status_code == 401
    assert client.get("/api/v1/token", **_bearer("trygg_nonsense")).status_code == 401


def test_deactivating_a_user_ends_their_tokens(coordinator):
    _token, secret = tokens.token_create(actor=coordinator, name="script")
    client = Client()
    assert client.get("/api/v1/token", **_bearer(secret)).status_code == 200
    coordinator.is_active = False
    coordinator.save()
    assert client.get("/api/v1/token", **_bearer(secret)).status_code == 401


def test_requests_are_limited_per_token(settings, coordinator):
    settings.API_RATE_LIMIT = "2/min"
    _token, secret = tokens.token_create(actor=coordinator, name="busy")
    _other, other_secret = tokens.token_create(
        actor=UserFactory(username="someone"), name="calm"
    )
    client = Client()
    for _n in range(2):
        assert client.get("/api/v1/token", **_bearer(secret)).status_code == 200
    limited = client.get("/api/v1/token", **_bearer(secret))
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert limited["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/token", **_bearer(other_secret)).status_code == 200
