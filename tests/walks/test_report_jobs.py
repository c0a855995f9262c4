"""The walk report job: lost with its worker, queued again, made once; try again."""

from __future__ import annotations

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from safecommunity.core import jobs
from safecommunity.core.models import Document
from safecommunity.core.pdf import pdf_rendering_allowed
from tests.factories.walks import SafetyWalkFactory, WalkParticipantFactory
from walks import report_pdf as walk_reports
from walks.models import SafetyWalk, WalkReportJob


def _lost_report(programme) -> SafetyWalk:
    """A reported walk whose report worker died before making anything."""
    walk = SafetyWalkFactory(programme=programme, status=SafetyWalk.Status.REPORTED)
    WalkParticipantFactory(walk=walk, email="kari@example.org")
    job = WalkReportJob.objects.create(walk=walk)
    assert jobs.job_claim(model=WalkReportJob, pk=job.pk) is not None
    WalkReportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    return walk


def test_a_lost_report_is_made_and_sent_once(
    programme, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    walk = _lost_report(programme)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_requeue_stale() == {"requeued": 1, "failed": 0}
    walk.refresh_from_db()
    assert walk.report_job.status == WalkReportJob.JOB_DONE
    assert walk.report_id is not None
    assert len(mail.outbox) == 1
    with pdf_rendering_allowed():
        assert walk_reports.walk_report_build(walk_id=walk.pk) == "skipped"
    assert Document.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_stalled_run_stores_no_second_report(programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    walk = _lost_report(programme)
    stalled = WalkReportJob.objects.get(walk=walk).run_id
    assert jobs.jobs_requeue_stale()["requeued"] == 1
    with pdf_rendering_allowed():
        assert walk_reports.walk_report_build(walk_id=walk.pk) == "sent"
        walk.refresh_from_db()
        # The first run wakes up and tries to store its own report.
        walk.report_id = None
        assert walk_reports._report_document(walk, stalled) is None
    assert Document.objects.count() == 1


def test_a_report_lost_too_often_fails_and_can_be_tried_again(
    programme, coordinator, client_for, settings, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_REQUEUES = 0
    walk = _lost_report(programme)
    assert jobs.jobs_requeue_stale() == {"requeued": 0, "failed": 1}
    client = client_for(coordinator)
    page = client.get(reverse("walks:walk-detail", args=[walk.pk]))
    assert b"Try again" in page.content
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("walks:walk-report-retry", args=[walk.pk]))
    assert response.status_code == 302
    assert len(callbacks) == 1  # the task is queued again
    job = WalkReportJob.objects.get(walk=walk)
    assert (job.status, job.requeues, job.failure_reason) == ("queued", 0, "")


def test_the_walk_page_follows_the_report_job_until_it_is_ready(
    client_for, coordinator, programme, settings, tmp_path
):
    """While the worker makes the report, its block asks again; once the report
    is stored, the block links to it and stops asking."""
    settings.MEDIA_ROOT = tmp_path
    walk = SafetyWalkFactory(programme=programme, status=SafetyWalk.Status.REPORTED)
    WalkReportJob.objects.create(walk=walk)
    client = client_for(coordinator)
    status_url = reverse("walks:walk-report", args=[walk.pk])

    page = client.get(reverse("walks:walk-detail", args=[walk.pk])).content.decode()
    assert "The report is being made." in page
    assert f'hx-get="{status_url}"' in page

    with pdf_rendering_allowed():
        assert walk_reports.walk_report_build(walk_id=walk.pk) == "sent"
    block = client.get(status_url)
    assert block["Cache-Control"].startswith("max-age=0")
    html = block.content.decode()
    assert "Download the walk report (PDF)" in html
    assert "being made" not in html
    assert "hx-get" not in html
