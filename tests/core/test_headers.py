"""Security headers on every HTML response."""

import time

import pytest
from django.urls import reverse


@pytest.fixture
def login_page(client, db):
    return client.get(reverse("login"))


def test_content_security_policy(login_page):
    policy = login_page["Content-Security-Policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_other_security_headers(login_page):
    assert login_page["X-Content-Type-Options"] == "nosniff"
    assert login_page["Referrer-Policy"] == "same-origin"
    assert login_page["X-Frame-Options"] == "DENY"


def test_pages_carry_no_inline_scripts(client_for, coordinator, municipality):
    page = client_for(coordinator).get(
        reverse("core:municipality-detail", args=[municipality.code])
    )
    html = page.content.decode()
    assert "<script>" not in html
    assert " onclick=" not in html
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or 'type="application/json"' in opening


def test_session_cookie_expires_after_30_idle_minutes_and_is_renewed(
    client, coordinator
):
    response = client.post(
        reverse("login"), {"username": "coord", "password": "pw-for-tests-123"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == 30 * 60
    assert cookie["httponly"]


def test_the_idle_expiry_is_renewed_once_a_minute_without_a_write_per_page(
    client, coordinator, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.post(reverse("login"), {"username": "coord", "password": "pw-for-tests-123"})
    page = reverse("core:municipality-list")
    client.get(page)
    with CaptureQueriesContext(connection) as quiet:
        response = client.get(page)
    assert not any(q["sql"].startswith("UPDATE") for q in quiet.captured_queries)
    assert "sessionid" not in response.cookies
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    with CaptureQueriesContext(connection) as renewed:
        response = client.get(page)
    assert any(
        q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
        for q in renewed.captured_queries
    )
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
