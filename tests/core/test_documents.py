"""Uploads: validated by size, extension and content; stored privately; served after a permission check."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safecommunity.core.models import AuditEntry, Document
from safecommunity.core.services import document_create

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def xlsx_bytes(*, macro: bool = False, entries: int = 3) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(entries):
            archive.writestr(f"xl/part{i}.xml", "<x/>")
        if macro:
            archive.writestr("xl/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


@pytest.fixture
def pdf_document(coordinator, municipality, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return document_create(
        actor=coordinator,
        upload=SimpleUploadedFile("intensjonsavtale.pdf", PDF),
        title="Intensjonsavtale",
        municipality=municipality,
    )


def test_document_is_stored_under_a_generated_name(pdf_document, tmp_path):
    assert "intensjonsavtale" not in pdf_document.file.name
    assert pdf_document.original_name == "intensjonsavtale.pdf"
    assert (tmp_path / pdf_document.file.name).read_bytes() == PDF
    assert AuditEntry.objects.filter(
        action="create", object_id=str(pdf_document.pk)
    ).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 not a pdf", "not what its name says"),
        ("virus.exe", b"MZ\x90\x00", "not accepted"),
        ("budget.xlsm", xlsx_bytes(), "macros"),
        ("budget.xlsx", xlsx_bytes(macro=True), "macros"),
        ("bomb.xlsx", xlsx_bytes(entries=2_001), "too many parts"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_bad_uploads_are_refused_before_storage(
    coordinator, municipality, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as excinfo:
        document_create(
            actor=coordinator,
            upload=SimpleUploadedFile(name, content),
            municipality=municipality,
        )
    assert message in str(excinfo.value)
    assert Document.objects.count() == 0
    assert not any(tmp_path.rglob("*.*"))


def test_oversized_upload_is_refused(coordinator, municipality, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError):
        document_create(
            actor=coordinator,
            upload=SimpleUploadedFile("big.pdf", PDF + b"x" * 2048),
            municipality=municipality,
        )


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("coordinator", 200),
        ("mayor", 200),
        ("secretariat", 200),
        ("other_coordinator", 404),
        ("certifier", 404),
    ],
)
def test_download_checks_permission(
    request, client_for, pdf_document, fixture, expected
):
    client = client_for(request.getfixturevalue(fixture))
    response = client.get(reverse("core:document-download", args=[pdf_document.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF


def test_anonymous_download_goes_to_login(client, pdf_document):
    response = client.get(reverse("core:document-download", args=[pdf_document.pk]))
    assert response.status_code == 302
