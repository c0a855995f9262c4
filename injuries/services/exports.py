"""Audited exports of injury figures and import problems, and the audit of
figures and registrations read through the API."""

from __future__ import annotations

from safecommunity.core.exports import export_file
from safecommunity.core.models import Municipality, User
from safecommunity.core.services import audit_record

from ..models import ImportJob


def statistics_export(
    *, actor: User, report, obj, municipality: Municipality | None, fmt: str
) -> bytes:
    """The report's suppressed figures as CSV or XLSX; the export is audited."""
    from ..exports import report_dataset

    return export_file(
        actor=actor,
        dataset=report_dataset(report),
        fmt=fmt,
        obj=obj,
        municipality=municipality,
        comment=f"injury statistics {report.scope} {report.code} "
        f"{report.year or 'all years'}",
    )


def import_errors_export(*, actor: User, job: ImportJob, problems: list[dict]) -> bytes:
    """The uploaded rows with the problems found, as CSV; the export is audited."""
    from ..exports import error_dataset

    with job.file.open("rb") as handle:
        data = handle.read()
    return export_file(
        actor=actor,
        dataset=error_dataset(data, job.original_name, problems),
        fmt="csv",
        obj=job,
        comment=f"import problems of {job.original_name}",
    )


def statistics_api_export_record(
    *, actor: User, obj, municipality: Municipality | None, description: str
) -> None:
    """Audit figures read through the API, like any export of them."""
    audit_record(
        actor=actor,
        action="export",
        obj=obj,
        municipality=municipality,
        comment=f"injury statistics {description}",
    )


def registrations_api_export_record(
    *, actor: User, municipality: Municipality, description: str
) -> None:
    """Audit registrations read through the API, like any export of them."""
    audit_record(
        actor=actor,
        action="export",
        obj=municipality,
        municipality=municipality,
        comment=f"injury registrations via API: {description}",
    )
