"""Dossier jobs whose worker is gone: queued again, then given up; never two results."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.dossiers import services
from reports.models import DossierJob
from safecommunity.core import jobs
from safecommunity.core.pdf import pdf_rendering_allowed
from safecommunity.core.tasks import jobs_requeue_stale_task


def _silent_for(job: DossierJob, minutes: int) -> None:
    """The job's worker last showed life `minutes` ago."""
    DossierJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def _stuck_job(municipality, **fields) -> DossierJob:
    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    DossierJob.objects.filter(pk=job.pk).update(
        status=DossierJob.Status.RENDERING, attempts=1, **fields
    )
    _silent_for(job, 6)  # the task's time limit is five minutes
    return job


def test_a_job_without_heartbeat_is_queued_again_and_finished(
    municipality, private_media, django_capture_on_commit_callbacks
):
    job = _stuck_job(municipality)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_requeue_stale_task.delay().get() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == DossierJob.Status.READY  # the task ran again (eagerly)
    assert (job.requeues, job.attempts) == (1, 2)
    assert job.file.read(5) == b"%PDF-"


def test_a_job_with_a_fresh_heartbeat_is_left_alone(
    municipality, django_capture_on_commit_callbacks
):
    job = _stuck_job(municipality)
    _silent_for(job, 1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert jobs.jobs_requeue_stale() == {"requeued": 0, "failed": 0}
    assert callbacks == []
    job.refresh_from_db()
    assert job.status == DossierJob.Status.RENDERING


def test_a_queued_job_whose_message_was_lost_is_queued_again(
    municipality, django_capture_on_commit_callbacks
):
    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    _silent_for(job, 6)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert jobs.jobs_requeue_stale()["requeued"] == 1
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == DossierJob.Status.QUEUED
    assert job.requeues == 1


def test_the_staleness_threshold_is_a_setting(municipality, settings):
    job = _stuck_job(municipality)
    _silent_for(job, 1)
    settings.JOB_STALE_SECONDS = 30
    job.refresh_from_db()
    assert job.is_stale
    assert jobs.jobs_requeue_stale()["requeued"] == 1


def test_a_job_lost_too_often_fails_with_a_message_and_a_try_again_button(
    municipality, mayor, client_for, settings, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_REQUEUES = 2
    job = _stuck_job(municipality, requeues=2, language="nb")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert jobs.jobs_requeue_stale() == {"requeued": 0, "failed": 1}
    assert callbacks == []
    job.refresh_from_db()
    assert job.status == DossierJob.Status.FAILED
    assert job.finished_at is not None
    assert "prøv igjen" in job.failure_reason.lower()  # in the job's language
    page = client_for(mayor).get(reverse("reports:dossier", args=[municipality.code]))
    assert job.failure_reason in page.content.decode()
    assert b"Try again" in page.content
    response = client_for(mayor).post(
        reverse("reports:dossier", args=[municipality.code]),
        {"kind": DossierJob.Kind.DOSSIER},
    )
    assert response.status_code == 302
    # A new job, not the failed one.
    assert DossierJob.objects.exclude(pk=job.pk).get().status == (
        DossierJob.Status.QUEUED
    )


def test_asking_again_for_a_stuck_job_does_not_return_it(municipality, mayor):
    stuck = _stuck_job(municipality)
    fresh = services.dossier_request(
        municipality=municipality, actor=mayor, enqueue=False
    )
    assert fresh.pk != stuck.pk
    assert fresh.status == DossierJob.Status.QUEUED
    stuck.refresh_from_db()
    # Replaced, so the sweep will not bring it back for a second result.
    assert stuck.status == DossierJob.Status.FAILED
    assert jobs.jobs_requeue_stale()["requeued"] == 0


def test_a_stuck_job_shows_a_try_again_button(municipality, mayor, client_for):
    job = _stuck_job(municipality)
    url = reverse("reports:dossier-job", args=[municipality.code, job.pk])
    response = client_for(mayor).get(url)
    assert b"The work on this PDF has stopped." in response.content
    assert b"Try again" in response.content


def test_the_first_worker_finishing_after_a_requeue_gives_no_second_result(
    municipality, private_media
):
    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    first_job, first_run = services.dossier_job_start(job_id=job.pk)
    _silent_for(job, 6)  # the first worker stalls; the sweep queues the job again
    assert jobs.jobs_requeue_stale()["requeued"] == 1
    with pdf_rendering_allowed():
        assert services.dossier_job_build(job_id=job.pk) == "ready"
    job.refresh_from_db()
    finished_at, file_name = job.finished_at, job.file.name
    # The first worker wakes up and tries to record its result.
    assert not services.dossier_job_finish(
        job=first_job,
        run_id=first_run,
        file_name="dossiers/other.pdf",
        fingerprint=job.fingerprint,
        page_count=1,
        size=1,
    )
    job.refresh_from_db()
    assert (job.finished_at, job.file.name) == (finished_at, file_name)
    assert DossierJob.objects.filter(status=DossierJob.Status.READY).count() == 1
    assert sorted(p.name for p in (private_media / "dossiers").iterdir()) == [
        f"{job.token.hex}.pdf"
    ]


@pytest.mark.django_db(transaction=True)
def test_a_running_job_keeps_its_heartbeat_fresh(municipality, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    _job, run_id = services.dossier_job_start(job_id=job.pk)
    _silent_for(job, 6)
    beaten = threading.Event()
    with jobs.job_heartbeat(model=DossierJob, pk=job.pk, run_id=run_id):
        for _attempt in range(200):
            job.refresh_from_db()
            if not job.is_stale:
                beaten.set()
                break
            beaten.wait(0.05)
    assert beaten.is_set()
    assert jobs.jobs_requeue_stale()["requeued"] == 0
