"""The run of an import job, in the request for a small file or in a worker:
dispatch, claim, check or import, and record the result on the job."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safecommunity.core import jobs
from safecommunity.core import permissions as core_permissions
from safecommunity.core.services import audit_record

from ..importing import ImportResult, import_file
from ..models import CodeBook, ImportJob
from ..population import PopulationResult, population_import

logger = logging.getLogger(__name__)

# Files with more rows than this are checked and imported by a worker.
SYNC_ROW_LIMIT = 5000
# Problems kept on a job for the page; the error file lists them all.
STORED_PROBLEMS = 5000


def import_misses_record(code_book: CodeBook | None, result: ImportResult) -> None:
    """Keep, on the code book, the codes an import found without a mapping."""
    if code_book is not None and result.misses:
        from ..codebooks import code_book_misses_record

        code_book_misses_record(book=code_book, misses=result.misses, variables={})


def import_job_finish(job: ImportJob, result: ImportResult) -> None:
    """Record a check or an import on its job; an import that went through is
    audited."""
    job.rows_total = result.rows_total
    job.rows_done = result.rows_total
    job.created_count = result.created
    job.updated_count = result.updated
    job.error_count = result.problem_count
    job.errors = [p.as_dict() for p in result.problems[:STORED_PROBLEMS]]
    job.preview = result.preview
    job.municipality_codes = result.municipality_codes
    job.summary = {"moved": result.moved} if result.moved else {}
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
                "moved": result.moved,
            },
        )


def population_job_finish(job: ImportJob, result: PopulationResult) -> None:
    """Record a population import on its job; one that went through is audited."""
    job.rows_total = result.rows
    job.rows_done = result.rows
    job.created_count = result.figures
    job.error_count = result.problem_count
    job.errors = [p.as_dict() for p in result.problems[:STORED_PROBLEMS]]
    job.summary = result.summary()
    job.finished_at = timezone.now()
    job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    job.save()
    if result.ok:
        audit_record(
            actor=job.created_by,
            action="import",
            obj=job,
            after={"population": result.summary()},
        )


def _process_population(job: ImportJob, data: bytes, progress) -> None:
    with transaction.atomic():
        result = population_import(
            data=data,
            country=job.summary.get("country"),
            max_problems=STORED_PROBLEMS,
            progress=progress,
        )
        if result.ok:
            population_job_finish(job, result)
    if not result.ok:
        population_job_finish(job, result)


def import_job_start(*, job: ImportJob, data: bytes) -> ImportJob:
    """Store a new job with its file, then run it now if small or queue it."""
    with transaction.atomic():
        job.file.save("upload", ContentFile(data), save=False)
        job.save()
    import_job_dispatch(job)
    job.refresh_from_db()
    return job


def import_job_dispatch(job: ImportJob) -> None:
    """Run a small job now, and queue a large one for a worker."""
    if job.rows_total and job.rows_total <= SYNC_ROW_LIMIT:
        import_job_process(job_id=job.pk)
    else:
        # By the task's name (ImportJob.JOB_TASK): tasks import services.
        transaction.on_commit(job.job_send)


def _holds(job_id: int, run_id) -> bool:
    """Lock the job row; whether this run still holds it (nobody took it over)."""
    return (
        ImportJob.objects.select_for_update()
        .filter(pk=job_id, run_id=run_id, status=ImportJob.Status.RUNNING)
        .exists()
    )


def import_job_process(*, job_id: int) -> None:
    """Run the check or the import of one job, once; the task calls this."""
    run_id = jobs.job_claim(model=ImportJob, pk=job_id)
    if run_id is None:
        return
    with jobs.job_heartbeat(model=ImportJob, pk=job_id, run_id=run_id):
        _import_job_run(job_id, run_id)


def _import_job_run(job_id: int, run_id) -> None:
    job = ImportJob.objects.select_related("created_by", "code_book").get(pk=job_id)
    actor = job.created_by
    allowed = core_permissions.editable_municipality_ids(actor) if actor else set()

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job_id, run_id=run_id).update(rows_done=rows)

    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        if job.kind == ImportJob.Kind.POPULATION:
            with translation.override(job.language):
                _process_population(job, data, progress)
            return
        kwargs = {
            "data": data,
            "filename": job.original_name,
            "actor": actor,
            "allowed_municipality_ids": allowed,
            "job_id": job.pk,
            "max_problems": STORED_PROBLEMS,
            "code_book": job.code_book,
        }
        with translation.override(job.language):
            if not job.confirmed:
                result = import_file(dry_run=True, progress=progress, **kwargs)
                with transaction.atomic():
                    if _holds(job_id, run_id):
                        import_job_finish(job, result)
                        import_misses_record(job.code_book, result)
                return
            # The rows and the job's "done" are committed together, and only by
            # the run that holds the job, so a job queued again whose first
            # worker finishes after all is still imported once.
            with transaction.atomic():
                result = import_file(**kwargs)
                if not _holds(job_id, run_id):
                    transaction.set_rollback(True)
                    return
                if result.ok:
                    import_job_finish(job, result)
            if not result.ok:
                with transaction.atomic():
                    if _holds(job_id, run_id):
                        import_job_finish(job, result)
                        import_misses_record(job.code_book, result)
    except Exception as exc:
        logger.exception("import %s failed", job_id)
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
        jobs.job_fail(model=ImportJob, pk=job_id, run_id=run_id, reason=reason)
        raise
