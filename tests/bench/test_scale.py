"""The ten-million-row benchmark's plan, its generation over the real map and
its side-by-side \\copy, tried at a small size (the run itself is `make bench-10m`)."""

from __future__ import annotations

import shutil

import pytest
from django.db import connection

from bench.config import FULL, QUICK, plan_for
from injuries.models import Registration
from injuries.synthetic import _sizes, generate
from safecommunity.core.models import Municipality
from tests.factories.injuries import PopulationFactory


def test_bench_rows_makes_a_full_run_of_that_many_registrations():
    ten = plan_for(quick=False, environ={"BENCH_ROWS": "10000000"})
    assert ten.registrations == 10_000_000
    assert (ten.import_rows, ten.load_seconds) == (FULL.import_rows, FULL.load_seconds)
    assert ten.stem == "latest-10m"
    assert ten.generate_timeout == 3000
    assert plan_for(quick=False, environ={}).stem == "latest"
    assert plan_for(quick=True, environ={"BENCH_ROWS": "10000000"}) == QUICK


def _map(code: str) -> Municipality:
    return Municipality.objects.get(country__code="NO", code=code)


def test_a_municipality_weighs_by_its_people_or_by_its_predecessors(db):
    # Re 0716 and Tønsberg 0704 became Tønsberg 3803 (2020), renumbered 3905.
    PopulationFactory(municipality=_map("0716"), year=2019, count=9_000)
    PopulationFactory(municipality=_map("0704"), year=2019, age=7, count=40_000)
    PopulationFactory(municipality=_map("0704"), year=2018, age=7, count=38_000)
    sizes = _sizes(list(Municipality.objects.all()))
    assert sizes[_map("0716").pk] == 9_000
    assert sizes[_map("0704").pk] == 39_000  # the average of its two years
    assert sizes[_map("3905").pk] == 48_000
    sweden = Municipality.objects.filter(country__code="SE").first()
    assert sizes[sweden.pk] == 10_000  # no figures: the same size for each


def test_generation_covers_both_countries_and_follows_sizes(db):
    big = _map("0301")  # Oslo
    PopulationFactory(municipality=big, year=2019, count=700_000)
    written = generate(rows=20_000, seed=3)
    assert Registration.objects.count() == written == 20_000
    countries = set(
        Registration.objects.values_list("municipality__country__code", flat=True)
    )
    assert countries == {"NO", "SE"}
    oslo = Registration.objects.filter(municipality=big).count()
    typical = Registration.objects.filter(municipality=_map("3905")).count()
    assert oslo > 10 * max(typical, 1)


@pytest.mark.skipif(shutil.which("psql") is None, reason="needs psql")
def test_psql_copy_of_a_file_is_timed_as_a_whole_process(db, municipality, tmp_path):
    from bench.imports import measure_psql_copy
    from bench.synthetic import synthetic_rows, vocabulary_from_database, write_csv

    if connection.vendor != "postgresql":
        pytest.skip("psql needs PostgreSQL")
    path = tmp_path / "rows.csv"
    write_csv(path, synthetic_rows(vocabulary_from_database(), 500, seed=1))
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    assert measure_psql_copy(path, url)["seconds"] > 0


@pytest.mark.skipif(shutil.which("psql") is None, reason="needs psql")
def test_psql_copy_into_the_registrations_table_is_timed_and_undone(db, tmp_path):
    from bench.imports import measure_psql_table_copy, write_table_file
    from bench.synthetic import vocabulary_from_database

    if connection.vendor != "postgresql":
        pytest.skip("psql needs PostgreSQL")
    # Municipalities and codes from the migrations: psql's own session sees them.
    path = tmp_path / "table.csv"
    assert write_table_file(path, vocabulary_from_database(), 300, seed=1) == 300
    lines = path.read_text().splitlines()
    ids = [int(line.split(",")[0]) for line in lines]
    assert ids == sorted(ids)  # in the order the importer writes
    assert lines[0].split(",")[10].startswith("t-")
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    before = Registration.objects.count()
    assert measure_psql_table_copy(path, url)["seconds"] > 0
    assert Registration.objects.count() == before  # rolled back
