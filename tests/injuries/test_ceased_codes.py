"""Registrations on codes that had ceased by their date (CONTRACTS 6)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from injuries.importing import import_file
from injuries.models import ImportJob, Registration
from safecommunity.core.models import Municipality


def _no(code: str) -> Municipality:
    return Municipality.objects.get(country__code="NO", code=code)


@pytest.fixture
def vestfold(db, municipality):
    """The national map: Re and Tønsberg merged into Tønsberg 3803 in 2020,
    renumbered 3905 in 2024; Ålesund 1507 split into 1508 and 1580 in 2024."""
    return {"re": _no("0716"), "3803": _no("3803"), "3905": _no("3905")}


def test_rows_on_0716_dated_2022_count_in_tonsberg_3803_and_the_summary_says_so(
    vestfold, files, tmp_path, capsys
):
    rows = [
        files.row("a", municipality="0716", injury_date="2019-12-31"),
        files.row("b", municipality="0716", injury_date="2022-03-01"),
        files.row("c", municipality="0716", injury_date="2022-04-01"),
        files.row("d", municipality="0716", injury_date="2024-02-01"),
    ]
    path = tmp_path / "re.csv"
    path.write_bytes(files.csv(rows))
    call_command("import_injuries", str(path))
    out = capsys.readouterr().out
    assert "3 rows on codes that had ceased by their date" in out
    assert "0716 \u2192 3803 (2)" in out
    assert "0716 \u2192 3905 (1)" in out
    placed = dict(Registration.objects.values_list("external_id", "municipality__code"))
    assert placed == {"a": "0716", "b": "3803", "c": "3803", "d": "3905"}
    job = ImportJob.objects.get()
    assert job.moved_lines == [
        {"old": "0716", "new": "3803", "rows": 2},
        {"old": "0716", "new": "3905", "rows": 1},
    ]


def test_a_row_valid_on_its_date_is_stored_as_it_is(vestfold, files):
    result = import_file(
        data=files.csv([files.row(municipality="3803", injury_date="2021-06-01")]),
        filename="x.csv",
    )
    assert result.ok
    assert result.moved == {}
    assert Registration.objects.get().municipality == vestfold["3803"]


def test_a_ceased_code_split_between_successors_is_a_row_error_naming_them(
    vestfold, files
):
    result = import_file(
        data=files.csv([files.row(municipality="1507", injury_date="2024-03-01")]),
        filename="x.csv",
    )
    assert [p.as_line() for p in result.problems] == [
        "row 2, column municipality: value 1507: the municipality code had ceased "
        "by this date and was split between 1508 Ålesund, 1580 Haram; register "
        "the row on one of them"
    ]
    assert Registration.objects.count() == 0


def test_a_code_not_yet_in_use_on_the_date_is_a_row_error(vestfold, files):
    result = import_file(
        data=files.csv([files.row(municipality="3905", injury_date="2022-03-01")]),
        filename="x.csv",
    )
    assert result.problems[0].reason == (
        "the municipality code was not yet in use on this date"
    )


def test_the_import_page_lists_the_moved_rows(vestfold, files, secretariat, client_for):
    secretariat_client = client_for(secretariat)
    secretariat_client.cookies["django_language"] = "en"
    data = files.csv([files.row("b", municipality="0716", injury_date="2022-03-01")])
    response = secretariat_client.post(
        reverse("injuries:import-upload"),
        {"file": SimpleUploadedFile("re.csv", data, "text/csv")},
        follow=True,
    )
    job = ImportJob.objects.get()
    response = secretariat_client.post(
        reverse("injuries:import-confirm", args=[job.pk]), follow=True
    )
    assert "1 row on 0716 counted in 3803" in response.content.decode()
