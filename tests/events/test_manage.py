"""The secretariat's event pages: publishing, the participant list and its export."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event
from safecommunity.core.models import AuditEntry, Role
from tests.factories.core import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat_client():
    client = Client()
    client.force_login(UserFactory(role=Role.SECRETARIAT))
    return client


def test_the_secretariat_publishes_an_event(secretariat_client):
    response = secretariat_client.post(
        reverse("events:create"),
        {
            "kind": "introduction_day",
            "title": "Introduksjonsdag for nye kommuner",
            "agenda": "10.00 Velkommen",
            "starts_at": "2031-03-10T10:00",
            "ends_at": "2031-03-10T15:00",
            "place": "",
            "online_url": "https://meet.example.org/intro",
            "capacity": "40",
            "registration_deadline": "2031-03-01T12:00",
            "published": "on",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.online_url == "https://meet.example.org/intro"
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_id=str(event.pk)
    ).exists()
    public = Client().get(reverse("events:public-list")).content.decode()
    assert "Introduksjonsdag for nye kommuner" in public


def test_an_event_needs_a_place_or_a_link_and_a_deadline_before_it(
    secretariat_client,
):
    response = secretariat_client.post(
        reverse("events:create"),
        {
            "kind": "seminar",
            "title": "Seminar",
            "starts_at": "2031-03-10T10:00",
            "ends_at": "2031-03-10T09:00",
            "capacity": "10",
            "registration_deadline": "2031-03-11T12:00",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give a place, an online link or both." in html
    assert "The event must end after it starts." in html
    assert "before the event starts" in html
    assert not Event.objects.exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_participant_list_reads_in_constant_queries(
    secretariat_client, django_assert_max_num_queries, rows
):
    event = EventFactory(capacity=100)
    RegistrationFactory.create_batch(rows, event=event)
    with django_assert_max_num_queries(8):
        response = secretariat_client.get(
            reverse("events:participants", args=[event.pk])
        )
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == rows + 1


@pytest.mark.parametrize("rows", [1, 50])
def test_event_list_reads_in_constant_queries(
    secretariat_client, django_assert_max_num_queries, rows
):
    EventFactory.create_batch(rows)
    with django_assert_max_num_queries(6):
        response = secretariat_client.get(reverse("events:manage-list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(3):
        assert Client().get(reverse("events:public-list")).status_code == 200


def test_export_is_neutralised_and_audited(secretariat_client):
    event = EventFactory()
    RegistrationFactory(event=event, name="=HYPERLINK(1)", role="+47 role")
    response = secretariat_client.get(
        reverse("events:participants-export", args=[event.pk, "csv"])
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Status", "Name", "E-mail"]
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][5] == "'+47 role"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.object_id == str(event.pk)
    assert entry.comment == "participants.csv"
    assert entry.after == {"format": "csv", "rows": 1}


def test_xlsx_export_opens(secretariat_client):
    from openpyxl import load_workbook

    event = EventFactory()
    RegistrationFactory(event=event, name="Kari")
    response = secretariat_client.get(
        reverse("events:participants-export", args=[event.pk, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).value == "Kari"


def test_other_roles_cannot_read_participants():
    event = EventFactory()
    RegistrationFactory(event=event, name="Kari Hemmelig")
    client = Client()
    client.force_login(UserFactory(role=Role.COORDINATOR))
    response = client.get(reverse("events:participants", args=[event.pk]))
    assert response.status_code == 403
    assert "Kari Hemmelig" not in response.content.decode()
