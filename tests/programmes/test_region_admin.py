"""The secretariat starts a county's regional programme and decides its
members on the pages: the county first, then its municipalities; errors in
the reader's language, nothing saved on an error, every change audited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from programmes.models import Programme
from safecommunity.core.models import AuditEntry, Role
from tests.factories.core import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.programmes import RegionalProgrammeFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

NEW = reverse("programmes:region-create")


@pytest.fixture
def kronoberg(db):
    county = CountyFactory(code="07", name="Kronobergs län")
    for code, name in (("0760", "Uppvidinge"), ("0764", "Alvesta"), ("0780", "Växjö")):
        MunicipalityFactory(county=county, code=code, name=name)
    MunicipalityFactory(
        county=county, code="0799", name="Nedlagd", valid_to=datetime.date(1999, 1, 1)
    )
    return county


def test_the_secretariat_creates_a_regional_programme(
    client_for, secretariat, kronoberg
):
    client = client_for(secretariat)
    listing = client.get(reverse("programmes:region-list")).content.decode()
    assert NEW in listing
    page = client.get(NEW).content.decode()
    assert f'<option value="{kronoberg.pk}">' in page
    assert "Växjö" not in page  # the members come once the county is chosen
    page = client.get(NEW, {"county": kronoberg.pk}).content.decode()
    assert "Växjö" in page
    assert "Alvesta" in page
    assert "Nedlagd" not in page  # ceased municipalities are not offered
    members = list(kronoberg.municipalities.filter(code__in=["0764", "0780"]))
    response = client.post(
        NEW,
        {
            "county": kronoberg.pk,
            "member_municipalities": [m.pk for m in members],
            "start_date": "2025-01-01",
            "description": "Én modell for hele länet.",
        },
        follow=True,
    )
    programme = Programme.objects.get(county=kronoberg)
    assert response.redirect_chain[-1][0] == reverse(
        "programmes:region-detail", args=[programme.pk]
    )
    assert set(programme.member_municipalities.all()) == set(members)
    assert programme.start_date == datetime.date(2025, 1, 1)
    entry = AuditEntry.objects.get(
        object_id=str(programme.pk), action=AuditEntry.Action.CREATE
    )
    assert entry.actor == secretariat
    assert "0780" in entry.comment
    # The county has its programme now: it is no longer offered.
    assert f'<option value="{kronoberg.pk}">' not in client.get(NEW).content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Choose at least one member municipality."),
        ("nb", "Velg minst én medlemskommune."),
        ("sv", "Välj minst en medlemskommun."),
    ],
)
def test_a_programme_without_members_is_refused_in_the_readers_language(
    client_for, secretariat, kronoberg, language, message
):
    response = client_for(secretariat).post(
        NEW, {"county": kronoberg.pk}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Programme.objects.filter(county=kronoberg).exists()


def test_a_municipality_of_another_county_is_refused(
    client_for, secretariat, kronoberg, other_municipality
):
    response = client_for(secretariat).post(
        NEW,
        {"county": kronoberg.pk, "member_municipalities": [other_municipality.pk]},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 400
    assert "Velg et gyldig valg" in response.content.decode()
    assert not Programme.objects.filter(county=kronoberg).exists()


@pytest.fixture
def region(kronoberg):
    return RegionalProgrammeFactory(
        county=kronoberg, members=list(kronoberg.municipalities.filter(code="0780"))
    )


def test_the_secretariat_changes_the_members_and_the_history_says_so(
    client_for, secretariat, region, kronoberg
):
    url = reverse("programmes:region-members", args=[region.pk])
    client = client_for(secretariat)
    detail = client.get(reverse("programmes:region-detail", args=[region.pk]))
    assert url in detail.content.decode()
    page = client.get(url).content.decode()
    assert "Uppvidinge" in page
    chosen = list(kronoberg.municipalities.filter(code__in=["0760", "0780"]))
    response = client.post(url, {"member_municipalities": [m.pk for m in chosen]})
    assert response.status_code == 302
    assert set(region.member_municipalities.all()) == set(chosen)
    entry = AuditEntry.objects.filter(
        object_id=str(region.pk), action=AuditEntry.Action.UPDATE
    ).latest("id")
    assert entry.actor == secretariat
    assert "0760" in entry.comment


def test_a_member_with_a_local_group_stays(client_for, secretariat, region, kronoberg):
    vaxjo = kronoberg.municipalities.get(code="0780")
    WorkingGroupFactory(programme=region, local_municipality=vaxjo, name="Växjö lokalt")
    alvesta = kronoberg.municipalities.get(code="0764")
    response = client_for(secretariat).post(
        reverse("programmes:region-members", args=[region.pk]),
        {"member_municipalities": [alvesta.pk]},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert "har fortfarande en lokal grupp" in response.content.decode()
    assert list(region.member_municipalities.all()) == [vaxjo]


@pytest.mark.parametrize(
    ("role", "create", "members"),
    [
        ("secretariat", 200, 200),
        ("region_coordinator", 403, 403),
        ("regional_contact", 403, 403),
        ("outsider", 403, 404),
    ],
)
def test_only_the_secretariat_creates_and_changes_members(
    client_for,
    region,
    kronoberg,
    other_municipality,
    secretariat,
    role,
    create,
    members,
):
    users = {
        "secretariat": secretariat,
        "region_coordinator": UserFactory(role=Role.COORDINATOR, county=kronoberg),
        "regional_contact": UserFactory(role=Role.REGIONAL, county=kronoberg),
        "outsider": UserFactory(
            role=Role.COORDINATOR, municipalities=[other_municipality]
        ),
    }
    client = client_for(users[role])
    assert client.get(NEW).status_code == create
    url = reverse("programmes:region-members", args=[region.pk])
    assert client.get(url).status_code == members
    before = set(region.member_municipalities.all())
    client.post(url, {"member_municipalities": [other_municipality.pk]})
    assert set(region.member_municipalities.all()) == before
