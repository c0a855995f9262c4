"""Requesting and building jobs: reuse, idempotency, atomic files, failures."""

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from reports import tasks
from reports.dossiers import build as dossier
from reports.dossiers import services
from reports.models import DossierJob
from safecommunity.core.pdf import pdf_rendering_allowed
from tests.factories.reports import documents_create


def _build(job_id: int) -> str:
    with pdf_rendering_allowed():
        return services.dossier_job_build(job_id=job_id)


def _stored_files(media) -> list:
    return sorted(p.name for p in (media / "dossiers").iterdir())


def test_request_queues_once_after_commit(
    municipality, mayor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.dossier_request(municipality=municipality, actor=mayor)
        again = services.dossier_request(municipality=municipality, actor=mayor)
    assert again == job  # a double click waits for the queued job
    assert len(callbacks) == 1
    assert job.status == DossierJob.Status.QUEUED
    assert len(job.fingerprint) == 64


def test_unchanged_data_reuses_the_last_file(municipality, mayor, private_media):
    first = services.dossier_request(
        municipality=municipality, actor=mayor, enqueue=False
    )
    _build(first.pk)
    again = services.dossier_request(municipality=municipality, actor=mayor)
    assert again.pk == first.pk
    assert again.status == DossierJob.Status.READY
    assert DossierJob.objects.count() == 1
    documents_create(municipality, 1)
    changed = services.dossier_request(
        municipality=municipality, actor=mayor, enqueue=False
    )
    assert changed.pk != first.pk
    _build(changed.pk)
    assert len(_stored_files(private_media)) == 2


def test_a_file_that_disappeared_is_rendered_again(municipality, mayor):
    first = services.dossier_request(
        municipality=municipality, actor=mayor, enqueue=False
    )
    _build(first.pk)
    first.refresh_from_db()
    first.file.storage.delete(first.file.name)
    again = services.dossier_request(
        municipality=municipality, actor=mayor, enqueue=False
    )
    assert again.pk != first.pk
    assert again.status == DossierJob.Status.QUEUED


def test_building_twice_leaves_one_file(municipality, private_media):
    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    assert _build(job.pk) == "ready"
    job.refresh_from_db()
    finished_at = job.finished_at
    assert _build(job.pk) == "ready"
    job.refresh_from_db()
    assert job.finished_at == finished_at  # the second delivery did nothing
    assert _stored_files(private_media) == [f"{job.token.hex}.pdf"]


def test_redelivery_while_rendering_overwrites_the_same_file(
    municipality, private_media
):
    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    # A worker died mid-render: the job stays "rendering" and is delivered again.
    services.dossier_job_start(job_id=job.pk)
    services.dossier_file_write(job=job, content=b"%PDF-partial")
    # While the first worker's heartbeat is fresh, a second delivery leaves it be.
    assert _build(job.pk) == "rendering"
    DossierJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    assert _build(job.pk) == "ready"
    job.refresh_from_db()
    assert job.attempts == 2
    assert _stored_files(private_media) == [f"{job.token.hex}.pdf"]
    assert job.file.read().startswith(b"%PDF-1.")


def test_a_second_job_for_the_same_data_shares_the_file(municipality, private_media):
    first = services.dossier_request(
        municipality=municipality, actor=None, enqueue=False
    )
    # Requested before the first had finished, so it is a job of its own.
    second = DossierJob.objects.create(
        municipality=municipality, kind="dossier", language=first.language
    )
    _build(first.pk)
    _build(second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.reused_from == first
    assert second.file.name == first.file.name
    assert len(_stored_files(private_media)) == 1


def test_rendering_is_refused_outside_workers(municipality):
    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    with pytest.raises(RuntimeError):
        services.dossier_job_build(job_id=job.pk)


def test_permanent_error_marks_the_job_failed(municipality, monkeypatch):
    def broken(municipality):
        raise ValueError("bad data")

    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    monkeypatch.setattr(
        dossier, "DOSSIER_SECTIONS", [*dossier.DOSSIER_SECTIONS, broken]
    )
    assert tasks.dossier_build_task.apply(args=(job.pk,)).get() == "failed"
    job.refresh_from_db()
    assert job.status == DossierJob.Status.FAILED
    assert job.failure_reason
    assert "bad data" not in job.failure_reason  # no internals shown to users
    assert not job.file


def test_missing_job_is_ignored(db):
    assert tasks.dossier_build_task.apply(args=(987654,)).get() == "missing"


def test_transient_errors_give_up_with_a_reason(municipality, monkeypatch, settings):
    settings.CELERY_TASK_EAGER_PROPAGATES = False

    def unreachable(municipality):
        raise OperationalError("server closed the connection")

    job = services.dossier_request(municipality=municipality, actor=None, enqueue=False)
    monkeypatch.setattr(
        dossier, "DOSSIER_SECTIONS", [*dossier.DOSSIER_SECTIONS, unreachable]
    )
    monkeypatch.setattr(tasks.dossier_build_task, "max_retries", 0)
    result = tasks.dossier_build_task.apply(args=(job.pk,))
    assert isinstance(result.result, OperationalError)
    job.refresh_from_db()
    assert job.status == DossierJob.Status.FAILED
    assert job.failure_reason
