"""A regional programme's certification path through the screens: the same
eight steps, safety profile, council review and certificate as a
municipality's, with certifiers from none of its members and a diploma that
names the county."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from certification.models import (
    CaseStatus,
    Certificate,
    CertificationCase,
    SafetyChecklistItem,
    Step,
    StepProgress,
)
from safecommunity.core.models import Role
from tests.factories.certification import (
    CertifierFactory,
    complete_application,
    complete_steps,
)
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.programmes import FocusAreaFactory, RegionalProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_member(county):
    return MunicipalityFactory(county=county, code="3998", name="Nabovik")


@pytest.fixture
def region(county, municipality, second_member):
    return RegionalProgrammeFactory(
        county=county, members=[municipality, second_member]
    )


@pytest.fixture
def region_coordinator(county):
    return UserFactory(username="region", role=Role.COORDINATOR, county=county)


def _post(client, url, data, follow=False):
    response = client.post(url, data, follow=follow)
    assert response.status_code in {200, 302}, response.content[:500]
    return response


def test_the_region_page_leads_to_its_path_focus_areas_and_annual_report(
    client_for, region_coordinator, region
):
    page = client_for(region_coordinator).get(
        reverse("programmes:region-detail", args=[region.pk])
    )
    html = page.content.decode()
    assert reverse("certification:region-path", args=[region.pk]) in html
    assert reverse("programmes:region-focus-areas", args=[region.pk]) in html
    assert reverse("reports:region-annual-report", args=[region.pk]) in html


def test_the_regional_coordinator_adds_a_focus_area(
    client_for, region_coordinator, region
):
    url = reverse("programmes:region-focus-areas", args=[region.pk])
    client = client_for(region_coordinator)
    _post(client, url, {"title": "Trygg oppvekst", "priority": 1, "reason": "Ungdata"})
    assert region.focus_areas.get().title == "Trygg oppvekst"
    assert "Trygg oppvekst" in client.get(url).content.decode()


def test_a_member_coordinator_reads_the_path_but_does_not_change_it(
    client_for, coordinator, region
):
    client = client_for(coordinator)
    path = client.get(reverse("certification:region-path", args=[region.pk]))
    assert path.status_code == 200
    assert "Vestfold" in path.content.decode()
    step = reverse("certification:region-step-detail", args=[region.pk, 1])
    response = client.post(step, {"action": "status", "status": "done"})
    assert response.status_code == 403
    assert not StepProgress.objects.filter(programme=region).exists()


def test_an_outsider_finds_no_regional_path(client_for, other_coordinator, region):
    response = client_for(other_coordinator).get(
        reverse("certification:region-path", args=[region.pk])
    )
    assert response.status_code == 404


def test_region_to_certificate_through_the_screens(
    client_for,
    region_coordinator,
    secretariat,
    region,
    municipality,
    second_member,
    django_capture_on_commit_callbacks,
):
    coord = client_for(region_coordinator)
    FocusAreaFactory(programme=region, title="Trygg oppvekst", reason="Ungdata")
    step1 = reverse("certification:region-step-detail", args=[region.pk, 1])
    response = coord.post(step1, {"action": "status", "status": "done"}, follow=True)
    assert "evidence is missing" in response.content.decode()
    for requirement in Step.objects.get(number=1).requirements.filter(
        required=True, active=True, level__in=["all", "regional"]
    ):
        _post(
            coord,
            step1,
            {
                "action": "evidence",
                "requirement": requirement.pk,
                "kind": "plan",
                "title": "Regionstyrets vedtak 3/2024",
            },
        )
    _post(coord, step1, {"action": "status", "status": "done"})
    assert StepProgress.objects.get(programme=region, step__number=1).status == "done"
    complete_steps(region, range(2, 5))

    # The safety profile names the county and its members; submitting opens the case.
    data = {
        "municipal_description": "Fylket og kommunene samarbeider.",
        "risk_summary": "Fall og vold.",
        "action": "submit",
    }
    for item in SafetyChecklistItem.objects.all():
        data[f"answer_{item.pk}"] = "yes"
    _post(
        coord,
        reverse("certification:region-safety-profile", args=[region.pk]),
        data,
        follow=True,
    )
    case = CertificationCase.objects.get(programme=region)
    assert case.status == CaseStatus.PROFILE_SUBMITTED
    profile = case.safety_profiles.get()
    page = coord.get(
        reverse(
            "certification:region-safety-profile-version",
            args=[region.pk, profile.version],
        )
    ).content.decode()
    assert "Vestfold" in page
    assert "Nabovik" in page

    # A certifier from a member municipality is refused; two outsiders certify.
    local = CertifierFactory(username="local", municipalities=[second_member])
    first = CertifierFactory(username="first")
    second = CertifierFactory(username="second")
    sec = client_for(secretariat)
    assign = reverse("certification:case-assign", args=[case.pk])
    response = sec.post(assign, {"certifier": local.pk}, follow=True)
    assert "cannot certify it" in response.content.decode()
    _post(sec, assign, {"certifier": first.pk})
    _post(sec, assign, {"certifier": second.pk})
    transition = reverse("certification:case-transition", args=[case.pk])
    _post(
        sec,
        transition,
        {"to_status": "certifiers_assigned", "expected_status": "profile_submitted"},
    )
    for user in (first, second):
        _post(
            client_for(user),
            reverse("certification:case-respond", args=[case.pk]),
            {"conflict": "no", "declaration": "Ingen bindinger."},
        )
    # The certifiers read every member and the region's path.
    assert set(first.municipalities.all()) == {municipality, second_member}
    cert = client_for(first)
    assert (
        cert.get(reverse("certification:region-path", args=[region.pk])).status_code
        == 200
    )
    _post(
        cert,
        transition,
        {"to_status": "steps_in_progress", "expected_status": "certifiers_assigned"},
    )
    complete_steps(region, range(5, 9))
    complete_application(case)
    application = coord.get(reverse("certification:case-application", args=[case.pk]))
    assert "Vestfold" in application.content.decode()
    _post(
        coord,
        transition,
        {"to_status": "ready_for_meeting", "expected_status": "steps_in_progress"},
    )
    _post(
        cert,
        reverse("certification:region-step-detail", args=[region.pk, 5]),
        {"action": "accept"},
    )
    assert StepProgress.objects.get(programme=region, step__number=5).status == (
        "accepted"
    )
    _post(
        cert,
        reverse("certification:case-meeting", args=[case.pk]),
        {
            "scheduled_for": "2024-05-02T10:00",
            "mode": "online",
            "location": "Teams",
            "participants": "Regionkoordinator, to sertifisører",
            "held_on": "2024-05-02",
        },
    )
    _post(
        cert,
        transition,
        {"to_status": "meeting_held", "expected_status": "ready_for_meeting"},
    )
    statement = {
        "summary": "Regionen oppfyller kriteriene.",
        "recommendation": "approve",
        "improvement_points": "Felles skaderegistrering",
    }
    for step in Step.objects.all():
        statement[f"step_{step.pk}"] = "Oppfylt."
    _post(cert, reverse("certification:case-statement", args=[case.pk]), statement)
    _post(
        cert,
        transition,
        {"to_status": "statement_written", "expected_status": "meeting_held"},
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            sec,
            reverse("certification:case-decision", args=[case.pk]),
            {
                "expected_status": "statement_written",
                "outcome": "approved",
                "reasons": "Alle krav er oppfylt.",
            },
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.CERTIFIED
    certificate = Certificate.objects.get(case=case)
    with certificate.diploma.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Vestfold" in text
    assert "Egenby" in text
    assert "Nabovik" in text
    assert certificate.number in text
    assert (
        "Vestfold"
        in client_for(secretariat)
        .get(reverse("certification:register"))
        .content.decode()
    )


def test_the_regional_diploma_is_read_only_by_the_programmes_readers(
    client_for, region, county, coordinator, other_coordinator, secretariat
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safecommunity.core.services import document_create

    document = document_create(
        actor=secretariat,
        upload=SimpleUploadedFile(
            "vedtak.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
        ),
        title="Vedtak",
        county=county,
    )
    url = reverse("core:document-download", args=[document.pk])
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(other_coordinator).get(url).status_code == 404


def test_editing_a_regional_focus_area_leads_back_to_the_region(
    client_for, region_coordinator, region
):
    area = FocusAreaFactory(programme=region, title="Fall", reason="Mange fall")
    response = client_for(region_coordinator).post(
        reverse("programmes:focus-area-edit", args=[area.pk]),
        {"title": "Fallulykker", "priority": 2, "reason": "Mange fall"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "programmes:region-focus-areas", args=[region.pk]
    )
    area.refresh_from_db()
    assert area.title == "Fallulykker"
