"""A worker killed with SIGKILL mid-render: after a restart, exactly one dossier.

The filesystem broker removes a message when a worker receives it, so nothing
hands the task back; on Redis the unacknowledged message waits for the
visibility timeout (half an hour). On both, the beat task that finds jobs
without a heartbeat queues the job again and the restarted worker finishes it.

Needs PostgreSQL (DATABASE_URL): the workers are separate processes that reach
the test database over the network; the Redis case also needs REDIS_URL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reports.dossiers import services
from reports.models import DossierJob
from reports.tasks import dossier_build_task
from tests.factories.reports import documents_create

pytestmark = pytest.mark.worker

ROOT = Path(settings.BASE_DIR)
# The broker comes from the environment the test gives the worker; beat runs
# in the second worker only, with the short sweep interval below.
WORKER = """
import json, os, sys
from safecommunity.celery import app
app.conf.broker_url = os.environ["TEST_BROKER_URL"]
app.conf.broker_transport_options = json.loads(os.environ["TEST_BROKER_OPTIONS"])
app.conf.result_backend = None
app.conf.task_always_eager = False
args = ["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "-n", sys.argv[1]]
if sys.argv[2] == "beat":
    args += ["--beat", "--schedule", sys.argv[3]]
app.worker_main(args)
"""
# Short enough for a test of seconds; the defaults are 30 s and the task's
# time limit (five minutes).
JOB_SETTINGS = {
    "JOB_HEARTBEAT_SECONDS": "0.5",
    "JOB_STALE_SECONDS": "4",
    "JOB_SWEEP_SECONDS": "1",
}


def _redis():
    import redis

    return redis.Redis.from_url(os.environ["REDIS_URL"])


def _clear_redis() -> None:
    from safecommunity.core import queues

    _redis().delete(*queues.ALL, "unacked", "unacked_index", "unacked_mutex")


def _broker(kind: str, tmp_path: Path) -> tuple[str, dict]:
    if kind == "redis":
        return os.environ["REDIS_URL"], {}
    folders = {
        "data_folder_in": tmp_path / "queue",
        "data_folder_out": tmp_path / "queue",
        "processed_folder": tmp_path / "processed",
        "control_folder": tmp_path / "control",
    }
    for folder in folders.values():
        folder.mkdir(exist_ok=True)
    return "filesystem://", {
        **{key: str(path) for key, path in folders.items()},
        "store_processed": False,
    }


def _start_worker(
    name: str, log: Path, broker: tuple[str, dict], *, beat: Path | None = None
) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        **JOB_SETTINGS,
        "DJANGO_SETTINGS_MODULE": "safecommunity.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "TEST_BROKER_URL": broker[0],
        "TEST_BROKER_OPTIONS": json.dumps(broker[1]),
        "PYTHONPATH": str(ROOT),
    }
    mode = ["beat", str(beat)] if beat else ["plain"]
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, f"{name}@%h", *mode],
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


@pytest.fixture
def shared_media(settings):
    """The workers use the test settings' MEDIA_ROOT, so the test does too."""
    from safecommunity.settings import test as test_settings

    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT
    return Path(test_settings.MEDIA_ROOT)


@pytest.mark.parametrize("kind", ["filesystem", "redis"])
def test_killed_worker_leads_to_exactly_one_dossier(
    kind, transactional_db, municipality, shared_media, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database server (PostgreSQL)")
    if kind == "redis" and not os.environ.get("REDIS_URL"):
        pytest.skip("needs a real Redis broker (REDIS_URL)")
    from safecommunity.celery import app

    if kind == "redis":
        _clear_redis()
    broker = _broker(kind, tmp_path)
    documents_create(municipality, 250)  # several pages: seconds of layout
    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    log = tmp_path / "workers.log"
    first = second = None

    def status() -> str:
        return DossierJob.objects.values_list("status", flat=True).get(pk=job.pk)

    app.conf.task_always_eager = False
    try:
        with app.connection_for_write(
            broker[0], transport_options=broker[1]
        ) as producer_connection:
            dossier_build_task.apply_async(
                args=(job.pk,), connection=producer_connection
            )
        first = _start_worker(f"kill-first-{kind}", log, broker)
        assert _wait_for(lambda: status() == DossierJob.Status.RENDERING, 60), (
            log.read_text()
        )
        time.sleep(1.0)  # well inside WeasyPrint's layout
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert status() == DossierJob.Status.RENDERING
        if kind == "filesystem":
            # The message left the broker when it was received: nothing to redeliver.
            assert not list((tmp_path / "queue").iterdir())
        else:
            assert _redis().hlen("unacked") == 1  # waits for the visibility timeout

        second = _start_worker(
            f"kill-second-{kind}", log, broker, beat=tmp_path / "beat-schedule"
        )
        assert _wait_for(lambda: status() == DossierJob.Status.READY, 120), (
            log.read_text()
        )
        time.sleep(3)  # let further sweeps run and find the job done
    finally:
        app.conf.task_always_eager = True
        for process in (first, second):
            if process is not None:
                _stop(process)
        if kind == "redis":
            _clear_redis()
    job.refresh_from_db()
    assert job.status == DossierJob.Status.READY, log.read_text()
    assert job.requeues >= 1  # the sweep, not a redelivery, brought it back
    assert job.attempts == job.requeues + 1
    assert DossierJob.objects.filter(status=DossierJob.Status.READY).count() == 1
    folder = shared_media / "dossiers"
    assert sorted(p.name for p in folder.glob(f"*{job.token.hex}*")) == [
        f"{job.token.hex}.pdf"
    ]
    assert job.file.read(5) == b"%PDF-"
    assert job.page_count > 3
    job.file.storage.delete(job.file.name)
