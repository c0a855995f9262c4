"""The public rows of the API: the map, population, the certified register."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from tests.factories.certification import CertificateFactory
from tests.factories.core import CountryFactory, CountyFactory, MunicipalityFactory
from tests.factories.injuries import PopulationFactory
from tests.factories.programmes import FocusAreaFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vestfold():
    """Re and old Tønsberg merged into 3803 in 2020, renumbered 3905 in 2024."""
    county = CountyFactory(code="07", name="Vestfold")
    new_county = CountyFactory(code="39", name="Vestfold")
    re_ = MunicipalityFactory(
        county=county,
        code="0716",
        name="Re",
        valid_from=datetime.date(2002, 1, 1),
        valid_to=datetime.date(2019, 12, 31),
    )
    old = MunicipalityFactory(
        county=county,
        code="0704",
        name="Tønsberg",
        valid_to=datetime.date(2019, 12, 31),
    )
    merged = MunicipalityFactory(
        county=CountyFactory(code="38", name="Vestfold og Telemark"),
        code="3803",
        name="Tønsberg",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2023, 12, 31),
    )
    today = MunicipalityFactory(
        county=new_county,
        code="3905",
        name="Tønsberg",
        valid_from=datetime.date(2024, 1, 1),
    )
    re_.successors.add(merged)
    old.successors.add(merged)
    merged.successors.add(today)
    swedish = CountyFactory(
        country=CountryFactory(code="SE", name="Sverige"), code="07"
    )
    MunicipalityFactory(county=swedish, code="0780", name="Växjö")
    return {"re": re_, "old": old, "merged": merged, "today": today}


def test_municipalities_valid_on_a_date(vestfold):
    response = Client().get(
        "/api/v1/municipalities", {"country": "NO", "valid_on": "2026-01-01"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [m["code"] for m in body["items"]] == ["3905"]
    assert body["items"][0]["predecessors"] == ["3803"]


def test_municipalities_without_a_date_include_ceased_ones(vestfold):
    body = Client().get("/api/v1/municipalities", {"country": "NO"}).json()
    assert [m["code"] for m in body["items"]] == ["0704", "0716", "3803", "3905"]
    sweden = Client().get("/api/v1/municipalities", {"country": "SE"}).json()
    assert [(m["code"], m["country"]) for m in sweden["items"]] == [("0780", "SE")]


def test_one_municipality_with_its_history(vestfold):
    body = Client().get("/api/v1/municipalities/NO/0716").json()
    assert body == {
        "code": "0716",
        "name": "Re",
        "country": "NO",
        "county": "07",
        "valid_from": "2002-01-01",
        "valid_to": "2019-12-31",
        "predecessors": [],
        "successors": ["3803"],
    }
    merged = Client().get("/api/v1/municipalities/NO/3803").json()
    assert merged["predecessors"] == ["0704", "0716"]
    assert merged["successors"] == ["3905"]


def test_a_code_of_the_other_country_is_not_found(vestfold):
    response = Client().get("/api/v1/municipalities/SE/0716")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_bad_parameters_are_problem_details(vestfold):
    response = Client().get(
        "/api/v1/municipalities", {"country": "DK", "valid_on": "yesterday"}
    )
    assert response.status_code == 422
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    locations = {e["location"] for e in problem["errors"]}
    assert {"query.country", "query.valid_on"} <= locations


def test_the_list_is_read_in_a_fixed_number_of_queries(
    vestfold, django_assert_max_num_queries
):
    for n in range(30):
        MunicipalityFactory(county=vestfold["today"].county, code=f"39{n + 10:02d}")
    with django_assert_max_num_queries(3):
        Client().get("/api/v1/municipalities", {"country": "NO"})


def test_the_client_revalidates_the_map(vestfold):
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
