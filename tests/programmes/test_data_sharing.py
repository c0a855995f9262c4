"""Data-sharing agreements: aggregates only, the three-part assessment with its
reason, approval and period, reminders before they lapse, the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from programmes.models import DataSharingAgreement
from programmes.services import agreements as agreements_services
from safecommunity.core.models import AuditEntry
from tests.factories.programmes import DataSharingAgreementFactory, PartnerFactory


@pytest.fixture
def partner(programme):
    return PartnerFactory(programme=programme, organisation="Politiet")


def _data(partner, **extra):
    return {
        "partner": partner.pk,
        "shared_data": "Antall trafikkskader per skolekrets og år",
        "recipients": "Arbeidsgruppen for trafikksikkerhet",
        "legal_basis": "Politiloven § 2 og folkehelseloven § 5",
        "aggregates_only": "on",
        "necessary": "on",
        "relevant": "on",
        "proportionate": "on",
        "assessment_reason": "Uten tallene kan ikke gruppen prioritere skoleveiene.",
        "approved_by": "Kommunedirektør Ola Hansen",
        "approved_on": "2025-01-15",
        "valid_until": "2026-01-15",
        **extra,
    }


def _create_url(partner):
    return reverse(
        "programmes:data-sharing-create", args=[partner.programme.municipality.code]
    )


def test_coordinator_records_data_sharing_and_the_trail_keeps_every_change(
    client_for, coordinator, partner
):
    client = client_for(coordinator)
    response = client.post(_create_url(partner), _data(partner))
    assert response.status_code == 302
    agreement = DataSharingAgreement.objects.get()
    response = client.post(
        reverse("programmes:data-sharing-edit", args=[agreement.pk]),
        _data(partner, valid_until="2027-01-15"),
    )
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(object_id=str(agreement.pk)).order_by("id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before["valid_until"] == "2026-01-15"
    assert entries[1].after["valid_until"] == "2027-01-15"
    page = client.get(
        reverse("programmes:data-sharing-detail", args=[agreement.pk])
    ).content.decode()
    assert "Politiloven" in page
    assert "Kommunedirektør Ola Hansen" in page
    assert "History" in page


def test_the_form_says_the_portal_holds_no_data_about_individuals(
    client_for, coordinator, partner
):
    html = client_for(coordinator).get(_create_url(partner)).content.decode()
    assert "The portal stores no data about individuals" in html


@pytest.mark.parametrize(
    "missing", ["aggregates_only", "necessary", "relevant", "proportionate"]
)
def test_sharing_is_recorded_only_when_every_part_of_the_assessment_holds(
    client_for, coordinator, partner, missing
):
    data = _data(partner)
    del data[missing]
    response = client_for(coordinator).post(_create_url(partner), data)
    assert response.status_code == 400
    assert not DataSharingAgreement.objects.exists()


def test_a_reason_and_a_forward_period_are_required(client_for, coordinator, partner):
    response = client_for(coordinator).post(
        _create_url(partner),
        _data(partner, assessment_reason="", valid_until="2024-01-01"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "must run until after it was given" in html


def test_only_the_programmes_own_partners_can_be_chosen(
    client_for, coordinator, partner
):
    stranger = PartnerFactory(organisation="Annen kommunes partner")
    response = client_for(coordinator).post(
        _create_url(partner), {**_data(partner), "partner": stranger.pk}
    )
    assert response.status_code == 400
    assert not DataSharingAgreement.objects.exists()


def test_reminder_once_before_the_approval_lapses(
    coordinator, partner, django_capture_on_commit_callbacks
):
    today = datetime.date(2026, 10, 1)
    DataSharingAgreementFactory(
        programme=partner.programme,
        partner=partner,
        valid_until=today + datetime.timedelta(days=30),
    )
    DataSharingAgreementFactory(
        programme=partner.programme,
        partner=partner,
        valid_until=today + datetime.timedelta(days=300),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert agreements_services.agreement_reminders_send(today=today) == 1
        assert agreements_services.agreement_reminders_send(today=today) == 0
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert "Politiet" in message.subject


def test_a_partner_with_agreements_is_not_deleted(client_for, coordinator, partner):
    DataSharingAgreementFactory(programme=partner.programme, partner=partner)
    response = client_for(coordinator).post(
        reverse("programmes:partner-delete", args=[partner.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 409
    assert "1 agreement" in response.content.decode()
    partner.refresh_from_db()


@pytest.mark.parametrize("rows", [1, 50])
def test_list_reads_in_constant_queries(
    client_for, coordinator, partner, django_assert_max_num_queries, rows
):
    DataSharingAgreementFactory.create_batch(
        rows, programme=partner.programme, partner=partner
    )
    client = client_for(coordinator)
    url = reverse(
        "programmes:data-sharing-list", args=[partner.programme.municipality.code]
    )
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count("<tr>") == rows + 1
