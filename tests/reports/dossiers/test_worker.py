"""The dossier task on a real Celery worker: once after commit, idempotent, retried."""

import time

import pytest
from celery.signals import task_postrun
from django.db import OperationalError, transaction

from reports.dossiers import build as dossier
from reports.dossiers import services
from reports.models import DossierJob
from reports.tasks import dossier_build_task

pytestmark = pytest.mark.worker


def _wait_for(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _status(job: DossierJob) -> str:
    return DossierJob.objects.values_list("status", flat=True).get(pk=job.pk)


def test_request_is_built_by_the_worker_after_commit(
    celery_worker_thread, municipality, mayor
):
    with transaction.atomic():
        job = services.dossier_request(municipality=municipality, actor=mayor)
        time.sleep(0.5)
        assert _status(job) == DossierJob.Status.QUEUED  # nothing sent yet
    assert _wait_for(lambda: _status(job) == DossierJob.Status.READY)
    job.refresh_from_db()
    assert job.page_count > 1
    assert job.file.read(5) == b"%PDF-"


def test_delivering_the_task_twice_gives_one_file(
    celery_worker_thread, municipality, private_media
):
    finished: dict[str, object] = {}

    def record(task_id=None, retval=None, **kwargs):
        finished[task_id] = retval

    task_postrun.connect(record, weak=False)
    try:
        job = services.dossier_request(
            municipality=municipality, actor=None, enqueue=False
        )
        first = dossier_build_task.delay(job.pk)
        second = dossier_build_task.delay(job.pk)
        assert _wait_for(lambda: {first.id, second.id} <= finished.keys())
    finally:
        task_postrun.disconnect(record)
    assert finished[first.id] == finished[second.id] == "ready"
    job.refresh_from_db()
    assert job.status == DossierJob.Status.READY
    assert job.attempts == 1  # the second delivery found it done
    assert DossierJob.objects.count() == 1
    assert [p.name for p in (private_media / "dossiers").iterdir()] == [
        f"{job.token.hex}.pdf"
    ]


def test_transient_errors_are_retried_with_backoff(
    celery_worker_thread, municipality, monkeypatch
):
    failures = []

    def flaky(municipality):
        if len(failures) < 2:
            failures.append(time.monotonic())
            raise OperationalError("could not connect to server")
        return None

    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    monkeypatch.setattr(dossier, "DOSSIER_SECTIONS", [*dossier.DOSSIER_SECTIONS, flaky])
    started = time.monotonic()
    dossier_build_task.delay(job.pk)
    assert _wait_for(lambda: _status(job) == DossierJob.Status.READY)
    job.refresh_from_db()
    assert len(failures) == 2
    assert job.attempts == 3  # succeeded on the third try
    # Full-jitter backoff of 1 s then 2 s at most.
    assert time.monotonic() - started < 30
