"""Figures follow a municipality across reforms: today's municipality adds up
the codes of its predecessors of each year, registrations and inhabitants
alike; a county follows today's county; a split breaks the series."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from injuries.models import Population, Registration
from injuries.statistics import county_report, municipality_statistics
from reports.dashboards.common import Filters
from reports.dashboards.selectors import dashboard_get
from safecommunity.core.models import Role
from tests.factories.core import (
    CountryFactory,
    CountyFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.properties import examples

D = datetime.date
YEARS = range(2016, 2026)


def _municipality(county, code, name, valid_from=None, valid_to=None, after=()):
    municipality = MunicipalityFactory(
        county=county, code=code, name=name, valid_from=valid_from, valid_to=valid_to
    )
    for predecessor in after:
        predecessor.successors.add(municipality)
    return municipality


@pytest.fixture
def vestfold(db):
    """Re and old Tønsberg merged into Tønsberg 3803 in 2020, renumbered 3905
    in 2024; Færder 3911 beside it in today's Vestfold."""
    # A test-only country: the real Vestfold is on the national map too.
    country = CountryFactory(code="XX", name="Testland")
    old = CountyFactory(code="07", name="Vestfold", country=country)
    mid = CountyFactory(code="38", country=country)
    new = CountyFactory(code="39", name="Vestfold", country=country)
    re = _municipality(old, "0716", "Re", D(2002, 1, 1), D(2019, 12, 31))
    old_tonsberg = _municipality(old, "0704", "Tønsberg", None, D(2019, 12, 31))
    merged = _municipality(
        mid, "3803", "Tønsberg", D(2020, 1, 1), D(2023, 12, 31), [re, old_tonsberg]
    )
    tonsberg = _municipality(new, "3905", "Tønsberg", D(2024, 1, 1), None, [merged])
    faerder = _municipality(new, "3911", "Færder", D(2024, 1, 1))
    return {
        "0716": re,
        "0704": old_tonsberg,
        "3803": merged,
        "3905": tonsberg,
        "3911": faerder,
        "county": new,
    }


# The predecessors of each year, written out by hand from the reform: the
# oracle the published series is checked against.
TONSBERG_CODES = {
    year: {"0716", "0704"} if year <= 2019 else {"3803"} if year <= 2023 else {"3905"}
    for year in YEARS
}
VALID_YEARS = {
    "0716": range(2016, 2020),
    "0704": range(2016, 2020),
    "3803": range(2020, 2024),
    "3905": range(2024, 2026),
    "3911": range(2024, 2026),
}


def _registrations(vestfold, rows) -> None:
    Registration.objects.bulk_create(
        Registration(
            municipality=vestfold[code],
            injury_date=D(year, 1 + day % 12, 1 + day % 28),
            age=30,
            sex="F",
            contact_cause="accident",
            place="home_inside",
            activity="other",
            mechanism="F2",
            severity="minor",
        )
        for code, year, day in rows
    )


def _population(vestfold, people) -> None:
    Population.objects.bulk_create(
        Population(municipality=vestfold[code], year=year, sex="F", age=30, count=n)
        for (code, year), n in people.items()
    )


def _recount(rows, codes_of_year) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for code, year, _day in rows:
        if code in codes_of_year.get(year, ()):
            counts[year] += 1
    return counts


def _inhabitants(people, codes_of_year) -> dict[int, int]:
    inhabitants: dict[int, int] = defaultdict(int)
    for (code, year), n in people.items():
        if code in codes_of_year.get(year, ()):
            inhabitants[year] += n
    return inhabitants


ROW = st.sampled_from(sorted(VALID_YEARS)).flatmap(
    lambda code: st.tuples(
        st.just(code), st.sampled_from(list(VALID_YEARS[code])), st.integers(0, 400)
    )
)
PEOPLE = st.fixed_dictionaries(
    {
        (code, year): st.integers(100, 5000)
        for code, years in VALID_YEARS.items()
        for year in years
    }
)


@pytest.mark.django_db
@settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(ROW, max_size=60), people=PEOPLE)
def test_todays_series_is_the_recount_of_its_predecessors_year_by_year(
    vestfold, rows, people
):
    """The statistics page, the dashboard and the county view of today's
    Tønsberg and Vestfold each equal the plain recount of the codes that were
    theirs in each year, for counts and population alike."""
    Registration.objects.all().delete()
    Population.objects.all().delete()
    _registrations(vestfold, rows)
    _population(vestfold, people)
    secretariat = UserFactory(role=Role.SECRETARIAT)
    county_codes = {
        year: TONSBERG_CODES[year] | ({"3911"} if year >= 2024 else set())
        for year in YEARS
    }
    # With a threshold of 1 nothing is small, so every figure is published
    # and the whole series can be compared.
    with override_settings(SMALL_CELL_THRESHOLD=1):
        page = municipality_statistics(
            user=secretariat, municipality=vestfold["3905"]
        ).by_year
        dashboard = dashboard_get(
            municipality=vestfold["3905"],
            filters=Filters(first_year=YEARS[0], last_year=YEARS[-1]),
        ).here
        county = county_report(
            county=vestfold["county"],
            municipalities=[vestfold["3905"], vestfold["3911"]],
        ).by_year
    for codes_of_year, series, name in (
        (TONSBERG_CODES, page, "statistics page"),
        (TONSBERG_CODES, dashboard, "dashboard"),
        (county_codes, county, "county view"),
    ):
        counts = _recount(rows, codes_of_year)
        inhabitants = _inhabitants(people, codes_of_year)
        shown = {int(c.key): c for c in series.cells}
        for year in YEARS:
            cell = shown.get(year)
            count = cell.count if cell else 0
            assert count == counts[year], (name, year)
            if cell is not None and counts[year]:
                expected = round(counts[year] * 1000 / inhabitants[year], 2)
                assert cell.rate == expected, (name, year)


