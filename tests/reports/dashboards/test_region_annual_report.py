"""A regional programme's annual report: each member's published injury
figures of the year and what its own programme reported, added up, with a
link to each member's own pages for those who read it."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.core import MunicipalityFactory
from tests.factories.programmes import (
    InitiativeFactory,
    InitiativeReportFactory,
    ProgrammeFactory,
    RegionalProgrammeFactory,
    WorkingGroupFactory,
)
from tests.reports.dashboards.test_dashboard import inhabit, register


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def region(county, municipality):
    big = MunicipalityFactory(county=county, code="3996", name="Storby")
    small = MunicipalityFactory(county=county, code="3997", name="Litenby")
    outside = MunicipalityFactory(county=county, code="3995", name="Utenforby")
    for m in (municipality, big, small, outside):
        inhabit(m, range(2021, 2024))
    register(municipality, 2021, 20)
    register(big, 2021, 30)
    register(small, 2021, 10)
    register(small, 2022, 3)  # hidden on Litenby's own pages
    register(outside, 2021, 500)  # in the county, not in the programme
    programme = RegionalProgrammeFactory(
        county=county, members=[municipality, big, small]
    )
    WorkingGroupFactory(programme=programme, local_municipality=municipality)
    own = ProgrammeFactory(municipality=municipality)
    initiative = InitiativeFactory(programme=own, title="Trygg skolevei")
    InitiativeReportFactory(
        initiative=initiative,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 12, 31),
        reach=120,
    )
    return programme


def url(programme, year=None) -> str:
    args = [programme.pk] if year is None else [programme.pk, year]
    return reverse("reports:region-annual-report", args=args)


def test_the_year_of_each_member_and_their_sum(client_for, regional, region):
    response = client_for(regional).get(url(region, 2021))
    assert response.status_code == 200
    report = response.context["report"]
    rows = {m.municipality.name: m for m in report.members}
    assert set(rows) == {"Egenby", "Storby", "Litenby"}
    assert rows["Storby"].injuries.count == 30
    assert report.injuries_total.count == 60  # every member shows its own
    assert rows["Egenby"].own.initiatives_reported == 1
    assert rows["Egenby"].own.reach == 120
    assert rows["Storby"].own is None
    assert report.reach == 120
    html = response.content.decode()
    assert "500" not in html  # a county municipality outside the programme
    assert reverse("programmes:annual-report", args=["3999", 2021]) in html
    assert reverse("reports:dashboard", args=["3996"]) in html


def test_a_hidden_member_figure_hides_the_sum(client_for, regional, region):
    report = client_for(regional).get(url(region, 2022)).context["report"]
    rows = {m.municipality.name: m for m in report.members}
    assert rows["Litenby"].injuries.count is None
    assert report.injuries_total.count is None
    assert report.injuries_total.display != "0"


def test_a_member_coordinator_gets_links_to_their_own_only(
    client_for, coordinator, region
):
    html = client_for(coordinator).get(url(region, 2021)).content.decode()
    assert reverse("programmes:annual-report", args=["3999", 2021]) in html
    assert reverse("reports:dashboard", args=["3996"]) not in html


def test_outsiders_find_no_report(client_for, other_coordinator, region):
    assert client_for(other_coordinator).get(url(region)).status_code == 404


def test_the_page_speaks_norwegian_and_swedish(client_for, regional, region):
    for language, words in (("nb", "Årsrapport 2021"), ("sv", "Årsrapport 2021")):
        html = (
            client_for(regional)
            .get(url(region, 2021), HTTP_ACCEPT_LANGUAGE=language)
            .content.decode()
        )
        assert words in html
    assert "Egen årsrapport" in html


def test_the_report_reads_in_the_same_queries_for_more_members(
    client_for, regional, region, county, django_assert_max_num_queries
):
    client = client_for(regional)
    page = url(region, 2021)
    client.get(page)  # warms the cached published tables
    with django_assert_max_num_queries(60) as few:
        client.get(page)
    queries = len(few.captured_queries)
    for i in range(6):
        member = MunicipalityFactory(county=county, code=f"39{80 + i}", name=f"By {i}")
        inhabit(member, range(2021, 2024))
        region.member_municipalities.add(member)
        own = ProgrammeFactory(municipality=member)
        InitiativeReportFactory(
            initiative=InitiativeFactory(programme=own),
            period_start=datetime.date(2021, 1, 1),
            period_end=datetime.date(2021, 12, 31),
        )
    client.get(page)
    with django_assert_max_num_queries(queries):
        client.get(page)
