"""Partner agreements: recorded with a document, listed, reminded of before they end."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programmes.models import PartnerAgreement
from programmes.services import agreements as agreements_services
from safecommunity.core.models import AuditEntry
from tests.factories.programmes import PartnerAgreementFactory, PartnerFactory

PDF = b"%PDF-1.4\nagreement\n%%EOF\n"


@pytest.fixture
def partner(programme):
    return PartnerFactory(programme=programme, organisation="KLP")


def _post(client, partner, **extra):
    data = {
        "kind": "letter_of_intent",
        "title": "Intensjonsavtale med SMART-senteret",
        "starts_on": "2022-01-01",
        "ends_on": "2026-12-31",
        "contact_person": "Kari Kontakt",
        "contact_email": "kari@klp.example",
        **extra,
    }
    return client.post(
        reverse("programmes:partner-agreement-create", args=[partner.pk]), data
    )


def test_coordinator_records_an_agreement_with_its_document(
    client_for, coordinator, partner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(coordinator)
    response = _post(
        client,
        partner,
        document_upload=SimpleUploadedFile("avtale.pdf", PDF, "application/pdf"),
    )
    assert response.status_code == 302
    agreement = PartnerAgreement.objects.get()
    assert agreement.document.original_name == "avtale.pdf"
    assert agreement.document.municipality == partner.programme.municipality
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_id=str(agreement.pk)
    ).exists()
    page = client.get(
        reverse("programmes:partner-list", args=[partner.programme.municipality.code])
    ).content.decode()
    assert "Intensjonsavtale med SMART-senteret" in page
    assert reverse("core:document-download", args=[agreement.document_id]) in page


def test_a_wrong_file_is_refused_and_nothing_saved(
    client_for, coordinator, partner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = _post(
        client_for(coordinator),
        partner,
        document_upload=SimpleUploadedFile("avtale.pdf", b"not a pdf"),
    )
    assert response.status_code == 400
    assert "not what its name says" in response.content.decode()
    assert not PartnerAgreement.objects.exists()


def test_the_period_must_run_forwards(client_for, coordinator, partner):
    response = _post(client_for(coordinator), partner, ends_on="2021-01-01")
    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()


def test_programme_page_lists_agreements_ending_within_six_months(
    client_for, coordinator, partner
):
    today = timezone.localdate()
    PartnerAgreementFactory(
        partner=partner, title="Snart slutt", ends_on=today + datetime.timedelta(90)
    )
    PartnerAgreementFactory(
        partner=partner, title="Langt fram", ends_on=today + datetime.timedelta(400)
    )
    PartnerAgreementFactory(
        partner=partner, title="Allerede over", ends_on=today - datetime.timedelta(1)
    )
    html = (
        client_for(coordinator)
        .get(
            reverse(
                "programmes:programme-overview",
                args=[partner.programme.municipality.code],
            )
        )
        .content.decode()
    )
    assert "Snart slutt" in html
    assert "Langt fram" not in html
    assert "Allerede over" not in html


def test_reminder_once_before_an_agreement_ends_and_again_after_a_new_date(
    coordinator, partner, django_capture_on_commit_callbacks
):
    today = datetime.date(2026, 10, 1)
    agreement = PartnerAgreementFactory(
        partner=partner, ends_on=today + datetime.timedelta(days=60)
    )
    PartnerAgreementFactory(partner=partner, ends_on=today + datetime.timedelta(200))
    with django_capture_on_commit_callbacks(execute=True):
        assert agreements_services.agreement_reminders_send(today=today) == 1
        assert agreements_services.agreement_reminders_send(today=today) == 0
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "KLP" in mail.outbox[0].subject
    agreement.ends_on = today + datetime.timedelta(days=80)
    agreement.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert agreements_services.agreement_reminders_send(today=today) == 1


def test_a_reader_cannot_add_agreements(client_for, mayor, partner):
    response = _post(client_for(mayor), partner)
    assert response.status_code == 403
    assert not PartnerAgreement.objects.exists()
