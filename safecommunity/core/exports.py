"""Spreadsheet safety for every export (CSV and XLSX), and the one audited
exporter for tables of rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import tablib
from django.db import models

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def neutralise(value):
    """Prefix a text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def table_export(
    *,
    actor,
    obj: models.Model,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    file_format: str,
    name: str,
    municipality=None,
) -> bytes:
    """Neutralise every cell, record the export in the audit trail and return
    the file's bytes (CSV with a BOM, so Excel reads UTF-8)."""
    from .models import AuditEntry
    from .services import audit_record

    if file_format not in CONTENT_TYPES:
        raise ValueError(file_format)
    dataset = tablib.Dataset(headers=[neutralise(str(h)) for h in headers])
    for row in rows:
        dataset.append([neutralise(v) for v in row])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        obj=obj,
        municipality=municipality,
        comment=f"{name}.{file_format}, {len(dataset)}",
    )
    body = dataset.export(file_format)
    if isinstance(body, str):
        body = ("\ufeff" + body).encode("utf-8")
    return body
