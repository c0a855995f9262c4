"""Regional programmes and their members through the API, for their readers."""

from __future__ import annotations

import pytest
from django.test import Client

from safecommunity.core.models import Role
from safecommunity.core.tokens import token_create
from tests.factories.core import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.programmes import (
    FocusAreaFactory,
    RegionalProgrammeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def _get(user, url, **extra):
    _token, secret = token_create(actor=user, name="t")
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}", **extra)


@pytest.fixture
def region(county, municipality):
    second = MunicipalityFactory(county=county, code="3998", name="Andreby")
    programme = RegionalProgrammeFactory(
        county=county, members=[municipality, second], description="Én modell"
    )
    WorkingGroupFactory(
        programme=programme, local_municipality=municipality, name="Lokal gruppe"
    )
    FocusAreaFactory(programme=programme, title="Trygg oppvekst", priority=1)
    return programme


URL = "/api/v1/regions"


def test_a_reader_lists_the_regions_with_their_members(region, regional):
    body = _get(regional, URL).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["country"], item["county"], item["name"]) == ("NO", "39", "Vestfold")
    assert item["description"] == "Én modell"
    assert item["members"] == [
        {"code": "3998", "name": "Andreby", "local_groups": []},
        {"code": "3999", "name": "Egenby", "local_groups": ["Lokal gruppe"]},
    ]


def test_one_region_with_its_focus_areas(region, coordinator):
    body = _get(coordinator, f"{URL}/NO/39").json()
    assert body["name"] == "Vestfold"
    assert body["focus_areas"] == [{"title": "Trygg oppvekst", "priority": 1}]
    assert [m["code"] for m in body["members"]] == ["3998", "3999"]


def test_others_find_nothing(region, other_coordinator):
    assert _get(other_coordinator, URL).json() == {"count": 0, "items": []}
    response = _get(other_coordinator, f"{URL}/NO/39")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_without_a_token_the_api_answers_401(region):
    assert Client().get(URL).status_code == 401


def test_the_list_reads_in_constant_queries(
    county, django_assert_max_num_queries, region
):
    secretariat = UserFactory(role=Role.SECRETARIAT)
    _token, secret = token_create(actor=secretariat, name="t")
    with django_assert_max_num_queries(12) as one:
        Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}")
    queries = len(one.captured_queries)
    for i in range(5):
        other = CountyFactory(code=f"9{i}", name=f"Fylke {i}")
        RegionalProgrammeFactory(
            county=other,
            members=[MunicipalityFactory(county=other, code=f"9{i}01")],
        )
    with django_assert_max_num_queries(queries):
        Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_schema_documents_the_regions():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/regions" in paths
    assert "/api/v1/regions/{country}/{county}" in paths
