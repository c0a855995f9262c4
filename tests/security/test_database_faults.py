"""The database going away: nothing half-written, a clear message, health 503 and back."""

from __future__ import annotations

import csv
import io
import threading
import time

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection

from injuries.models import ImportJob, Registration
from injuries.services import import_job_create, import_job_process

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="terminates PostgreSQL backends (CI)"
)


def _admin_connection() -> psycopg.Connection:
    db = connection.settings_dict
    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "dbname": db["NAME"],
        "autocommit": True,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None})


def _terminate_when_blocked(
    backend_pid: int, table: str, locked: threading.Event, done: threading.Event
) -> None:
    """Hold a write lock on `table`; end the backend once it waits for that lock.

    The import has then read and checked the whole file and staged its rows;
    its INSERT waits, and the connection is cut at exactly that moment.
    """
    with _admin_connection() as admin:
        admin.autocommit = False
        admin.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
        locked.set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            row = admin.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE pid = %s AND wait_event_type = 'Lock'",
                [backend_pid],
            ).fetchone()
            if row:
                with _admin_connection() as killer:
                    killer.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
                done.set()
                break
            time.sleep(0.01)
        admin.rollback()


def _csv(rows: int, code: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "injury_date",
            "municipality",
            "age",
            "sex",
            "contact_cause",
            "place",
            "activity",
            "mechanism",
            "severity",
            "transport",
            "external_id",
        ]
    )
    for i in range(rows):
        writer.writerow(
            [
                "2024-03-01",
                code,
                i % 90,
                "F",
                "accident",
                "home_inside",
                "other",
                "F2",
                "minor",
                "",
                f"id-{i}",
            ]
        )
    return out.getvalue().encode()


def test_database_lost_during_import_saves_nothing_and_says_so(
    reference_data, coordinator, municipality, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("skader.csv", _csv(30_000, municipality.code))
    job = import_job_create(actor=coordinator, upload=upload, language="en")
    ImportJob.objects.filter(pk=job.pk).update(
        confirmed=True, status=ImportJob.Status.QUEUED
    )
    connection.ensure_connection()
    locked, killed = threading.Event(), threading.Event()
    watcher = threading.Thread(
        target=_terminate_when_blocked,
        args=(
            connection.connection.info.backend_pid,
            Registration._meta.db_table,
            locked,
            killed,
        ),
    )
    watcher.start()
    assert locked.wait(30)  # the write lock is held before the import starts
    with pytest.raises(OperationalError):
        import_job_process(job_id=job.pk)
    watcher.join()
    assert killed.is_set()

    connection.close()
    assert Registration.objects.count() == 0  # the half-written import rolled back
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "database could not be reached" in job.errors[0]["reason"]
    assert "nothing was saved" in job.errors[0]["reason"]


def test_health_turns_503_and_back(client, transactional_db):
    assert client.get("/healthz").status_code == 200
    connection.ensure_connection()
    with _admin_connection() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid]
        )
    down = client.get("/healthz")
    assert down.status_code == 503
    assert down.json()["database"] == "unreachable"
    back = client.get("/healthz")
    assert back.status_code == 200
    assert back.json() == {"database": "ok", "broker": "ok"}
