"""Registration for a network event without an account: places, the waiting
list, e-mails with a calendar file, cancellation, reminders and deletion."""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services, tasks
from events.forms import EventForm
from events.models import Event, Registration
from events.tokens import cancel_token, registration_id_from_token
from tests.factories.core import MunicipalityFactory
from tests.factories.events import EventFactory, RegistrationFactory, _in_days

pytestmark = pytest.mark.django_db


def _register(client, event, municipality, *, name="Kari Nordmann", email=None):
    return client.post(
        reverse("events:public-detail", args=[event.pk]),
        {
            "name": name,
            "email": email or f"{name.split()[0].lower()}@example.org",
            "municipality": municipality.pk,
            "role": "Folkehelsekoordinator",
        },
    )


@pytest.fixture
def municipality():
    return MunicipalityFactory(name="Egenby")


def test_anyone_registers_without_an_account_and_gets_a_calendar_file(
    municipality, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Introduksjonsdag", capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(Client(), event, municipality)
    assert response.status_code == 302
    assert response["Location"].endswith("?registered=confirmed")
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@example.org"]
    assert "Introduksjonsdag" in message.subject
    # The link carries a signed, timestamped token: read it back from the mail.
    prefix = reverse("events:cancel", args=["TOKEN"]).split("TOKEN")[0]
    token = re.search(re.escape(prefix) + r"([^/\s]+)/", message.body).group(1)
    assert registration_id_from_token(token) == registration.pk
    name, content, mimetype = message.attachments[0]
    assert name == "event.ics"
    assert mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Introduksjonsdag"
    assert vevent.decoded("dtstart") == event.starts_at
    assert vevent.decoded("dtend") == event.ends_at
    assert "Rådhuset" in str(vevent["location"])


def test_several_from_one_municipality_and_then_the_waiting_list(
    municipality, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Anne A", "Bjorn B", "Cecilie C"):
            _register(client, event, municipality, name=name)
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {
        "Anne A": "confirmed",
        "Bjorn B": "confirmed",
        "Cecilie C": "waiting",
    }
    waiting_mail = mail.outbox[-1]
    assert waiting_mail.to == ["cecilie@example.org"]
    assert waiting_mail.attachments == []  # no calendar file without a place
    assert "number 1" in waiting_mail.body


def test_the_same_address_twice_changes_nothing_and_reveals_nothing(
    municipality, django_capture_on_commit_callbacks
):
    event = EventFactory()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _register(client, event, municipality)
        response = _register(client, event, municipality)
    assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 2  # the confirmation once more


def test_cancelling_through_the_link_moves_the_waiting_list_up(
    municipality, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first = RegistrationFactory(event=event, municipality=municipality)
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITING, email="neste@example.org"
    )
    url = reverse("events:cancel", args=[cancel_token(first.pk)])
    client = Client()
    assert client.get(url).status_code == 200
    assert Registration.objects.filter(pk=first.pk).exists()  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 200
    assert not Registration.objects.filter(pk=first.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.promoted_at is not None
    (message,) = mail.outbox
    assert message.to == ["neste@example.org"]
    assert message.attachments[0][0] == "event.ics"
    again = client.post(url)  # a second click cancels nothing more
    assert again.status_code == 200
    assert "cancelled already" in again.content.decode()
    assert Registration.objects.filter(pk=waiting.pk).exists()


def test_a_forged_cancellation_token_is_refused(municipality):
    registration = RegistrationFactory(municipality=municipality)
    forged = cancel_token(registration.pk)[:-2] + "xx"
    response = Client().post(reverse("events:cancel", args=[forged]))
    assert response.status_code == 404
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_more_places_move_people_up(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    fields = {name: getattr(event, name) for name in EventForm.Meta.fields}
    from tests.factories.core import UserFactory

    secretariat = UserFactory(role="secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            actor=secretariat, event=event, **{**fields, "capacity": 2}
        )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert len(mail.outbox) == 1


def test_registration_closes_at_the_deadline(municipality):
    event = EventFactory(
        starts_at=_in_days(2),
        registration_deadline=timezone.now() - datetime.timedelta(minutes=1),
    )
    response = _register(Client(), event, municipality)
    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert not Registration.objects.exists()


def test_invalid_input_is_answered_in_the_form_and_saves_nothing(municipality):
    event = EventFactory()
    response = Client().post(
        reverse("events:public-detail", args=[event.pk]),
        {"name": "", "email": "not-an-address", "municipality": municipality.pk},
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Registration.objects.exists()


def test_unpublished_events_are_not_public():
    event = EventFactory(published=False)
    client = Client()
    assert client.get(reverse("events:public-detail", args=[event.pk])).status_code == (
        404
    )
    assert event.title not in client.get(reverse("events:public-list")).content.decode()


def test_registration_needs_the_csrf_token(municipality):
    event = EventFactory()
    client = Client(enforce_csrf_checks=True)
    response = _register(client, event, municipality)
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_registration_is_rate_limited_per_client(municipality):
    event = EventFactory(capacity=100)
    client = Client()
    codes = [
        _register(client, event, municipality, name=f"Person{i} X").status_code
        for i in range(12)
    ]
    assert codes[:10] == [302] * 10
    assert codes[10:] == [429, 429]
    assert Registration.objects.count() == 10


def test_the_public_pages_show_no_participant(municipality):
    event = EventFactory()
    RegistrationFactory(event=event, name="Synnøve Skjult", email="skjult@example.org")
    client = Client()
    for url in (
        reverse("events:public-list"),
        reverse("events:public-detail", args=[event.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Synnøve" not in html
        assert "skjult@example.org" not in html
    assert "1 of 30 taken" in client.get(reverse("events:public-list")).content.decode()


def test_public_pages_in_norwegian_and_swedish():
    event = EventFactory()
    client = Client()
    client.cookies["django_language"] = "nb"
    html = client.get(reverse("events:public-detail", args=[event.pk])).content
    assert "Meld på".encode() in html
    client.cookies["django_language"] = "sv"
    html = client.get(reverse("events:public-detail", args=[event.pk])).content
    assert "Anmäl".encode() in html


def test_reminder_the_day_before_is_sent_once():
    tomorrow = EventFactory(starts_at=_in_days(1), registration_deadline=_in_days(0, 0))
    later = EventFactory(starts_at=_in_days(3))
    RegistrationFactory(event=tomorrow, email="imorgen@example.org")
    RegistrationFactory(
        event=tomorrow, email="venter@example.org", status=Registration.Status.WAITING
    )
    RegistrationFactory(event=later, email="senere@example.org")
    assert tasks.event_reminders_send_task.apply().get() == 1
    assert [m.to for m in mail.outbox] == [["imorgen@example.org"]]
    assert mail.outbox[0].attachments[0][0] == "event.ics"
    assert tasks.event_reminders_send_task.apply().get() == 0  # not again


def test_personal_data_is_deleted_a_set_time_after_the_event(settings):
    settings.EVENT_DATA_RETENTION_DAYS = 30
    old = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=31, hours=5),
        ends_at=timezone.now() - datetime.timedelta(days=31),
        registration_deadline=timezone.now() - datetime.timedelta(days=40),
    )
    recent = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=29, hours=5),
        ends_at=timezone.now() - datetime.timedelta(days=29),
        registration_deadline=timezone.now() - datetime.timedelta(days=40),
    )
    RegistrationFactory.create_batch(2, event=old)
    RegistrationFactory(event=old, status=Registration.Status.WAITING)
    RegistrationFactory(event=recent)
    assert tasks.event_participants_purge_task.apply().get() == 3
    assert not Registration.objects.filter(event=old).exists()
    assert Registration.objects.filter(event=recent).count() == 1
    old.refresh_from_db()
    assert old.participant_count == 2
    assert old.participants_deleted_at is not None
    assert tasks.event_participants_purge_task.apply().get() == 0  # idempotent
    old.refresh_from_db()
    assert old.participant_count == 2


def test_stale_e_mail_tasks_send_nothing():
    registration = RegistrationFactory(status=Registration.Status.WAITING)
    assert (
        tasks.registration_email_send_task(
            registration_id=registration.pk, kind="promoted"
        )
        == 0
    )
    assert tasks.registration_email_send_task(registration_id=0, kind="confirmed") == 0
    assert mail.outbox == []


def test_beat_schedule_names_the_tasks():
    from django.conf import settings

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "events.tasks.event_reminders_send_task" in names
    assert "events.tasks.event_participants_purge_task" in names


def test_event_constraints_hold_in_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(place="", online_url="")
    assert Event.objects.count() == 0
