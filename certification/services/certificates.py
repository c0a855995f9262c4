"""Certificates: issue, diploma, reminders, expiry; the application and follow-up."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core import jobs
from safecommunity.core.models import AuditEntry, User
from safecommunity.core.services import audit_record, document_create, model_snapshot

from .. import permissions
from ..dates import add_months
from ..models import (
    Application,
    ApplicationSection,
    CaseStatus,
    Certificate,
    CertificationCase,
    DiplomaJob,
    ExpiryReminder,
    ImprovementPoint,
)

REMINDER_MONTHS = (12, 6, 1)


def certificate_expiry(issued_on: datetime.date) -> datetime.date:
    """The expiry date of a certificate issued on `issued_on`."""
    years = int(getattr(settings, "CERTIFICATE_VALIDITY_YEARS", 5))
    return add_months(issued_on, 12 * years)


@transaction.atomic
def certificate_issue(*, case: CertificationCase, actor: User) -> Certificate:
    """Issue the certificate of an approved case, certify it and queue the diploma."""
    from ..workflow import certification_case_transition

    today = timezone.localdate()
    certificate = Certificate.objects.create(
        case=case,
        round=case.round,
        number=f"tmp-{uuid.uuid4().hex[:20]}",
        issued_on=today,
        expires_on=certificate_expiry(today),
        issued_by=actor,
    )
    # The number comes from the row id, so two cases approved at once never clash.
    certificate.number = f"TL-{today.year}-{certificate.pk:05d}"
    certificate.save(update_fields=["number"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=certificate,
        after=model_snapshot(certificate),
        municipality=case.programme.municipality,
    )
    certification_case_transition(
        case=case,
        to_status=CaseStatus.CERTIFIED,
        actor=actor,
        comment=_("Certificate %(number)s issued, valid until %(date)s.")
        % {"number": certificate.number, "date": certificate.expires_on.isoformat()},
    )
    transaction.on_commit(DiplomaJob.objects.create(certificate=certificate).job_send)
    return certificate


def certificate_diploma_store(*, certificate_id: int) -> Certificate:
    """Render the diploma PDF in the worker and keep it as a private document.

    The PDF is rendered outside any transaction, so no lock is held while
    WeasyPrint works; the short transaction that stores it locks the row and
    stores a diploma only for the run that holds the job, and only once.
    """
    certificate = Certificate.objects.select_related(
        "case__programme__municipality__county__country"
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
    from safecommunity.core.pdf import render_pdf

    municipality = certificate.case.programme.municipality
    pdf = render_pdf(
        "pdf/certification/diploma.html",
        {
            "certificate": certificate,
            "municipality": municipality,
            "focus_areas": list(certificate.case.programme.focus_areas.all()),
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


def certificate_diploma_retry(*, certificate: Certificate, actor: User) -> bool:
    """The secretariat's "try again" for a diploma that failed or stopped."""
    job = DiplomaJob.objects.filter(certificate=certificate).first()
    return job is not None and jobs.job_restart(job=job)


def _reminder_recipients(certificate: Certificate):
    from ..notifications import people_concerned

    return people_concerned(certificate.case, secretariat=True)


def certificate_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send due expiry reminders (12, 6, 1 months); each is recorded and sent once."""
    from safecommunity.core.notifications import notify

    today = today or timezone.localdate()
    sent = 0
    certificates = Certificate.objects.filter(
        expires_on__gte=today,
        expires_on__lte=add_months(today, max(REMINDER_MONTHS)),
    ).select_related("case__programme__municipality__county__country")
    for certificate in certificates:
        if certificate.case.status in {CaseStatus.LAPSED, CaseStatus.DECLINED}:
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
            notify(
                users=_reminder_recipients(certificate),
                subject=_(
                    "%(municipality)s: the Safe Community certificate expires on "
                    "%(date)s"
                )
                % {
                    "municipality": certificate.case.programme.municipality.name,
                    "date": certificate.expires_on.isoformat(),
                },
                body=_(
                    "Certificate %(number)s expires in less than %(months)d month(s). "
                    "Start the recertification in Trygg."
                )
                % {"number": certificate.number, "months": months},
                url=reverse(
                    "certification:path",
                    args=[certificate.case.programme.municipality.key],
                ),
            )
            sent += 1
    return sent


def certificates_expiry_sweep(*, today: datetime.date | None = None) -> dict[str, int]:
    """Open recertification 12 months before expiry; lapse expired certificates."""
    from ..guards import certificate_expired, certificate_expiring
    from ..workflow import TransitionError, certification_case_transition

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


@transaction.atomic
def application_prepare(*, case: CertificationCase, actor: User | None) -> Application:
    """The current round's application: copied from the last one, one section per focus area."""
    application, created = Application.objects.get_or_create(
        case=case, round=case.round
    )
    if created:
        previous = (
            Application.objects.filter(case__programme=case.programme)
            .exclude(pk=application.pk)
            .order_by("-created_at", "-id")
            .first()
        )
        if previous is not None:
            application.copied_from = previous
            application.save(update_fields=["copied_from"])
            for section in previous.sections.all():
                section.pk = None
                section.application = application
                section.save()
    have = set(application.sections.values_list("focus_area_id", flat=True))
    for area in case.programme.focus_areas.exclude(pk__in=have):
        ApplicationSection.objects.create(
            application=application, focus_area=area, focus_area_title=area.title
        )
    return application


@transaction.atomic
def application_section_save(
    *, section: ApplicationSection, actor: User, **texts: str
) -> ApplicationSection:
    """Save the application text for one focus area."""
    case = section.application.case
    if not permissions.can_edit_programme_path(actor, case.programme):
        raise PermissionDenied
    if (
        case.status
        not in {
            CaseStatus.DRAFT,
            CaseStatus.PROFILE_SUBMITTED,
            CaseStatus.CERTIFIERS_ASSIGNED,
            CaseStatus.STEPS_IN_PROGRESS,
            CaseStatus.DEFERRED,
            CaseStatus.RECERTIFICATION_DUE,
        }
        or section.application.round != case.round
    ):
        raise ValidationError(_("The application can no longer be changed."))
    before = model_snapshot(section)
    for name in ("introduction", "goal", "ongoing_measures", "needs"):
        setattr(section, name, texts.get(name, "").strip())
    section.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=section,
        before=before,
        after=model_snapshot(section),
        municipality=case.programme.municipality,
    )
    return section


@transaction.atomic
def follow_up_report(
    *, point: ImprovementPoint, actor: User, status: str, report: str
) -> ImprovementPoint:
    """The coordinator reports what has been done about one point for improvement."""
    case = point.statement.case
    if not permissions.can_report_follow_up(actor, case):
        raise PermissionDenied
    if status not in ImprovementPoint.FollowUp.values:
        raise ValidationError(_("Choose a follow-up status."))
    before = model_snapshot(point)
    point.follow_up_status = status
    point.follow_up_report = report.strip()
    point.follow_up_updated_at = timezone.now()
    point.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=point,
        before=before,
        after=model_snapshot(point),
        municipality=case.programme.municipality,
    )
    return point
