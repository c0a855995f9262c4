"""The importer accepts real-world files as CONTRACTS 6 describes and refuses bad ones."""

import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from injuries.importing import import_file
from injuries.models import Registration
from safecommunity.core.models import Municipality

NORWEGIAN_HEADER = [
    "Skadedato",
    "Skadekommune",
    "Alder",
    "Kjønn",
    "Kontaktårsak",
    "Skadested",
    "Aktivitet",
    "Skademekanisme",
    "Alvorlighetsgrad",
    "Fremkomstmiddel",
    "Løpenummer",
]


def run(data: bytes, name: str = "skader.csv", **kwargs):
    return import_file(data=data, filename=name, **kwargs)


def test_plain_csv_is_imported(municipality, files):
    result = run(files.csv([files.row("1"), files.row("2")]))
    assert result.ok, result.problems
    assert (result.created, result.updated) == (2, 0)
    saved = Registration.objects.get(external_id="1")
    assert saved.municipality == municipality
    assert saved.injury_date == datetime.date(2024, 5, 17)
    assert (saved.age, saved.sex, saved.mechanism) == (34, "F", "F2")
    assert saved.source == "import"


def test_semicolon_utf8_bom_and_norwegian_headers(municipality, files):
    data = files.csv(
        [files.row("1", sex="K"), files.row("2")],
        header=NORWEGIAN_HEADER,
        delimiter=";",
        bom=True,
    )
    result = run(data)
    assert result.ok, result.problems
    assert Registration.objects.get(external_id="1").sex == "F"


def test_windows_1252_with_norwegian_labels(municipality, files):
    row = files.row(
        "1",
        place="Bolig inne",
        mechanism="fall på samme nivå",
        contact_cause="ULYKKESSKADE",
        activity="Idrett i fritid",
        severity="Liten (AIS 1)",
    )
    data = files.csv([row], header=NORWEGIAN_HEADER, delimiter=";", encoding="cp1252")
    assert "ø".encode("cp1252") in data  # really not UTF-8
    result = run(data)
    assert result.ok, result.problems
    saved = Registration.objects.get()
    assert (saved.place, saved.mechanism, saved.contact_cause) == (
        "home_inside",
        "F2",
        "accident",
    )
    assert (saved.activity, saved.severity) == ("sport_leisure", "minor")


def test_english_labels_and_dotted_dates(municipality, files):
    row = files.row(
        "1",
        injury_date="03.02.2021",
        place="road traffic accident",
        transport="E-scooter",
        mechanism="Collision, struck",
    )
    result = run(files.csv([row]))
    assert result.ok, result.problems
    saved = Registration.objects.get()
    assert saved.injury_date == datetime.date(2021, 2, 3)
    assert (saved.place, saved.transport, saved.mechanism) == (
        "road_traffic",
        "e_scooter",
        "P",
    )


def test_xlsx_with_numbers_dates_and_a_lost_leading_zero(db, files):
    # Re (0716) had ceased by 2024: its rows count in Tønsberg (3905).
    tonsberg = Municipality.objects.get(country__code="NO", code="3905")

    def as_excel(value):
        if value == "0716":
            return 716  # a spreadsheet turned the code into a number
        if value == "2024-05-17":
            return datetime.datetime(2024, 5, 17)  # noqa: DTZ001  # Excel cells are naive
        return int(value) if value.isdigit() else value

    rows = [files.row("1", municipality="0716"), files.row("2", municipality="0716")]
    result = run(files.xlsx(rows, convert=as_excel), name="skader.xlsx")
    assert result.ok, result.problems
    assert Registration.objects.filter(municipality=tonsberg).count() == 2
    assert result.moved == {"0716": {"3905": 2}}  # the lost zero was put back
    assert result.preview[0]["municipality"] == "3905"


def test_every_problem_is_reported_with_row_column_value_and_reason(
    municipality, files
):
    rows = [
        files.row("1"),
        files.row("2", age="130"),
        files.row("3", injury_date="2099-01-01", sex="X"),
        files.row("4", mechanism="Z9"),
        files.row("5", municipality="0000"),
        files.row("6", injury_date="1989-12-31"),
        files.row("7", injury_date="17/05/2024"),
        files.row("1"),
    ]
    result = run(files.csv(rows))
    found = {(p.row, p.column, p.value) for p in result.problems}
    assert found == {
        (3, "age", "130"),
        (4, "injury_date", "2099-01-01"),
        (4, "sex", "X"),
        (5, "mechanism", "Z9"),
        (6, "municipality", "0000"),
        (7, "injury_date", "1989-12-31"),
        (8, "injury_date", "17/05/2024"),
        (9, "external_id", "1"),
    }
    assert all(p.reason for p in result.problems)
    assert Registration.objects.count() == 0  # all or nothing


