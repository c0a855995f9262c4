"""Validation of uploaded files: size, extension and content (magic bytes).

Office files are zip containers: they are opened as zips and refused when
they hold macros or look like a zip bomb (too many entries, too large
uncompressed).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    magic: tuple[bytes, ...]  # empty: text, checked by decoding
    zip_container: bool = False


KINDS: dict[str, FileKind] = {
    k.extension: k
    for k in (
        FileKind("pdf", "application/pdf", (b"%PDF-",)),
        FileKind("png", "image/png", (b"\x89PNG\r\n\x1a\n",)),
        FileKind("jpg", "image/jpeg", (b"\xff\xd8\xff",)),
        FileKind("jpeg", "image/jpeg", (b"\xff\xd8\xff",)),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (b"PK\x03\x04",),
            zip_container=True,
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (b"PK\x03\x04",),
            zip_container=True,
        ),
        FileKind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (b"PK\x03\x04",),
            zip_container=True,
        ),
        FileKind(
            "odt", "application/vnd.oasis.opendocument.text", (b"PK\x03\x04",), True
        ),
        FileKind("csv", "text/csv", ()),
        FileKind("txt", "text/plain", ()),
    )
}

DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "odt", "txt"}
)
SPREADSHEET_EXTENSIONS = frozenset({"csv", "xlsx"})
MACRO_EXTENSIONS = frozenset(
    {"xlsm", "xltm", "docm", "dotm", "pptm", "xlam", "xls", "doc"}
)


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _check_zip(upload: UploadedFile) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                raise ValidationError(
                    _("The file has too many parts to be a normal document.")
                )
            if sum(e.file_size for e in entries) > ZIP_MAX_UNCOMPRESSED:
                raise ValidationError(
                    _("The file unpacks to more than 200 MB and is refused.")
                )
            names = {e.filename.lower() for e in entries}
            if any(n.endswith("vbaproject.bin") or "/macros/" in n for n in names):
                raise ValidationError(_("Files with macros are not accepted."))
    except zipfile.BadZipFile:
        raise ValidationError(
            _("The file is damaged or not what its name says.")
        ) from None
    finally:
        upload.seek(0)


def _check_text(upload: UploadedFile) -> None:
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in head:
        raise ValidationError(_("The file is not a text file."))


def validate_upload(
    upload: UploadedFile,
    *,
    allowed: frozenset[str] = DOCUMENT_EXTENSIONS,
    max_bytes: int | None = None,
) -> FileKind:
    """Check an upload's size, extension and content; return its kind or raise ValidationError."""
    limit = max_bytes or settings.MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    extension = _extension(upload.name or "")
    if extension in MACRO_EXTENSIONS:
        raise ValidationError(
            _("Files with macros or in old Office formats are not accepted.")
        )
    if extension not in allowed or extension not in KINDS:
        raise ValidationError(
            _("Files of this type are not accepted. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(allowed))}
        )
    kind = KINDS[extension]
    if kind.magic:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(m) for m in kind.magic):
            raise ValidationError(_("The file is damaged or not what its name says."))
    else:
        _check_text(upload)
    if kind.zip_container:
        _check_zip(upload)
    return kind
