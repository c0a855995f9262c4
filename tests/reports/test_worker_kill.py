"""A worker killed with SIGKILL mid-render: after a restart, exactly one dossier.

Needs Redis (REDIS_URL) and PostgreSQL (DATABASE_URL): the workers are separate
processes that reach the test database over the network.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reports import services
from reports.models import DossierJob
from reports.tasks import build_dossier
from tests.factories.reports import documents_create

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs a real Redis broker (REDIS_URL) shared with worker processes",
    ),
]

ROOT = Path(settings.BASE_DIR)
# The restarted worker must see the killed worker's unacknowledged message as
# overdue; a real deployment waits for the broker's visibility_timeout instead.
WORKER = """
import sys
from safecommunity.celery import app
app.conf.broker_transport_options = {
    "visibility_timeout": 3, "unacked_restore_interval": 1
}
app.worker_main(["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "-n", sys.argv[1]])
"""


def _redis():
    import redis

    return redis.Redis.from_url(os.environ["REDIS_URL"])


def _clear_broker() -> None:
    client = _redis()
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")


def _start_worker(name: str, log: Path) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safecommunity.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": os.environ["REDIS_URL"],
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, f"{name}@%h"],
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
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def shared_media(settings):
    """The workers use the test settings' MEDIA_ROOT, so the test does too."""
    from safecommunity.settings import test as test_settings

    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT
    return Path(test_settings.MEDIA_ROOT)


def test_killed_worker_leads_to_exactly_one_dossier(
    transactional_db, municipality, shared_media, tmp_path, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database server (PostgreSQL)")
    from safecommunity.celery import app

    _clear_broker()
    documents_create(municipality, 1500)  # about 50 pages: several seconds
    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    log = tmp_path / "workers.log"
    first = second = None
    try:
        build_dossier.delay(job.pk)
        first = _start_worker("kill-first", log)

        def status() -> str:
            return DossierJob.objects.values_list("status", flat=True).get(pk=job.pk)

        assert _wait_for(lambda: status() == DossierJob.Status.RENDERING, 60), (
            log.read_text()
        )
        time.sleep(1.0)  # well inside WeasyPrint's layout
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert status() == DossierJob.Status.RENDERING
        assert _redis().hlen("unacked") == 1  # the message was not acknowledged

        second = _start_worker("kill-second", log)
        assert _wait_for(lambda: status() == DossierJob.Status.READY, 120), (
            log.read_text()
        )
        time.sleep(5)  # let any further redelivery run and find the job done
    finally:
        for process in (first, second):
            if process is not None:
                _stop(process)
        app.conf.task_always_eager = True
        _clear_broker()
    job.refresh_from_db()
    assert job.status == DossierJob.Status.READY
    assert job.attempts == 2  # the killed run and the one that finished
    assert DossierJob.objects.filter(status=DossierJob.Status.READY).count() == 1
    folder = shared_media / "dossiers"
    assert sorted(p.name for p in folder.glob(f"*{job.token.hex}*")) == [
        f"{job.token.hex}.pdf"
    ]
    assert job.file.read(5) == b"%PDF-"
    assert job.page_count > 10
    job.file.storage.delete(job.file.name)
