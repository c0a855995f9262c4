"""Export of the filtered initiative list to CSV and XLSX."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from safecommunity.core.exports import neutralise
from safecommunity.core.models import AuditEntry
from tests.factories.programmes import InitiativeFactory


@pytest.fixture
def initiatives(programme, focus_area):
    InitiativeFactory(
        programme=programme,
        focus_area=focus_area,
        title='=HYPERLINK("http://evil.example","click")',
        status="running",
        responsible_person="@SUM(A1:A9)",
        tags={"arena": ["traffic"]},
    )
    InitiativeFactory(
        programme=programme,
        focus_area=focus_area,
        title="Completed one",
        status="completed",
    )


def _csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_applies_filters_and_neutralises_formulas(
    client_for, coordinator, programme, initiatives
):
    url = reverse(
        "programmes:initiative-export", args=[programme.municipality.code, "csv"]
    )
    response = client_for(coordinator).get(
        url, {"status": "running"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _csv_rows(response)
    assert len(rows) == 1
    assert rows[0]["Title"].startswith("'=HYPERLINK")
    assert rows[0]["Responsible person"] == "'@SUM(A1:A9)"
    assert rows[0]["Arenas"] == "Traffic"


def test_xlsx_export_is_readable_and_safe(
    client_for, coordinator, programme, initiatives
):
    url = reverse(
        "programmes:initiative-export", args=[programme.municipality.code, "xlsx"]
    )
    response = client_for(coordinator).get(url, {"arena": "traffic"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2  # header and the one filtered row
    assert all(
        not str(v).startswith(("=", "+", "-", "@")) for v in values[1] if v is not None
    )


def test_export_is_recorded_in_the_audit_trail(
    client_for, mayor, programme, initiatives
):
    url = reverse(
        "programmes:initiative-export", args=[programme.municipality.code, "csv"]
    )
    client_for(mayor).get(url, {"status": "completed"})
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == mayor
    assert entry.municipality == programme.municipality
    assert entry.after == {"format": "csv", "rows": 1}
    assert "status=completed" in entry.comment


def test_unknown_export_format_is_404(client_for, coordinator, programme):
    url = reverse(
        "programmes:initiative-export", args=[programme.municipality.code, "pdf"]
    )
    assert client_for(coordinator).get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+47 123", "'+47 123"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\t=x", "'\t=x"),
        ("Plain", "Plain"),
        (5, 5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected
