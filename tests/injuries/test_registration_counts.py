"""The registration counts the database keeps as data arrive equal a fresh
count of the registrations, whatever wrote them: inserts, the importer's COPY
and its upsert, edits that move a registration to another group, deletions,
an undo."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from injuries.codes import age_band_for
from injuries.importing import import_file
from injuries.models import Registration, RegistrationCount
from injuries.statistics.rollups import rollup_build
from safecommunity.core.models import Municipality
from tests.properties import examples

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the counts are kept by PostgreSQL triggers",
)

D = datetime.date
HEADER = (
    "injury_date,municipality,age,sex,contact_cause,place,activity,mechanism,"
    "severity,transport,external_id\n"
)


def _recount() -> Counter:
    found: Counter = Counter()
    for municipality_id, day, sex, age in Registration.objects.values_list(
        "municipality_id", "injury_date", "sex", "age"
    ):
        found[(municipality_id, day.year, sex, age_band_for(age))] += 1
    return found


def _kept() -> Counter:
    return Counter(
        {
            (m, y, s, b): n
            for m, y, s, b, n in RegistrationCount.objects.exclude(n=0).values_list(
                "municipality_id", "year", "sex", "age_band", "n"
            )
        }
    )


ROW = st.tuples(
    st.integers(0, 1),  # which municipality
    st.sampled_from([D(2024, 1, 1), D(2024, 12, 31), D(2025, 6, 1)]),
    st.integers(0, 120),
    st.sampled_from(["F", "M"]),
    st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"])),
)
OPERATION = st.one_of(
    st.tuples(st.just("create"), st.lists(ROW, min_size=1, max_size=8)),
    st.tuples(st.just("import"), st.lists(ROW, min_size=1, max_size=8)),
    st.tuples(st.just("edit"), st.integers(0, 120), st.sampled_from(["F", "M"])),
    st.tuples(st.just("move"), st.integers(0, 1)),
    st.tuples(st.just("delete"), st.integers(0, 3)),
    st.tuples(st.just("undo"), st.just(None)),
)


@pytest.fixture
def places(db):
    """Tønsberg and Færder of the national map (the importer checks codes)."""
    return [
        Municipality.objects.get(county__country__code="NO", code=code)
        for code in ("3905", "3911")
    ]


def _apply(operation, places, imports):
    kind, *args = operation
    if kind == "create":
        Registration.objects.bulk_create(
            Registration(
                municipality=places[m],
                injury_date=day,
                age=age,
                sex=sex,
                contact_cause="accident",
                place="home_inside",
                activity="other",
                mechanism="F2",
                severity="minor",
            )
            for m, day, age, sex, _id in args[0]
        )
    elif kind == "import":
        lines = "".join(
            f"{day.isoformat()},{places[m].code},{age},{sex},accident,home_inside,"
            f"other,F2,minor,,{external_id or ''}\n"
            for m, day, age, sex, external_id in args[0]
        )
        result = import_file(data=(HEADER + lines).encode(), filename="f.csv")
        if result.ok:
            imports.append(result)
    elif kind == "edit":
        first = Registration.objects.order_by("pk").first()
        if first is not None:
            Registration.objects.filter(pk=first.pk).update(age=args[0], sex=args[1])
    elif kind == "move":
        Registration.objects.filter(
            pk__in=Registration.objects.order_by("-pk")[:3]
        ).update(municipality=places[args[0]], injury_date=D(2025, 2, 1))
    elif kind == "delete":
        Registration.objects.filter(
            pk__in=Registration.objects.order_by("?")[: args[0]]
        ).delete()
    elif kind == "undo":
        Registration.objects.filter(import_job__isnull=True, source="import").delete()


@pytest.mark.django_db
@settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(operations=st.lists(OPERATION, min_size=1, max_size=8))
def test_kept_counts_equal_a_recount_after_any_writes(places, operations):
    Registration.objects.all().delete()
    assert _kept() == Counter()
    imports: list = []
    for operation in operations:
        _apply(operation, places, imports)
        assert _kept() == _recount(), operation


def test_the_country_rollup_reads_the_kept_counts_and_matches_the_registrations(
    places,
):
    """The dashboards' country-wide figures are the same from the kept counts
    as from the registrations themselves."""
    for age, sex, day in ((3, "F", D(2024, 2, 1)), (70, "M", D(2025, 8, 9))):
        for place in places:
            Registration.objects.create(
                municipality=place,
                injury_date=day,
                age=age,
                sex=sex,
                contact_cause="accident",
                place="home_inside",
                activity="other",
                mechanism="F2",
                severity="minor",
            )
    kept = rollup_build(municipality_ids=[p.pk for p in places]).counts
    counted = rollup_build(municipality_ids=[p.pk for p in places], detail=True).counts
    summed: Counter = Counter()
    for key, n in counted.items():
        summed[key[:4]] += n
    assert kept == dict(summed)
    assert sum(kept.values()) == 4


def test_an_import_and_its_reimport_with_changed_rows_keep_the_counts(places):
    """The second file carries the same external ids with other ages and
    sexes: the importer updates them (its upsert path), and each moves from
    its old group to its new one."""
    first = HEADER + "".join(
        f"2024-0{month}-01,3905,{age},F,accident,home_inside,other,F2,minor,,x{month}\n"
        for month, age in ((1, 3), (2, 30), (3, 90))
    )
    second = first.replace(",F,", ",M,").replace(",3,F", ",3,M")
    assert import_file(data=first.encode(), filename="a.csv").created == 3
    assert _kept() == _recount()
    result = import_file(data=second.encode(), filename="b.csv")
    assert (result.created, result.updated) == (0, 3)
    assert _kept() == _recount()
    assert sum(_kept().values()) == 3
    assert {key[2] for key in _kept()} == {"M"}
