"""A newcomer's first run: `make run` serves the portal with DEBUG off, its own
error pages, its static files and an icon; refused requests log no traceback."""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from safecommunity.core.models import Role
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.programmes import InitiativeFactory, ProgrammeFactory

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    """`manage.py runserver` with the settings `make run` uses and no configuration:
    no DEBUG, SECRET_KEY or ALLOWED_HOSTS in the environment."""
    folder = tmp_path_factory.mktemp("first-run")
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "REDIS_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="safecommunity.settings.local",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        PYTHONUNBUFFERED="1",
    )
    port = _free_port()
    log = (folder / "server.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"runserver did not start:\n{log.read()}")
                time.sleep(0.2)
        yield port, log
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_local_settings_serve_static_files_with_debug_off(local_server):
    port, _ = local_server
    status, headers, body = _get(port, "/static/css/app.css")
    assert status == 200
    assert headers["content-type"].startswith("text/css")
    assert ".skip-link" in body


def test_local_settings_answer_with_the_portals_own_404_page(local_server):
    port, log = local_server
    status, headers, body = _get(port, "/no-such-page/")
    assert status == 404
    assert headers["content-type"].startswith("text/html")
    assert "Siden finnes ikke" in body  # the portal's page, in Norwegian
    assert "URLconf" not in body  # not Django's debug page listing the URLs
    log.seek(0)
    assert "Traceback" not in log.read()


def test_favicon_answers_without_404(local_server):
    port, _ = local_server
    status, headers, _body = _get(port, "/favicon.ico")
    assert status == 302
    assert headers["location"] == "/static/favicon.svg"
    status, headers, body = _get(port, headers["location"])
    assert status == 200
    assert headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in body


def test_every_page_names_the_icon(client, db):
    html = client.get(reverse("login")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", verbosity=0)


def test_a_refused_request_is_one_warning_line_without_traceback(client, db, caplog):
    municipality = MunicipalityFactory()
    initiative = InitiativeFactory(
        programme=ProgrammeFactory(municipality=municipality)
    )
    mayor = UserFactory(role=Role.MANAGEMENT, municipalities=[municipality])
    client.force_login(mayor)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(
            reverse("programmes:initiative-edit", args=[initiative.pk])
        )
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.levelno for r in records] == [logging.WARNING]
    assert "Forbidden" in records[0].getMessage()
    assert records[0].exc_info is None
    assert "Traceback" not in logging.Formatter().format(records[0])


def test_htmx_never_writes_style_attributes(client, db):
    """htmx copies settled attributes with setAttribute; a style attribute (one a
    chart set on its canvas, say) is then refused by the style CSP, an error in
    the browser's console on every swap."""
    html = client.get(reverse("login")).content.decode()
    config = json.loads(re.search(r"name=\"htmx-config\"\s+content='([^']+)'", html)[1])
    assert config["includeIndicatorStyles"] is False
    assert "style" not in config["attributesToSettle"]
    assert "style-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
