"""Writes of the reports app: requesting, building and finishing PDF jobs."""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from safecommunity.core.models import AuditEntry, Municipality, User
from safecommunity.core.pdf import render_pdf_document
from safecommunity.core.services import audit_record

from . import selectors
from .dossier import dossier_content, dossier_render_context
from .models import DossierJob, dossier_file_path

logger = logging.getLogger(__name__)

# A queued or rendering job older than this is not waited for by a new request.
ACTIVE_JOB_MAX_AGE = datetime.timedelta(minutes=30)


def _language(language: str | None) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    candidate = (language or translation.get_language() or "")[:2]
    return candidate if candidate in codes else settings.LANGUAGE_CODE


@transaction.atomic
def dossier_request(
    *,
    municipality: Municipality,
    actor: User | None,
    kind: str = DossierJob.Kind.DOSSIER,
    language: str | None = None,
    enqueue: bool = True,
) -> DossierJob:
    """Queue a PDF job, or return the ready or running job for unchanged data."""
    language = _language(language)
    fingerprint = dossier_content(
        municipality=municipality, kind=kind, language=language
    ).fingerprint
    # Serialise requests for one municipality so a double click queues once.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    lookup = {
        "municipality": municipality,
        "kind": kind,
        "language": language,
        "fingerprint": fingerprint,
    }
    job = selectors.dossier_job_reusable(**lookup)
    if job is None:
        active = selectors.dossier_job_active(**lookup)
        if active and active.created_at >= timezone.now() - ACTIVE_JOB_MAX_AGE:
            return active
        job = DossierJob.objects.create(
            **lookup, requested_by=actor if actor and actor.pk else None
        )
        if enqueue:
            from .tasks import build_dossier

            job_id = job.pk
            transaction.on_commit(lambda: build_dossier.delay(job_id))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        obj=job,
        municipality=municipality,
    )
    return job


def dossier_job_start(*, job_id: int) -> DossierJob | None:
    """Mark a queued (or redelivered) job as rendering; None when it is finished."""
    updated = DossierJob.objects.filter(
        pk=job_id,
        status__in=[DossierJob.Status.QUEUED, DossierJob.Status.RENDERING],
    ).update(
        status=DossierJob.Status.RENDERING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not updated:
        return None
    return DossierJob.objects.select_related("municipality__county__country").get(
        pk=job_id
    )


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
    file_name: str,
    fingerprint: str,
    page_count: int | None,
    size: int | None,
    reused_from: DossierJob | None = None,
) -> DossierJob:
    """Mark a job ready with its stored file."""
    job.file.name = file_name
    job.fingerprint = fingerprint
    job.page_count = page_count
    job.size = size
    job.reused_from = reused_from
    job.status = DossierJob.Status.READY
    job.failure_reason = ""
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "file",
            "fingerprint",
            "page_count",
            "size",
            "reused_from",
            "status",
            "failure_reason",
            "finished_at",
        ]
    )
    return job


def dossier_job_fail(*, job_id: int, reason: str) -> None:
    """Mark an unfinished job as failed with a reason shown to the user."""
    DossierJob.objects.filter(pk=job_id).exclude(status=DossierJob.Status.READY).update(
        status=DossierJob.Status.FAILED,
        failure_reason=reason[:300],
        finished_at=timezone.now(),
    )


def dossier_job_build(*, job_id: int) -> str:
    """Build the PDF of a job from live data; idempotent; returns the final status.

    Must run inside `pdf_rendering_allowed()` (the task and the command do).
    """
    job = DossierJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Dossier job %s does not exist; nothing to do.", job_id)
        return "missing"
    if job.status == DossierJob.Status.READY and job.has_file:
        return job.status
    job = dossier_job_start(job_id=job_id)
    if job is None:
        return DossierJob.objects.values_list("status", flat=True).get(pk=job_id)
    content = dossier_content(
        municipality=job.municipality, kind=job.kind, language=job.language
    )
    fingerprint = content.fingerprint
    previous = selectors.dossier_job_reusable(
        municipality=job.municipality,
        kind=job.kind,
        language=job.language,
        fingerprint=fingerprint,
    )
    if previous is not None and previous.pk != job.pk:
        dossier_job_finish(
            job=job,
            file_name=previous.file.name,
            fingerprint=fingerprint,
            page_count=previous.page_count,
            size=previous.size,
            reused_from=previous,
        )
        return job.status
    job.fingerprint = fingerprint
    with translation.override(job.language):
        rendered = render_pdf_document(
            content.template_name, dossier_render_context(content, job=job)
        )
    name = dossier_file_write(job=job, content=rendered.content)
    dossier_job_finish(
        job=job,
        file_name=name,
        fingerprint=fingerprint,
        page_count=rendered.page_count,
        size=len(rendered.content),
    )
    return job.status
