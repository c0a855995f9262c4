"""Comparisons like for like: the county and the nation count only the
municipalities that registered injuries in a year and say how many of how
many; the current year is marked and left out of trends and traffic lights; a
year without population yet uses the latest earlier year, marked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from injuries.statistics import municipality_statistics
from tests.factories.core import MunicipalityFactory
from tests.reports.dashboards.test_dashboard import inhabit, rate, register


def _dashboard(client, municipality, first: int, last: int):
    return client.get(
        reverse("reports:dashboard", kwargs={"code": municipality.key}),
        {"first_year": str(first), "last_year": str(last)},
    )


@pytest.fixture
def silent(county):
    """A neighbour with inhabitants that registers nothing."""
    return MunicipalityFactory(county=county, code="3997", name="Stilleby")


def test_the_nation_counts_only_municipalities_that_registered(
    client_for, mayor, municipality, silent
):
    inhabit(municipality, [2022])  # 2,000 inhabitants
    inhabit(silent, [2022])
    register(municipality, 2022, 40)

    response = _dashboard(client_for(mayor), municipality, 2022, 2022)

    row = response.context["dashboard"].rates[0]
    assert row.nation.rate == rate(40, 2000)  # not 40 over 4,000
    assert row.county.rate == rate(40, 2000)
    assert response.context["dashboard"].level.colour == "green"
    content = response.content.decode()
    assert "1 of 2 municipalities" in content


def test_a_comparison_standing_for_too_few_inhabitants_is_grey_with_the_reason(
    client_for, mayor, municipality, silent
):
    inhabit(municipality, [2022], per_cell=100)  # 400 inhabitants
    inhabit(silent, [2022], per_cell=1000)  # 4,000 who register nothing
    register(municipality, 2022, 40)

    response = _dashboard(client_for(mayor), municipality, 2022, 2022)

    level = response.context["dashboard"].level
    assert level.colour == "grey"
    assert "only 9% of the inhabitants" in response.content.decode()


def test_the_current_year_is_marked_and_left_out_of_the_traffic_lights(
    client_for, mayor, municipality, silent
):
    this_year = timezone.localdate().year
    neighbour = MunicipalityFactory(county=municipality.county, code="3996")
    years = [this_year - 2, this_year - 1, this_year]
    inhabit(municipality, years)
    inhabit(neighbour, years)
    for year in years[:2]:
        register(municipality, year, 20)
        register(neighbour, year, 20)
    # Registrations of the first weeks of the year: far above the nation.
    register(municipality, this_year, 90)
    register(neighbour, this_year, 10)

    response = _dashboard(client_for(mayor), municipality, years[0], this_year)

    dashboard = response.context["dashboard"]
    assert dashboard.level.colour == "green"  # the settled years are equal
    assert "%+.0f%%" % 0 in dashboard.trend.detail  # noqa: UP031
    assert [row.current for row in dashboard.rates] == [False, False, True]
    content = response.content.decode()
    assert "incomplete" in content


def test_a_year_without_population_uses_the_latest_earlier_year_marked(
    client_for, mayor, secretariat, municipality
):
    this_year = timezone.localdate().year
    inhabit(municipality, [this_year - 1])  # 2,000; nothing published for now
    register(municipality, this_year - 1, 30)
    register(municipality, this_year, 10)

    report = municipality_statistics(user=secretariat, municipality=municipality)
    by_year = {c.key: c for c in report.by_year.cells}
    assert by_year[str(this_year)].rate == rate(10, 2000)
    assert report.population_carried == ((this_year, this_year - 1),)

    page = client_for(secretariat).get(
        reverse("injuries:statistics", kwargs={"code": municipality.key})
    )
    note = (
        f"Rates for {this_year} use the population of {this_year - 1}: "
        f"the population of {this_year} is not published yet."
    )
    assert note in page.content.decode()
    export = client_for(secretariat).get(
        reverse("injuries:statistics", kwargs={"code": municipality.key}),
        {"format": "csv"},
    )
    assert note in export.content.decode("utf-8")
    dashboard = _dashboard(client_for(mayor), municipality, this_year - 1, this_year)
    row = dashboard.context["dashboard"].rates[-1]
    assert row.population_from == this_year - 1
    assert row.here.rate == rate(10, 2000)
    assert f"population of {this_year - 1}" in dashboard.content.decode()
