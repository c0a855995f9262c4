"""Certificates: issuing one (which certifies the case) and the diploma's retry."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from safecommunity.core import jobs
from safecommunity.core.models import AuditEntry, User
from safecommunity.core.services import audit_record, model_snapshot

from ..dates import add_months
from ..models import CaseStatus, Certificate, CertificationCase, DiplomaJob
from .cases import certification_case_transition


def certificate_expiry(*, issued_on: datetime.date) -> datetime.date:
    """The expiry date of a certificate issued on `issued_on`."""
    years = int(getattr(settings, "CERTIFICATE_VALIDITY_YEARS", 5))
    return add_months(issued_on, 12 * years)


@transaction.atomic
def certificate_issue(*, case: CertificationCase, actor: User) -> Certificate:
    """Issue the certificate of an approved case, certify it and queue the diploma."""
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        case=case,
        round=case.round,
        number=f"tmp-{uuid.uuid4().hex[:20]}",
        issued_on=today,
        expires_on=certificate_expiry(issued_on=today),
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
        % {
            "number": certificate.number,
            "date": date_format(certificate.expires_on, "DATE_FORMAT"),
        },
    )
    transaction.on_commit(DiplomaJob.objects.create(certificate=certificate).job_send)
    return certificate


def certificate_diploma_retry(*, certificate: Certificate, actor: User) -> bool:
    """The secretariat's "try again" for a diploma that failed or stopped."""
    job = DiplomaJob.objects.filter(certificate=certificate).first()
    return job is not None and jobs.job_restart(job=job)
