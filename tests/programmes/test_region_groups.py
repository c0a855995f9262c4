"""A regional programme's management group and working groups, edited at the
region's addresses by the county's regional coordinator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmes.models import ManagementGroupMember, Meeting, WorkingGroup
from safecommunity.core.models import AuditEntry, Role
from tests.factories.core import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.programmes import (
    ManagementGroupMemberFactory,
    RegionalProgrammeFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)


@pytest.fixture
def region(county, municipality):
    return RegionalProgrammeFactory(county=county, members=[municipality])


@pytest.fixture
def region_coordinator(county):
    return UserFactory(role=Role.COORDINATOR, county=county)


@pytest.fixture
def stranger_region_coordinator(db):
    """The regional coordinator of another county."""
    return UserFactory(role=Role.COORDINATOR, county=CountyFactory(code="07"))


def _url(name, *args):
    return reverse(f"programmes:{name}", args=args)


def _audited(obj, action) -> bool:
    return AuditEntry.objects.filter(
        object_id=str(obj.pk),
        content_type__model=type(obj)._meta.model_name,
        action=action,
    ).exists()


MEMBER = {
    "name": "Karin Berg",
    "title": "Folkhälsostrateg",
    "organisation": "Region Kronoberg",
    "role": "other",
    "sector": "health",
}


def test_the_regional_coordinator_builds_the_management_group(
    client_for, region_coordinator, region
):
    client = client_for(region_coordinator)
    page = client.get(_url("region-detail", region.pk)).content.decode()
    assert _url("region-member-create", region.pk) in page
    assert _url("region-management-group", region.pk) in page

    response = client.post(_url("region-member-create", region.pk), MEMBER)
    assert response.status_code == 302
    assert response["Location"] == _url("region-management-group", region.pk)
    member = ManagementGroupMember.objects.get(programme=region)
    assert _audited(member, AuditEntry.Action.CREATE)
    group_page = client.get(response["Location"]).content.decode()
    assert "Karin Berg" in group_page
    assert _url("member-edit", member.pk) in group_page
    assert _url("member-delete", member.pk) in group_page

    edited = client.post(
        _url("member-edit", member.pk), {**MEMBER, "title": "Samordnare"}
    )
    assert edited["Location"] == _url("region-management-group", region.pk)
    member.refresh_from_db()
    assert member.title == "Samordnare"
    assert _audited(member, AuditEntry.Action.UPDATE)

    deleted = client.post(_url("member-delete", member.pk), {"confirm": "yes"})
    assert deleted["Location"] == _url("region-management-group", region.pk)
    assert not ManagementGroupMember.objects.filter(pk=member.pk).exists()
    assert _audited(member, AuditEntry.Action.DELETE)


def test_the_regional_coordinator_records_a_meeting(
    client_for, region_coordinator, region
):
    client = client_for(region_coordinator)
    page = client.get(_url("region-management-group", region.pk)).content.decode()
    assert _url("region-meeting-create", region.pk) in page
    response = client.post(
        _url("region-meeting-create", region.pk),
        {"date": "2026-03-01", "location": "Växjö", "decisions": "Plan antagen."},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(programme=region)
    assert response["Location"] == _url("meeting-detail", meeting.pk)
    assert client.get(response["Location"]).status_code == 200


def test_a_member_municipality_gets_its_local_group_from_the_region_page(
    client_for, region_coordinator, region, municipality
):
    client = client_for(region_coordinator)
    create = _url("region-working-group-create", region.pk)
    link = f"{create}?local_municipality={municipality.pk}"
    assert link in client.get(_url("region-detail", region.pk)).content.decode()
    form = client.get(link)
    assert form.context["form"]["local_municipality"].value() == str(municipality.pk)

    response = client.post(
        create, {"name": "Lokal grupp Egenby", "local_municipality": municipality.pk}
    )
    group = WorkingGroup.objects.get(programme=region)
    assert response["Location"] == _url("working-group-detail", group.pk)
    assert group.local_municipality == municipality
    entry = AuditEntry.objects.get(
        object_id=str(group.pk), action=AuditEntry.Action.CREATE
    )
    assert entry.municipality == municipality  # in the member's history too

    page = client.get(_url("region-detail", region.pk)).content.decode()
    assert "Lokal grupp Egenby" in page
    assert _url("working-group-edit", group.pk) in page
    listing = client.get(_url("region-working-group-list", region.pk))
    assert "Lokal grupp Egenby" in listing.content.decode()

    edited = client.post(
        _url("working-group-edit", group.pk),
        {
            "name": "Trygg i Egenby",
            "mandate": "Fallförebyggande",
            "local_municipality": municipality.pk,
        },
    )
    assert edited.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.local_municipality) == ("Trygg i Egenby", municipality)
    assert _audited(group, AuditEntry.Action.UPDATE)

    deleted = client.post(_url("working-group-delete", group.pk), {"confirm": "yes"})
    assert deleted["Location"] == _url("region-working-group-list", region.pk)
    assert not WorkingGroup.objects.filter(pk=group.pk).exists()
    assert _audited(group, AuditEntry.Action.DELETE)


def test_a_regional_working_group_needs_no_member_municipality(
    client_for, region_coordinator, region
):
    response = client_for(region_coordinator).post(
        _url("region-working-group-create", region.pk),
        {"name": "Regional samverkan", "local_municipality": ""},
    )
    assert response.status_code == 302
    group = WorkingGroup.objects.get(programme=region)
    assert group.local_municipality is None


def test_one_local_group_per_member_municipality(
    client_for, region_coordinator, region, municipality
):
    WorkingGroupFactory(
        programme=region, local_municipality=municipality, name="Lokal grupp"
    )
    response = client_for(region_coordinator).post(
        _url("region-working-group-create", region.pk),
        {"name": "En till", "local_municipality": municipality.pk},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert "Egenby har redan en lokal grupp i programmet." in response.content.decode()
    assert not WorkingGroup.objects.filter(name="En till").exists()


def test_a_group_with_members_is_emptied_before_it_is_deleted(
    client_for, region_coordinator, region, municipality
):
    group = WorkingGroupFactory(programme=region, local_municipality=municipality)
    WorkingGroupMemberFactory(working_group=group)
    response = client_for(region_coordinator).post(
        _url("working-group-delete", group.pk),
        {"confirm": "yes"},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 409
    assert "1 medlem" in response.content.decode()
    assert WorkingGroup.objects.filter(pk=group.pk).exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nb", "Sluttdatoen kan ikke være før startdatoen."),
        ("sv", "Slutdatumet kan inte vara före startdatumet."),
        ("en", "The end date cannot be before the start date."),
    ],
)
def test_a_term_ending_before_it_starts_is_refused_in_the_users_language(
    client_for, region_coordinator, region, language, message
):
    response = client_for(region_coordinator).post(
        _url("region-member-create", region.pk),
        {**MEMBER, "term_start": "2026-06-01", "term_end": "2026-01-01"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ManagementGroupMember.objects.filter(programme=region).exists()


def test_the_local_group_must_be_of_a_member(
    client_for, region_coordinator, region, county
):
    outsider = MunicipalityFactory(county=county, name="Utanby")
    response = client_for(region_coordinator).post(
        _url("region-working-group-create", region.pk),
        {"name": "Lokal grupp", "local_municipality": outsider.pk},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 400
    assert "Velg et gyldig valg." in response.content.decode()
    assert not WorkingGroup.objects.exists()


@pytest.fixture
def parts(region, municipality):
    group = WorkingGroupFactory(programme=region, local_municipality=municipality)
    return {
        "member": ManagementGroupMemberFactory(programme=region, name="Karin Berg"),
        "group": group,
        "group_member": WorkingGroupMemberFactory(working_group=group),
    }


def _attempts(region, parts):
    """Every change a regional editor may make, as (url, data)."""
    member, group = parts["member"], parts["group"]
    group_data = {"name": "Annat namn", "local_municipality": ""}
    return [
        (_url("region-member-create", region.pk), MEMBER),
        (_url("member-edit", member.pk), MEMBER),
        (_url("member-delete", member.pk), {"confirm": "yes"}),
        (_url("region-working-group-create", region.pk), group_data),
        (_url("working-group-edit", group.pk), group_data),
        (_url("working-group-delete", group.pk), {"confirm": "yes"}),
        (
            _url("working-group-member-delete", parts["group_member"].pk),
            {"confirm": "yes"},
        ),
    ]


def _unchanged(region, parts) -> bool:
    group = parts["group"]
    group.refresh_from_db()
    return (
        ManagementGroupMember.objects.filter(programme=region).count() == 1
        and WorkingGroup.objects.filter(programme=region).count() == 1
        and group.name != "Annat namn"
        and group.members.count() == 1
    )


def test_a_member_municipalitys_coordinator_reads_but_does_not_edit(
    client_for, coordinator, region, parts
):
    client = client_for(coordinator)
    page = client.get(_url("region-management-group", region.pk))
    assert page.status_code == 200
    assert "Karin Berg" in page.content.decode()
    assert _url("member-edit", parts["member"].pk) not in page.content.decode()
    groups = client.get(_url("region-working-group-list", region.pk))
    assert groups.status_code == 200
    assert _url("region-working-group-create", region.pk) not in (
        groups.content.decode()
    )
    for url, data in _attempts(region, parts):
        assert client.post(url, data).status_code == 403, url
    assert _unchanged(region, parts)


def test_another_countys_regional_coordinator_finds_nothing(
    client_for, stranger_region_coordinator, region, parts
):
    client = client_for(stranger_region_coordinator)
    assert client.get(_url("region-management-group", region.pk)).status_code == 404
    assert client.get(_url("region-working-group-list", region.pk)).status_code == 404
    for url, data in _attempts(region, parts):
        assert client.post(url, data).status_code == 404, url
    assert _unchanged(region, parts)


def test_the_secretariat_edits_the_regional_groups(
    client_for, secretariat, region, parts
):
    client = client_for(secretariat)
    response = client.post(
        _url("working-group-edit", parts["group"].pk),
        {"name": "Annat namn", "local_municipality": ""},
    )
    assert response.status_code == 302
    parts["group"].refresh_from_db()
    assert parts["group"].name == "Annat namn"
