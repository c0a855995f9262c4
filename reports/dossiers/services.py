"""Writes of the reports app: requesting, building and finishing PDF jobs."""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from safecommunity.core import jobs
from safecommunity.core.models import AuditEntry, County, Municipality, User
from safecommunity.core.pdf import render_pdf_document
from safecommunity.core.services import audit_record

from ..models import DossierJob, area_filter, dossier_file_path
from . import selectors
from .build import dossier_content, dossier_render_context

logger = logging.getLogger(__name__)


def _language(language: str | None) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    candidate = (language or translation.get_language() or "")[:2]
    return candidate if candidate in codes else settings.LANGUAGE_CODE


@transaction.atomic
def dossier_request(
    *,
    municipality: Municipality | None = None,
    county: County | None = None,
    actor: User | None,
    kind: str = DossierJob.Kind.DOSSIER,
    language: str | None = None,
    enqueue: bool = True,
) -> DossierJob:
    """Queue a PDF job of a municipality, or of a regional programme's county,
    or return the ready or running job for unchanged data."""
    area: Municipality | County = _area(municipality, county)
    language = _language(language)
    fingerprint = dossier_content(area=area, kind=kind, language=language).fingerprint
    # Serialise requests for one area so a double click queues once.
    type(area).objects.select_for_update().filter(pk=area.pk).first()
    lookup = {"kind": kind, "language": language, "fingerprint": fingerprint}
    job = selectors.dossier_job_reusable(area=area, **lookup)
    if job is None:
        active = selectors.dossier_job_active(area=area, **lookup)
        if active and not active.is_stale:
            return active
        if active:
            # Its worker is gone: a new job replaces it, and it gives no result.
            jobs.job_abandon(job=active)
        job = DossierJob.objects.create(
            **area_filter(area),
            **lookup,
            requested_by=actor if actor and actor.pk else None,
        )
        if enqueue:
            # By the task's name (DossierJob.JOB_TASK): tasks import services.
            transaction.on_commit(job.job_send)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        obj=job,
        municipality=municipality,
    )
    return job


def _area(
    municipality: Municipality | None, county: County | None
) -> Municipality | County:
    if (municipality is None) == (county is None):
        raise ValueError("Give a municipality or a county.")
    return municipality if municipality is not None else county  # type: ignore[return-value]


def dossier_job_start(*, job_id: int) -> tuple[DossierJob, uuid.UUID] | None:
    """Claim a queued job (or one whose worker is gone); None when not to be run."""
    run_id = jobs.job_claim(model=DossierJob, pk=job_id)
    if run_id is None:
        return None
    job = DossierJob.objects.select_related(
        "municipality__county__country", "county__country"
    ).get(pk=job_id)
    return job, run_id


def dossier_file_write(*, job: DossierJob, content: bytes) -> str:
    """Store the PDF under the job's generated name, atomically; return the name.

    The name depends only on the job, and the file is written to a temporary
    file and renamed over it, so a second delivery of the same job replaces
    the file instead of adding another one.
    """
    name = dossier_file_path(job)
    target = Path(default_storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS or 0o640)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def dossier_job_finish(
    *,
    job: DossierJob,
    run_id: uuid.UUID,
    file_name: str,
    fingerprint: str,
    page_count: int | None,
    size: int | None,
    reused_from: DossierJob | None = None,
) -> bool:
    """Mark a job ready with its stored file; False when another run holds it."""
    finished = jobs.job_finish(
        model=DossierJob,
        pk=job.pk,
        run_id=run_id,
        file=file_name,
        fingerprint=fingerprint,
        page_count=page_count,
        size=size,
        reused_from=reused_from,
        status=DossierJob.Status.READY,
        failure_reason="",
        finished_at=timezone.now(),
    )
    if finished:
        job.refresh_from_db()
    return finished


def dossier_job_fail(
    *, job_id: int, reason: str, run_id: uuid.UUID | None = None
) -> None:
    """Mark an unfinished job as failed with a reason shown to the user."""
    jobs.job_fail(model=DossierJob, pk=job_id, run_id=run_id, reason=reason)


def dossier_job_build(*, job_id: int) -> str:
    """Build the PDF of a job from live data; idempotent; returns the final status.

    Must run inside `pdf_rendering_allowed()` (the task and the command do).
    """
    job = DossierJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Dossier job %s does not exist; nothing to do.", job_id)
        return "missing"
    claimed = dossier_job_start(job_id=job_id)
    if claimed is None:
        return DossierJob.objects.values_list("status", flat=True).get(pk=job_id)
    job, run_id = claimed
    try:
        with jobs.job_heartbeat(model=DossierJob, pk=job.pk, run_id=run_id):
            _dossier_job_render(job, run_id)
    except Exception:
        # Back to the queue for the task to retry or fail it, unless another
        # run holds the job by now (then that run gives the result).
        if not jobs.job_release(model=DossierJob, pk=job.pk, run_id=run_id):
            logger.exception("Dossier job %s: error in a superseded run.", job.pk)
            return "superseded"
        raise
    return DossierJob.objects.values_list("status", flat=True).get(pk=job_id)


def _dossier_job_render(job: DossierJob, run_id: uuid.UUID) -> None:
    content = dossier_content(area=job.area, kind=job.kind, language=job.language)
    fingerprint = content.fingerprint
    previous = selectors.dossier_job_reusable(
        area=job.area,
        kind=job.kind,
        language=job.language,
        fingerprint=fingerprint,
    )
    if previous is not None and previous.pk != job.pk:
        dossier_job_finish(
            job=job,
            run_id=run_id,
            file_name=previous.file.name,
            fingerprint=fingerprint,
            page_count=previous.page_count,
            size=previous.size,
            reused_from=previous,
        )
        return
    job.fingerprint = fingerprint
    with translation.override(job.language):
        rendered = render_pdf_document(
            content.template_name, dossier_render_context(content, job=job)
        )
    with transaction.atomic():
        # The row lock keeps a run that lost its claim from replacing the file
        # of the run that finished.
        if not DossierJob.objects.select_for_update().filter(
            pk=job.pk, run_id=run_id, status=DossierJob.Status.RENDERING
        ):
            logger.info("Dossier job %s was finished by another run.", job.pk)
            return
        name = dossier_file_write(job=job, content=rendered.content)
        dossier_job_finish(
            job=job,
            run_id=run_id,
            file_name=name,
            fingerprint=fingerprint,
            page_count=rendered.page_count,
            size=len(rendered.content),
        )