def test_tonsbergs_2016_rate_counts_re_and_old_tonsberg_over_both_populations(
    client_for, vestfold
):
    _registrations(vestfold, [("0716", 2016, d) for d in range(12)])
    _registrations(vestfold, [("0704", 2016, d) for d in range(18)])
    _population(vestfold, {("0716", 2016): 10000, ("0704", 2016): 20000})
    secretariat = UserFactory(role=Role.SECRETARIAT)

    response = client_for(secretariat).get(
        reverse("injuries:statistics", kwargs={"code": vestfold["3905"].key})
    )

    cell = next(c for c in response.context["report"].by_year.cells if c.key == "2016")
    assert (cell.count, cell.rate) == (30, 1.0)
    assert "1.0" in response.content.decode()


def test_re_keeps_its_own_page_for_its_own_years(vestfold):
    _registrations(vestfold, [("0716", 2018, d) for d in range(7)])
    _registrations(vestfold, [("0704", 2018, d) for d in range(9)])
    _registrations(vestfold, [("3905", 2024, d) for d in range(6)])
    secretariat = UserFactory(role=Role.SECRETARIAT)

    report = municipality_statistics(user=secretariat, municipality=vestfold["0716"])

    assert [(c.key, c.count) for c in report.by_year.cells] == [("2018", 7)]


def test_todays_county_counts_the_registrations_of_its_old_codes(vestfold):
    _registrations(vestfold, [("0716", 2017, d) for d in range(6)])
    _registrations(vestfold, [("3911", 2024, d) for d in range(8)])

    report = county_report(
        county=vestfold["county"],
        municipalities=[vestfold["3905"], vestfold["3911"]],
    )

    assert {c.key: c.count for c in report.by_year.cells} == {"2017": 6, "2024": 8}


@pytest.fixture
def alesund(db):
    county = CountyFactory(code="15", country=CountryFactory(code="XX"))
    old = _municipality(county, "1504", "Ålesund", None, D(2019, 12, 31))
    merged = _municipality(
        county, "1507", "Ålesund", D(2020, 1, 1), D(2023, 12, 31), [old]
    )
    new = _municipality(county, "1508", "Ålesund", D(2024, 1, 1), None, [merged])
    haram = _municipality(county, "1580", "Haram", D(2024, 1, 1), None, [merged])
    return {"1504": old, "1507": merged, "1508": new, "1580": haram}


def test_a_split_breaks_the_series_and_the_page_says_so(client_for, alesund):
    for code, year in (("1507", 2021), ("1508", 2024), ("1508", 2025)):
        Registration.objects.bulk_create(
            Registration(
                municipality=alesund[code],
                injury_date=D(year, 3, 1 + d),
                age=30,
                sex="F",
                contact_cause="accident",
                place="home_inside",
                activity="other",
                mechanism="F2",
                severity="minor",
            )
            for d in range(6)
        )
    secretariat = UserFactory(role=Role.SECRETARIAT)
    url = reverse("injuries:statistics", kwargs={"code": alesund["1508"].key})

    response = client_for(secretariat).get(url)

    report = response.context["report"]
    assert [c.key for c in report.by_year.cells] == ["2024", "2025"]
    text = response.content.decode()
    assert "Figures start in 2024" in text
    assert "Ålesund (1507)" in text
    earlier = client_for(secretariat).get(url, {"year": 2021})
    assert earlier.context["report"].total.count is None
    assert "the series starts later" in earlier.content.decode()


def test_the_dashboard_says_once_where_a_split_starts_the_series(client_for, alesund):
    """The municipality and its county share the split: one note, and none when
    the years shown all come after it."""
    secretariat = UserFactory(role=Role.SECRETARIAT)
    url = reverse("reports:dashboard", kwargs={"code": alesund["1508"].key})

    html = (
        client_for(secretariat)
        .get(url, {"first_year": 2016, "last_year": 2025})
        .content.decode()
    )
    assert html.count("Figures start in 2024") == 1

    html = (
        client_for(secretariat)
        .get(url, {"first_year": 2024, "last_year": 2025})
        .content.decode()
    )
    assert "Figures start in" not in html
