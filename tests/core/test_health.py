"""GET /healthz (CONTRACTS 4)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_health_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_health_is_public_and_never_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


def _health_in_subprocess(**env: str) -> tuple[int, dict]:
    # A separate process with a database that is really unreachable
    # (a closed port), so the check meets a genuine connection failure.
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, json.dumps(r.json()))"
    )
    environment = dict(
        os.environ, DJANGO_SETTINGS_MODULE="safecommunity.settings.test", **env
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    status, body = result.stdout.strip().split(" ", 1)
    return int(status), json.loads(body)


def test_health_503_names_the_database_when_unreachable():
    status, body = _health_in_subprocess(
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none?connect_timeout=2"
    )
    assert status == 503
    assert body["database"] == "unreachable"


def test_health_503_names_the_broker_when_unreachable():
    status, body = _health_in_subprocess(REDIS_URL="redis://127.0.0.1:9/0")
    assert status == 503
    assert body == {"database": "ok", "broker": "unreachable"}
