"""Turning an uploaded CSV or XLSX file into a header and rows of strings.

Checks that protect the server come first: size, type by content (not only
by name), macro-enabled workbooks, and zip bombs (an XLSX file is a zip).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_ZIP_ENTRIES = 500
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class FileRefused(Exception):
    """The file cannot be read at all; the message says why."""


@dataclass
class RawTable:
    headers: list[str]
    rows: Iterator[list[str]]
    format: str  # "csv" or "xlsx"


def read_table(data: bytes, filename: str) -> RawTable:
    """Header and row iterator of a CSV or XLSX file, after the safety checks."""
    name = filename.lower()
    if name.endswith((".xlsm", ".xltm", ".xlam")):
        raise FileRefused(_("Macro-enabled workbooks are not accepted."))
    if data.startswith(OLE_MAGIC):
        raise FileRefused(
            _("Old Excel files (.xls) are not accepted; save the file as XLSX or CSV.")
        )
    if data.startswith(ZIP_MAGIC):
        if not name.endswith(".xlsx"):
            raise FileRefused(_("The file is a zip archive, not a CSV or XLSX file."))
        return _read_xlsx(data)
    if name.endswith(".xlsx"):
        raise FileRefused(_("The file is named .xlsx but is not an Excel workbook."))
    if b"\x00" in data[:8192]:
        raise FileRefused(_("The file is not a text (CSV) file."))
    return _read_csv(data)


def decode_text(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), else Windows-1252, else a guess."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Imported only for a file in neither encoding: it costs every import's
    # start-up otherwise.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise FileRefused(_("The file's character encoding could not be recognised."))
    return str(best)


def delimiter_of(first_line: str) -> str:
    """The most frequent of ; , and tab in the header line (a comma by default)."""
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time.

    `io.StringIO` would hold a second copy of the whole text at four bytes a
    character; the csv module needs only an iterable of lines. Text with a
    lone carriage return (old Mac line ends) goes through StringIO, which
    splits there too."""
    if text.count("\r") != text.count("\r\n"):
        yield from io.StringIO(text, newline="")
        return
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def _read_csv(data: bytes) -> RawTable:
    text = decode_text(data)
    newline = text.find("\n")
    first_line = text if newline < 0 else text[:newline]
    delimiter = delimiter_of(first_line)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise FileRefused(_("The file is empty.")) from None
    if text.isascii():
        # The rows decode the file again (as UTF-8, the same text) when they
        # are read: a clean file checked column by column never reads them,
        # and the text, as large as the file, is not kept meanwhile.
        del reader, text
        return RawTable(
            headers=headers, rows=_rows_after_header(data, delimiter), format="csv"
        )
    return RawTable(headers=headers, rows=reader, format="csv")


def _rows_after_header(data: bytes, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(_lines(decode_text(data)), delimiter=delimiter)
    next(reader, None)
    yield from reader


def check_zip(data: bytes) -> None:
    """Refuse archives with too many entries, too much content, or macros."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRefused(_("The workbook is damaged and cannot be read.")) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise FileRefused(_("The workbook has too many parts to be read safely."))
        total = 0
        for entry in entries:
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if total > MAX_UNCOMPRESSED_BYTES or ratio > MAX_COMPRESSION_RATIO:
                raise FileRefused(
                    _("The workbook unpacks to too much data to be read safely.")
                )
            lowered = entry.filename.lower()
            if lowered.endswith("vbaproject.bin") or lowered.startswith("../"):
                raise FileRefused(_("Macro-enabled workbooks are not accepted."))
        if "[Content_Types].xml" in archive.namelist():
            types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in types:
                raise FileRefused(_("Macro-enabled workbooks are not accepted."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> RawTable:
    from openpyxl import load_workbook

    check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise FileRefused(_("The workbook is damaged and cannot be read.")) from exc
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        headers = [_cell_text(v) for v in next(values)]
    except StopIteration:
        workbook.close()
        raise FileRefused(_("The file is empty.")) from None

    def rows() -> Iterator[list[str]]:
        try:
            for row in values:
                yield [_cell_text(v) for v in row]
        finally:
            workbook.close()

    return RawTable(headers=headers, rows=rows(), format="xlsx")


def count_data_rows(data: bytes, filename: str) -> int | None:
    """A quick estimate of the number of data rows, without parsing the file."""
    if data.startswith(ZIP_MAGIC):
        from openpyxl import load_workbook

        try:
            check_zip(data)
            workbook = load_workbook(io.BytesIO(data), read_only=True)
            rows = workbook.worksheets[0].max_row
            workbook.close()
        except (FileRefused, Exception):  # noqa: BLE001
            return None
        return max(rows - 1, 0) if rows else None
    return max(data.count(b"\n") - (0 if data.endswith(b"\n") else -1) - 1, 0)
