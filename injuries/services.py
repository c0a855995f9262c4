"""Every write of the injury app: registrations, imports and population."""
# size: every injury write; to be split into services/ (registrations, imports, population)

from __future__ import annotations

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safecommunity.core import jobs
from safecommunity.core import permissions as core_permissions
from safecommunity.core.exports import export_file
from safecommunity.core.models import Municipality, User
from safecommunity.core.services import audit_record, model_snapshot

from .importing import ImportResult, import_file
from .importing.files import count_data_rows
from .models import CodeBook, ImportJob, Registration, Source
from .population import PopulationResult, population_import

logger = logging.getLogger(__name__)

# Files with more rows than this are checked and imported by a worker.
SYNC_ROW_LIMIT = 5000
# Problems kept on a job for the page; the error file lists them all.
STORED_PROBLEMS = 5000


@transaction.atomic
def registration_create(
    *,
    actor: User,
    municipality: Municipality,
    injury_date: datetime.date,
    age: int,
    sex: str,
    contact_cause: str,
    place: str,
    activity: str,
    mechanism: str,
    severity: str,
    transport: str = "",
    external_id: str | None = None,
) -> Registration:
    """Save one registration entered in the form."""
    registration = Registration(
        municipality=municipality,
        source=Source.FORM,
        created_by=actor,
        updated_by=actor,
        injury_date=injury_date,
        age=age,
        sex=sex,
        contact_cause=contact_cause,
        place=place,
        activity=activity,
        mechanism=mechanism,
        severity=severity,
        transport=transport,
        external_id=external_id,
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
    *,
    actor: User,
    registration: Registration,
    municipality: Municipality,
    injury_date: datetime.date,
    age: int,
    sex: str,
    contact_cause: str,
    place: str,
    activity: str,
    mechanism: str,
    severity: str,
    transport: str,
    external_id: str | None,
) -> Registration:
    """Change one registration; the audit trail keeps before and after."""
    before = model_snapshot(registration)
    registration.municipality = municipality
    registration.injury_date = injury_date
    registration.age = age
    registration.sex = sex
    registration.contact_cause = contact_cause
    registration.place = place
    registration.activity = activity
    registration.mechanism = mechanism
    registration.severity = severity
    registration.transport = transport
    registration.external_id = external_id
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
    code_book: CodeBook | None = None,
) -> ImportResult:
    """Import a file outside the web (the command): all or nothing, audited."""
    if dry_run:
        result = import_file(
            data=data, filename=filename, actor=actor, dry_run=True, code_book=code_book
        )
        _record_misses(code_book, result)
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
            _finish_job(job, result)
    _record_misses(code_book, result)
    return result


def _record_misses(code_book: CodeBook | None, result: ImportResult) -> None:
    """Keep, on the code book, the codes an import found without a mapping."""
    if code_book is not None and result.misses:
        from .codebooks import code_book_misses_record

        code_book_misses_record(book=code_book, misses=result.misses, variables={})


def _finish_job(job: ImportJob, result: ImportResult) -> None:
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


def import_job_create(
    *, actor: User, upload, language: str = "nb", code_book: CodeBook | None = None
) -> ImportJob:
    """Store an uploaded file and check it: now if small, in a worker if large."""
    data = upload.read()
    with transaction.atomic():
        job = ImportJob(
            created_by=actor,
            code_book=code_book,
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


def population_import_file(
    *, data: bytes, filename: str, actor: User | None, country: str | None = None
) -> PopulationResult:
    """Import a population file outside the web (the command): all or nothing."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.POPULATION,
            created_by=actor,
            original_name=filename[:200],
            status=ImportJob.Status.RUNNING,
            confirmed=True,
            started_at=timezone.now(),
        )
        result = population_import(data=data, country=country)
        if not result.ok:
            transaction.set_rollback(True)
            return result
        _finish_population_job(job, result)
    return result


def population_job_create(
    *, actor: User, upload, country: str | None = None, language: str = "nb"
) -> ImportJob:
    """Store an uploaded population file and import it: now if small, else in a
    worker."""
    data = upload.read()
    with transaction.atomic():
        job = ImportJob(
            kind=ImportJob.Kind.POPULATION,
            created_by=actor,
            original_name=upload.name[:200],
            language=language,
            confirmed=True,
            rows_total=count_data_rows(data, upload.name) or 0,
            summary={"country": country} if country else {},
        )
        job.file.save("upload", ContentFile(data), save=False)
        job.save()
    _dispatch(job)
    job.refresh_from_db()
    return job


def population_summary_text(result: PopulationResult, filename: str) -> str:
    """The one-line summary of a population import."""
    text = _(
        "%(file)s: %(figures)s population figures loaded for %(municipalities)s "
        "municipalities (%(years)s), %(persons)s persons"
    ) % {
        "file": filename,
        "figures": result.figures,
        "municipalities": result.municipalities,
        "years": ", ".join(str(y) for y in result.years),
        "persons": result.persons,
    }
    if result.zero_skipped:
        text += "; " + _(
            "%(count)s zero figures skipped for codes not in use in their year "
            "(%(codes)s)"
        ) % {
            "count": result.zero_skipped,
            "codes": ", ".join(result.zero_skipped_codes[:20])
            + (" …" if len(result.zero_skipped_codes) > 20 else ""),
        }
    if result.both_sexes:
        text += "; " + _("both sexes together (no rates by sex)")
    if result.unknown_age:
        text += "; " + _("%(count)s persons of unknown age") % {
            "count": result.unknown_age
        }
    return text


def _finish_population_job(job: ImportJob, result: PopulationResult) -> None:
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
            _finish_population_job(job, result)
    if not result.ok:
        _finish_population_job(job, result)


def _dispatch(job: ImportJob) -> None:
    if job.rows_total and job.rows_total <= SYNC_ROW_LIMIT:
        import_job_process(job_id=job.pk)
    else:
        # By the task's name (ImportJob.JOB_TASK): tasks import services.
        transaction.on_commit(job.job_send)


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
    with transaction.atomic():
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
        retry.file.save("upload", ContentFile(data), save=False)
        retry.save()
    _dispatch(retry)
    retry.refresh_from_db()
    return retry


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
                        _finish_job(job, result)
                        _record_misses(job.code_book, result)
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
                    _finish_job(job, result)
            if not result.ok:
                with transaction.atomic():
                    if _holds(job_id, run_id):
                        _finish_job(job, result)
                        _record_misses(job.code_book, result)
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
    from .selectors import import_undo_get

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
