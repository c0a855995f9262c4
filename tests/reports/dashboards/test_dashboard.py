"""The mayor's dashboard: figures against a recount, suppression, filters, queries, access."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from injuries.models import Population, Registration
from tests.factories.core import MunicipalityFactory
from tests.factories.programmes import (
    IndicatorValueFactory,
    InitiativeFactory,
    ProgrammeFactory,
)

PERIOD = {"first_year": "2021", "last_year": "2023"}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def shows_number(html: str, number: int) -> bool:
    """Whether `number` appears in `html` as a figure of its own.

    Digits inside longer numbers or inside tokens (the CSRF token is random)
    are not figures.
    """
    return re.search(rf"(?<![\w.,]){number}(?![\w]|[.,]\d)", html) is not None


def register(municipality, year: int, count: int, **fields) -> None:
    """`count` registrations in `municipality` in `year` (defaults: woman, 42, fall)."""
    values = {
        "age": 42,
        "sex": "F",
        "contact_cause": "accident",
        "place": "home_inside",
        "activity": "other",
        "mechanism": "F2",
        "severity": "minor",
    }
    values.update(fields)
    Registration.objects.bulk_create(
        Registration(
            municipality=municipality,
            injury_date=datetime.date(year, 1 + i % 12, 1 + i % 28),
            **values,
        )
        for i in range(count)
    )


def inhabit(municipality, years, per_cell: int = 500) -> None:
    """Population: `per_cell` women and men aged 10 and 42 in every year."""
    Population.objects.bulk_create(
        Population(
            municipality=municipality, year=year, sex=sex, age=age, count=per_cell
        )
        for year in years
        for sex in ("F", "M")
        for age in (10, 42)
    )


def rate(count: int, population: int) -> float:
    return round(count * 1000 / population, 2)


@pytest.fixture
def neighbour(county):
    return MunicipalityFactory(county=county, code="3998", name="Naboby")


@pytest.fixture
def figures(municipality, neighbour, other_municipality):
    """Registrations and population in three municipalities, two counties."""
    years = range(2020, 2024)
    for m in (municipality, neighbour, other_municipality):
        inhabit(m, years)
    register(municipality, 2021, 40)
    register(municipality, 2022, 60, sex="M", place="road", mechanism="P")
    register(municipality, 2023, 3)  # a small cell
    register(municipality, 2023, 30, age=10, place="school", mechanism="F1")
    register(municipality, 2023, 2, age=70, place="unknown", mechanism="U")
    register(neighbour, 2021, 20)
    register(neighbour, 2022, 25)
    register(neighbour, 2023, 30)
    register(other_municipality, 2021, 100)
    register(other_municipality, 2022, 80)
    register(other_municipality, 2023, 90)
    return municipality


def url(municipality) -> str:
    return reverse("reports:dashboard", kwargs={"code": municipality.code})


def recount(municipalities, year: int, **filters) -> int:
    return Registration.objects.filter(
        municipality__in=municipalities, injury_date__year=year, **filters
    ).count()


def test_rates_match_a_recount(
    client_for, mayor, figures, neighbour, other_municipality
):
    response = client_for(mayor).get(url(figures), PERIOD)
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    population = 2000  # 4 cells of 500 in each municipality and year
    by_year = {row.year: row for row in dashboard.rates}
    assert by_year[2021].here.count == recount([figures], 2021) == 40
    assert by_year[2021].here.rate == rate(40, population)
    assert by_year[2022].here.rate == rate(60, population)
    county = recount([figures, neighbour], 2022)
    assert by_year[2022].county.rate == rate(county, 2 * population)
    nation = recount([figures, neighbour, other_municipality], 2022)
    assert by_year[2022].nation.rate == rate(nation, 3 * population)
    assert (
        dashboard.here.total.count
        == Registration.objects.filter(
            municipality=figures, injury_date__year__in=[2021, 2022, 2023]
        ).count()
    )
    assert dashboard.here.total.rate == rate(dashboard.here.total.count, 3 * population)
    content = response.content.decode()
    assert f"<td>{rate(60, population):.1f}</td>" in content


def test_small_cells_show_the_threshold_never_the_number(client_for, mayor, figures):
    response = client_for(mayor).get(
        url(figures), {"first_year": "2023", "last_year": "2023", "age_band": "80+"}
    )
    assert response.status_code == 200
    # No registrations at 80+: nothing to hide, nothing shown as small.
    response = client_for(mayor).get(url(figures), {**PERIOD, "age_band": "65-79"})
    content = response.content.decode()
    dashboard = response.context["dashboard"]
    # 2 registrations aged 70 in 2023: shown as "<5", and the period's total
    # (which would be the same 2) is withheld; "2" appears nowhere.
    rows = {row.year: row.here for row in dashboard.rates}
    assert rows[2023].display == "<5"
    assert rows[2022].count == 0
    assert dashboard.here.total.count is None
    assert dashboard.here.total.display == "<5"
    assert not re.search(r"<td>2</td>", content)

    response = client_for(mayor).get(url(figures), PERIOD)
    content = response.content.decode()
    dashboard = response.context["dashboard"]
    bands = {row.cell.key: row.cell for row in dashboard.tops[2].rows}
    assert bands["65-79"].count is None
    assert bands["65-79"].display == "<5"
    row = re.search(r'<th scope="row">65–79[^<]*</th>\s*<td>([^<]*)</td>', content)
    assert row
    assert row.group(1) == "&lt;5"
    charts = json.loads(
        re.search(
            r'<script id="dashboard-chart-data" type="application/json">(.*?)</script>',
            content,
            re.S,
        ).group(1)
    )
    labels = charts["top-age_band"]["labels"]
    # The chart marks the hidden value instead of drawing an empty bar.
    marked = labels.index(f"{bands['65-79'].label} (hidden: <5)")
    assert charts["top-age_band"]["values"][marked] is None


def test_a_small_year_shows_the_threshold(client_for, mayor, municipality, neighbour):
    inhabit(municipality, range(2020, 2024))
    inhabit(neighbour, range(2020, 2024))
    register(municipality, 2021, 50)
    register(municipality, 2022, 3)
    register(municipality, 2023, 40)
    register(neighbour, 2022, 30)
    client = client_for(mayor)
    response = client.get(url(municipality), PERIOD)
    content = response.content.decode()
    row = re.search(r'<th scope="row">2022</th>\s*<td>([^<]*)</td>', content)
    assert row
    assert row.group(1) == "&lt;5"
    dashboard = response.context["dashboard"]
    assert dashboard.charts["rates"]["datasets"][0]["data"][1] is None
    # Each year can be chosen as a period of its own, so hiding a second year
    # would not help: the period's total is withheld instead.
    hidden = [r for r in dashboard.rates if r.here.suppressed]
    assert [r.year for r in hidden] == [2022]
    assert dashboard.here.total.count is None
    assert dashboard.level.colour == "grey"
    assert "3" not in {r.here.display for r in dashboard.rates}
    years = {
        y: client.get(url(municipality), {"first_year": y, "last_year": y})
        for y in ("2021", "2023")
    }
    shown = sum(r.context["dashboard"].here.total.count for r in years.values())
    assert shown == 90  # the other years are public; 93 is never shown
    assert not shows_number(content, 93)


def test_filters_change_the_figures(client_for, mayor, figures):
    client = client_for(mayor)
    both = client.get(url(figures), PERIOD).context["dashboard"]
    men = client.get(url(figures), {**PERIOD, "sex": "M"}).context["dashboard"]
    assert men.here.total.count == recount([figures], 2022, sex="M") == 60
    assert both.here.total.count > men.here.total.count
    men_2022 = next(r for r in men.rates if r.year == 2022)
    assert men_2022.here.rate == rate(60, 1000)  # men only: 2 cells of 500
    children = client.get(url(figures), {**PERIOD, "age_band": "5-14"})
    assert children.context["dashboard"].here.total.count == 30
    one_year = client.get(url(figures), {"first_year": "2022", "last_year": "2022"})
    assert [r.year for r in one_year.context["dashboard"].rates] == [2022]
    swapped = client.get(url(figures), {"first_year": "2023", "last_year": "2021"})
    assert swapped.context["dashboard"].filters.years == [2021, 2022, 2023]
    junk = client.get(url(figures), {"first_year": "x", "sex": "Q", "age_band": "?"})
    assert junk.status_code == 200


def test_htmx_gets_only_the_content(client_for, mayor, figures):
    response = client_for(mayor).get(url(figures), PERIOD, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="dashboard-content"')
    assert "<html" not in content


def test_marks_have_text_and_the_rule(client_for, mayor, figures):
    content = client_for(mayor).get(url(figures), PERIOD).content.decode()
    assert "How is the colour decided?" in content
    assert "at or below the national rate" in content
    dashboard = client_for(mayor).get(url(figures), PERIOD).context["dashboard"]
    assert dashboard.level.colour in {"green", "yellow", "red"}
    assert dashboard.level.label in content


def test_unknown_share_and_initiatives(client_for, mayor, figures):
    programme = ProgrammeFactory(municipality=figures)
    InitiativeFactory(programme=programme)
    IndicatorValueFactory(municipality=figures, year=2022, value=12, n=300)
    IndicatorValueFactory(municipality=figures, year=2023, value=99, n=3)
    response = client_for(mayor).get(url(figures), PERIOD)
    dashboard = response.context["dashboard"]
    assert dashboard.unknown.display == "<5"  # 2 registrations coded unknown
    assert dashboard.unknown_share is None
    programme = response.context["programme"]
    assert programme.initiatives[0][2] == 1
    assert [v.year for v in programme.indicators[0].rows] == [2022]
    assert not shows_number(
        response.content.decode().split("dashboard-indicators-title")[1], 99
    )


def test_no_inline_scripts_or_styles(client_for, mayor, figures):
    content = client_for(mayor).get(url(figures), PERIOD).content.decode()
    scripts = re.findall(r"<script([^>]*)>", content)
    assert scripts
    assert all(
        "src=" in attrs or 'type="application/json"' in attrs for attrs in scripts
    )
    assert " style=" not in content


def _large_data(municipality, neighbour, other_municipality) -> None:
    inhabit(municipality, range(2014, 2020))
    for year in range(2014, 2024):
        for place, mechanism in [("road", "P"), ("school", "F1"), ("sports_area", "O")]:
            register(municipality, year, 25, place=place, mechanism=mechanism)
            register(neighbour, year, 25, place=place, mechanism=mechanism)
            register(other_municipality, year, 25, place=place, mechanism=mechanism)
    programme = ProgrammeFactory(municipality=municipality)
    for _ in range(12):
        InitiativeFactory(programme=programme)
    for year in range(2015, 2024):
        IndicatorValueFactory(municipality=municipality, year=year)


def _count(client, path, params) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("user_fixture", "warm"), [("mayor", 6), ("regional", 6)])
def test_query_count_is_constant_and_small(
    request, client_for, user_fixture, warm, figures, neighbour, other_municipality
):
    client = client_for(request.getfixturevalue(user_fixture))
    path = url(figures)
    small = _count(client, path, PERIOD)
    _large_data(figures, neighbour, other_municipality)
    large = _count(client, path, {"first_year": "2014", "last_year": "2023"})
    assert small == large
    # Cold: the warm queries, the figures, the programme with its initiatives,
    # and the indicators with the municipality's lineage (its predecessors'
    # values count in its series).
    assert large <= 17
    with CaptureQueriesContext(connection) as queries:  # figures cached
        client.get(path, {"first_year": "2014", "last_year": "2023"})
    # Session, user, readable municipalities (with their predecessors, in
    # one query for every role), the municipality, the data versions, and the
    # navigation's own municipality.
    assert len(queries) == warm


def test_certification_section(client_for, mayor, municipality, other_municipality):
    ProgrammeFactory(municipality=municipality)
    path = reverse(
        "reports:dashboard-certification", kwargs={"code": municipality.code}
    )
    response = client_for(mayor).get(path, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Programme status" in response.content.decode()
    assert client_for(mayor).get(path).status_code == 200
    other = reverse(
        "reports:dashboard-certification", kwargs={"code": other_municipality.code}
    )
    assert client_for(mayor).get(other).status_code == 404


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("secretariat", 200, 200),
        ("coordinator", 200, 404),
        ("other_coordinator", 404, 200),
        ("mayor", 200, 404),
        ("certifier", 404, 404),
        ("regional", 200, 404),
    ],
)
def test_who_sees_which_dashboard(
    request, client_for, role, own, other, municipality, other_municipality
):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url(municipality)).status_code == own
    assert client.get(url(other_municipality)).status_code == other


def test_anonymous_is_sent_to_login(client, municipality):
    response = client.get(url(municipality))
    assert response.status_code == 302


def test_mayor_lands_on_the_dashboard(client_for, mayor, municipality):
    response = client_for(mayor).get("/")
    assert response.status_code == 302
    assert response.url == url(municipality)


def test_dashboard_in_the_navigation(client_for, mayor, regional, municipality):
    content = client_for(mayor).get(url(municipality)).content.decode()
    assert f'href="{url(municipality)}"' in content
    content = client_for(regional).get(url(municipality)).content.decode()
    assert f'href="{reverse("reports:regional-home")}"' in content


def _period_total(content: str) -> int:
    found = re.search(r'<th scope="row">Period</th>\s*<td>(\d+)</td>', content)
    assert found
    return int(found.group(1))


def test_cached_figures_change_as_soon_as_the_data_does(client_for, mayor, figures):
    client = client_for(mayor)
    first = _period_total(client.get(url(figures), PERIOD).content.decode())
    assert _period_total(client.get(url(figures), PERIOD).content.decode()) == first
    register(figures, 2022, 7)  # no cache is cleared: the data version moves
    assert _period_total(client.get(url(figures), PERIOD).content.decode()) == first + 7
    assert (
        "No initiatives registered yet."
        in client.get(url(figures), PERIOD).content.decode()
    )
    programme = ProgrammeFactory(municipality=figures)
    InitiativeFactory(programme=programme)
    content = client.get(url(figures), PERIOD).content.decode()
    assert "No initiatives registered yet." not in content


@pytest.mark.django_db(transaction=True)
def test_figures_of_a_write_rolled_back_are_never_shown(client_for, mayor, figures):
    """A dashboard read inside a write that then rolled back is not shown
    after the next write, which raises the data version to the same number."""
    client = client_for(mayor)
    first = _period_total(client.get(url(figures), PERIOD).content.decode())
    with transaction.atomic():
        register(figures, 2022, 7)
        page = client.get(url(figures), PERIOD).content.decode()
        assert _period_total(page) == first + 7
        transaction.set_rollback(True)
    register(figures, 2020, 7)  # as many rows: the same version number
    assert _period_total(client.get(url(figures), PERIOD).content.decode()) == first


def test_a_filter_never_gives_away_the_rest_of_a_year(client_for, mayor, municipality):
    """Both sexes minus women must not give the men's small count."""
    inhabit(municipality, range(2021, 2024))
    for year in (2021, 2022, 2023):
        register(municipality, year, 20, sex="F")
        register(municipality, year, 20, sex="M")
    register(municipality, 2022, 2, sex="U")  # sex unknown: small
    client = client_for(mayor)

    def year_2022(params):
        response = client.get(url(municipality), {**PERIOD, **params})
        return next(
            r.here for r in response.context["dashboard"].rates if r.year == 2022
        )

    assert year_2022({}).count == 42  # shown: the year as a whole is not small
    women, men = year_2022({"sex": "F"}), year_2022({"sex": "M"})
    # The statistics page splits 2022 by sex as 20 / 20 / <5 and hides one of
    # the 20s beside it; the filters show the same line, never both 20s.
    assert [women.count, men.count].count(None) == 1
    women_2021 = next(
        r.here
        for r in client.get(url(municipality), {**PERIOD, "sex": "F"})
        .context["dashboard"]
        .rates
        if r.year == 2021
    )
    assert women_2021.count == 20  # other years are not affected