def test_missing_required_column_is_reported_on_the_header_row(municipality, files):
    header = [h for h in files.header if h != "severity"]
    rows = [
        [v for h, v in zip(files.header, files.row(), strict=True) if h != "severity"]
    ]
    result = run(files.csv(rows, header=header))
    assert [(p.row, p.column) for p in result.problems] == [(1, "severity")]


@pytest.mark.parametrize(
    "header", ["fødselsnummer", "Personnummer", "FNR", "ssn", "pnr"]
)
def test_identity_number_header_refuses_the_file(municipality, files, header):
    data = files.csv([[*files.row("1"), "abc"]], header=[*files.header, header])
    result = run(data)
    assert result.privacy_refused
    assert len(result.problems) == 1
    assert Registration.objects.count() == 0


def test_a_column_of_eleven_digit_values_refuses_the_file(municipality, files):
    data = files.csv(
        [[*files.row("1"), "x"], [*files.row("2"), "01019912345"]],
        header=[*files.header, "notes"],
    )
    result = run(data)
    assert result.privacy_refused
    assert result.problems[0].row == 3
    assert "01019912345" not in result.problems[0].value
    assert Registration.objects.count() == 0


def test_reimport_updates_by_external_id_and_never_duplicates(municipality, files):
    first = run(files.csv([files.row("A-1"), files.row("A-2"), files.row("")]))
    assert (first.created, first.updated) == (3, 0)
    second = run(files.csv([files.row("A-1", age="35"), files.row("A-2")]))
    assert (second.created, second.updated) == (0, 2)
    assert Registration.objects.filter(external_id="A-1").get().age == 35
    assert Registration.objects.count() == 3


def test_dry_run_counts_but_saves_nothing(municipality, files):
    run(files.csv([files.row("1")]))
    result = run(files.csv([files.row("1"), files.row("2")]), dry_run=True)
    assert (result.created, result.updated) == (1, 1)
    assert Registration.objects.count() == 1


def test_one_bad_row_among_many_saves_nothing(municipality, files):
    rows = [files.row(str(i)) for i in range(3000)]
    rows[2500] = files.row("2500", severity="catastrophic")
    result = run(files.csv(rows))
    assert [p.row for p in result.problems] == [2502]
    assert Registration.objects.count() == 0


def test_municipalities_outside_the_users_set_are_refused(
    municipality, other_municipality, files
):
    rows = [files.row("1"), files.row("2", municipality=other_municipality.code)]
    result = run(files.csv(rows), allowed_municipality_ids={municipality.pk})
    assert [(p.row, p.column) for p in result.problems] == [(3, "municipality")]


def test_queries_grow_with_batches_not_rows(municipality, files):
    def queries(n: int) -> int:
        data = files.csv([files.row(f"{n}-{i}") for i in range(n)])
        with CaptureQueriesContext(connection) as captured:
            assert run(data).ok
        return len(captured)

    small, large = queries(10), queries(4000)
    # PostgreSQL: one COPY and one upsert; SQLite caps the parameters of one
    # INSERT, so its batches hold about 58 rows: still far fewer than rows.
    assert large <= small + 4000 // 50


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_bomb_macros_and_fake_workbooks_are_refused(municipality, files):
    bomb = _zip({"xl/worksheets/sheet1.xml": b"0" * (60 * 1024 * 1024)})
    assert not run(bomb, name="a.xlsx").ok
    macros = _zip({"[Content_Types].xml": b"macroEnabled", "xl/vbaProject.bin": b"x"})
    assert not run(macros, name="a.xlsx").ok
    assert not run(files.xlsx([files.row()]), name="a.xlsm").ok
    assert not run(files.csv([files.row()]), name="a.xlsx").ok
    assert not run(b"\xd0\xcf\x11\xe0old excel", name="a.xls").ok
    assert Registration.objects.count() == 0


def test_a_retired_code_is_refused_for_later_dates(municipality, files):
    from injuries.models import Code

    Code.objects.filter(list_name="place", code="playground").update(
        valid_to=datetime.date(2020, 12, 31)
    )
    rows = [
        files.row("1", place="playground", injury_date="2020-06-01"),
        files.row("2", place="Lekeplass", injury_date="2021-06-01"),
    ]
    result = run(files.csv(rows))
    assert [(p.row, p.column) for p in result.problems] == [(3, "place")]
