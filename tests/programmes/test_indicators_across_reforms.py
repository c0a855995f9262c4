"""Outcome indicators follow a municipality across reforms: today's
municipality puts together its predecessors' values of each year (respondents
added up, values weighted by respondents), marks a year that covers only part
of it, leaves out the years before a split, and never shows a combined value
that could be subtracted back to a value hidden on a predecessor's page."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes.indicators import indicator_series
from programmes.models import Indicator, IndicatorValue
from safecommunity.core.models import Role
from tests.factories.core import (
    CountryFactory,
    CountyFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.factories.programmes import IndicatorValueFactory, ProgrammeFactory
from tests.properties import examples

D = datetime.date
THRESHOLD = 5


def _municipality(county, code, name, valid_from=None, valid_to=None, after=()):
    municipality = MunicipalityFactory(
        county=county, code=code, name=name, valid_from=valid_from, valid_to=valid_to
    )
    for predecessor in after:
        predecessor.successors.add(municipality)
    return municipality


@pytest.fixture
def vestfold(db):
    """Re and old Tønsberg merged into Tønsberg 3803 in 2020, renumbered 3905."""
    country = CountryFactory(code="XX", name="Testland")
    old = CountyFactory(code="07", name="Vestfold", country=country)
    new = CountyFactory(code="39", name="Vestfold", country=country)
    re = _municipality(old, "0716", "Re", D(2002, 1, 1), D(2019, 12, 31))
    old_tonsberg = _municipality(old, "0704", "Tønsberg", None, D(2019, 12, 31))
    merged = _municipality(
        new, "3803", "Tønsberg", D(2020, 1, 1), D(2023, 12, 31), [re, old_tonsberg]
    )
    tonsberg = _municipality(new, "3905", "Tønsberg", D(2024, 1, 1), None, [merged])
    return {"0716": re, "0704": old_tonsberg, "3803": merged, "3905": tonsberg}


@pytest.fixture
def lonely(db):
    return Indicator.objects.get(key="ungdata-lonely")


def _series(municipality, indicator):
    with override_settings(SMALL_CELL_THRESHOLD=THRESHOLD):
        found = {s.indicator.pk: s for s in indicator_series(municipality=municipality)}
    return found[indicator.pk]


def test_tonsbergs_2017_value_weighs_re_and_old_tonsberg_by_respondents(
    vestfold, lonely
):
    IndicatorValueFactory(
        indicator=lonely, municipality=vestfold["0716"], year=2017, value=20, n=100
    )
    IndicatorValueFactory(
        indicator=lonely, municipality=vestfold["0704"], year=2017, value=10, n=300
    )
    IndicatorValueFactory(
        indicator=lonely, municipality=vestfold["3905"], year=2024, value=14, n=420
    )
    series = _series(vestfold["3905"], lonely)
    assert [(p.year, p.value, p.n) for p in series.rows] == [
        (2017, Decimal("12.50"), 400),
        (2024, Decimal("14.00"), 420),
    ]
    assert series.rows[0].combined_from == ("Re (0716)", "Tønsberg (0704)")
    assert series.rows[0].missing == ()
    # Re keeps its own page for its own years.
    assert [(p.year, p.value) for p in _series(vestfold["0716"], lonely).rows] == [
        (2017, Decimal("20.00"))
    ]


def test_a_year_with_only_some_predecessors_is_marked_partial(vestfold, lonely):
    IndicatorValueFactory(
        indicator=lonely, municipality=vestfold["0716"], year=2015, value=20, n=100
    )
    (row,) = _series(vestfold["3905"], lonely).rows
    assert (row.year, row.value, row.n) == (2015, Decimal("20.00"), 100)
    assert row.missing == ("Tønsberg (0704)",)


def test_a_combined_value_is_hidden_when_one_of_its_parts_is(vestfold, lonely):
    """Re's 3 respondents are hidden on Re's page; the combined 2017 value
    beside old Tønsberg's published one would give Re's value away."""
    IndicatorValueFactory(
        indicator=lonely, municipality=vestfold["0716"], year=2017, value=67, n=3
    )
    IndicatorValueFactory(
        indicator=lonely, municipality=vestfold["0704"], year=2017, value=10, n=300
    )
    series = _series(vestfold["3905"], lonely)
    assert series.rows == []
    assert series.suppressed_years == [2017]


def test_a_breakdown_hidden_on_a_predecessors_page_stays_hidden(vestfold, lonely):
    """Re's girls are hidden (2), so Re's boys are hidden with them. In the
    combined breakdown both stay hidden: old Tønsberg's girls and boys are on
    its own page, so a combined cell would give Re's back by subtraction."""
    for code, total, girls, boys in (("0716", 40, 2, 38), ("0704", 300, 140, 160)):
        municipality = vestfold[code]
        IndicatorValueFactory(
            indicator=lonely, municipality=municipality, year=2017, n=total
        )
        for sex, n in (("F", girls), ("M", boys)):
            IndicatorValueFactory(
                indicator=lonely, municipality=municipality, year=2017, sex=sex, n=n
            )
    assert _series(vestfold["0716"], lonely).breakdown == []
    assert [(p.sex, p.n) for p in _series(vestfold["0704"], lonely).breakdown] == [
        ("F", 140),
        ("M", 160),
    ]
    combined = _series(vestfold["3905"], lonely)
    assert [(p.year, p.n) for p in combined.rows] == [(2017, 340)]
    assert combined.breakdown == []


