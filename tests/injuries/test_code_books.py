"""Register extracts with their own codes: FMDS columns, code books, mappings."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from injuries.codebooks import code_book_upload, code_mappings_save
from injuries.models import CodeBook, CodeMapping, ImportJob, Registration, SourceCode
from safecommunity.core.models import AuditEntry

CODE_BOOK = """variabel;kode;tekst
kontaktarsakSkade;1;Ulykkesskade
kontaktarsakSkade;2;Vold, overfall
skadeSted;V1;Bolig inne
skadeSted;V2;Bolig ute
skadeMekanisme;F2;Fall på samme nivå
skadeMekanisme;P;Sammenstøt, påkjørsel
alvorlighetsgrad;1;Liten (AIS 1)
alvorlighetsgrad;2;Moderat (AIS 2)
aktivitet;A5;Idrett i fritid
fremkomstmiddel;T1;Til fots
lopenr;;
"""

FMDS = (
    "lopenr;skadeDato;skadeTid;skadeKommune;kjonn;fodtAar;kontaktarsakSkade;"
    "skadeSted;aktivitet;skadeMekanisme;alvorlighetsgrad;fremkomstmiddel\n"
    "1001;2024-05-17;14:30;3999;2;1990;1;V1;A5;F2;1;\n"
    "1002;17.05.2024;08:05;3999;1;2010;1;V2;A5;P;2;T1\n"
    "1003;2024-06-01;;3999;1;1950;2;V1;A5;F2;1;\n"
)


@pytest.fixture
def book(secretariat):
    found, result = code_book_upload(
        actor=secretariat, name="FMDS", data=CODE_BOOK.encode("latin-1")
    )
    assert result.ok, result.problems
    return found


def _map_all(book, secretariat):
    from injuries.selectors import code_book_entries

    targets = {
        row["entry"].pk: row["suggestion"] for row in code_book_entries(book=book)
    }
    return code_mappings_save(actor=secretariat, book=book, targets=targets)


def test_the_code_book_is_read_from_latin_1_with_its_variables(book):
    entries = {(e.field, e.code): e.label for e in book.entries.all()}
    assert entries[("mechanism", "F2")] == "Fall på samme nivå"
    assert entries[("place", "V1")] == "Bolig inne"
    assert len(entries) == 10  # lopenr is not a code list


def test_an_fmds_file_with_its_code_book_and_mapping_imports(
    book, secretariat, municipality, tmp_path, capsys
):
    assert _map_all(book, secretariat) == 10
    path = tmp_path / "fmds.csv"
    path.write_bytes(FMDS.encode("cp1252"))
    call_command("import_injuries", str(path), "--source", "FMDS")
    assert "imported 3 rows" in capsys.readouterr().out
    stored = {
        r.external_id: (r.age, r.sex, r.contact_cause, r.place, r.mechanism, r.severity)
        for r in Registration.objects.all()
    }
    assert stored == {
        "1001": (34, "F", "accident", "home_inside", "F2", "minor"),
        "1002": (14, "M", "accident", "home_outside", "P", "moderate"),
        "1003": (74, "M", "violence", "home_inside", "F2", "minor"),
    }
    assert Registration.objects.get(external_id="1002").transport == "pedestrian"
    assert ImportJob.objects.get().code_book == book


def test_without_the_mapping_the_file_fails_with_one_line_per_unmapped_code(
    book, municipality, tmp_path, capsys
):
    path = tmp_path / "fmds.csv"
    path.write_bytes(FMDS.encode("utf-8"))
    with pytest.raises(SystemExit):
        call_command("import_injuries", str(path), "--source", "FMDS")
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0] == (
        "row 2, column kontaktarsakSkade: value 1: the code book FMDS has no mapping "
        "for this code (used on 2 rows); map it on the code book's page"
    )
    # 1 and 2 (contact cause), V1, V2, A5, F2, P, 1 and 2 (severity), T1.
    assert len(lines) == 10
    assert all("has no mapping for this code" in line for line in lines)
    assert Registration.objects.count() == 0
    unmapped = dict(
        SourceCode.objects.filter(field="place").values_list("code", "rows_unmapped")
    )
    assert unmapped == {"V1": 2, "V2": 1}


def test_mappings_are_versioned_and_audited(book, secretariat):
    entry = book.entries.get(field="place", code="V2")
    code_mappings_save(actor=secretariat, book=book, targets={entry.pk: "home_inside"})
    code_mappings_save(actor=secretariat, book=book, targets={entry.pk: "home_outside"})
    code_mappings_save(actor=secretariat, book=book, targets={entry.pk: "home_outside"})
    assert list(
        CodeMapping.objects.filter(source_code=entry).values_list("version", "target")
    ) == [(2, "home_outside"), (1, "home_inside")]
    changes = AuditEntry.objects.filter(action="update", object_id=str(entry.pk))
    assert changes.count() == 2


def test_the_secretariat_maps_in_the_browser_with_suggestions_in_bulk(
    secretariat, client_for
):
    client = client_for(secretariat)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("injuries:code-book-list"),
        {
            "name": "FMDS",
            "file": SimpleUploadedFile("kodebok.csv", CODE_BOOK.encode("latin-1")),
        },
    )
    book = CodeBook.objects.get()
    assert response.url == reverse("injuries:code-book-detail", args=[book.pk])
    page = client.get(response.url).content.decode()
    assert "Codes without a mapping" in page
    assert "suggested by its label" in page
    client.post(response.url, {"use": "suggestions"})
    mapped = dict(
        CodeMapping.objects.values_list("source_code__code", "target").filter(
            source_code__field="place"
        )
    )
    assert mapped == {"V1": "home_inside", "V2": "home_outside"}
    assert "Every code has a mapping." in client.get(response.url).content.decode()


def test_unmapped_codes_are_listed_with_the_rows_that_used_them(
    book, secretariat, client_for, municipality, tmp_path
):
    path = tmp_path / "fmds.csv"
    path.write_bytes(FMDS.replace(";V2;", ";V9;").encode())
    with pytest.raises(SystemExit):
        call_command("import_injuries", str(path), "--source", "FMDS")
    client = client_for(secretariat)
    page = client.get(reverse("injuries:code-book-detail", args=[book.pk])).content
    assert b"<td>V9</td>" in page
    assert SourceCode.objects.get(code="V9").rows_unmapped == 1


def test_a_birth_year_gives_the_age_in_the_injury_year(municipality, files):
    from injuries.importing import import_file

    header = [h if h != "age" else "fodtAar" for h in files.header]
    rows = [files.row("1", age="1990"), files.row("2", age="1890")]
    result = import_file(data=files.csv(rows, header=header), filename="x.csv")
    assert [p.as_line() for p in result.problems] == [
        "row 3, column birth_year: value 1890: gives an age outside 0 to 120 in the "
        "injury year"
    ]
    result = import_file(data=files.csv(rows[:1], header=header), filename="x.csv")
    assert result.ok
    assert Registration.objects.get().age == 34
