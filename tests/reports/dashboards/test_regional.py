"""The regional view: a county's municipalities side by side, for its contacts."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.core import MunicipalityFactory
from tests.factories.programmes import InitiativeFactory, ProgrammeFactory
from tests.reports.dashboards.test_dashboard import PERIOD, inhabit, rate, register


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def url(county) -> str:
    return reverse("reports:regional", kwargs={"county_id": county.pk})


@pytest.fixture
def region(municipality, other_municipality):
    county = municipality.county
    small = MunicipalityFactory(county=county, code="3997", name="Litenby")
    big = MunicipalityFactory(county=county, code="3996", name="Storby")
    middle = MunicipalityFactory(county=county, code="3995", name="Midtby")
    for m in (municipality, small, big, middle, other_municipality):
        inhabit(m, range(2021, 2024))
    register(municipality, 2022, 40)
    register(small, 2022, 3)
    register(big, 2022, 90)
    register(middle, 2022, 12)
    register(other_municipality, 2022, 50)
    programme = ProgrammeFactory(municipality=municipality)
    InitiativeFactory(programme=programme)
    InitiativeFactory(programme=programme, status="completed")
    return county


def test_municipalities_side_by_side(client_for, regional, region, municipality):
    response = client_for(regional).get(url(region), PERIOD)
    assert response.status_code == 200
    view = response.context["regional"]
    rows = {row.municipality.code: row for row in view.rows}
    assert rows[municipality.code].cell.count == 40
    assert rows[municipality.code].cell.rate == rate(40, 3 * 2000)
    assert rows[municipality.code].initiatives_running == 1
    assert rows[municipality.code].initiatives_total == 2
    assert rows["3997"].cell.display == "<5"
    assert rows["3997"].cell.count is None
    # Each municipality as its own dashboard shows it; the county's total
    # would give away Litenby's 3 (the others are readable), so it is withheld.
    assert rows["3995"].cell.count == 12
    assert view.county_total.count is None
    assert view.county_total.display == "–"
    assert next(row for row in view.rates if row.year == 2022).here.count is None
    content = response.content.decode()
    cell = re.search(r"Litenby</a>\s*</th>\s*<td>([^<]*)</td>", content)
    assert cell
    assert cell.group(1) == "&lt;5"
    assert (
        view.charts["municipalities"]["values"][
            view.charts["municipalities"]["labels"].index("Litenby")
        ]
        is None
    )
    # The nation adds up only the figures its municipalities publish: without
    # Litenby's 3, as it would give them away wherever the rest of the nation
    # registers nothing.
    assert view.nation_total.count == 192


def test_htmx_gets_only_the_content(client_for, secretariat, region):
    response = client_for(secretariat).get(url(region), PERIOD, HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<div id="regional-content"')


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("secretariat", 200, 200),
        ("coordinator", 404, 404),
        ("other_coordinator", 404, 404),
        ("mayor", 404, 404),
        ("certifier", 404, 404),
        ("regional", 200, 404),
    ],
)
def test_who_sees_which_region(
    request, client_for, role, own, other, municipality, other_municipality
):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url(municipality.county)).status_code == own
    assert client.get(url(other_municipality.county)).status_code == other


def test_missing_county_is_404(client_for, secretariat):
    assert (
        client_for(secretariat).get(url(type("C", (), {"pk": 999})())).status_code
        == 404
    )


def test_regional_home(
    client_for, regional, secretariat, mayor, municipality, other_municipality
):
    response = client_for(regional).get(reverse("reports:regional-home"))
    assert response.status_code == 302
    assert response.url == url(municipality.county)
    response = client_for(secretariat).get(reverse("reports:regional-home"))
    assert response.status_code == 200
    assert url(other_municipality.county) in response.content.decode()
    assert client_for(mayor).get(reverse("reports:regional-home")).status_code == 404
