"""The diploma job: lost with its worker, queued again, stored once; try again."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import jobs as certificate_services
from certification.models import DiplomaJob
from safecommunity.core import jobs
from safecommunity.core.models import Document
from safecommunity.core.pdf import pdf_rendering_allowed
from tests.factories.certification import CaseFactory, CertificateFactory


@pytest.fixture
def lost_diploma(programme, settings, tmp_path):
    """A certificate whose diploma worker died mid-render."""
    settings.MEDIA_ROOT = tmp_path
    certificate = CertificateFactory(
        case=CaseFactory(programme=programme, status="certified")
    )
    job = DiplomaJob.objects.create(certificate=certificate)
    assert jobs.job_claim(model=DiplomaJob, pk=job.pk) is not None
    DiplomaJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    return certificate


@pytest.mark.django_db
def test_a_lost_diploma_is_queued_again_and_stored_once(
    lost_diploma, django_capture_on_commit_callbacks
):
    stalled = DiplomaJob.objects.get(certificate=lost_diploma).run_id
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_requeue_stale() == {"requeued": 1, "failed": 0}
    lost_diploma.refresh_from_db()
    assert lost_diploma.diploma_id is not None
    assert lost_diploma.diploma_job.status == DiplomaJob.JOB_DONE
    # The stalled run wakes up with its own PDF: it stores nothing.
    job = lost_diploma.diploma_job
    with pdf_rendering_allowed():
        lost_diploma.diploma = None
        certificate_services._diploma_render_and_store(lost_diploma, job, stalled)
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_a_diploma_lost_too_often_fails_and_can_be_tried_again(
    lost_diploma, secretariat, client_for, settings, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_REQUEUES = 0
    assert jobs.jobs_requeue_stale() == {"requeued": 0, "failed": 1}
    case = lost_diploma.case
    client = client_for(secretariat)
    page = client.get(reverse("certification:case-detail", args=[case.pk]))
    assert b"Try again" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certification:diploma-retry", args=[case.pk]),
            {"certificate": lost_diploma.pk},
        )
    assert response.status_code == 302
    lost_diploma.refresh_from_db()
    assert lost_diploma.diploma_id is not None  # made this time (eagerly)
    assert lost_diploma.diploma_job.status == DiplomaJob.JOB_DONE
