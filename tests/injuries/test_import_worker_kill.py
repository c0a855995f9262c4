"""An imports worker killed with SIGKILL in the middle of an import, on Redis:
another worker imports the file, and its rows are registered exactly once.

The test holds a lock on the registrations table, so the first worker is
provably inside the import (its transaction waits to write the rows) when it
is killed. Its unacknowledged message waits for Redis' visibility timeout
(half an hour); the beat sweep of jobs without a heartbeat queues the job
again and the second worker, on the imports and default queues, finishes it.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): the workers are
separate processes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from injuries import services
from injuries.models import ImportJob, Registration
from injuries.tasks import import_job_run_task
from safecommunity.core import queues

pytestmark = pytest.mark.worker

ROOT = Path(settings.BASE_DIR)
ROWS = 3000
WORKER = """
import os, sys
from safecommunity.celery import app
app.conf.broker_url = os.environ["TEST_BROKER_URL"]
app.conf.broker_transport_options = {}
app.conf.result_backend = None
app.conf.task_always_eager = False
args = ["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "-n", sys.argv[1],
        "-Q", sys.argv[2]]
if len(sys.argv) > 3:
    args += ["--beat", "--schedule", sys.argv[3]]
app.worker_main(args)
"""
JOB_SETTINGS = {
    "JOB_HEARTBEAT_SECONDS": "0.5",
    "JOB_STALE_SECONDS": "4",
    "JOB_SWEEP_SECONDS": "1",
}


def _redis():
    import redis

    return redis.Redis.from_url(os.environ["REDIS_URL"])


def _clear_redis() -> None:
    _redis().delete(*queues.ALL, "unacked", "unacked_index", "unacked_mutex")


def _database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _start_worker(
    name: str, queue_names: str, log: Path, *, beat: Path | None = None
) -> subprocess.Popen:
    env = {
        **os.environ,
        **JOB_SETTINGS,
        "DJANGO_SETTINGS_MODULE": "safecommunity.settings.test",
        "DATABASE_URL": _database_url(),
        "TEST_BROKER_URL": os.environ["REDIS_URL"],
        "PYTHONPATH": str(ROOT),
    }
    extra = [str(beat)] if beat else []
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, f"{name}@%h", queue_names, *extra],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _waiting_to_write(lock_holder: psycopg.Connection) -> bool:
    """Whether another session waits for a lock on the registrations table."""
    row = lock_holder.execute(
        "SELECT count(*) FROM pg_locks WHERE NOT granted"
        " AND relation = 'injuries_registration'::regclass"
    ).fetchone()
    return row[0] > 0


@pytest.fixture
def shared_media(settings):
    """The workers use the test settings' MEDIA_ROOT, so the test does too."""
    from safecommunity.settings import test as test_settings

    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT
    return Path(test_settings.MEDIA_ROOT)


def test_killed_imports_worker_leads_to_one_import_on_another_worker(
    transactional_db, code_lists, coordinator, files, shared_media, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database server (PostgreSQL)")
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs a real Redis broker (REDIS_URL)")
    from safecommunity.celery import app

    upload = SimpleUploadedFile(
        "killed.csv", files.csv([files.row(f"k-{i}") for i in range(ROWS)])
    )
    job = services.import_job_create(actor=coordinator, upload=upload)
    assert job.status == ImportJob.Status.CHECKED, job.errors[:3]
    ImportJob.objects.filter(pk=job.pk).update(
        confirmed=True, status=ImportJob.Status.QUEUED
    )
    log = tmp_path / "workers.log"
    first = second = None

    def status() -> str:
        return ImportJob.objects.values_list("status", flat=True).get(pk=job.pk)

    _clear_redis()
    lock_holder = psycopg.connect(_database_url())
    app.conf.task_always_eager = False
    try:
        lock_holder.execute("LOCK TABLE injuries_registration IN SHARE MODE")
        with app.connection_for_write(os.environ["REDIS_URL"]) as producer:
            import_job_run_task.apply_async(args=(job.pk,), connection=producer)
        assert _redis().llen(queues.IMPORTS) == 1  # routed by its decorator
        first = _start_worker("kill-imports-first", queues.IMPORTS, log)
        assert _wait_for(lambda: _waiting_to_write(lock_holder), 60), log.read_text()
        assert status() == ImportJob.Status.RUNNING
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        lock_holder.rollback()  # the killed worker's transaction goes with it
        assert _redis().hlen("unacked") == 1  # waits for the visibility timeout
        assert Registration.objects.count() == 0

        second = _start_worker(
            "kill-imports-second",
            f"{queues.IMPORTS},{queues.DEFAULT}",
            log,
            beat=tmp_path / "beat-schedule",
        )
        assert _wait_for(lambda: status() == ImportJob.Status.DONE, 120), (
            log.read_text()
        )
        time.sleep(3)  # let further sweeps run and find the job done
    finally:
        lock_holder.close()
        app.conf.task_always_eager = True
        for process in (first, second):
            if process is not None:
                _stop(process)
        _clear_redis()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, log.read_text()
    assert job.requeues >= 1  # the sweep, not a redelivery, brought it back
    # Claimed by the check of the upload, the killed worker and the second one.
    assert job.attempts == job.requeues + 2
    assert (job.created_count, job.updated_count) == (ROWS, 0)
    assert Registration.objects.count() == ROWS
    assert Registration.objects.filter(import_job=job).count() == ROWS
    assert Registration.objects.values("external_id").distinct().count() == ROWS
