"""The walk report PDF and the overdue reminders, run as Celery tasks."""

import datetime
import io
import time

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from safecommunity.core.models import Role
from tests.factories.core import UserFactory
from tests.factories.walks import (
    FindingFactory,
    SafetyWalkFactory,
    WalkParticipantFactory,
)
from walks import report_pdf as walk_reports
from walks import tasks
from walks.models import Finding, SafetyWalk
from walks.workflow import safety_walk_transition

FROZEN = datetime.datetime(2030, 3, 10, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def coordinator_with_email(municipality):
    return UserFactory(
        username="walk-coord",
        role=Role.COORDINATOR,
        municipalities=[municipality],
        email="coord@example.org",
    )


def test_overdue_reminders_go_out_once_per_finding(
    programme,
    coordinator_with_email,
    other_programme,
    django_capture_on_commit_callbacks,
):
    walk = SafetyWalkFactory(programme=programme)
    FindingFactory(walk=walk, place="Late crossing", due_date=datetime.date(2030, 3, 1))
    FindingFactory(walk=walk, place="Due today", due_date=datetime.date(2030, 3, 10))
    FindingFactory(
        walk=walk,
        place="Fixed late",
        due_date=datetime.date(2030, 3, 1),
        status=Finding.Status.FIXED,
    )
    FindingFactory(
        walk=SafetyWalkFactory(programme=other_programme),
        place="Other town",
        due_date=datetime.date(2030, 3, 1),
    )
    with (
        time_machine.travel(FROZEN, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.finding_reminders_send_task.delay().get() == 2
        assert tasks.finding_reminders_send_task.delay().get() == 0
    to_coordinator = [m for m in mail.outbox if "coord@example.org" in m.to]
    assert len(to_coordinator) == 1
    assert "Late crossing" in to_coordinator[0].body
    assert "Due today" not in to_coordinator[0].body
    assert "Other town" not in to_coordinator[0].body
    late = Finding.objects.get(place="Late crossing")
    assert late.reminder_sent_at == FROZEN


def test_nothing_is_overdue_before_the_due_date(programme, coordinator_with_email):
    FindingFactory(
        walk=SafetyWalkFactory(programme=programme), due_date=datetime.date(2030, 3, 10)
    )
    with time_machine.travel(FROZEN, tick=False):
        assert tasks.finding_reminders_send_task.delay().get() == 0
    assert mail.outbox == []


@pytest.fixture
def reported_walk(programme, coordinator, media, django_capture_on_commit_callbacks):
    walk = SafetyWalkFactory(
        programme=programme,
        area="Revetal sentrum",
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    WalkParticipantFactory(walk=walk, email="ola@example.org")
    WalkParticipantFactory(walk=walk, email="")
    FindingFactory(
        walk=walk,
        place="Gangfelt ved skolen",
        term=Finding.Term.SHORT,
        responsible_body="Roads office",
        due_date=datetime.date(2030, 1, 1),
    )
    FindingFactory(
        walk=walk,
        place="Badeplassen",
        term=Finding.Term.LONG,
        responsible_body="Parks",
        due_date=datetime.date(2031, 1, 1),
    )
    for status in (SafetyWalk.Status.WALKED, SafetyWalk.Status.DISCUSSED):
        safety_walk_transition(walk=walk, to_status=status, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        safety_walk_transition(
            walk=walk, to_status=SafetyWalk.Status.REPORTED, actor=coordinator
        )
    walk.refresh_from_db()
    return walk


def test_reporting_a_walk_makes_a_real_pdf_and_mails_it(reported_walk):
    assert reported_walk.report is not None
    assert reported_walk.report_sent_at is not None
    with reported_walk.report.file.open("rb") as handle:
        content = handle.read()
    pages = PdfReader(io.BytesIO(content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Revetal sentrum" in text
    assert "Gangfelt ved skolen" in text
    assert "Long-term recommendations" in text
    assert [m.to for m in mail.outbox] == [["ola@example.org"]]
    _name, attached, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "application/pdf"
    assert attached.startswith(b"%PDF")


def test_the_report_task_is_safe_to_deliver_twice(reported_walk):
    report = reported_walk.report_id
    assert (
        tasks.walk_report_build_task.delay(walk_id=reported_walk.pk).get() == "skipped"
    )
    reported_walk.refresh_from_db()
    assert reported_walk.report_id == report
    assert len(mail.outbox) == 1


def test_the_report_task_skips_walks_not_reported(programme):
    walk = SafetyWalkFactory(programme=programme)
    assert tasks.walk_report_build_task.delay(walk_id=walk.pk).get() == "skipped"


@pytest.mark.django_db
def test_the_report_is_never_rendered_in_a_request(programme):
    from safecommunity.core.pdf import PdfRenderingNotAllowed

    walk = SafetyWalkFactory(programme=programme)
    with pytest.raises(PdfRenderingNotAllowed):
        walk_reports.walk_report_render(walk=walk)


@pytest.mark.worker
def test_a_real_worker_makes_the_report(celery_worker_thread, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    walk = SafetyWalkFactory(status=SafetyWalk.Status.REPORTED, area="Brårud")
    WalkParticipantFactory(walk=walk, email="kari@example.org")
    FindingFactory(walk=walk, place="Lekeplassen", term=Finding.Term.SHORT)
    tasks.walk_report_build_task.delay(walk_id=walk.pk)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        walk.refresh_from_db()
        if walk.report_sent_at:
            break
        time.sleep(0.2)
    assert walk.report_id is not None
    with walk.report.file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert "Brårud" in text
    assert len(mail.outbox) == 1
