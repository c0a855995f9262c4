"""Each rule in one place: two certifiers, closed statuses, evidence kinds, a page
that reads without writing, and the assignment page's fixed number of queries."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from certification.forms import EvidenceForm
from certification.models import (
    REQUIRED_CERTIFIERS,
    ApplicationSection,
    CaseStatus,
    CertificationCase,
    CertifierAssignment,
    Evidence,
    Step,
)
from certification.services import evidence_add
from safecommunity.core.models import Document
from tests.factories.certification import AssignmentFactory, CertifierFactory
from tests.factories.programmes import FocusAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(case):
    CertificationCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.PROFILE_SUBMITTED
    )
    case.refresh_from_db()
    return case


def _assign_page(client, case):
    with translation.override("en"):
        return client.get(reverse("certification:case-assign", args=[case.pk]))


def _edge_reason(client, case, to_status):
    with translation.override("en"):
        response = client.get(reverse("certification:case-detail", args=[case.pk]))
    edges = {e["to"]: e["reason"] for e in response.context["edges"]}
    return edges[to_status]


def test_the_case_moves_on_with_exactly_the_required_certifiers(
    submitted, secretariat, client_for
):
    """The button that moves the case on and the assignment page agree on two."""
    client = client_for(secretariat)
    first, second, third = (CertifierFactory() for _ in range(3))
    AssignmentFactory(case=submitted, certifier=first)
    assert "1 is assigned" in _edge_reason(
        client, submitted, CaseStatus.CERTIFIERS_ASSIGNED
    )
    candidates = dict(_assign_page(client, submitted).context["candidates"])
    assert candidates[second] is None
    AssignmentFactory(case=submitted, certifier=second)
    assert REQUIRED_CERTIFIERS == 2
    assert _edge_reason(client, submitted, CaseStatus.CERTIFIERS_ASSIGNED) is None
    candidates = dict(_assign_page(client, submitted).context["candidates"])
    assert "already has two certifiers" in candidates[third]
    response = client.post(
        reverse("certification:case-assign", args=[submitted.pk]),
        {"certifier": third.pk},
    )
    assert response.status_code == 302
    assert CertifierAssignment.objects.active_on(submitted).count() == 2


def test_the_active_certifiers_are_those_of_the_current_round(case, certifier):
    earlier = AssignmentFactory(case=case, certifier=certifier)
    removed = AssignmentFactory(case=case, removed_at="2026-01-01T00:00Z")
    CertificationCase.objects.filter(pk=case.pk).update(round=2)
    case.refresh_from_db()
    current = AssignmentFactory(case=case)
    assert list(CertifierAssignment.objects.active_on(case)) == [current]
    assert set(CertifierAssignment.objects.active().filter(case=case)) == {
        earlier,
        current,
    }
    assert removed not in CertifierAssignment.objects.active()


def test_closed_statuses_are_named_once():
    assert CaseStatus.closed() == [CaseStatus.DECLINED, CaseStatus.LAPSED]
    assert set(CaseStatus.open()) | set(CaseStatus.closed()) == set(CaseStatus)
    assert CaseStatus.LAPSED.is_closed
    assert not CaseStatus.CERTIFIED.is_closed
    with translation.override("en"):
        assert CaseStatus.label_of("lapsed") == "Lapsed"
        assert CaseStatus.label_of("gone") == "gone"


def test_a_closed_case_takes_no_comments_on_its_page(case, coordinator, client_for):
    CertificationCase.objects.filter(pk=case.pk).update(status=CaseStatus.DECLINED)
    client = client_for(coordinator)
    with translation.override("en"):
        response = client.post(
            reverse("certification:case-comment", args=[case.pk]),
            {"body": "Hei"},
            follow=True,
        )
    assert "The case is closed." in response.content.decode()
    assert not case.comments.exists()


def test_evidence_rules_are_the_models(programme):
    requirement = Step.objects.get(number=1).requirements.first()
    plan = Evidence(programme=programme, requirement=requirement, kind="plan")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        plan.full_clean(exclude=["created_by"])
    assert refused.value.message_dict["title"] == [
        "Give the plan's name or web address."
    ]
    meeting = Evidence(programme=programme, requirement=requirement, kind="meeting")
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean(exclude=["created_by"])
    assert set(refused.value.message_dict) == {"meeting"}


def test_the_evidence_form_shows_the_models_reason_on_its_field(programme):
    step = Step.objects.get(number=1)
    requirement = step.requirements.first()
    with translation.override("en"):
        form = EvidenceForm(
            {"requirement": requirement.pk, "kind": "document"},
            programme=programme,
            step=step,
        )
        assert not form.is_valid()
    assert form.errors["upload"] == ["Required for this kind of evidence."]
    form = EvidenceForm(
        {"requirement": requirement.pk, "kind": "document"},
        {"upload": SimpleUploadedFile("plan.pdf", b"%PDF-1.4")},
        programme=programme,
        step=step,
    )
    assert form.is_valid()


def test_evidence_without_its_file_stores_nothing(programme, coordinator):
    requirement = Step.objects.get(number=1).requirements.first()
    with pytest.raises(ValidationError) as refused:
        evidence_add(
            programme=programme,
            requirement=requirement,
            actor=coordinator,
            kind="document",
            title="Plan",
        )
    assert "document" in refused.value.message_dict
    assert not Document.objects.exists()
    assert not Evidence.objects.exists()


def test_the_application_page_writes_nothing_when_read(
    case, programme, coordinator, client_for
):
    """A focus area added later gets its section when the application is saved."""
    FocusAreaFactory(programme=programme, title="Trafikk", reason="Mange ulykker")
    client = client_for(coordinator)
    url = reverse("certification:case-application", args=[case.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert [s.focus_area_title for s, _f in response.context["pairs"]] == [
        "Fall blant eldre",
        "Trafikk",
    ]
    assert not ApplicationSection.objects.exists()
    data = {}
    for section, form in response.context["pairs"]:
        data[f"{form.prefix}-introduction"] = f"Om {section.focus_area_title}"
    assert client.post(url, data).status_code == 302
    assert sorted(
        ApplicationSection.objects.values_list("introduction", flat=True)
    ) == ["Om Fall blant eldre", "Om Trafikk"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_assignment_page_asks_once_for_every_council_member(
    submitted, secretariat, client_for, municipality
):
    client = client_for(secretariat)
    url = reverse("certification:case-assign", args=[submitted.pk])
    CertifierFactory()
    one = _queries(client, url)
    for _ in range(4):
        CertifierFactory(municipalities=[municipality])
    five = _queries(client, url)
    assert one == five
    candidates = client.get(url).context["candidates"]
    assert len(candidates) == 5
    assert sum(1 for _user, reason in candidates if reason) == 4
