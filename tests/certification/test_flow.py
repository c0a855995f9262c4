"""The whole path in the browser's terms: evidence, profile, council, decision, register."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from certification.models import (
    CaseStatus,
    Certificate,
    CertificationCase,
    SafetyChecklistItem,
    Step,
    StepProgress,
)
from certification.selectors import register_list
from certification.services import certifier_refusal
from safecommunity.core.models import StatusChange
from tests.factories.certification import (
    CertifierFactory,
    complete_application,
    complete_steps,
)

pytestmark = pytest.mark.django_db


def _post(client, url, data, follow=False):
    response = client.post(url, data, follow=follow)
    assert response.status_code in {200, 302}, response.content[:500]
    return response


def test_coordinator_to_certificate_through_the_screens(
    client_for,
    coordinator,
    secretariat,
    certifier,
    programme,
    municipality,
    django_capture_on_commit_callbacks,
):
    code = municipality.code
    coord = client_for(coordinator)
    step1 = Step.objects.get(number=1)

    # A step cannot be done without its evidence, and the screen says what is missing.
    response = coord.post(
        reverse("certification:step-detail", args=[code, 1]),
        {"action": "status", "status": "done"},
        follow=True,
    )
    assert "evidence is missing" in response.content.decode()
    for requirement in step1.requirements.filter(required=True):
        _post(
            coord,
            reverse("certification:step-detail", args=[code, 1]),
            {
                "action": "evidence",
                "requirement": requirement.pk,
                "kind": "plan",
                "title": "Kommunestyrevedtak 12/2024",
            },
        )
    _post(
        coord,
        reverse("certification:step-detail", args=[code, 1]),
        {"action": "status", "status": "done"},
    )
    assert StepProgress.objects.get(programme=programme, step=step1).status == "done"
    complete_steps(programme, range(2, 5))

    # Safety profile: draft, then submit; opens the case.
    data = {
        "municipal_description": "Landkommune i Vestfold.",
        "risk_summary": "Fall og trafikk.",
        "action": "submit",
    }
    for item in SafetyChecklistItem.objects.all():
        data[f"answer_{item.pk}"] = "yes"
    response = _post(
        coord, reverse("certification:safety-profile", args=[code]), data, follow=True
    )
    case = CertificationCase.objects.get(programme=programme)
    assert case.status == CaseStatus.PROFILE_SUBMITTED
    assert case.safety_profiles.get().snapshot["risk_profile"]["focus_areas"][0][
        "title"
    ] == ("Fall blant eldre")

    # The secretariat assigns two certifiers; the conflicted one is refused.
    conflicted = CertifierFactory(username="local", municipalities=[municipality])
    second = CertifierFactory(username="second")
    sec = client_for(secretariat)
    assign = reverse("certification:case-assign", args=[case.pk])
    response = sec.post(assign, {"certifier": conflicted.pk}, follow=True)
    assert "cannot certify it" in response.content.decode()
    assert certifier_refusal(certifier=conflicted, case=case)
    _post(sec, assign, {"certifier": certifier.pk})
    _post(sec, assign, {"certifier": second.pk})
    transition = reverse("certification:case-transition", args=[case.pk])
    _post(
        sec,
        transition,
        {"to_status": "certifiers_assigned", "expected_status": "profile_submitted"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CERTIFIERS_ASSIGNED
    assert municipality in certifier.municipalities.all()

    # Both certifiers declare interests and accept; the work starts.
    for user in (certifier, second):
        _post(
            client_for(user),
            reverse("certification:case-respond", args=[case.pk]),
            {"conflict": "no", "declaration": "Ingen bindinger."},
        )
    cert = client_for(certifier)
    _post(
        cert,
        transition,
        {"to_status": "steps_in_progress", "expected_status": "certifiers_assigned"},
    )
    complete_steps(programme, range(5, 9))
    complete_application(case)
    _post(
        coord,
        transition,
        {"to_status": "ready_for_meeting", "expected_status": "steps_in_progress"},
    )
    # A certifier accepts a step and comments on a requirement.
    _post(
        cert,
        reverse("certification:step-detail", args=[code, 5]),
        {"action": "accept"},
    )
    assert StepProgress.objects.get(programme=programme, step__number=5).status == (
        "accepted"
    )
    _post(
        cert,
        reverse("certification:step-detail", args=[code, 5]),
        {
            "action": "comment",
            "body": "Godt dokumentert.",
            "requirement": Step.objects.get(number=5).requirements.first().pk,
        },
    )

    # The meeting: scheduled and recorded.
    _post(
        cert,
        reverse("certification:case-meeting", args=[case.pk]),
        {
            "scheduled_for": "2024-05-02T10:00",
            "mode": "in_person",
            "location": "Rådhuset",
            "participants": "Ordfører, koordinator, to sertifisører",
            "held_on": "2024-05-02",
        },
    )
    _post(
        cert,
        transition,
        {"to_status": "meeting_held", "expected_status": "ready_for_meeting"},
    )
    statement = {
        "summary": "Kommunen oppfyller kriteriene.",
        "recommendation": "approve",
        "improvement_points": "Flere frivillige\nBedre skaderegistrering",
    }
    for step in Step.objects.all():
        statement[f"step_{step.pk}"] = "Oppfylt."
    _post(cert, reverse("certification:case-statement", args=[case.pk]), statement)
    _post(
        cert,
        transition,
        {"to_status": "statement_written", "expected_status": "meeting_held"},
    )

    # The secretariat approves: the case is certified and the register shows it.
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
    assert certificate.number.startswith("TL-")
    assert certificate.expires_on.year == certificate.issued_on.year + 5
    assert certificate.diploma.file.read().startswith(b"%PDF-")
    assert [c.pk for c in register_list()] == [certificate.pk]
    response = client_for(coordinator).get(reverse("certification:register"))
    assert municipality.name in response.content.decode()
    assert mail.outbox, "the people concerned are told"
    history = list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(case), object_id=case.pk
        ).values_list("to_status", flat=True)
    )
    assert history == [
        "profile_submitted",
        "certifiers_assigned",
        "steps_in_progress",
        "ready_for_meeting",
        "meeting_held",
        "statement_written",
        "approved",
        "certified",
    ]
    page = client_for(certifier).get(
        reverse("certification:case-detail", args=[case.pk])
    )
    assert page.status_code == 200
    assert "Godt dokumentert." in page.content.decode()
