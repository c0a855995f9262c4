"""Production settings refuse insecure configuration and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x" * 20 + "-production-secret-for-the-test-" + "y" * 20
SERVICES = {
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "REDIS_URL",
            "EMAIL_URL",
        }
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="safecommunity.settings.production", **env
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "secret",
    ["", "django-insecure-local-development-only", "short"],
    ids=["missing", "default", "too-short"],
)
def test_production_refuses_missing_or_default_secret_key(secret):
    result = run_manage(
        "check", SECRET_KEY=secret, ALLOWED_HOSTS="trygg.example.org", **SERVICES
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_missing_allowed_hosts():
    result = run_manage("check", SECRET_KEY=GOOD_SECRET, **SERVICES)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_passes_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="trygg.example.org",
        **SERVICES,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_redis():
    services = {k: v for k, v in SERVICES.items() if k != "REDIS_URL"}
    result = run_manage(
        "check", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="trygg.example.org", **services
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


@pytest.mark.parametrize(
    "email_url",
    [None, "consolemail://", "memorymail://", "dummymail://", "filemail:///tmp/m"],
    ids=["missing", "console", "locmem", "dummy", "file"],
)
def test_production_refuses_e_mail_that_reaches_nobody(email_url):
    services = {**SERVICES, "EMAIL_URL": email_url}
    if email_url is None:
        del services["EMAIL_URL"]
    result = run_manage(
        "check", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="trygg.example.org", **services
    )
    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr
