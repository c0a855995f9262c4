"""Every write of the injury app: registrations, imports and population."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safecommunity.core import permissions as core_permissions
from safecommunity.core.exports import export_file
from safecommunity.core.models import Municipality, User
from safecommunity.core.services import audit_record, model_snapshot

from .importing import ImportResult, Problem, import_file
from .importing.files import count_data_rows
from .models import ImportJob, Registration, Source

logger = logging.getLogger(__name__)

# Files with more rows than this are checked and imported by a worker.
SYNC_ROW_LIMIT = 5000
# Problems kept on a job for the page; the error file lists them all.
STORED_PROBLEMS = 5000
# A job still "running" after this long was lost with its worker.
STALE_AFTER = datetime.timedelta(minutes=30)


@transaction.atomic
def registration_create(
    *, actor: User, municipality: Municipality, data: dict[str, Any]
) -> Registration:
    """Save one registration entered in the form."""
    registration = Registration(
        municipality=municipality,
        source=Source.FORM,
        created_by=actor,
        updated_by=actor,
        **data,
    )
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor,
        action="create",
        obj=registration,
        after=model_snapshot(registration),
        municipality=municipality,
    )
    return registration


@transaction.atomic
def registration_update(
    *, actor: User, registration: Registration, data: dict[str, Any]
) -> Registration:
    """Change one registration; the audit trail keeps before and after."""
    before = model_snapshot(registration)
    for name, value in data.items():
        setattr(registration, name, value)
    registration.updated_by = actor
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor,
        action="update",
        obj=registration,
        before=before,
        after=model_snapshot(registration),
        municipality=registration.municipality,
    )
    return registration


def registrations_import_file(
    *,
    data: bytes,
    filename: str,
    actor: User | None,
    dry_run: bool = False,
) -> ImportResult:
    """Import a file outside the web (the command): all or nothing, audited."""
    if dry_run:
        return import_file(data=data, filename=filename, actor=actor, dry_run=True)
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=actor,
            original_name=filename[:200],
            status=ImportJob.Status.RUNNING,
            confirmed=True,
            started_at=timezone.now(),
        )
        result = import_file(data=data, filename=filename, actor=actor, job_id=job.pk)
        if not result.ok:
            transaction.set_rollback(True)
            return result
        _finish_job(job, result)
    return result


def _finish_job(job: ImportJob, result: ImportResult) -> None:
    job.rows_total = result.rows_total
    job.rows_done = result.rows_total
    job.created_count = result.created
    job.updated_count = result.updated
    job.error_count = result.problem_count
    job.errors = [p.as_dict() for p in result.problems[:STORED_PROBLEMS]]
    job.preview = result.preview
    job.municipality_codes = result.municipality_codes
    job.finished_at = timezone.now()
    if not job.confirmed:
        job.status = ImportJob.Status.CHECKED
    elif result.ok:
        job.status = ImportJob.Status.DONE
    else:
        job.status = ImportJob.Status.FAILED
    job.save()
    if job.confirmed and result.ok:
        audit_record(
            actor=job.created_by,
            action="import",
            obj=job,
            after={
                "rows": result.rows_total,
                "created": result.created,
                "updated": result.updated,
                "municipalities": result.municipality_codes,
            },
        )


def import_job_create(*, actor: User, upload, language: str = "nb") -> ImportJob:
    """Store an uploaded file and check it: now if small, in a worker if large."""
    data = upload.read()
    with transaction.atomic():
        job = ImportJob(
            created_by=actor,
            original_name=upload.name[:200],
            language=language,
            rows_total=count_data_rows(data, upload.name) or 0,
        )
        job.file.save("upload", ContentFile(data), save=False)
        job.save()
    _dispatch(job)
    job.refresh_from_db()
    return job


def import_job_create_confirmed(
    *, actor: User, data: bytes, name: str, rows: int, language: str = "nb"
) -> ImportJob:
    """Import rows sent at once (the API): no separate check step; now if
    small, in a worker if large. All or nothing, like any import."""
    with transaction.atomic():
        job = ImportJob(
            created_by=actor,
            original_name=name[:200],
            language=language,
            rows_total=rows,
            confirmed=True,
        )
        job.file.save("upload", ContentFile(data), save=False)
        job.save()
    _dispatch(job)
    job.refresh_from_db()
    return job


def import_job_confirm(*, actor: User, job: ImportJob) -> ImportJob:
    """Import a checked file without problems: now if small, in a worker if large."""
    with transaction.atomic():
        confirmed = ImportJob.objects.filter(
            pk=job.pk,
            status=ImportJob.Status.CHECKED,
            error_count=0,
            confirmed=False,
        ).update(confirmed=True, status=ImportJob.Status.QUEUED, rows_done=0)
    if not confirmed:
        raise ValueError(_("This file cannot be imported."))
    job.refresh_from_db()
    _dispatch(job)
    job.refresh_from_db()
    return job


def _dispatch(job: ImportJob) -> None:
    from .tasks import run_import_job

    if job.rows_total and job.rows_total <= SYNC_ROW_LIMIT:
        import_job_process(job_id=job.pk)
    else:
        job_id = job.pk
        transaction.on_commit(lambda: run_import_job.delay(job_id))


def _claim(job_id: int) -> bool:
    now = timezone.now()
    waiting = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED)
    stale = ImportJob.objects.filter(
        pk=job_id, status=ImportJob.Status.RUNNING, started_at__lt=now - STALE_AFTER
    )
    return bool(
        waiting.update(status=ImportJob.Status.RUNNING, started_at=now)
        or stale.update(started_at=now)
    )


def import_job_process(*, job_id: int) -> None:
    """Run the check or the import of one job, once; the task calls this."""
    if not _claim(job_id):
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    actor = job.created_by
    allowed = core_permissions.editable_municipality_ids(actor) if actor else set()

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_done=rows)

    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        kwargs = {
            "data": data,
            "filename": job.original_name,
            "actor": actor,
            "allowed_municipality_ids": allowed,
            "job_id": job.pk,
            "max_problems": STORED_PROBLEMS,
        }
        with translation.override(job.language):
            if not job.confirmed:
                result = import_file(dry_run=True, progress=progress, **kwargs)
                _finish_job(job, result)
                return
            # The rows and the job's "done" are committed together, so a
            # redelivered task never imports the same file twice.
            with transaction.atomic():
                result = import_file(**kwargs)
                if result.ok:
                    _finish_job(job, result)
            if not result.ok:
                _finish_job(job, result)
    except Exception as exc:
        logger.exception("injury import %s failed", job_id)
        lost_database = isinstance(exc, (OperationalError, InterfaceError))
        if lost_database:
            # The connection is gone; a fresh one records the failure once the
            # database answers again.
            connection.close()
        with translation.override(job.language):
            if lost_database:
                reason = _(
                    "the database could not be reached during the import; nothing "
                    "was saved. Try the import again."
                )
            else:
                reason = _(
                    "the import stopped on an unexpected error; nothing was saved"
                )
        job.status = ImportJob.Status.FAILED
        job.errors = [Problem(1, "", "", reason).as_dict()]
        job.error_count = 1
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "errors", "error_count", "finished_at"])
        raise


def statistics_export(
    *, actor: User, report, obj, municipality: Municipality | None, fmt: str
) -> bytes:
    """The report's suppressed figures as CSV or XLSX; the export is audited."""
    from .exports import report_dataset

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
    from .exports import error_dataset

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


def import_files_purge(*, older_than: datetime.timedelta) -> int:
    """Delete stored upload files older than `older_than`; the job rows stay."""
    cutoff = timezone.now() - older_than
    jobs = ImportJob.objects.filter(created_at__lt=cutoff).exclude(file="")
    purged = 0
    for job in jobs.exclude(
        status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    ):
        job.file.delete(save=False)
        job.file = ""
        job.save(update_fields=["file"])
        purged += 1
    return purged
