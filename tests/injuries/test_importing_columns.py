"""A clean CSV file is checked column by column, with the row-by-row path's outcome;
a file the column path cannot vouch for goes row by row and gets its problems."""

import datetime

import pytest
from django.utils import timezone

import injuries.importing as importing
from injuries.importing import import_file
from injuries.importing.columnar import check_columns
from injuries.importing.rows import RowValidator, map_headers
from injuries.models import Code, Registration
from safecommunity.core.models import Municipality

from .conftest import HEADER


def _columns(data: bytes):
    positions, problems, _ignored = map_headers(HEADER)
    assert not problems
    validator = RowValidator(
        positions=positions,
        allowed_municipality_ids=None,
        today=timezone.localdate(),
    )
    return check_columns(data=data, headers=HEADER, validator=validator)


def _mixed_rows(files, municipality) -> list[list[str]]:
    return [
        files.row("1"),
        files.row("2", injury_date="03.02.2021", sex="K", place="Bolig inne"),
        files.row("", age="0", sex="u", mechanism="fall på samme nivå"),
        files.row("4", place="road traffic accident", transport="E-scooter"),
        files.row("5", municipality=f" {municipality.code} ", severity="MINOR"),
        files.row("6", injury_date="2019-12-31", age="120", sex="2"),
    ]


def _outcome(result) -> tuple:
    return (
        result.ok,
        result.rows_total,
        result.created,
        result.updated,
        result.preview,
        result.municipality_codes,
        result.moved,
    )


def test_a_clean_file_has_the_same_outcome_by_columns_as_row_by_row(
    municipality, files, monkeypatch
):
    data = files.csv(_mixed_rows(files, municipality))
    assert _columns(data).height == 6  # the column path answers for this file
    by_columns = import_file(data=data, filename="skader.csv", dry_run=True)
    monkeypatch.setattr(importing, "check_columns", lambda **kwargs: None)
    by_rows = import_file(data=data, filename="skader.csv", dry_run=True)
    assert _outcome(by_columns) == _outcome(by_rows)
    assert by_columns.ok
    assert by_columns.municipality_codes == [municipality.code]


def test_a_clean_file_saves_the_same_rows_by_columns_as_row_by_row(
    municipality, files, monkeypatch
):
    def saved() -> list[tuple]:
        return list(
            Registration.objects.order_by(
                "injury_date", "age", "external_id"
            ).values_list(
                "municipality__code",
                "injury_date",
                "age",
                "sex",
                "contact_cause",
                "place",
                "activity",
                "mechanism",
                "severity",
                "transport",
                "external_id",
                "source",
            )
        )

    data = files.csv(_mixed_rows(files, municipality))
    assert import_file(data=data, filename="skader.csv").created == 6
    by_columns = saved()
    Registration.objects.all().delete()
    monkeypatch.setattr(importing, "check_columns", lambda **kwargs: None)
    assert import_file(data=data, filename="skader.csv").created == 6
    assert saved() == by_columns
    assert by_columns[0][1:4] == (datetime.date(2019, 12, 31), 120, "F")
    assert ("", None) in {(row[9], row[10]) for row in by_columns}


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"severity": "catastrophic"}, "severity"),
        ({"injury_date": "2099-01-01"}, "injury_date"),
        ({"injury_date": "1989-12-31"}, "injury_date"),
        ({"injury_date": "2024-5-17"}, "injury_date"),
        ({"age": "121"}, "age"),
        ({"sex": "X"}, "sex"),
        ({"municipality": "9998"}, "municipality"),
        ({"contact_cause": ""}, "contact_cause"),
        ({"external_id": "1"}, "external_id"),  # the same id as the first row
        ({"external_id": "x" * 65}, "external_id"),
    ],
)
def test_a_row_with_a_problem_sends_the_file_row_by_row(
    municipality, files, changes, column
):
    last = {"external_id": "3", **changes}
    data = files.csv([files.row("1"), files.row("2"), files.row(**last)])
    assert _columns(data) is None
    result = import_file(data=data, filename="skader.csv")
    assert [(p.row, p.column) for p in result.problems] == [(4, column)]
    assert Registration.objects.count() == 0


def test_an_identity_number_in_a_clean_file_refuses_it_whole(municipality, files):
    rows = [files.row("1"), files.row("010199 12345")]
    data = files.csv(rows)
    assert _columns(data) is None
    result = import_file(data=data, filename="skader.csv")
    assert result.privacy_refused
    assert result.problems[0].row == 3
    assert Registration.objects.count() == 0


def test_a_ceased_code_and_a_limited_code_are_judged_as_row_by_row(
    db, municipality, files
):
    Code.objects.filter(list_name="place", code="playground").update(
        valid_to=datetime.date(2020, 12, 31)
    )
    inside = files.row("1", place="playground", injury_date="2020-06-01")
    assert _columns(files.csv([inside])).height == 1
    outside = files.row("2", place="playground", injury_date="2021-06-01")
    assert _columns(files.csv([inside, outside])) is None
    re_code = Municipality.objects.get(country__code="NO", code="0716")
    ceased = files.row("3", municipality=re_code.code, injury_date="2024-01-01")
    data = files.csv([inside, ceased])
    assert _columns(data) is None
    result = import_file(data=data, filename="skader.csv")
    assert result.ok, result.problems
    assert result.moved == {"0716": {"3905": 1}}


