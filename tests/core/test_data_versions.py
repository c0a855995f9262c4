"""Data versions: every write path to the source tables raises the version,
so figures cached under it are never stale."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from injuries.models import Code, Population, Registration
from safecommunity.core.data_versions import INJURIES, PROGRAMMES, data_stamp
from tests.factories.core import MunicipalityFactory
from tests.factories.programmes import (
    IndicatorValueFactory,
    InitiativeFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def _registration(municipality, **fields) -> Registration:
    values = {
        "municipality": municipality,
        "injury_date": datetime.date(2022, 5, 1),
        "age": 42,
        "sex": "F",
        "contact_cause": "accident",
        "place": "home_inside",
        "activity": "other",
        "mechanism": "F2",
        "severity": "minor",
        **fields,
    }
    return Registration(**values)


def _raises(name: str, write) -> None:
    before = data_stamp(name)[name]
    write()
    assert data_stamp(name)[name] > before


def test_each_write_path_to_registrations_raises_the_injury_version(municipality):
    registration = _registration(municipality)
    _raises(INJURIES, registration.save)
    _raises(
        INJURIES,
        lambda: Registration.objects.bulk_create([_registration(municipality)]),
    )
    _raises(INJURIES, lambda: Registration.objects.update(age=43))
    _raises(INJURIES, registration.delete)

    def plain_sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE injuries_registration SET age = 44")

    _raises(INJURIES, plain_sql)


def test_population_and_code_lists_raise_the_injury_version(municipality):
    _raises(
        INJURIES,
        lambda: Population.objects.create(
            municipality=municipality, year=2022, sex="F", age=1, count=10
        ),
    )
    code = Code.objects.first()
    code.label_en = "Changed"
    _raises(INJURIES, code.save)


def test_programme_data_raises_its_own_version(municipality):
    injuries_before = data_stamp(INJURIES)[INJURIES]
    programmes = []
    _raises(
        PROGRAMMES,
        lambda: programmes.append(ProgrammeFactory(municipality=municipality)),
    )
    _raises(PROGRAMMES, lambda: InitiativeFactory(programme=programmes[0]))
    _raises(PROGRAMMES, lambda: IndicatorValueFactory(municipality=municipality))
    assert data_stamp(INJURIES)[INJURIES] == injuries_before


def test_a_change_to_the_map_raises_the_injury_version(municipality):
    """Figures add up predecessors, so cached figures follow the map."""
    successor = MunicipalityFactory(county=municipality.county)
    _raises(INJURIES, lambda: municipality.successors.add(successor))
    municipality.valid_to = datetime.date(2019, 12, 31)
    _raises(INJURIES, municipality.save)


def test_versions_read_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        versions = data_stamp(INJURIES, PROGRAMMES)
    assert set(versions) == {INJURIES, PROGRAMMES}
