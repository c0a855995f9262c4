"""A regional programme's dashboard adds up its members' published figures."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.core import MunicipalityFactory
from tests.factories.programmes import RegionalProgrammeFactory, WorkingGroupFactory
from tests.reports.dashboards.test_dashboard import PERIOD, inhabit, rate, register


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def members(county, municipality):
    big = MunicipalityFactory(county=county, code="3996", name="Storby")
    small = MunicipalityFactory(county=county, code="3997", name="Litenby")
    outside = MunicipalityFactory(county=county, code="3995", name="Utenforby")
    for m in (municipality, big, small, outside):
        inhabit(m, range(2021, 2024))
    register(municipality, 2021, 20)
    register(municipality, 2022, 40)
    register(big, 2021, 30)
    register(big, 2022, 90)
    register(small, 2021, 10)
    register(small, 2022, 3)  # hidden on Litenby's own dashboard
    register(outside, 2022, 500)  # in the county, not in the programme
    return [municipality, big, small]


@pytest.fixture
def region(county, members):
    programme = RegionalProgrammeFactory(county=county, members=members)
    WorkingGroupFactory(programme=programme, local_municipality=members[0])
    return programme


def url(programme) -> str:
    return reverse("reports:region-programme-dashboard", args=[programme.pk])


def test_members_side_by_side_and_added_up(client_for, regional, region):
    response = client_for(regional).get(url(region), PERIOD)
    assert response.status_code == 200
    view = response.context["region"]
    rows = {row.municipality.name: row for row in view.members}
    assert set(rows) == {"Egenby", "Storby", "Litenby"}
    assert rows["Storby"].cell.count == 120
    assert rows["Storby"].cell.rate == rate(120, 3 * 2000)
    # As on Litenby's own dashboard: the period's total would give away the
    # hidden year beside the shown ones.
    assert rows["Litenby"].cell.count is None
    assert rows["Egenby"].local_groups == 1
    years = {cell.key: cell for cell in view.by_year.cells}
    # 2021: every member shows its own figure, so the sum is shown.
    assert years["2021"].count == 60
    # 2022: Litenby's 3 is hidden; the sum would give it away beside the
    # other members' figures, so it is withheld, and so is the total.
    assert years["2022"].count is None
    assert years["2022"].display != "0"
    assert view.total.count is None
    html = response.content.decode()
    assert "500" not in html  # a county municipality outside the programme


def test_every_member_links_to_its_dashboard_for_those_who_read_it(
    client_for, regional, coordinator, region
):
    link = reverse("reports:dashboard", args=["3996"])
    assert link in client_for(regional).get(url(region)).content.decode()
    # The coordinator of a member reads the region, but not the other members.
    html = client_for(coordinator).get(url(region)).content.decode()
    assert link not in html
    assert "Storby" in html


def test_htmx_gets_only_the_content(client_for, secretariat, region):
    response = client_for(secretariat).get(url(region), PERIOD, HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<div id="region-content"')
