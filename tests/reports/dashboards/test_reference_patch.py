"""A country's figures brought up to date from the changed counts alone equal
the figures built again from scratch, whatever wrote the registrations, and
the dashboards' comparison lines published from them are the same."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from injuries.models import Registration
from reports.dashboards.common import Filters, comparison_get
from reports.dashboards.reference import (
    _reference_build,
    forget_references,
    reference_get,
)
from safecommunity.core.models import Country, Municipality
from tests.injuries.test_registration_counts import OPERATION, _apply
from tests.properties import examples

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the counts are kept, and their changes recorded, by PostgreSQL",
)

D = datetime.date


@pytest.fixture
def places(transactional_db):
    """Tønsberg and Færder of the national map, in Vestfold."""
    return [
        Municipality.objects.get(county__country__code="NO", code=code)
        for code in ("3905", "3911")
    ]


def _index(reference) -> dict:
    """Each (municipality, year)'s counts and inhabitants, in a set order."""
    return {
        key: (sorted(counts), sorted(population))
        for key, (counts, population) in reference.rollup.by_area_year.items()
    }


def _published(reference, county_id: int) -> list:
    """The county's and the nation's lines as the dashboard shows them, under
    no filter and under a filter by sex and by age band."""
    years = reference.rollup.years or [2024]
    filters = [
        Filters(years[0], years[-1]),
        Filters(years[0], years[-1], sex="F"),
        Filters(years[0], years[-1], age_band="25-44"),
    ]
    lines = []
    for chosen in filters:
        for area in (county_id, None):
            comparison = comparison_get(reference, chosen, area, years)
            lines.append(
                (
                    [
                        (c.key, c.count, c.status, c.rate)
                        for c in comparison.table.cells
                    ],
                    comparison.table.total,
                    comparison.coverage,
                )
            )
    return lines


def _assert_equal(patched, rebuilt, county_id: int) -> None:
    assert patched.rollup.counts == rebuilt.rollup.counts
    assert patched.rollup.population == rebuilt.rollup.population
    assert patched.rollup.carried == rebuilt.rollup.carried
    assert _index(patched) == _index(rebuilt)
    assert _published(patched, county_id) == _published(rebuilt, county_id)


@settings(
    max_examples=examples(8),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(operations=st.lists(OPERATION, min_size=1, max_size=5))
def test_figures_kept_up_to_date_equal_figures_built_again(places, operations):
    norway = Country.objects.get(code="NO")
    Registration.objects.all().delete()
    forget_references()
    reference_get(country=norway)
    imports: list = []
    for operation in operations:
        try:
            with transaction.atomic():
                _apply(operation, places, imports)
        except IntegrityError:
            pass  # refused as a whole (a moved row's external id is taken)
        patched = reference_get(country=norway)
        _assert_equal(patched, _reference_build(norway), places[0].county_id)


def _register(municipality, day: datetime.date, age: int = 30) -> Registration:
    return Registration.objects.create(
        municipality=municipality,
        injury_date=day,
        age=age,
        sex="F",
        contact_cause="accident",
        place="home_inside",
        activity="other",
        mechanism="F2",
        severity="minor",
    )


def test_a_new_registration_is_read_from_its_changed_count_alone(places):
    """After a form saves one registration, the figures are brought up to
    date from its group alone: the other municipalities' figures are the
    ones already built, and the whole equals a build from scratch."""
    norway = Country.objects.get(code="NO")
    for day in (D(2023, 3, 1), D(2024, 3, 1)):
        for place in places:
            for _ in range(6):
                _register(place, day)
    before = reference_get(country=norway)
    _register(places[0], D(2024, 5, 1), age=70)
    after = reference_get(country=norway)
    assert after is not before
    assert after.rollup.serial == before.rollup.serial  # patched, not built again
    assert set(after.rollup.stamps) == {(str(places[0].pk), 2024)}
    assert after.rollup.counts[(str(places[0].pk), 2024, "F", "65-79")] == 1
    _assert_equal(after, _reference_build(norway), places[0].county_id)


def test_a_registration_rolled_back_never_reaches_the_figures(places):
    """A reader inside a transaction sees its own uncommitted registration;
    once that transaction rolls back, no figure keeps it."""
    norway = Country.objects.get(code="NO")
    _register(places[0], D(2024, 3, 1))
    reference_get(country=norway)
    key = (str(places[1].pk), 2024, "F", "25-44")
    with transaction.atomic():
        _register(places[1], D(2024, 3, 1))
        assert reference_get(country=norway).rollup.counts[key] == 1
        transaction.set_rollback(True)
    assert key not in reference_get(country=norway).rollup.counts
    _register(places[0], D(2024, 4, 1))
    _assert_equal(
        reference_get(country=norway), _reference_build(norway), places[0].county_id
    )
