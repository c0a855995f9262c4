"""The list of programmes across municipalities: scope, search, filters, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.core import MunicipalityFactory
from tests.factories.programmes import InitiativeFactory, ProgrammeFactory

URL = reverse("programmes:programme-list")


@pytest.fixture
def programmes(municipality, other_municipality):
    own = ProgrammeFactory(municipality=municipality, status="working_towards")
    InitiativeFactory(programme=own, status="running")
    InitiativeFactory(programme=own, status="completed")
    other = ProgrammeFactory(municipality=other_municipality, status="certified")
    return own, other


def _rows(response) -> list[str]:
    return [p.municipality.code for p in response.context["page_obj"]]


def test_each_role_sees_the_programmes_it_may_read(
    client_for, secretariat, coordinator, regional, programmes
):
    own, other = programmes
    everyone = _rows(client_for(secretariat).get(URL))
    assert everyone == sorted(everyone, key=lambda code: (code[:2], code))
    assert set(everyone) == {own.municipality.code, other.municipality.code}
    assert _rows(client_for(coordinator).get(URL)) == [own.municipality.code]
    assert other.municipality.code not in _rows(client_for(regional).get(URL))


def test_counts_search_and_filters(client_for, secretariat, programmes):
    own, other = programmes
    client = client_for(secretariat)
    response = client.get(URL)
    listed = {p.pk: p for p in response.context["page_obj"]}
    assert (listed[own.pk].initiatives_running, listed[own.pk].initiatives_total) == (
        1,
        2,
    )
    content = response.content.decode()
    assert "Working towards certification" in content
    assert _rows(client.get(URL, {"q": own.municipality.name[:4]})) == [
        own.municipality.code
    ]
    assert _rows(client.get(URL, {"q": other.municipality.code})) == [
        other.municipality.code
    ]
    assert _rows(client.get(URL, {"status": "certified"})) == [other.municipality.code]
    county = own.municipality.county
    assert _rows(client.get(URL, {"county": county.pk})) == [own.municipality.code]
    bad = client.get(URL, {"status": "nonsense", "county": "x"})
    assert bad.status_code == 200
    assert bad.context["form"].errors  # told, and the list is not filtered by junk
    assert len(_rows(bad)) == 2


def test_query_count_does_not_grow_with_programmes(
    client_for, secretariat, county, programmes, django_assert_num_queries
):
    client = client_for(secretariat)
    client.get(URL)
    with django_assert_num_queries(6) as few:
        client.get(URL)
    for n in range(40):
        programme = ProgrammeFactory(
            municipality=MunicipalityFactory(county=county, code=f"39{n + 50:02d}")
        )
        InitiativeFactory(programme=programme)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)


def test_the_secretariat_finds_it_in_the_navigation(client_for, secretariat):
    content = client_for(secretariat).get(reverse("core:home"), follow=True)
    assert URL in content.content.decode()
