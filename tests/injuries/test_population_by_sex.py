"""A population known only for both sexes together: rates by sex say they
cannot be computed, never guess; totals still have their rate."""

from __future__ import annotations

import datetime

import pytest

from injuries import statistics
from injuries.statistics.reports import build_report
from tests.factories.injuries import PopulationFactory, RegistrationFactory


@pytest.fixture
def both_sexes(municipality):
    when = datetime.date(2023, 3, 1)
    RegistrationFactory.create_batch(
        20, municipality=municipality, age=30, sex="M", injury_date=when
    )
    RegistrationFactory.create_batch(
        10, municipality=municipality, age=30, sex="F", injury_date=when
    )
    PopulationFactory(municipality=municipality, year=2023, sex="T", age=30, count=3000)
    # The year before is known by sex: a period over both years is not.
    RegistrationFactory.create_batch(
        10, municipality=municipality, age=30, sex="M", injury_date=when.replace(2022)
    )
    PopulationFactory(municipality=municipality, year=2022, sex="M", age=30, count=1000)
    PopulationFactory(municipality=municipality, year=2022, sex="F", age=30, count=1000)
    return municipality


def test_the_report_gives_the_total_rate_but_none_by_sex(both_sexes):
    report = build_report(
        scope="municipality",
        code=both_sexes.code,
        name=both_sexes.name,
        municipality_ids=[both_sexes.pk],
        year=2023,
    )
    assert report.total.rate == pytest.approx(10.0)
    sexes = {c.key: c for c in report.tables[1].cells}
    assert (sexes["M"].count, sexes["M"].rate) == (20, None)
    assert (sexes["F"].count, sexes["F"].rate) == (10, None)
    period = build_report(
        scope="municipality",
        code=both_sexes.code,
        name=both_sexes.name,
        municipality_ids=[both_sexes.pk],
        year=None,
    )
    assert period.total.rate == pytest.approx(40 * 1000 / 5000)
    assert {c.key: c.rate for c in period.tables[1].cells}["M"] is None


def test_the_rollup_gives_no_rate_by_sex_nor_for_one_sex(both_sexes):
    rollup = statistics.rollup_build(
        municipality_ids=[both_sexes.pk], years=(2022, 2023)
    )
    by_sex = statistics.rollup_table(
        rollup=rollup,
        dimension="sex",
        keys_labels=[("M", "M"), ("F", "F")],
        years=[2022, 2023],
    )
    assert {c.key: c.rate for c in by_sex.cells} == {"M": None, "F": None}
    men_by_year = statistics.rollup_table(
        rollup=rollup,
        dimension="year",
        keys_labels=[("2022", "2022"), ("2023", "2023")],
        years=[2022, 2023],
        sex="M",
    )
    assert [c.count for c in men_by_year.cells] == [10, 20]
    assert [c.rate for c in men_by_year.cells] == [10.0, None]
    all_by_year = statistics.rollup_table(
        rollup=rollup, dimension="year", keys_labels=[("2023", "2023")], years=[2023]
    )
    assert all_by_year.cells[0].rate == pytest.approx(10.0)
