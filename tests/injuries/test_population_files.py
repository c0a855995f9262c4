"""Population files as the statbanks deliver them (CONTRACTS 5): every variant
is built from one table and what is stored is checked against its sums."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from injuries.models import ImportJob, Population
from injuries.population import population_import
from safecommunity.core.models import County, Municipality
from tests.factories.core import MunicipalityFactory
from tests.properties import examples

from .population_files import Layout, sums, write_csv, write_json_stat

TABLE = {
    ("0716", "Re", 2019, "M", 0): 51,
    ("0716", "Re", 2019, "F", 0): 48,
    ("0716", "Re", 2019, "M", 1): 60,
    ("0716", "Re", 2019, "F", 107): 2,
    ("0704", "Tønsberg", 2019, "M", 0): 230,
    ("0704", "Tønsberg", 2019, "F", 45): 310,
    ("0716", "Re", 2018, "M", 0): 49,
    ("0704", "Tønsberg", 2018, "F", 45): 305,
}

LAYOUTS = [
    Layout(),
    Layout(separator=";", encoding="latin-1", language="nb", quoted=True),
    Layout(separator="\t", encoding="cp1252", line_end="\r\n", language="nb"),
    Layout(wide=True, encoding="utf-8-sig", quoted=True, line_end="\r\n"),
    Layout(wide=True, separator=";", language="nb", year_header="bare"),
    Layout(wide=True, separator="\t", language="sv", encoding="cp1252"),
    Layout(separator=";", language="sv", quoted=True, encoding="utf-8-sig"),
    Layout(with_sex=False),
    Layout(wide=True, with_sex=False, language="nb", encoding="latin-1"),
    Layout(wide=True, with_sex=False, language="sv", separator=";"),
]


@pytest.fixture
def places(db):
    """Re and Tønsberg of the national map (until 2019), and two made-up
    municipalities with the same codes in Sweden (other places)."""
    kronoberg = County.objects.get(country__code="SE", code="07")
    return {
        "NO": {
            code: Municipality.objects.get(country__code="NO", code=code)
            for code in ("0716", "0704")
        },
        "SE": {
            code: MunicipalityFactory(
                code=code, county=kronoberg, valid_to=datetime.date(2019, 12, 31)
            )
            for code in ("0716", "0704")
        },
    }


def stored(country: str) -> dict:
    return {
        (p.municipality.code, p.year, p.sex, p.age): p.count
        for p in Population.objects.filter(
            municipality__country__code=country
        ).select_related("municipality")
    }


@pytest.mark.parametrize("layout", LAYOUTS, ids=repr)
def test_every_csv_variant_stores_the_files_own_sums(places, layout):
    country = "SE" if layout.language == "sv" else "NO"
    result = population_import(data=write_csv(TABLE, layout))
    assert result.ok, result.problems[:3]
    assert result.country == country
    # A wide file writes a zero for a cell another year has: stored as zero.
    assert {k: v for k, v in stored(country).items() if v} == sums(
        TABLE, with_sex=layout.with_sex
    )
    assert result.persons == sum(TABLE.values())
    assert result.both_sexes is not layout.with_sex
    other = "NO" if country == "SE" else "SE"
    assert stored(other) == {}


@pytest.mark.parametrize("with_sex", [True, False])
@pytest.mark.parametrize("swedish", [False, True])
def test_json_stat_from_the_statbanks_apis(places, with_sex, swedish):
    data = write_json_stat(TABLE, with_sex=with_sex, swedish=swedish)
    result = population_import(data=data)
    assert result.ok, result.problems[:3]
    country = "SE" if swedish else "NO"
    assert result.country == country
    # The API lists every cell of the cube; empty ones are zeros.
    expected = sums(TABLE, with_sex=with_sex)
    assert {k: v for k, v in stored(country).items() if v} == expected


def test_unknown_age_is_kept_as_unknown(places):
    table = {**TABLE, ("0716", "Re", 2019, "F", None): 3}
    layout = Layout(wide=True, language="sv", separator=";")
    result = population_import(data=write_csv(table, layout))
    assert result.ok, result.problems[:3]
    assert result.unknown_age == 3
    assert stored("SE")[("0716", 2019, "F", None)] == 3


def test_a_reimport_of_the_same_year_replaces_it_for_the_regions_in_the_file(
    places,
):
    population_import(data=write_csv(TABLE, Layout()))
    again = {("0716", "Re", 2019, "M", 0): 50}
    result = population_import(data=write_csv(again, Layout()))
    assert result.ok
    figures = stored("NO")
    assert {k: v for k, v in figures.items() if k[:2] == ("0716", 2019)} == {
        ("0716", 2019, "M", 0): 50
    }
    assert figures[("0704", 2019, "M", 0)] == 230  # not in the file: kept
    assert figures[("0716", 2018, "M", 0)] == 49  # another year: kept


def test_zero_figures_of_codes_not_in_use_are_skipped_and_counted(places):
    later = Municipality.objects.get(country__code="NO", code="3803")  # from 2020
    text = (
        "region,age,Persons 2019\n"
        "0716 Re,0 years,51\n"
        "3803 Tønsberg,0 years,0\n"
        "3803 Tønsberg,1 year,0\n"
        "0999 Nowhere (-1994),0 years,0\n"
    )
    result = population_import(data=text.encode())
    assert result.ok, result.problems
    assert result.zero_skipped == 3
    assert result.zero_skipped_codes == ["0999", "3803"]
    assert not Population.objects.filter(municipality=later).exists()


def test_a_figure_for_a_code_not_in_use_that_year_is_a_row_error(places):
    text = "region;alder;Personer 2019\n0716 Re;0 år;51\n3803 Tønsberg;0 år;7\n"
    result = population_import(data=text.encode("latin-1"))
    assert not result.ok
    assert [p.as_line() for p in result.problems] == [
        "row 3, column region: value 3803: the municipality code was not in use in 2019"
    ]
    assert Population.objects.count() == 0  # all or nothing


def test_labels_not_understood_are_row_errors_with_column_and_value(places):
    text = "region\tage\tPersons 2019\n0716 Re\tabout ten\t5\nRe\t1 year\tfive\n"
    result = population_import(data=text.encode())
    assert [p.as_line() for p in result.problems] == [
        "row 2, column age: value about ten: not an age in years from 0 to 120",
        "row 3, column region: value Re: not a municipality code and name",
    ]


def test_totals_and_bands_and_suffixes(places):
    text = (
        '"region","kjønn","alder","år","07459: Personer (K) 1986 - 2024"\n'
        '"0 Hele landet","Begge kjønn","Alle aldre","2019",5328212\n'
        '"0716 Re (-2019)","1 Menn","0-4 år","2019",300\n'
        '"0716 Re (-2019)","2 Kvinner","0-4 år","2019",280\n'
        '"0716 Re (-2019)","Begge kjønn","0-4 år","2019",580\n'
        '"0716 Re (-2019)","1 Menn","100+ år","2019",".."\n'
    )
    result = population_import(data=text.encode("cp1252"))
    assert result.ok, result.problems
    assert stored("NO") == {("0716", 2019, "M", 0): 300, ("0716", 2019, "F", 0): 280}


def test_a_file_without_figures_or_columns_is_refused(places):
    result = population_import(data=b"region,age\n0716 Re,0 years\n")
    assert not result.ok
    assert result.problems[0].column == "year"


def test_the_command_prints_the_summary_and_records_the_job(places, tmp_path, capsys):
    path = tmp_path / "07459.csv"
    path.write_bytes(write_csv(TABLE, Layout(with_sex=False)))
    call_command("import_population", str(path))
    out = capsys.readouterr().out
    assert "population figures loaded for 2 municipalities (2018, 2019)" in out
    assert "both sexes together" in out
    job = ImportJob.objects.get()
    assert job.kind == ImportJob.Kind.POPULATION
    assert job.summary["persons"] == sum(TABLE.values())


regions = st.sampled_from([("0716", "Re"), ("0704", "Tønsberg")])
cells = st.dictionaries(
    st.tuples(
        regions,
        st.integers(2015, 2019),
        st.sampled_from(["M", "F"]),
        st.one_of(st.none(), st.integers(0, 105)),
    ),
    st.integers(0, 20000),
    min_size=1,
    max_size=30,
)
layouts = st.builds(
    Layout,
    wide=st.booleans(),
    separator=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252"]),
    quoted=st.booleans(),
    line_end=st.sampled_from(["\n", "\r\n"]),
    language=st.sampled_from(["en", "nb", "sv"]),
    with_sex=st.booleans(),
    year_header=st.sampled_from(["label", "bare"]),
)


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(drawn=cells, layout=layouts, json_stat=st.booleans())
def test_random_tables_round_trip_through_every_layout(
    places, drawn, layout, json_stat
):
    Population.objects.all().delete()
    table = {
        (code, name, year, sex, age): count
        for ((code, name), year, sex, age), count in drawn.items()
    }
    country = "SE" if layout.language == "sv" else "NO"
    if json_stat:
        data = write_json_stat(table, with_sex=layout.with_sex, swedish=country == "SE")
    else:
        data = write_csv(table, layout)
    result = population_import(data=data)
    assert result.ok, result.problems[:3]
    expected = sums(table, with_sex=layout.with_sex)
    got = stored(country)
    if json_stat or layout.wide:
        # Full grids: cells absent from the table are written as zeros.
        got = {k: v for k, v in got.items() if v or k in expected}
        expected = {k: v for k, v in expected.items() if v or k in got}
    assert got == expected
    assert result.persons == sum(table.values())


def test_the_secretariat_imports_population_on_its_page(
    places, secretariat, client_for
):
    client = client_for(secretariat)
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("07459.csv", write_csv(TABLE, Layout(with_sex=False)))
    response = client.post(reverse("injuries:population-upload"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.url == reverse("injuries:import-detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Population figures stored" in page
    assert "Both sexes together" in page
    assert stored("NO") == sums(TABLE, with_sex=False)


def test_a_large_population_file_goes_to_the_worker(
    places, secretariat, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from injuries import services

    monkeypatch.setattr(services.import_runs, "SYNC_ROW_LIMIT", 2)
    client = client_for(secretariat)
    upload = SimpleUploadedFile("07459.csv", write_csv(TABLE, Layout()))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("injuries:population-upload"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED
    progress = client.get(reverse("injuries:import-progress", args=[job.pk]))
    assert b"<progress" in progress.content
    for callback in callbacks:
        callback()  # the task, run eagerly as the worker would
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert stored("NO") == sums(TABLE)


def test_the_population_pages_are_the_secretariats(coordinator, client_for):
    client = client_for(coordinator)
    assert client.get(reverse("injuries:population-upload")).status_code == 404