def test_years_before_a_split_are_left_out(db, lonely):
    county = CountyFactory(code="15", country=CountryFactory(code="XX"))
    old = _municipality(county, "1507", "Ålesund", D(2020, 1, 1), D(2023, 12, 31))
    new = _municipality(county, "1508", "Ålesund", D(2024, 1, 1), None, [old])
    _municipality(county, "1580", "Haram", D(2024, 1, 1), None, [old])
    IndicatorValueFactory(indicator=lonely, municipality=old, year=2021, n=500)
    IndicatorValueFactory(indicator=lonely, municipality=new, year=2024, n=400)
    series = _series(new, lonely)
    assert [p.year for p in series.rows] == [2024]
    assert (series.complete_from, series.split_names) == (2024, ("Ålesund (1507)",))
    # The ceased Ålesund keeps its own page for its own years.
    assert [p.year for p in _series(old, lonely).rows] == [2021]


def test_the_indicator_page_says_what_a_value_is_made_of(client_for, vestfold, lonely):
    ProgrammeFactory(municipality=vestfold["3905"])
    IndicatorValueFactory(
        indicator=lonely, municipality=vestfold["0716"], year=2017, value=20, n=100
    )
    IndicatorValueFactory(
        indicator=lonely, municipality=vestfold["0716"], year=2015, value=30, n=100
    )
    IndicatorValueFactory(
        indicator=lonely, municipality=vestfold["0704"], year=2017, value=10, n=300
    )
    secretariat = UserFactory(role=Role.SECRETARIAT)
    response = client_for(secretariat).get(
        reverse("programmes:indicator-list", kwargs={"code": vestfold["3905"].key}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Put together: Re (0716) + Tønsberg (0704)" in html
    assert "Without figures for Tønsberg (0704)" in html
    assert "Values from before a merger put together" in html


PARTS = ("0716", "0704")
CELL = st.tuples(st.integers(1, 60), st.integers(0, 100))


@pytest.mark.django_db
@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cells=st.fixed_dictionaries(
        {
            (code, year): st.one_of(st.none(), CELL)
            for code in PARTS
            for year in (2015, 2017, 2019)
        }
    )
)
def test_the_combined_series_is_the_weighted_recount_of_shown_parts(
    vestfold, lonely, cells
):
    """For any values of Re and old Tønsberg, today's series shows a year
    exactly when every value of that year is shown on its own page, with the
    respondents added up and the value weighted by them."""
    IndicatorValue.objects.all().delete()
    for (code, year), cell in cells.items():
        if cell is not None:
            IndicatorValueFactory(
                indicator=lonely,
                municipality=vestfold[code],
                year=year,
                n=cell[0],
                value=cell[1],
            )
    shown = {(p.year, p.n, p.value) for p in _series(vestfold["3905"], lonely).rows}
    expected = set()
    for year in (2015, 2017, 2019):
        present = [cells[(code, year)] for code in PARTS if cells[(code, year)]]
        if present and all(n >= THRESHOLD for n, _v in present):
            n = sum(n for n, _v in present)
            value = Decimal(sum(n * v for n, v in present)) / n
            expected.add((year, n, value.quantize(Decimal("0.01"), ROUND_HALF_UP)))
    assert shown == expected
