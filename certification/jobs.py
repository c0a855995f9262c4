"""Worker-side jobs of certification: the diploma PDF, reminders, the expiry sweep.

Celery tasks in `tasks.py` call these; nothing here runs in a request.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from safecommunity.core import jobs
from safecommunity.core.models import User
from safecommunity.core.notifications import notify
from safecommunity.core.pdf import render_pdf
from safecommunity.core.services import document_create
from safecommunity.core.workflow import TransitionError

from .dates import add_months
from .guards import certificate_expired, certificate_expiring
from .models import (
    CaseStatus,
    Certificate,
    CertificationCase,
    DiplomaJob,
    ExpiryReminder,
)
from .notifications import people_concerned
from .paths import programme_path_url
from .services.cases import certification_case_transition

REMINDER_MONTHS = (12, 6, 1)


def certificate_diploma_store(*, certificate_id: int) -> Certificate:
    """Render the diploma PDF in the worker and keep it as a private document.

    The PDF is rendered outside any transaction, so no lock is held while
    WeasyPrint works; the short transaction that stores it locks the row and
    stores a diploma only for the run that holds the job, and only once.
    """
    certificate = Certificate.objects.select_related(
        "case__programme__municipality__county__country",
        "case__programme__county__country",
    ).get(pk=certificate_id)
    if certificate.diploma_id:
        return certificate
    job, _created = DiplomaJob.objects.get_or_create(certificate=certificate)
    run_id = jobs.job_claim(model=DiplomaJob, pk=job.pk)
    if run_id is None:
        return certificate  # another run holds it, or it has failed
    try:
        with jobs.job_heartbeat(model=DiplomaJob, pk=job.pk, run_id=run_id):
            return _diploma_render_and_store(certificate, job, run_id)
    except Exception:
        if not jobs.job_release(model=DiplomaJob, pk=job.pk, run_id=run_id):
            return certificate  # another run holds the job and gives the result
        raise


def _diploma_render_and_store(
    certificate: Certificate, job: DiplomaJob, run_id: uuid.UUID
) -> Certificate:
    programme = certificate.case.programme
    municipality = programme.municipality
    pdf = render_pdf(
        "pdf/certification/diploma.html",
        {
            "certificate": certificate,
            "area": programme.area,
            "members": programme.area_municipalities() if programme.is_regional else [],
            "focus_areas": list(programme.focus_areas.all()),
        },
    )
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not jobs.job_holds_claim(model=DiplomaJob, pk=job.pk, run_id=run_id):
            return locked
        if not locked.diploma_id:
            locked.diploma = document_create(
                actor=None,
                upload=SimpleUploadedFile(
                    f"diploma-{certificate.number}.pdf",
                    pdf,
                    content_type="application/pdf",
                ),
                title=_("Diploma %(number)s") % {"number": certificate.number},
                municipality=municipality,
                county=programme.county,
            )
            locked.save(update_fields=["diploma"])
        jobs.job_finish(
            model=DiplomaJob,
            pk=job.pk,
            run_id=run_id,
            status=DiplomaJob.JOB_DONE,
            finished_at=timezone.now(),
        )
    return locked


def certificate_diploma_fail(*, certificate_id: int, reason: str) -> None:
    """Mark the diploma job failed (when no run holds it), for the user to retry."""
    job = DiplomaJob.objects.filter(certificate_id=certificate_id).first()
    if job is not None:
        jobs.job_fail(model=DiplomaJob, pk=job.pk, run_id=None, reason=reason)


def _reminder_recipients(certificate: Certificate) -> list[User]:
    return people_concerned(certificate.case, secretariat=True)


def _expiry_notify(*, certificate: Certificate, months: int) -> None:
    """Tell the people concerned, each in their language, that a certificate expires."""
    notify(
        users=_reminder_recipients(certificate),
        subject=lambda: (
            _("%(municipality)s: the Safe Community certificate expires on %(date)s")
            % {
                "municipality": certificate.case.programme.area.name,
                "date": date_format(certificate.expires_on, "DATE_FORMAT"),
            }
        ),
        body=lambda: (
            _(
                "Certificate %(number)s expires in less than %(months)d month(s). "
                "Start the recertification in Trygg."
            )
            % {"number": certificate.number, "months": months}
        ),
        url=_path_url(certificate.case.programme),
    )


def certificate_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send due expiry reminders (12, 6, 1 months); each is recorded and sent once."""
    today = today or timezone.localdate()
    sent = 0
    certificates = Certificate.objects.filter(
        expires_on__gte=today,
        expires_on__lte=add_months(today, max(REMINDER_MONTHS)),
    ).select_related("case__programme__municipality__county__country")
    for certificate in certificates:
        if CaseStatus(certificate.case.status).is_closed:
            continue
        if certificate.case.certificates.filter(round__gt=certificate.round).exists():
            continue  # a newer certificate replaced this one
        due = [
            m
            for m in REMINDER_MONTHS
            if add_months(certificate.expires_on, -m) <= today
        ]
        if not due:
            continue
        with transaction.atomic():
            recorded = set(
                ExpiryReminder.objects.select_for_update()
                .filter(certificate=certificate)
                .values_list("months_before", flat=True)
            )
            new = [m for m in due if m not in recorded]
            if not new:
                continue
            try:
                with transaction.atomic():
                    for months in new:
                        ExpiryReminder.objects.create(
                            certificate=certificate, months_before=months
                        )
            except IntegrityError:
                continue  # another worker recorded it first
            # When several fall due at once, one message names the nearest.
            months = min(new)
            _expiry_notify(certificate=certificate, months=months)
            sent += 1
    return sent


def certificates_expiry_sweep(*, today: datetime.date | None = None) -> dict[str, int]:
    """Open recertification 12 months before expiry; lapse expired certificates."""
    today = today or timezone.localdate()
    counts = {"recertification_due": 0, "lapsed": 0}
    cases = CertificationCase.objects.filter(
        status__in=[CaseStatus.CERTIFIED, CaseStatus.RECERTIFICATION_DUE]
    ).select_related("programme__municipality")
    for case in cases:
        target = None
        if certificate_expired(case, "") is None:
            target = CaseStatus.LAPSED
        elif (
            case.status == CaseStatus.CERTIFIED
            and certificate_expiring(case, "") is None
        ):
            target = CaseStatus.RECERTIFICATION_DUE
        if target is None:
            continue
        try:
            certification_case_transition(
                case=case,
                to_status=target,
                actor=None,
                comment=_("Changed by the scheduled expiry check."),
            )
        except TransitionError:
            continue  # someone moved it meanwhile; the next run looks again
        counts[target] += 1
    return counts


def _path_url(programme) -> str:
    """The programme's certification path, a municipality's or a region's."""
    return programme_path_url("path", programme)
