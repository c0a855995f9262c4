"""The one exporter: every file of rows that leaves the portal goes through here.

Pages and the administration alike hand a tablib Dataset to `export_file`,
which neutralises every cell a spreadsheet would run as a formula, renders
CSV (with a byte-order mark, so Excel reads UTF-8) or XLSX, and writes one
audit entry saying who exported what, how many rows and in which format.
"""

from __future__ import annotations

import tablib
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from import_export.admin import ExportMixin, ImportMixin

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """Prefix a text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralised(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of the dataset with every header and cell neutralised."""
    safe = tablib.Dataset(
        headers=[neutralise(str(h)) for h in dataset.headers or []],
        title=dataset.title,
    )
    for row in dataset:
        safe.append([neutralise(value) for value in row])
    return safe


def render(dataset: tablib.Dataset, fmt: str) -> bytes:
    """The neutralised dataset as a CSV or XLSX file."""
    if fmt not in EXPORT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    content = neutralised(dataset).export(fmt)
    if isinstance(content, str):
        content = content.encode("utf-8-sig")
    return content


def export_file(
    *,
    actor,
    dataset: tablib.Dataset,
    fmt: str,
    obj: models.Model | type[models.Model],
    municipality=None,
    comment: str = "",
) -> bytes:
    """Render the dataset and record the export in the audit trail.

    `obj` is what was exported from: a record (a programme, a municipality)
    or, for a whole table from the administration, the model.
    """
    from .models import AuditEntry
    from .services import audit_record

    content = render(dataset, fmt)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        obj=obj,
        municipality=municipality,
        after={"format": fmt, "rows": len(dataset)},
        comment=comment,
    )
    return content


def export_response(*, content: bytes, fmt: str, filename: str) -> HttpResponse:
    """The rendered file as a download."""
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class AuditedExportMixin(ExportMixin):
    """django-import-export's admin export, through the one exporter.

    Only CSV and XLSX are offered; the file is neutralised and the export is
    audited like every export from the pages.
    """

    def get_export_formats(self):
        return [
            f
            for f in super().get_export_formats()
            if f().get_extension() in EXPORT_TYPES
        ]

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        fmt = file_format.get_extension()
        if fmt not in EXPORT_TYPES:
            raise PermissionDenied
        kwargs.pop("encoding", None)
        dataset = self.get_data_for_export(
            request, queryset, force_native_type=fmt == "xlsx", **kwargs
        )
        filters = request.GET.urlencode() if request.method == "GET" else ""
        return export_file(
            actor=request.user,
            dataset=dataset,
            fmt=fmt,
            obj=self.model,
            comment=f"admin {filters}".strip(),
        )


class AuditedImportExportMixin(ImportMixin, AuditedExportMixin):
    """Import as django-import-export does it; export through the one exporter."""

    import_export_change_list_template = (
        "admin/import_export/change_list_import_export.html"
    )


def admins_with_export(site: admin.AdminSite | None = None) -> list:
    """Every registered ModelAdmin that offers an export."""
    site = site or admin.site
    return [a for a in site._registry.values() if isinstance(a, ExportMixin)]
