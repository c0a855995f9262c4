"""An FMDS extract read through its code book takes the column path when it is
clean, and gets the same registrations and the same problems (wording, rows,
unmapped codes and their counts) as row by row."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.utils import timezone

import injuries.importing as importing
from injuries import services
from injuries.codebooks import code_book_upload, code_mappings_save, mapping_lookups
from injuries.importing import import_file
from injuries.importing.columnar import check_columns
from injuries.importing.files import read_table
from injuries.importing.rows import RowValidator, map_headers
from injuries.models import Registration, SourceCode

from .test_code_books import CODE_BOOK

FMDS_HEADER = (
    "lopenr",
    "skadeDato",
    "skadeTid",
    "skadeKommune",
    "kjonn",
    "fodtAar",
    "kontaktarsakSkade",
    "skadeSted",
    "aktivitet",
    "skadeMekanisme",
    "alvorlighetsgrad",
    "fremkomstmiddel",
)
# Every code of the book mapped, except the transport code T1.
TARGETS = {
    ("contact_cause", "1"): "accident",
    ("contact_cause", "2"): "violence",
    ("place", "V1"): "home_inside",
    ("place", "V2"): "home_outside",
    # The book's F2 is read as the book maps it, not as our code F2.
    ("mechanism", "F2"): "F1",
    ("mechanism", "P"): "P",
    ("severity", "1"): "minor",
    ("severity", "2"): "moderate",
    ("activity", "A5"): "sport_leisure",
}


@pytest.fixture
def book(secretariat):
    found, result = code_book_upload(
        actor=secretariat, name="FMDS", data=CODE_BOOK.encode("latin-1")
    )
    assert result.ok, result.problems
    entries = {(e.field, e.code): e.pk for e in found.entries.all()}
    targets = {entries[key]: target for key, target in TARGETS.items()}
    assert code_mappings_save(actor=secretariat, book=found, targets=targets) == 9
    return found


def fmds_row(lopenr: str = "", **changes: str) -> list[str]:
    row = {
        "lopenr": lopenr,
        "skadeDato": "2024-05-17",
        "skadeTid": "14:30",
        "skadeKommune": "3999",
        "kjonn": "2",
        "fodtAar": "1990",
        "kontaktarsakSkade": "1",
        "skadeSted": "V1",
        "aktivitet": "A5",
        "skadeMekanisme": "F2",
        "alvorlighetsgrad": "1",
        "fremkomstmiddel": "",
        **changes,
    }
    return [row[name] for name in FMDS_HEADER]


def fmds_file(rows, header=FMDS_HEADER) -> bytes:
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _columns(data: bytes, book):
    table = read_table(data, "fmds.csv")
    positions, problems, _ignored = map_headers(table.headers)
    assert not problems
    validator = RowValidator(
        positions=positions,
        allowed_municipality_ids=None,
        today=timezone.localdate(),
        source_codes=mapping_lookups(book),
    )
    return check_columns(data=data, headers=table.headers, validator=validator)


def _both_paths(monkeypatch, **kwargs):
    """The import through the column path where it answers, then row by row."""
    first = import_file(filename="fmds.csv", **kwargs)
    with monkeypatch.context() as patched:
        patched.setattr(importing, "check_columns", lambda **_kwargs: None)
        rows_only = import_file(filename="fmds.csv", **kwargs)
    return first, rows_only


def _outcome(result) -> tuple:
    return (
        result.ok,
        result.rows_total,
        result.created,
        result.updated,
        result.preview,
        result.municipality_codes,
        result.moved,
        result.misses,
        [problem.as_line() for problem in result.problems],
        result.problem_count,
    )


def _saved() -> list[tuple]:
    return list(
        # A row without an id last, as PostgreSQL sorts it (SQLite puts
        # NULL first).
        Registration.objects.order_by(
            F("external_id").asc(nulls_last=True)
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


def _clean_rows() -> list[list[str]]:
    return [
        fmds_row("1001"),
        fmds_row("1002", skadeDato="17.05.2024", kjonn="1", fodtAar="2010"),
        fmds_row("1003", skadeTid="", skadeSted="V2", skadeMekanisme="P"),
        # Our own codes and labels are read beside the book's.
        fmds_row(
            "1004",
            fodtAar=" 2024 ",
            kontaktarsakSkade="violence",
            skadeSted="Bolig ute",
            alvorlighetsgrad="serious",
            fremkomstmiddel="bicycle",
        ),
        fmds_row("1005", skadeDato="2023-12-31", fodtAar="1903", skadeSted="v2"),
        fmds_row("", kjonn="9", alvorlighetsgrad="2", skadeMekanisme="f2"),
    ]


def test_a_clean_fmds_file_takes_the_column_path_with_the_same_outcome(
    book, municipality, monkeypatch
):
    data = fmds_file(_clean_rows())
    assert _columns(data, book).height == 6
    by_columns, by_rows = _both_paths(
        monkeypatch, data=data, dry_run=True, code_book=book
    )
    assert by_columns.ok
    assert _outcome(by_columns) == _outcome(by_rows)
    assert [row["age"] for row in by_columns.preview] == [34, 14, 34, 0, 120, 34]


def test_a_clean_fmds_file_saves_the_same_registrations_by_either_path(
    book, municipality, monkeypatch
):
    data = fmds_file(_clean_rows())
    assert import_file(data=data, filename="fmds.csv", code_book=book).created == 6
    by_columns = _saved()
    Registration.objects.all().delete()
    monkeypatch.setattr(importing, "check_columns", lambda **kwargs: None)
    assert import_file(data=data, filename="fmds.csv", code_book=book).created == 6
    assert _saved() == by_columns
    assert by_columns[0][2:10] == (
        34,
        "F",
        "accident",
        "home_inside",
        "sport_leisure",
        "F1",  # the book's F2, as the book maps it
        "minor",
        "",
    )
    assert by_columns[3][4:10] == (
        "violence",
        "home_outside",
        "sport_leisure",
        "F1",
        "serious",
        "bicycle",
    )


def test_an_age_column_beside_the_birth_year_wins_where_it_has_a_value(
    book, municipality, monkeypatch
):
    header = (*FMDS_HEADER, "alder")
    rows = [
        [*fmds_row("1", fodtAar="not a year"), "40"],
        [*fmds_row("2"), " "],
        [*fmds_row("3", fodtAar=""), "0"],
    ]
    data = fmds_file(rows, header=header)
    assert _columns(data, book).height == 3
    by_columns, by_rows = _both_paths(
        monkeypatch, data=data, dry_run=True, code_book=book
    )
    assert by_columns.ok
    assert _outcome(by_columns) == _outcome(by_rows)
    assert [row["age"] for row in by_columns.preview] == [40, 34, 0]


def _bad_rows() -> list[list[str]]:
    return [
        fmds_row("1001"),
        fmds_row("1002", skadeSted="V9"),  # a code the book does not know
        fmds_row("1003", fremkomstmiddel="T1"),  # in the book, not mapped
        fmds_row("1004", fodtAar="1890"),
        fmds_row("1005", fodtAar="90", kjonn="3"),
        fmds_row("1006", fodtAar="", skadeSted="V9"),
        fmds_row("1007", skadeDato="2024-13-01"),
        fmds_row("1001", skadeKommune="9998"),
        fmds_row("1009", alvorlighetsgrad="", aktivitet="A5"),
    ]


def test_an_fmds_file_with_unknown_codes_and_bad_rows_gets_the_same_problems(
    book, municipality, monkeypatch
):
    data = fmds_file(_bad_rows())
    assert _columns(data, book) is None
    first, rows_only = _both_paths(monkeypatch, data=data, code_book=book)
    assert _outcome(first) == _outcome(rows_only)
    assert [(p.row, p.column) for p in first.problems] == [
        (5, "birth_year"),
        (6, "birth_year"),
        (6, "sex"),
        (7, "birth_year"),
        (8, "injury_date"),
        (9, "municipality"),
        (10, "severity"),
        (3, "skadeSted"),
        (4, "fremkomstmiddel"),
    ]
    assert first.problems[-2].as_line() == (
        "row 3, column skadeSted: value V9: the code book FMDS has no mapping for "
        "this code (used on 2 rows); map it on the code book's page"
    )
    assert first.misses == {("place", "V9"): 2, ("transport", "T1"): 1}
    assert Registration.objects.count() == 0


def test_unmapped_codes_are_counted_on_the_book_alike_by_either_path(
    book, municipality, monkeypatch
):
    data = fmds_file([*_clean_rows(), fmds_row("2001", skadeSted="V9")])
    assert _columns(data, book) is None

    def unmapped() -> dict[str, int]:
        return dict(
            SourceCode.objects.filter(code_book=book, rows_unmapped__gt=0).values_list(
                "code", "rows_unmapped"
            )
        )

    result = services.registrations_import_file(
        data=data, filename="fmds.csv", actor=None, code_book=book
    )
    assert not result.ok
    by_columns = unmapped()
    SourceCode.objects.filter(code_book=book).update(rows_unmapped=0)
    monkeypatch.setattr(importing, "check_columns", lambda **kwargs: None)
    services.registrations_import_file(
        data=data, filename="fmds.csv", actor=None, code_book=book
    )
    assert unmapped() == by_columns == {"V9": 1}


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"skadeSted": "V9"}, "skadeSted"),
        ({"fremkomstmiddel": "T1"}, "fremkomstmiddel"),
        ({"kontaktarsakSkade": "3"}, "kontaktarsakSkade"),
        ({"fodtAar": "1890"}, "birth_year"),
        ({"fodtAar": "2025", "skadeDato": "2024-01-01"}, "birth_year"),
        ({"fodtAar": ""}, "birth_year"),
        ({"fodtAar": "1990.0"}, "birth_year"),
        ({"kjonn": "3"}, "sex"),
        ({"alvorlighetsgrad": ""}, "severity"),
        ({"lopenr": "1"}, "external_id"),  # the same id as the first row
    ],
)
def test_one_bad_cell_sends_an_fmds_file_row_by_row(
    book, municipality, monkeypatch, changes, column
):
    last = {"lopenr": "3", **changes}
    data = fmds_file([fmds_row("1"), fmds_row("2"), fmds_row(**last)])
    assert _columns(data, book) is None
    first, rows_only = _both_paths(monkeypatch, data=data, code_book=book)
    assert _outcome(first) == _outcome(rows_only)
    assert [(p.row, p.column) for p in first.problems] == [(4, column)]
    assert Registration.objects.count() == 0
