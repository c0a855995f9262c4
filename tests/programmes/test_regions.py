"""Regional programmes: a county's programme, its members and local groups."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from programmes.models import Programme, WorkingGroup
from programmes.selectors.regions import regional_programme_list
from programmes.services.organisation import working_group_create
from programmes.services.regions import regional_members_set, regional_programme_create
from safecommunity.core.models import AuditEntry, Role
from tests.factories.core import MunicipalityFactory, UserFactory
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
def local_group(region, municipality):
    group = WorkingGroupFactory(
        programme=region, local_municipality=municipality, name="Lokal grupp"
    )
    WorkingGroupMemberFactory(working_group=group, organisation="Polisen")
    return group


def test_a_programme_has_a_municipality_or_a_county_never_both(county, municipality):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Programme.objects.create(municipality=municipality, county=county)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Programme.objects.create()


def test_creating_a_regional_programme_is_audited(secretariat, county, municipality):
    programme = regional_programme_create(
        actor=secretariat, county=county, members=[municipality]
    )
    assert programme.is_regional
    assert programme.area == county
    assert str(programme) == str(county)
    assert list(programme.member_municipalities.all()) == [municipality]
    assert AuditEntry.objects.filter(
        object_id=str(programme.pk), action=AuditEntry.Action.CREATE
    ).exists()


def test_members_come_from_the_county(secretariat, county, other_municipality):
    with pytest.raises(ValidationError) as error:
        regional_programme_create(
            actor=secretariat, county=county, members=[other_municipality]
        )
    assert other_municipality.name in str(error.value)
    assert not Programme.objects.filter(county=county).exists()


def test_changing_the_members_is_audited(secretariat, region, county):
    second = MunicipalityFactory(county=county)
    regional_members_set(actor=secretariat, programme=region, members=[second])
    assert list(region.member_municipalities.all()) == [second]
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).latest("id")
    assert second.code in entry.comment


def test_a_local_group_belongs_to_a_member(
    region_coordinator, region, municipality, county
):
    group = working_group_create(
        actor=region_coordinator,
        programme=region,
        local_municipality=municipality,
        name="Lokal grupp Egenby",
    )
    assert group.local_municipality == municipality
    outsider = MunicipalityFactory(county=county)
    with pytest.raises(ValidationError):
        working_group_create(
            actor=region_coordinator,
            programme=region,
            local_municipality=outsider,
            name="Lokal grupp",
        )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretariat", 200),
        ("region_coordinator", 200),
        ("regional", 200),
        ("coordinator", 200),  # of a member municipality
        ("mayor", 200),
        ("other_coordinator", 404),
        ("certifier", 404),
    ],
)
def test_who_reads_the_regional_programme_and_its_local_groups(
    request, client_for, region, local_group, role, status
):
    client = client_for(request.getfixturevalue(role))
    detail = client.get(reverse("programmes:region-detail", args=[region.pk]))
    group = client.get(
        reverse("programmes:working-group-detail", args=[local_group.pk])
    )
    dashboard = client.get(
        reverse("reports:region-programme-dashboard", args=[region.pk])
    )
    assert (detail.status_code, group.status_code, dashboard.status_code) == (
        status,
        status,
        status,
    )
    if status == 200:
        assert "Polisen" in detail.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretariat", 302),
        ("region_coordinator", 302),
        ("regional", 403),
        ("coordinator", 403),
        ("other_coordinator", 404),
    ],
)
def test_only_the_regional_coordinator_adds_local_groups(
    request, client_for, region, municipality, role, status
):
    client = client_for(request.getfixturevalue(role))
    response = client.post(
        reverse("programmes:region-working-group-create", args=[region.pk]),
        {"local_municipality": municipality.pk, "name": "Lokal grupp", "mandate": ""},
    )
    assert response.status_code == status
    created = WorkingGroup.objects.filter(local_municipality=municipality).exists()
    assert created == (status == 302)


def test_a_local_group_for_a_non_member_is_refused_in_the_form(
    client_for, region_coordinator, region, county
):
    outsider = MunicipalityFactory(county=county)
    response = client_for(region_coordinator).post(
        reverse("programmes:region-working-group-create", args=[region.pk]),
        {"local_municipality": outsider.pk, "name": "Lokal grupp"},
    )
    assert response.status_code == 400
    assert not WorkingGroup.objects.filter(local_municipality=outsider).exists()


def test_the_management_group_draws_on_several_organisations(
    client_for, region_coordinator, region
):
    ManagementGroupMemberFactory(programme=region, organisation="Region Kronoberg")
    response = client_for(region_coordinator).post(
        reverse("programmes:region-member-create", args=[region.pk]),
        {
            "name": "Johan Ek",
            "organisation": "Polisen",
            "role": "police",
            "sector": "police",
        },
    )
    assert response.status_code == 302
    page = client_for(region_coordinator).get(
        reverse("programmes:region-detail", args=[region.pk])
    )
    assert page.context["overview"].organisations == ["Polisen", "Region Kronoberg"]


def test_the_regional_coordinator_edits_the_region_not_its_municipalities(
    client_for, region_coordinator, region, municipality
):
    from tests.factories.programmes import ProgrammeFactory

    ProgrammeFactory(municipality=municipality)
    client = client_for(region_coordinator)
    own_page = reverse("programmes:programme-overview", args=[municipality.code])
    edit_page = reverse("programmes:programme-edit", args=[municipality.code])
    assert client.get(own_page).status_code == 200
    assert client.get(edit_page).status_code == 403


def test_the_regional_coordinator_lands_on_the_regional_programmes(
    client_for, region_coordinator, region
):
    response = client_for(region_coordinator).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:region-list")


def test_the_municipal_list_leaves_regional_programmes_out(
    client_for, secretariat, region
):
    response = client_for(secretariat).get(reverse("programmes:programme-list"))
    assert response.status_code == 200
    assert region not in list(response.context["page_obj"].object_list)


def test_region_list_shows_only_readable_regions(
    region_coordinator, other_coordinator, region
):
    assert list(regional_programme_list(user=region_coordinator)) == [region]
    assert list(regional_programme_list(user=other_coordinator)) == []


@pytest.mark.parametrize("groups", [1, 8])
def test_region_page_queries_do_not_grow_with_members(
    client_for, django_assert_num_queries, secretariat, county, groups
):
    members = [MunicipalityFactory(county=county) for _ in range(groups)]
    region = RegionalProgrammeFactory(county=county, members=members)
    for member in members:
        group = WorkingGroupFactory(programme=region, local_municipality=member)
        WorkingGroupMemberFactory(working_group=group)
    client = client_for(secretariat)
    url = reverse("programmes:region-detail", args=[region.pk])
    client.get(url)  # warms the session and the user's caches
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


QUERIES = 9
