"""Deleting management group members, working group members, partners, and
meetings, initiatives and reports entered by mistake."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certification.models import Evidence, Step
from certification.services.steps import evidence_add
from programmes.models import (
    Initiative,
    InitiativeReport,
    ManagementGroupMember,
    Meeting,
    Partner,
    WorkingGroupMember,
)
from programmes.selectors import programme as programme_selectors
from programmes.services import programme as programme_services
from safecommunity.core.models import AuditEntry
from tests.factories.programmes import (
    InitiativeFactory,
    InitiativeReportFactory,
    ManagementGroupMemberFactory,
    MeetingFactory,
    PartnerFactory,
    ProgrammeFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)


@pytest.fixture
def programme(municipality):
    return ProgrammeFactory(municipality=municipality)


@pytest.fixture
def parts(programme):
    group = WorkingGroupFactory(programme=programme)
    return {
        "member-delete": ManagementGroupMemberFactory(programme=programme),
        "working-group-member-delete": WorkingGroupMemberFactory(working_group=group),
        "partner-delete": PartnerFactory(programme=programme),
        "meeting-delete": MeetingFactory(programme=programme),
        "report-delete": InitiativeReportFactory(
            initiative=InitiativeFactory(programme=programme)
        ),
    }


def as_evidence(coordinator, programme, **linked) -> None:
    """Link a record as certification evidence of step 5."""
    (kind,) = linked
    evidence_add(
        programme=programme,
        requirement=Step.objects.get(number=5).requirements.first(),
        actor=coordinator,
        kind=kind,
        **linked,
    )


MODELS = {
    "member-delete": ManagementGroupMember,
    "working-group-member-delete": WorkingGroupMember,
    "partner-delete": Partner,
    "meeting-delete": Meeting,
    "report-delete": InitiativeReport,
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_coordinator_confirms_and_the_history_keeps_it(
    client_for, coordinator, parts, name
):
    obj = parts[name]
    url = reverse(f"programmes:{name}", args=[obj.pk])
    client = client_for(coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert str(obj) in page.content.decode()
    assert client.post(url, {}).status_code == 400  # no confirmation: kept
    assert MODELS[name].objects.filter(pk=obj.pk).exists()
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert response.status_code == 200
    assert "was deleted" in response.content.decode()
    assert not MODELS[name].objects.filter(pk=obj.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_id=obj.pk)
    assert entry.actor == coordinator
    assert entry.before
    assert entry.municipality == obj.municipality


def test_readers_and_other_municipalities_cannot_delete(
    client_for, mayor, other_coordinator, parts
):
    member = parts["member-delete"]
    url = reverse("programmes:member-delete", args=[member.pk])
    assert client_for(mayor).post(url, {"confirm": "yes"}).status_code == 403
    assert (
        client_for(other_coordinator).post(url, {"confirm": "yes"}).status_code == 404
    )
    assert ManagementGroupMember.objects.filter(pk=member.pk).exists()


def test_an_initiative_entered_by_mistake_is_deleted_after_confirming(
    client_for, coordinator, programme
):
    initiative = InitiativeFactory(programme=programme, title="Dobbeltføring")
    url = reverse("programmes:initiative-delete", args=[initiative.pk])
    client = client_for(coordinator)
    detail = client.get(reverse("programmes:initiative-detail", args=[initiative.pk]))
    assert f'href="{url}"' in detail.content.decode()
    assert "Dobbeltføring" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 400  # no confirmation: kept
    assert Initiative.objects.filter(pk=initiative.pk).exists()
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "programmes:initiative-list", args=[programme.municipality.code]
    )
    assert not Initiative.objects.filter(pk=initiative.pk).exists()
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.DELETE, object_id=initiative.pk
    )
    assert entry.actor == coordinator
    assert entry.before["title"] == "Dobbeltføring"
    assert entry.municipality == programme.municipality


def test_an_initiative_with_reports_evidence_or_findings_is_kept(
    client_for, coordinator, programme
):
    initiative = InitiativeFactory(programme=programme)
    InitiativeReportFactory.create_batch(2, initiative=initiative)
    as_evidence(coordinator, programme, initiative=initiative)
    url = reverse("programmes:initiative-delete", args=[initiative.pk])
    client = client_for(coordinator)
    page = client.get(url).content.decode()
    assert "2 periodic reports" in page
    assert "1 piece of certification evidence" in page
    assert 'name="confirm"' not in page  # nothing to confirm
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 409
    assert "2 periodic reports" in response.content.decode()
    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert Evidence.objects.filter(initiative=initiative).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()


def test_the_service_checks_again_under_the_lock(coordinator, programme):
    """A report added after the page was shown still keeps the initiative."""
    initiative = InitiativeFactory(programme=programme)
    InitiativeReportFactory(initiative=initiative)
    with pytest.raises(ValidationError):
        programme_services.programme_part_delete(actor=coordinator, obj=initiative)
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_readers_and_other_municipalities_cannot_delete_an_initiative(
    client_for, mayor, other_coordinator, programme
):
    initiative = InitiativeFactory(programme=programme)
    url = reverse("programmes:initiative-delete", args=[initiative.pk])
    assert client_for(mayor).post(url, {"confirm": "yes"}).status_code == 403
    assert (
        client_for(other_coordinator).post(url, {"confirm": "yes"}).status_code == 404
    )
    assert Initiative.objects.filter(pk=initiative.pk).exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", ["2 periodiske rapporter", "1 vedlagt dokument"]),
        ("sv", ["2 periodiska rapporter", "1 bifogat dokument"]),
    ],
)
def test_what_keeps_an_initiative_is_counted_in_the_users_language(
    programme, language, expected
):
    from django.utils import translation

    from tests.factories.reports import documents_create

    initiative = InitiativeFactory(programme=programme)
    InitiativeReportFactory.create_batch(2, initiative=initiative)
    initiative.attachments.add(*documents_create(programme.municipality, 1))
    with translation.override(language):
        assert programme_selectors.delete_blockers(initiative) == expected


def test_a_meeting_with_minutes_and_a_report_used_as_evidence_are_kept(
    client_for, coordinator, programme
):
    from tests.factories.reports import documents_create

    (minutes,) = documents_create(programme.municipality, 1)
    meeting = MeetingFactory(programme=programme, minutes=minutes)
    report = InitiativeReportFactory(initiative=InitiativeFactory(programme=programme))
    as_evidence(coordinator, programme, report=report)
    client = client_for(coordinator)
    for name, obj, reason in (
        ("meeting-delete", meeting, "1 minutes document"),
        ("report-delete", report, "1 piece of certification evidence"),
    ):
        url = reverse(f"programmes:{name}", args=[obj.pk])
        assert reason in client.get(url).content.decode()
        assert client.post(url, {"confirm": "yes"}).status_code == 409
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_schema_keeps_what_evidence_and_findings_refer_to(coordinator, programme):
    """Evidence and findings keep their initiative (on_delete=PROTECT): no
    code path can delete it under them, the service included."""
    from django.db.models import ProtectedError

    from tests.factories.walks import FindingFactory

    initiative = InitiativeFactory(programme=programme)
    as_evidence(coordinator, programme, initiative=initiative)
    with pytest.raises(ProtectedError):
        Initiative.objects.filter(pk=initiative.pk).delete()
    followed = InitiativeFactory(programme=programme)
    FindingFactory(walk__programme=programme, initiative=followed)
    assert programme_selectors.delete_blockers(followed) == ["1 safety walk finding"]
    with pytest.raises(ProtectedError):
        followed.delete()


def test_a_record_kept_by_the_schema_is_refused_with_a_message(
    coordinator, programme, monkeypatch
):
    """What the blockers do not name is still kept: the service turns the
    database's refusal into the same message, and deletes nothing."""
    initiative = InitiativeFactory(programme=programme)
    as_evidence(coordinator, programme, initiative=initiative)
    monkeypatch.setattr(programme_selectors, "delete_blockers", lambda obj: [])
    with pytest.raises(ValidationError) as refused:
        programme_services.programme_part_delete(actor=coordinator, obj=initiative)
    assert refused.value.code == "in_use"
    assert "refer to this one" in str(refused.value)
    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()
