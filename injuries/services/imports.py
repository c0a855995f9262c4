"""Imports of injury registrations: a file from the command, an upload checked
before it is imported, rows sent through the API; retry, undo and the purge of
stored files."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core import jobs
from safecommunity.core.models import User
from safecommunity.core.services import audit_record

from ..importing import ImportResult, import_file
from ..importing.files import count_data_rows
from ..models import CodeBook, ImportJob, Registration
from . import import_runs


def registrations_import_file(
    *,
    data: bytes,
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    code_book: CodeBook | None = None,
) -> ImportResult:
    """Import a file outside the web (the command): all or nothing, audited."""
    if dry_run:
        result = import_file(
            data=data, filename=filename, actor=actor, dry_run=True, code_book=code_book
        )
        import_runs.import_misses_record(code_book, result)
        return result
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=actor,
            original_name=filename[:200],
            status=ImportJob.Status.RUNNING,
            confirmed=True,
            started_at=timezone.now(),
            code_book=code_book,
        )
        result = import_file(
            data=data,
            filename=filename,
            actor=actor,
            job_id=job.pk,
            code_book=code_book,
        )
        if not result.ok:
            transaction.set_rollback(True)
        else:
            import_runs.import_job_finish(job, result)
    import_runs.import_misses_record(code_book, result)
    return result


def import_job_create(
    *, actor: User, upload, language: str = "nb", code_book: CodeBook | None = None
) -> ImportJob:
    """Store an uploaded file and check it: now if small, in a worker if large."""
    data = upload.read()
    job = ImportJob(
        created_by=actor,
        code_book=code_book,
        original_name=upload.name[:200],
        language=language,
        rows_total=count_data_rows(data, upload.name) or 0,
    )
    return import_runs.import_job_start(job=job, data=data)


def import_job_create_confirmed(
    *, actor: User, data: bytes, name: str, rows: int, language: str = "nb"
) -> ImportJob:
    """Import rows sent at once (the API): no separate check step; now if
    small, in a worker if large. All or nothing, like any import."""
    job = ImportJob(
        created_by=actor,
        original_name=name[:200],
        language=language,
        rows_total=rows,
        confirmed=True,
    )
    return import_runs.import_job_start(job=job, data=data)


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
    import_runs.import_job_dispatch(job)
    job.refresh_from_db()
    return job


def import_job_retry(*, actor: User, job: ImportJob) -> ImportJob:
    """Check the file of a failed or stuck job again, as a new job."""
    if job.status != ImportJob.Status.FAILED and not job.is_stale:
        raise ValueError(_("This file is still being worked on."))
    if not job.file or not job.file.storage.exists(job.file.name):
        raise ValueError(_("The file is no longer stored; upload it again."))
    if job.is_stale:
        jobs.job_abandon(job=job)
    with job.file.open("rb") as handle:
        data = handle.read()
    retry = ImportJob(
        created_by=actor,
        original_name=job.original_name,
        language=job.language,
        kind=job.kind,
        code_book=job.code_book,
        summary={"country": job.summary["country"]}
        if job.kind == ImportJob.Kind.POPULATION and job.summary.get("country")
        else {},
        rows_total=count_data_rows(data, job.original_name) or 0,
    )
    return import_runs.import_job_start(job=retry, data=data)


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


# Registrations removed per statement when an import is undone.
UNDO_CHUNK = 10_000


def import_job_undo(*, actor: User, job: ImportJob) -> int:
    """Remove every registration an import wrote, in one transaction and one
    audit entry; the job records who undid it and when. Returns the count.

    Raises ValueError (with the reason for the user) when the actor may not
    undo it now. The job row is locked first, so two requests undo it once.
    The rows go in statements of UNDO_CHUNK ids picked by the import's own
    index, never loaded into Python; the data version triggers then tell the
    statistics' caches.
    """
    from ..selectors import import_undo_get

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        undo = import_undo_get(user=actor, job=job)
        if not undo.allowed:
            raise ValueError(undo.refusal)
        removed = 0
        while True:
            chunk = Registration.objects.filter(import_job=job).values("pk")[
                :UNDO_CHUNK
            ]
            deleted, _by_model = Registration.objects.filter(pk__in=chunk).delete()
            removed += deleted
            if deleted < UNDO_CHUNK:
                break
        job.status = ImportJob.Status.UNDONE
        job.undone_at = timezone.now()
        job.undone_by = actor
        job.undone_count = removed
        job.save(update_fields=["status", "undone_at", "undone_by", "undone_count"])
        audit_record(
            actor=actor,
            action="delete",
            obj=job,
            municipality=undo.municipalities[0]
            if len(undo.municipalities) == 1
            else None,
            before={
                "file": job.original_name,
                "registrations": removed,
                "municipalities": [m.code for m in undo.municipalities],
            },
            comment=f"import {job.pk} undone: {job.original_name}, "
            f"{removed} registrations removed",
        )
    return removed
