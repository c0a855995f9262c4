"""Initiative follow-up: the targeted injuries before and after, here and elsewhere."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from injuries.models import Code
from tests.factories.core import MunicipalityFactory
from tests.factories.programmes import InitiativeFactory, ProgrammeFactory
from tests.reports.dashboards.test_dashboard import inhabit, rate, register


def url(initiative) -> str:
    return reverse("reports:initiative-follow-up", kwargs={"pk": initiative.pk})


@pytest.fixture
def start_year():
    return timezone.localdate().year - 2


@pytest.fixture
def initiative(municipality, start_year):
    programme = ProgrammeFactory(municipality=municipality)
    initiative = InitiativeFactory(
        programme=programme,
        start_date=datetime.date(start_year, 3, 1),
        tags={"age_group": ["25-44", "45-64"]},
    )
    initiative.target_codes.set(
        Code.objects.filter(list_name="mechanism", code="F2")
        | Code.objects.filter(list_name="place", code="home_inside")
    )
    return initiative


@pytest.fixture
def figures(municipality, other_municipality, start_year):
    neighbour = MunicipalityFactory(county=municipality.county, code="3998")
    years = range(start_year - 3, start_year + 2)
    for m in (municipality, neighbour, other_municipality):
        inhabit(m, years)
    for year in range(start_year - 3, start_year):  # before: 20 a year here
        register(municipality, year, 20)
        register(neighbour, year, 30)
    for year in (start_year, start_year + 1):  # after: 10 a year here, half
        register(municipality, year, 10)
        register(neighbour, year, 30)
    # Not counted: other mechanism, other place, other age, other county.
    register(municipality, start_year, 50, mechanism="P")
    register(municipality, start_year, 50, place="road")
    register(municipality, start_year, 50, age=10)
    register(other_municipality, start_year, 50)
    return municipality


def test_rates_before_and_after(client_for, coordinator, initiative, figures):
    response = client_for(coordinator).get(url(initiative), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    follow_up = response.context["follow_up"]
    lines = {line.code: line for line in follow_up.lines}
    assert set(lines) == {"F2", "home_inside"}
    home = lines["home_inside"]
    # Before: 20 a year for three years; after: 10 a year and, in the start
    # year, 100 more at home (another mechanism, children), over 2,000 a year.
    assert home.cell("here_before").count == 60
    assert home.cell("here_before").rate == rate(60, 3 * 2000)
    assert home.cell("here_after").count == 120
    assert home.cell("here_after").rate == rate(120, 2 * 2000)
    # The rest of the county: the neighbour's 30 a year; not the other county.
    assert home.cell("rest_before").rate == rate(90, 3 * 2000)
    assert home.cell("rest_after").rate == rate(60, 2 * 2000)
    assert home.change("rest") == 0.0
    assert lines["F2"].cell("here_after").count == 120  # 50 on roads, 50 children
    content = response.content.decode()
    assert "not proof of effect" in content
    assert "<html" not in content
    assert client_for(coordinator).get(url(initiative)).status_code == 200


def test_small_counts_are_hidden(
    client_for, coordinator, initiative, municipality, start_year
):
    inhabit(municipality, range(start_year - 3, start_year + 2))
    register(municipality, start_year - 1, 3)
    register(municipality, start_year, 40)
    content = client_for(coordinator).get(url(initiative)).content.decode()
    follow_up = client_for(coordinator).get(url(initiative)).context["follow_up"]
    for line in follow_up.lines:
        assert line.cell("here_before").count is None
        assert line.cell("here_before").display == "–"
        assert line.change("here") is None
    assert "hidden" in content


def test_no_targets_or_too_recent(client_for, coordinator, municipality):
    programme = ProgrammeFactory(municipality=municipality)
    plain = InitiativeFactory(programme=programme)
    content = client_for(coordinator).get(url(plain)).content.decode()
    assert "targets no injury mechanisms or places" in content
    recent = InitiativeFactory(
        programme=programme, start_date=timezone.localdate().replace(month=1, day=1)
    )
    recent.target_codes.set(Code.objects.filter(list_name="mechanism", code="F2"))
    content = client_for(coordinator).get(url(recent)).content.decode()
    assert "started too recently" in content


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretariat", 200),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("mayor", 200),
        ("certifier", 404),
        ("regional", 200),
    ],
)
def test_who_sees_the_follow_up(request, client_for, role, status, initiative):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url(initiative)).status_code == status