def test_reimport_by_columns_updates_rows_already_registered(municipality, files):
    first = import_file(
        data=files.csv([files.row("A-1"), files.row("A-2")]), filename="a.csv"
    )
    assert (first.created, first.updated) == (2, 0)
    data = files.csv([files.row("A-1", age="35"), files.row("A-3")])
    assert _columns(data) is not None
    second = import_file(data=data, filename="b.csv")
    assert (second.created, second.updated) == (1, 1)
    assert Registration.objects.get(external_id="A-1").age == 35
    assert Registration.objects.count() == 3


def _line_ends(data: bytes, ends: str) -> bytes:
    """The same file with Windows (as written), Unix or a BOM and Unix line ends."""
    unix = data.replace(b"\r\n", b"\n")
    return {"crlf": data, "lf": unix, "bom-lf": b"\xef\xbb\xbf" + unix}[ends]


@pytest.mark.parametrize("ends", ["crlf", "lf", "bom-lf"])
def test_line_ends_do_not_change_the_path_or_the_outcome(
    municipality, files, monkeypatch, ends
):
    data = _line_ends(files.csv(_mixed_rows(files, municipality)), ends)
    columns = _columns(data)
    assert columns is not None
    assert columns.height == 6
    assert columns.rows(1)[0][-1] == "1"  # no carriage return left on the last cell
    by_columns = import_file(data=data, filename="skader.csv", dry_run=True)
    monkeypatch.setattr(importing, "check_columns", lambda **kwargs: None)
    by_rows = import_file(data=data, filename="skader.csv", dry_run=True)
    assert by_columns.ok
    assert _outcome(by_columns) == _outcome(by_rows)


def _bad_file(files) -> bytes:
    return files.csv(
        [
            files.row("1"),
            files.row("2", age="121", sex="X"),
            files.row("3", severity="catastrophic", injury_date="2099-01-01"),
            files.row("1"),  # the same external id as the first row
            files.row("5", municipality="9998", contact_cause=""),
        ]
    )


@pytest.mark.parametrize("ends", ["crlf", "lf", "bom-lf"])
def test_a_bad_file_gets_the_same_problems_whichever_path_looks_first(
    municipality, files, monkeypatch, ends
):
    data = _line_ends(_bad_file(files), ends)
    assert _columns(data) is None
    first = import_file(data=data, filename="skader.csv")
    monkeypatch.setattr(importing, "check_columns", lambda **kwargs: None)
    rows_only = import_file(data=data, filename="skader.csv")
    found = [problem.as_line() for problem in first.problems]
    assert found == [problem.as_line() for problem in rows_only.problems]
    assert [(p.row, p.column) for p in first.problems] == [
        (3, "age"),
        (3, "sex"),
        (4, "injury_date"),
        (4, "severity"),
        (5, "external_id"),
        (6, "municipality"),
        (6, "contact_cause"),
    ]
    assert (
        "row 5, column external_id: value 1: the same external id is already on row 2"
        in found
    )
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "cut",
    [
        lambda data: data.replace(b"\r\n", b"\r", 1),  # a lone carriage return
        lambda data: data.replace(b"\r\n", b"\r\n\r\n", 2),  # a blank line
    ],
    ids=["lone-cr", "blank-line"],
)
def test_unusual_line_ends_go_row_by_row_with_the_same_outcome(
    municipality, files, monkeypatch, cut
):
    data = cut(files.csv([files.row("1"), files.row("2"), files.row("3")]))
    assert _columns(data) is None
    first = import_file(data=data, filename="skader.csv", dry_run=True)
    monkeypatch.setattr(importing, "check_columns", lambda **kwargs: None)
    rows_only = import_file(data=data, filename="skader.csv", dry_run=True)
    assert _outcome(first) == _outcome(rows_only)
    assert [p.as_line() for p in first.problems] == [
        p.as_line() for p in rows_only.problems
    ]


@pytest.mark.parametrize("value", ["010199 123-45", " 01019912345 ", "0101-9912345"])
def test_an_identity_number_with_spaces_or_hyphens_is_found_by_columns_too(
    municipality, files, value
):
    data = files.csv([files.row("1"), files.row(value)])
    assert _columns(data) is None
    result = import_file(data=data, filename="skader.csv")
    assert result.privacy_refused
    assert (result.problems[0].row, result.problems[0].column) == (3, "external_id")
    assert Registration.objects.count() == 0


def test_long_values_with_letters_stay_on_the_column_path(municipality, files):
    rows = [files.row("REG-2024-000012345"), files.row("12345678901-A")]
    data = files.csv(rows)
    assert _columns(data).height == 2
    assert import_file(data=data, filename="skader.csv").created == 2


def test_values_are_judged_by_the_row_by_row_rules_on_the_column_path(
    municipality, files, monkeypatch
):
    rows = [
        files.row("1", injury_date="7.5.2024", age=" 34 ", sex=" m "),
        files.row("2", municipality=f"{municipality.code} ", place=" Bolig inne "),
        files.row(" 3 ", transport="  "),
    ]
    data = files.csv(rows)
    assert _columns(data).height == 3
    by_columns = import_file(data=data, filename="skader.csv", dry_run=True)
    monkeypatch.setattr(importing, "check_columns", lambda **kwargs: None)
    by_rows = import_file(data=data, filename="skader.csv", dry_run=True)
    assert by_columns.ok
    assert _outcome(by_columns) == _outcome(by_rows)
    assert by_columns.preview[0]["injury_date"] == "2024-05-07"
    assert by_columns.preview[2]["external_id"] == "3"
