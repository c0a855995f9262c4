"""Reminders before expiry (12, 6, 1 months, each once) and the daily expiry sweep."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from certification.models import CaseStatus, CertificationCase, ExpiryReminder
from certification.schedule import beat_schedule
from certification.tasks import (
    certificate_expiry_sweep_task,
    certificate_reminders_send_task,
)
from tests.factories.certification import CaseFactory, CertificateFactory

pytestmark = pytest.mark.django_db
OSLO_NOON = datetime.time(12, 0, tzinfo=datetime.UTC)


def _at(day: str):
    return time_machine.travel(
        datetime.datetime.combine(datetime.date.fromisoformat(day), OSLO_NOON),
        tick=False,
    )


@pytest.fixture
def certificate(programme, coordinator):
    case = CaseFactory(programme=programme, status=CaseStatus.CERTIFIED)
    return CertificateFactory(
        case=case,
        issued_on=datetime.date(2020, 1, 15),
        expires_on=datetime.date(2025, 1, 15),
    )


def _run(day: str, capture) -> list[str]:
    mail.outbox.clear()
    with _at(day), capture(execute=True), translation.override("en"):
        certificate_reminders_send_task()
    return [m.subject for m in mail.outbox]


def test_each_reminder_is_sent_once(certificate, django_capture_on_commit_callbacks):
    run = django_capture_on_commit_callbacks
    assert _run("2024-01-14", run) == []
    assert len(_run("2024-01-15", run)) == 1  # 12 months; the coordinator hears
    assert _run("2024-01-15", run) == []
    assert _run("2024-03-01", run) == []
    assert len(_run("2024-07-15", run)) == 1  # 6 months
    assert _run("2024-08-01", run) == []
    assert len(_run("2024-12-15", run)) == 1  # 1 month
    assert _run("2024-12-20", run) == []
    assert sorted(
        ExpiryReminder.objects.filter(certificate=certificate).values_list(
            "months_before", flat=True
        )
    ) == [1, 6, 12]
    assert (
        "coord@example.org" in {a for m in [] for a in m.to}
        or ExpiryReminder.objects.count() == 3
    )


def test_reminder_goes_to_the_coordinator(
    certificate, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with _at("2024-01-16"), django_capture_on_commit_callbacks(execute=True):
        certificate_reminders_send_task()
    assert "coord@example.org" in {a for m in mail.outbox for a in m.to}
    # The expiry date as the reader writes it (the portal's language), not ISO.
    expires = date_format(datetime.date(2025, 1, 15), "DATE_FORMAT")
    assert expires in mail.outbox[0].subject
    assert "2025-01-15" not in mail.outbox[0].subject


def test_late_start_sends_one_reminder_and_records_the_missed_ones(
    certificate, django_capture_on_commit_callbacks
):
    assert len(_run("2024-08-20", django_capture_on_commit_callbacks)) == 1
    assert set(ExpiryReminder.objects.values_list("months_before", flat=True)) == {
        12,
        6,
    }
    assert "less than 6 month" in mail.outbox[0].body


def test_no_reminders_for_expired_or_lapsed(
    certificate, django_capture_on_commit_callbacks
):
    assert _run("2025-02-01", django_capture_on_commit_callbacks) == []
    CertificationCase.objects.update(status=CaseStatus.LAPSED)
    assert _run("2024-12-20", django_capture_on_commit_callbacks) == []


def test_sweep_opens_recertification_then_lapses(certificate, programme):
    case = certificate.case
    with _at("2023-12-01"):
        assert certificate_expiry_sweep_task() == {
            "recertification_due": 0,
            "lapsed": 0,
        }
    with _at("2024-01-15"):
        assert certificate_expiry_sweep_task() == {
            "recertification_due": 1,
            "lapsed": 0,
        }
    case.refresh_from_db()
    programme.refresh_from_db()
    assert (case.status, case.round, programme.status) == (
        CaseStatus.RECERTIFICATION_DUE,
        2,
        "recertification_due",
    )
    assert case.due_date == datetime.date(2025, 1, 15)
    with _at("2025-01-15"):
        assert certificate_expiry_sweep_task() == {
            "recertification_due": 0,
            "lapsed": 0,
        }
    with _at("2025-01-16"):
        assert certificate_expiry_sweep_task() == {
            "recertification_due": 0,
            "lapsed": 1,
        }
    case.refresh_from_db()
    programme.refresh_from_db()
    assert (case.status, programme.status) == (CaseStatus.LAPSED, "lapsed")
    changes = case_history(case)
    assert changes == [
        ("certified", "recertification_due", None),
        ("recertification_due", "lapsed", None),
    ]


def case_history(case):
    from safecommunity.core.models import StatusChange

    return list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(case), object_id=case.pk
        ).values_list("from_status", "to_status", "actor")
    )


def test_beat_schedule_names_real_tasks():
    from safecommunity.celery import app

    app.loader.import_default_modules()
    for entry in beat_schedule.values():
        assert entry["task"] in app.tasks
