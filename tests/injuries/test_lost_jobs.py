"""Import jobs whose worker is gone: queued again, imported once, or tried again."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from injuries import services
from injuries.models import ImportJob, Registration
from safecommunity.core import jobs


def _silent_for(job: ImportJob, minutes: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def _checked_job(coordinator, files, rows: int = 3) -> ImportJob:
    upload = SimpleUploadedFile(
        "lost.csv", files.csv([files.row("") for _ in range(rows)])
    )
    job = services.import_job_create(actor=coordinator, upload=upload)
    assert job.status == ImportJob.Status.CHECKED, job.errors[:3]
    return job


def _lost_import(job: ImportJob) -> ImportJob:
    """The file was confirmed and a worker took it, then died."""
    ImportJob.objects.filter(pk=job.pk).update(
        confirmed=True, status=ImportJob.Status.QUEUED
    )
    assert jobs.job_claim(model=ImportJob, pk=job.pk) is not None
    _silent_for(job, 11)  # the import task's time limit is ten minutes
    return job


def test_a_lost_import_is_queued_again_and_imported_once(
    code_lists, coordinator, municipality, files, django_capture_on_commit_callbacks
):
    job = _lost_import(_checked_job(coordinator, files))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_requeue_stale() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.attempts, job.requeues) == (3, 1)  # check, lost import, import
    # Rows without an external id would be duplicated by a second import.
    assert Registration.objects.count() == 3
    services.import_job_process(job_id=job.pk)  # the lost message, after all
    assert Registration.objects.count() == 3


def test_the_first_worker_finishing_after_a_requeue_imports_nothing(
    code_lists, coordinator, municipality, files
):
    job = _checked_job(coordinator, files)
    ImportJob.objects.filter(pk=job.pk).update(
        confirmed=True, status=ImportJob.Status.QUEUED
    )
    stalled = jobs.job_claim(model=ImportJob, pk=job.pk)
    _silent_for(job, 11)
    assert jobs.jobs_requeue_stale()["requeued"] == 1
    services.import_job_process(job_id=job.pk)  # the new run imports the file
    assert Registration.objects.count() == 3
    # The stalled run wakes up: it no longer holds the job, so it adds nothing.
    services.import_runs._import_job_run(job.pk, stalled)
    assert Registration.objects.count() == 3
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE


def test_an_import_lost_too_often_fails_and_can_be_tried_again(
    code_lists, coordinator, municipality, files, client_for, settings
):
    settings.JOB_MAX_REQUEUES = 0
    job = _lost_import(_checked_job(coordinator, files))
    assert jobs.jobs_requeue_stale() == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert Registration.objects.count() == 0
    client = client_for(coordinator)
    page = client.get(reverse("injuries:import-detail", args=[job.pk]))
    reason = job.errors[0]["reason"]
    assert "gitt opp" in reason  # in the language the file was uploaded in
    assert reason in page.content.decode()
    assert b"Try again" in page.content
    response = client.post(reverse("injuries:import-retry", args=[job.pk]))
    retry = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("injuries:import-detail", args=[retry.pk])
    assert retry.status == ImportJob.Status.CHECKED  # checked again, then confirmed
    assert (retry.rows_total, retry.error_count) == (3, 0)


def test_a_stuck_import_shows_a_try_again_button(
    code_lists, coordinator, municipality, files, client_for
):
    job = _lost_import(_checked_job(coordinator, files))
    client = client_for(coordinator)
    progress = client.get(reverse("injuries:import-progress", args=[job.pk]))
    assert b"The work on this file has stopped." in progress.content
    assert b"Try again" in progress.content
    client.post(reverse("injuries:import-retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED  # replaced: no second result
    assert ImportJob.objects.count() == 2


def test_a_running_import_cannot_be_tried_again(
    code_lists, coordinator, municipality, files, client_for
):
    job = _checked_job(coordinator, files)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    response = client_for(coordinator).post(
        reverse("injuries:import-retry", args=[job.pk]), follow=True
    )
    assert b"This file is still being worked on." in response.content
    assert ImportJob.objects.count() == 1
