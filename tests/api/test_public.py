"""The public rows of the API: the map, population, the certified register."""

from __future__ import annotations

import pytest
from django.test import Client

from safecommunity.core.models import Municipality
from tests.factories.certification import CertificateFactory
from tests.factories.injuries import PopulationFactory
from tests.factories.programmes import FocusAreaFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _real(country: str, code: str) -> Municipality:
    return Municipality.objects.get(country__code=country, code=code)


@pytest.fixture
def vestfold():
    """Re and old Tønsberg merged into 3803 in 2020, renumbered 3905 in 2024:
    the real map, loaded by migrate."""
    return {
        "re": _real("NO", "0716"),
        "old": _real("NO", "0704"),
        "merged": _real("NO", "3803"),
        "today": _real("NO", "3905"),
    }


def test_the_national_map_valid_on_a_date():
    for country, expected in (("NO", 357), ("SE", 290)):
        response = Client().get(
            "/api/v1/municipalities", {"country": country, "valid_on": "2026-01-01"}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == len(body["items"]) == expected
        assert {m["country"] for m in body["items"]} == {country}
        assert all(m["valid_to"] is None for m in body["items"])


def test_without_a_date_ceased_municipalities_are_included():
    body = Client().get("/api/v1/municipalities", {"country": "NO"}).json()
    codes = {m["code"] for m in body["items"]}
    assert {"0716", "0704", "3803", "3905"} <= codes
    assert body["count"] > 357
    assert "9999" not in codes


def test_re_with_its_history():
    body = Client().get("/api/v1/municipalities/NO/0716").json()
    assert body["code"] == "0716"
    assert body["name"] == "Re"
    assert body["country"] == "NO"
    assert body["valid_to"] == "2019-12-31"
    assert body["successors"] == ["3803"]
    merged = Client().get("/api/v1/municipalities/NO/3803").json()
    assert {"0704", "0716"} <= set(merged["predecessors"])
    assert merged["successors"] == ["3905"]
    assert merged["valid_to"] == "2023-12-31"


def test_a_split_municipality_has_two_successors():
    body = Client().get("/api/v1/municipalities/NO/1507").json()
    assert len(body["successors"]) == 2


def test_a_code_is_read_in_its_own_country():
    norway = Client().get("/api/v1/municipalities/NO/0127").json()
    sweden = Client().get("/api/v1/municipalities/SE/0127").json()
    assert norway["name"] != sweden["name"]
    assert (norway["country"], sweden["country"]) == ("NO", "SE")
    missing = Client().get("/api/v1/municipalities/SE/0716")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_bad_parameters_are_problem_details():
    response = Client().get(
        "/api/v1/municipalities", {"country": "DK", "valid_on": "yesterday"}
    )
    assert response.status_code == 422
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    locations = {e["location"] for e in problem["errors"]}
    assert {"query.country", "query.valid_on"} <= locations


def test_the_list_is_read_in_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(3):
        body = Client().get("/api/v1/municipalities", {"country": "NO"}).json()
    assert body["count"] > 357


def test_the_client_revalidates_the_map():
    client = Client()
    first = client.get("/api/v1/municipalities", {"country": "NO"})
    again = client.get(
        "/api/v1/municipalities", {"country": "NO"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304


def test_population_of_a_code_and_year(vestfold):
    PopulationFactory(municipality=vestfold["re"], year=2019, sex="M", age=3, count=40)
    PopulationFactory(municipality=vestfold["re"], year=2019, sex="M", age=4, count=2)
    PopulationFactory(municipality=vestfold["re"], year=2019, sex="F", age=3, count=38)
    PopulationFactory(municipality=vestfold["re"], year=2018, sex="F", age=3, count=9)
    query = {"country": "NO", "municipality": "0716", "year": 2019}
    response = Client().get("/api/v1/population", query)
    assert response.json() == {
        "municipality": "0716",
        "year": 2019,
        "total": 80,
        "by_sex": {"F": 38, "M": 42},
    }
    missing = Client().get("/api/v1/population", {**query, "year": 2020})
    assert missing.status_code == 404


def test_population_is_revalidated_until_figures_change(vestfold):
    PopulationFactory(municipality=vestfold["re"], year=2019, count=40)
    client = Client()
    query = {"country": "NO", "municipality": "0716", "year": 2019}
    etag = client.get("/api/v1/population", query)["ETag"]
    assert (
        client.get("/api/v1/population", query, HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )
    PopulationFactory(municipality=vestfold["re"], year=2019, age=7, count=1)
    changed = client.get("/api/v1/population", query, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["total"] == 41


def test_the_certified_register(vestfold):
    programme = ProgrammeFactory(municipality=vestfold["today"])
    FocusAreaFactory(programme=programme, title="Fall", priority=1)
    certificate = CertificateFactory(case__programme=programme)
    ProgrammeFactory(municipality=vestfold["old"])  # not certified
    body = Client().get("/api/v1/certified").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["municipality"] == "3905"
    assert item["valid_until"] == certificate.expires_on.isoformat()
    assert item["focus_areas"] == ["Fall"]
    assert item["isccc_designated"] is False
