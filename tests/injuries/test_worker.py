"""Large files are checked and imported by a real Celery worker, not in the request."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from injuries import services
from injuries.models import ImportJob, Registration


def _wait_for(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _status(job_id: int) -> str:
    return ImportJob.objects.get(pk=job_id).status


@pytest.mark.worker
def test_a_large_file_is_checked_and_imported_in_the_background(
    celery_worker_thread, code_lists, client_for, coordinator, municipality, files
):
    rows = [
        files.row(f"big-{i}") for i in range(services.import_runs.SYNC_ROW_LIMIT + 100)
    ]
    client = client_for(coordinator)
    started = time.monotonic()
    response = client.post(
        reverse("injuries:import-upload"),
        {"file": SimpleUploadedFile("big.csv", files.csv(rows))},
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("injuries:import-detail", args=[job.pk])
    assert time.monotonic() - started < 5
    progress = client.get(
        reverse("injuries:import-progress", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    assert progress.status_code == 200
    assert _wait_for(lambda: _status(job.pk) == "checked")
    job.refresh_from_db()
    assert (job.error_count, job.created_count) == (0, len(rows))
    assert len(job.preview) == 10
    assert Registration.objects.count() == 0
    finished = client.get(
        reverse("injuries:import-progress", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    assert finished["HX-Refresh"] == "true"

    client.post(reverse("injuries:import-confirm", args=[job.pk]))
    assert _wait_for(lambda: _status(job.pk) == "done")
    assert Registration.objects.filter(import_job=job).count() == len(rows)


@pytest.mark.worker
def test_a_second_delivery_of_the_task_does_nothing(
    celery_worker_thread, code_lists, coordinator, municipality, files
):
    from injuries.tasks import import_job_run_task

    rows = [files.row("") for _ in range(services.import_runs.SYNC_ROW_LIMIT + 1)]
    upload = SimpleUploadedFile("big.csv", files.csv(rows))
    job = services.import_job_create(actor=coordinator, upload=upload)
    assert _wait_for(lambda: _status(job.pk) == "checked")
    job.refresh_from_db()
    assert job.error_count == 0, job.errors[:3]
    services.import_job_confirm(actor=coordinator, job=job)
    assert _wait_for(lambda: _status(job.pk) == "done")
    import_job_run_task.delay(job.pk).get(timeout=30)
    # Rows without an external id would be duplicated by a second run.
    assert Registration.objects.count() == len(rows)
