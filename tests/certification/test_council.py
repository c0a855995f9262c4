"""Certifiers: the conflict-of-interest rule, declarations, and read access that follows assignment."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from certification.models import CaseStatus, CertificationCase, CertifierProfile
from certification.services import (
    certifier_assign,
    certifier_refusal,
    certifier_respond,
    certifier_unassign,
)
from safecommunity.core.permissions import can_view_municipality
from tests.factories.certification import (
    AssignmentFactory,
    CaseFactory,
    CertifierFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(case):
    CertificationCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.PROFILE_SUBMITTED
    )
    case.refresh_from_db()
    return case


def _refusal(user, case):
    with translation.override("en"):
        return certifier_refusal(certifier=user, case=case)


def test_a_free_certifier_can_be_assigned(submitted, certifier):
    assert _refusal(certifier, submitted) is None


def test_certifier_from_the_municipality_is_refused(submitted, municipality):
    local = CertifierFactory(municipalities=[municipality])
    assert "cannot certify it" in _refusal(local, submitted)


def test_certifier_whose_home_is_the_municipality_is_refused(submitted, municipality):
    user = CertifierFactory()
    CertifierProfile.objects.create(user=user, home_municipality=municipality)
    assert "is from" in _refusal(user, submitted)


def test_declared_conflict_is_refused(submitted, municipality):
    user = CertifierFactory()
    CertifierProfile.objects.create(user=user).conflicts.add(municipality)
    assert "conflict of interest" in _refusal(user, submitted)


def test_other_roles_third_certifier_and_duplicates_are_refused(
    submitted, coordinator, certifier, second_certifier
):
    assert "not an active member" in _refusal(coordinator, submitted)
    AssignmentFactory(case=submitted, certifier=certifier)
    assert "already assigned" in _refusal(certifier, submitted)
    AssignmentFactory(case=submitted, certifier=second_certifier)
    assert "two certifiers" in _refusal(CertifierFactory(), submitted)


def test_access_from_another_case_is_not_a_conflict(submitted, certifier, municipality):
    """Read access given by an earlier assignment in the same municipality does not count."""
    earlier = CaseFactory(programme=submitted.programme, status=CaseStatus.LAPSED)
    AssignmentFactory(case=earlier, certifier=certifier)
    assert municipality in certifier.municipalities.all()
    assert _refusal(certifier, submitted) is None


def test_assign_gives_read_access_and_unassign_takes_it_back(
    submitted, certifier, secretariat, municipality
):
    assignment = certifier_assign(
        case=submitted, certifier=certifier, actor=secretariat
    )
    certifier.refresh_from_db()
    certifier._readable_municipality_ids = None
    assert can_view_municipality(certifier, municipality)
    certifier_unassign(assignment=assignment, actor=secretariat)
    certifier = type(certifier).objects.get(pk=certifier.pk)
    assert not can_view_municipality(certifier, municipality)


def test_unassign_does_not_keep_access_a_decided_case_gave(
    submitted, certifier, secretariat, municipality
):
    earlier = CaseFactory(programme=submitted.programme, status=CaseStatus.LAPSED)
    AssignmentFactory(case=earlier, certifier=certifier)
    assignment = certifier_assign(
        case=submitted, certifier=certifier, actor=secretariat
    )
    certifier_unassign(assignment=assignment, actor=secretariat)
    assert municipality not in certifier.municipalities.all()


def test_assign_refuses_with_the_reason(submitted, secretariat, municipality):
    local = CertifierFactory(municipalities=[municipality])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        certifier_assign(case=submitted, certifier=local, actor=secretariat)
    assert "cannot certify it" in refused.value.messages[0]


def test_only_the_secretariat_assigns(submitted, coordinator, certifier):
    with pytest.raises(PermissionDenied):
        certifier_assign(case=submitted, certifier=certifier, actor=coordinator)


def test_certifiers_are_assigned_only_after_the_profile_is_submitted(
    case, secretariat, certifier
):
    with pytest.raises(ValidationError):
        certifier_assign(case=case, certifier=certifier, actor=secretariat)


def test_accepting_records_the_declaration(submitted, certifier, secretariat):
    assignment = certifier_assign(
        case=submitted, certifier=certifier, actor=secretariat
    )
    certifier_respond(
        assignment=assignment,
        actor=certifier,
        has_conflict=False,
        declaration="Ingen bindinger.",
    )
    assignment.refresh_from_db()
    assert assignment.accepted_at is not None
    assert assignment.declaration == "Ingen bindinger."


def test_declaring_a_conflict_withdraws_and_blocks_later_assignment(
    submitted, certifier, secretariat, municipality
):
    assignment = certifier_assign(
        case=submitted, certifier=certifier, actor=secretariat
    )
    certifier_respond(
        assignment=assignment,
        actor=certifier,
        has_conflict=True,
        declaration="Søsteren min er kommunedirektør.",
    )
    assignment.refresh_from_db()
    assert assignment.removed_at is not None
    assert municipality not in certifier.municipalities.all()
    assert "conflict of interest" in _refusal(certifier, submitted)


def test_a_conflict_needs_a_description(submitted, certifier, secretariat):
    assignment = certifier_assign(
        case=submitted, certifier=certifier, actor=secretariat
    )
    with pytest.raises(ValidationError):
        certifier_respond(
            assignment=assignment, actor=certifier, has_conflict=True, declaration=""
        )


def test_only_the_assigned_certifier_responds(submitted, certifier, second_certifier):
    assignment = AssignmentFactory(
        case=submitted, certifier=certifier, accepted_at=None
    )
    with pytest.raises(PermissionDenied):
        certifier_respond(
            assignment=assignment,
            actor=second_certifier,
            has_conflict=False,
            declaration="x",
        )


def test_a_decided_cases_meeting_and_statement_are_shown_not_offered(client_for):
    """Past the meeting, the council's forms are for reading: the page says why
    and has no save button, and a save sent anyway changes nothing."""
    from django.urls import reverse

    from certification.models import CaseStatus, CertificationCase
    from tests.factories.certification import AssignmentFactory, CaseFactory

    case = CaseFactory(status=CaseStatus.CERTIFIERS_ASSIGNED)
    certifier = AssignmentFactory(case=case).certifier
    client = client_for(certifier)
    meeting_url = reverse("certification:case-meeting", args=[case.pk])
    statement_url = reverse("certification:case-statement", args=[case.pk])

    html = client.get(statement_url).content.decode()
    assert "The statement is written after the certification meeting is held." in html
    assert "Save the statement" not in html
    html = client.get(meeting_url).content.decode()
    assert 'type="submit">Save</button>' in html

    CertificationCase.objects.filter(pk=case.pk).update(status=CaseStatus.CERTIFIED)
    html = client.get(meeting_url).content.decode()
    assert "The meeting can no longer be changed." in html
    assert 'type="submit">Save</button>' not in html
    assert "disabled" in html
    response = client.post(
        meeting_url,
        {"scheduled_for": "2030-01-01 10:00", "mode": "digital"},
    )
    assert response.status_code == 409
    assert not case.meetings.exists()
    html = client.get(statement_url).content.decode()
    assert "The statement can no longer be changed." in html
