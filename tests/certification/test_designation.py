"""ISCCC designation: a certified municipality applies against the six
indicators; the secretariat records the decision."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from certification.models import INDICATOR_FIELDS, Designation
from safecommunity.core.models import AuditEntry
from tests.factories.certification import CaseFactory, CertificateFactory

ANSWERS = {
    "governance": "Styringsgruppen ledes av ordføreren og møtes fire ganger i året.",
    "surveillance": "Skader registreres ved legevakten og analyseres hvert år.",
    "programmes": "Tiltak for alle aldre: fall, trafikk, drukning og mobbing.",
    "vulnerable_groups": "Egne tiltak for eldre som bor alene og for barn.",
    "evaluation": "Hvert tiltak har indikatorer som følges opp i årsrapporten.",
    "networking": "Medlem av det nasjonale nettverket; deltar i nordiske møter.",
}


@pytest.fixture
def certified(programme):
    CertificateFactory(case=CaseFactory(programme=programme, status="certified"))
    return programme


def page(programme):
    return reverse("certification:designation", args=[programme.municipality.code])


def save(client, programme, answers, version, action="save", **kwargs):
    return client.post(
        page(programme), {"action": action, "version": version, **answers}, **kwargs
    )


def test_a_certified_municipality_applies_and_the_secretariat_designates_it(
    client_for, coordinator, secretariat, certified
):
    client = client_for(coordinator)
    path = client.get(reverse("certification:path", args=[certified.municipality.code]))
    assert page(certified) in path.content.decode()
    assert client.post(page(certified), {"action": "start"}).status_code == 302
    designation = Designation.objects.get(programme=certified)
    assert designation.status == "draft"
    # Five answers saved; submitting names the one missing.
    partial = {**ANSWERS, "networking": ""}
    assert save(client, certified, partial, 1).status_code == 302
    response = save(client, certified, partial, 2, action="submit", follow=True)
    assert "Networking" in response.content.decode()
    designation.refresh_from_db()
    assert designation.status == "draft"
    assert designation.governance == ANSWERS["governance"]
    # The last answer typed and submitted at once: saved, then submitted.
    assert save(client, certified, ANSWERS, 2, action="submit").status_code == 302
    designation.refresh_from_db()
    assert designation.networking == ANSWERS["networking"]
    assert designation.status == "submitted"
    assert designation.submitted_at is not None
    # Submitted answers are read, not edited.
    shown = client.get(page(certified))
    assert shown.context["form"] is None
    assert ANSWERS["networking"] in shown.content.decode()
    save(client, certified, {**ANSWERS, "governance": "Endret."}, 3)
    designation.refresh_from_db()
    assert designation.governance == ANSWERS["governance"]

    admin = client_for(secretariat)
    overview = admin.get(reverse("certification:case-list")).content.decode()
    assert page(certified) in overview  # awaiting a decision
    decision = reverse("certification:designation-decision", args=[designation.pk])
    response = admin.post(
        decision, {"outcome": "designated", "decided_on": "2026-10-01", "note": ""}
    )
    assert response.status_code == 302
    designation.refresh_from_db()
    assert designation.status == "designated"
    assert designation.decided_on == datetime.date(2026, 10, 1)
    assert designation.valid_until == datetime.date(2031, 10, 1)
    register = client.get(reverse("certification:register")).content.decode()
    assert certified.municipality.name in register
    assert (
        designation.programme_id
        in client.get(reverse("certification:register")).context["designated"]
    )
    actions = list(
        AuditEntry.objects.filter(object_id=designation.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "update", "update", "update"]


def test_without_a_valid_certificate_no_application_is_started(
    client_for, coordinator, programme
):
    client = client_for(coordinator)
    shown = client.get(page(programme)).content.decode()
    assert 'value="start"' not in shown
    response = client.post(page(programme), {"action": "start"}, follow=True)
    assert "valid certificate" in response.content.decode()
    assert not Designation.objects.exists()


def test_a_stale_save_is_refused_and_keeps_the_newer_answers(
    client_for, coordinator, certified
):
    client = client_for(coordinator)
    client.post(page(certified), {"action": "start"})
    assert save(client, certified, ANSWERS, 1).status_code == 302
    stale = save(client, certified, {**ANSWERS, "governance": "Gammelt."}, 1)
    assert stale.status_code == 409
    assert "Gammelt." in stale.content.decode()  # what was typed is kept
    assert Designation.objects.get().governance == ANSWERS["governance"]


def test_one_open_application_per_programme(client_for, coordinator, certified):
    client = client_for(coordinator)
    client.post(page(certified), {"action": "start"})
    client.post(page(certified), {"action": "start"})
    assert Designation.objects.filter(programme=certified).count() == 1


def test_readers_read_and_only_the_secretariat_decides(
    client_for, coordinator, mayor, certified
):
    client_for(coordinator).post(page(certified), {"action": "start"})
    designation = Designation.objects.get()
    reader = client_for(mayor)
    assert reader.get(page(certified)).status_code == 200
    assert reader.post(page(certified), {"action": "start"}).status_code == 403
    decision = reverse("certification:designation-decision", args=[designation.pk])
    refused = client_for(coordinator).post(
        decision, {"outcome": "designated", "decided_on": "2026-10-01"}
    )
    assert refused.status_code == 403
    designation.refresh_from_db()
    assert designation.status == "draft"


def test_a_draft_cannot_be_decided(client_for, coordinator, secretariat, certified):
    client_for(coordinator).post(page(certified), {"action": "start"})
    designation = Designation.objects.get()
    decision = reverse("certification:designation-decision", args=[designation.pk])
    response = client_for(secretariat).post(
        decision, {"outcome": "designated", "decided_on": "2026-10-01"}, follow=True
    )
    assert "Only a submitted application" in response.content.decode()
    designation.refresh_from_db()
    assert designation.status == "draft"
    assert set(INDICATOR_FIELDS) == set(ANSWERS)


def test_a_designated_municipality_applies_again_only_in_its_last_year(
    coordinator, secretariat, certified
):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from certification import services

    designation = services.designation_start(programme=certified, actor=coordinator)
    Designation.objects.filter(pk=designation.pk).update(status="submitted", **ANSWERS)
    today = timezone.localdate()
    services.designation_decide(
        designation=designation,
        actor=secretariat,
        designated=True,
        decided_on=today,
    )
    with pytest.raises(ValidationError):
        services.designation_start(programme=certified, actor=coordinator)
    Designation.objects.filter(pk=designation.pk).update(
        valid_until=today + datetime.timedelta(days=200)
    )
    again = services.designation_start(programme=certified, actor=coordinator)
    assert again.pk != designation.pk
    assert again.status == "draft"


def test_the_history_shows_what_changed_not_every_field(
    client_for, coordinator, certified
):
    client = client_for(coordinator)
    client.post(page(certified), {"action": "start"})
    save(client, certified, ANSWERS, 1)
    save(client, certified, ANSWERS, 2, action="submit")  # unchanged answers
    history = client.get(page(certified)).context["history"]
    submitted = history[0].changed_fields()
    assert [str(name) for name, _b, _a in submitted] == ["status", "submitted"]
    saved = history[1].changed_fields()
    assert ("governance and partnership", None, ANSWERS["governance"]) in [
        (str(name), before, after) for name, before, after in saved
    ]
