"""Dashboard rollups in injury statistics: filtered lines and the follow-up table."""

from __future__ import annotations

import datetime

import pytest

from injuries import statistics
from injuries.models import Population, Registration
from tests.factories.core import MunicipalityFactory


def add(municipality, year: int, count: int, **fields) -> None:
    values = {
        "age": 42,
        "sex": "F",
        "contact_cause": "accident",
        "place": "home_inside",
        "activity": "other",
        "mechanism": "F2",
        "severity": "minor",
        **fields,
    }
    Registration.objects.bulk_create(
        Registration(
            municipality=municipality, injury_date=datetime.date(year, 6, 1), **values
        )
        for _ in range(count)
    )


def people(municipality, year: int, count: int = 1000) -> None:
    for sex in ("F", "M"):
        Population.objects.create(
            municipality=municipality, year=year, sex=sex, age=42, count=count
        )


@pytest.fixture
def two(municipality):
    neighbour = MunicipalityFactory(county=municipality.county, code="3998")
    for m in (municipality, neighbour):
        for year in (2021, 2022):
            people(m, year)
    add(municipality, 2021, 30)
    add(municipality, 2022, 20, sex="M", place="unknown")
    add(municipality, 2022, 2, age=8)
    add(neighbour, 2022, 50)
    return municipality, neighbour


def test_rollup_lines_match_a_recount(two):
    municipality, _neighbour = two
    rollup = statistics.rollup_build(
        municipality_ids=[municipality.pk], years=(2021, 2022), detail=True
    )
    by_year = statistics.rollup_table(
        rollup=rollup,
        dimension="year",
        keys_labels=[("2021", "2021"), ("2022", "2022")],
        years=[2021, 2022],
    )
    assert [c.count for c in by_year.cells] == [30, 22]
    assert by_year.cells[0].rate == 15.0  # 30 per 2,000
    assert by_year.total.rate == 13.0  # 52 per 4,000 person-years
    men = statistics.rollup_table(
        rollup=rollup,
        dimension="year",
        keys_labels=[("2022", "2022")],
        years=[2022],
        sex="M",
    )
    assert men.cells[0].count == 20
    assert men.cells[0].rate == 20.0
    places = statistics.rollup_table(
        rollup=rollup,
        dimension="place",
        keys_labels=[("home_inside", "Home"), ("unknown", "Unknown")],
        years=[2021, 2022],
    )
    assert [c.count for c in places.cells] == [32, 20]
    assert places.unknown_share == pytest.approx(38.5)
    unknown = statistics.rollup_table(
        rollup=rollup,
        dimension="any_unknown",
        keys_labels=[("1", "Unknown"), ("0", "Known")],
        years=[2021, 2022],
    )
    assert unknown.cells[0].count == 20


def test_small_cells_are_suppressed(two):
    municipality, _neighbour = two
    rollup = statistics.rollup_build(municipality_ids=[municipality.pk])
    bands = statistics.rollup_table(
        rollup=rollup,
        dimension="age_band",
        keys_labels=[("5-14", "5-14"), ("25-44", "25-44")],
        years=[2022],
    )
    assert bands.cells[0].display == "<5"
    assert bands.cells[0].count is None
    assert bands.cells[1].suppressed  # else 22 - 20 gives the 2 away


def test_county_rollup_of_a_country(two, other_municipality):
    municipality, _neighbour = two
    add(other_municipality, 2022, 7)
    rollup = statistics.rollup_build(country=municipality.county.country, by="county")
    county = statistics.rollup_table(
        rollup=rollup,
        dimension="county",
        keys_labels=[
            (str(municipality.county_id), "own"),
            (str(other_municipality.county_id), "other"),
        ],
        years=[2022],
    )
    assert [c.count for c in county.cells] == [72, 7]


def test_follow_up_lines_add_up_published_cells(two, other_municipality):
    municipality, _neighbour = two
    add(municipality, 2022, 40, mechanism="P")  # another mechanism, at home
    add(other_municipality, 2022, 40)  # another county
    lines = statistics.follow_up_lines(
        municipality=municipality,
        targets=[("place", "home_inside", "Home"), ("mechanism", "F2", "Fall")],
        before=(2021, 2021),
        after=(2022, 2022),
    )
    home, fall = ({k: c.count for k, c in line.cells.items()} for line in lines)
    # 2022 here: 20 at an unknown place, 2 children and 40 other mechanisms at
    # home; the neighbour's 50 at home; nothing of the other county.
    assert home == {
        "here_before": 30,
        "rest_before": 0,
        "here_after": 42,
        "rest_after": 50,
    }
    assert fall == {
        "here_before": 30,
        "rest_before": 0,
        "here_after": 22,
        "rest_after": 50,
    }
    assert lines[0].cell("here_before").rate == 15.0  # 30 over 2,000
