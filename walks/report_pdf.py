"""The walk report PDF and the overdue reminders; both run only in the worker."""

from __future__ import annotations

import base64
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programmes.selectors.programme import programme_coordinators
from safecommunity.core import jobs
from safecommunity.core.languages import portal_language
from safecommunity.core.models import Document
from safecommunity.core.notifications import notify, plain_subject
from safecommunity.core.pdf import render_pdf
from safecommunity.core.services import document_create

from .models import Finding, SafetyWalk, WalkReportJob
from .selectors.walks import FOLLOW_UP_STATUSES, walk_findings


def _thumbnail_uris(finding: Finding) -> list[str]:
    """The finding's thumbnails as data URIs, read from storage (never over HTTP)."""
    uris = []
    for photo in finding.photos.all():
        if photo.thumbnail is None:
            continue
        try:
            with photo.thumbnail.file.open("rb") as handle:
                content = base64.b64encode(handle.read()).decode("ascii")
        except FileNotFoundError:
            continue
        uris.append(f"data:image/jpeg;base64,{content}")
    return uris


def walk_report_render(*, walk: SafetyWalk) -> bytes:
    """The PDF bytes of a walk's report; only inside pdf_rendering_allowed()."""
    findings = list(walk_findings(walk=walk))
    for finding in findings:
        finding.thumbnail_uris = _thumbnail_uris(finding)  # type: ignore[attr-defined]
    context = {
        "walk": walk,
        "municipality": walk.programme.municipality,
        "participants": list(walk.participants.all()),
        "sections": [
            (
                _("Short-term recommendations"),
                [f for f in findings if f.term == Finding.Term.SHORT],
            ),
            (
                _("Long-term recommendations"),
                [f for f in findings if f.term == Finding.Term.LONG],
            ),
            (_("Other findings"), [f for f in findings if not f.term]),
        ],
        "generated_at": timezone.now(),
    }
    return render_pdf("pdf/walk_report.html", context)


def _report_document(walk: SafetyWalk, run_id) -> Document | None:
    """The walk's report, made now if missing; None when another run holds the job."""
    if walk.report_id:
        return walk.report
    content = walk_report_render(walk=walk)
    name = f"safety-walk-{walk.pk}.pdf"
    with transaction.atomic():
        locked = SafetyWalk.objects.select_for_update().get(pk=walk.pk)
        if not jobs.job_holds_claim(
            model=WalkReportJob, pk=walk.report_job.pk, run_id=run_id
        ):
            return None
        if locked.report_id:
            return locked.report
        document = document_create(
            actor=None,
            upload=SimpleUploadedFile(name, content, "application/pdf"),
            title=_("Safety walk report: %(area)s") % {"area": walk.area},
            municipality=walk.programme.municipality,
            allowed=frozenset({"pdf"}),
        )
        SafetyWalk.objects.filter(pk=walk.pk).update(report=document)
    walk.report = document
    return document


def walk_report_request(
    *, walk: SafetyWalk, language: str | None = None
) -> WalkReportJob:
    """Queue the report of a walk just reported (after the transaction commits),
    written in `language` (by default the active one: the reporter's)."""
    language = portal_language(language)
    job, created = WalkReportJob.objects.get_or_create(
        walk=walk, defaults={"language": language}
    )
    if created:
        transaction.on_commit(job.job_send)
    else:
        WalkReportJob.objects.filter(pk=job.pk).update(language=language)
        job.language = language
        jobs.job_restart(job=job)
    return job


def walk_report_retry(*, walk: SafetyWalk) -> bool:
    """The user's "try again" for a report that failed or stopped."""
    job = WalkReportJob.objects.filter(walk=walk).first()
    return job is not None and jobs.job_restart(job=job)


def walk_report_build(*, walk_id: int) -> str:
    """Make the report of a reported walk once and e-mail it to the participants once."""
    walk = (
        SafetyWalk.objects.select_related("programme__municipality", "report")
        .filter(pk=walk_id, status=SafetyWalk.Status.REPORTED)
        .first()
    )
    if walk is None:
        return "skipped"
    job, _created = WalkReportJob.objects.get_or_create(walk=walk)
    run_id = jobs.job_claim(model=WalkReportJob, pk=job.pk)
    if run_id is None:
        return "skipped"
    try:
        with (
            jobs.job_heartbeat(model=WalkReportJob, pk=job.pk, run_id=run_id),
            translation.override(portal_language(job.language)),
        ):
            outcome = _report_make_and_send(walk, run_id)
    except Exception:
        if not jobs.job_release(model=WalkReportJob, pk=job.pk, run_id=run_id):
            return "skipped"  # another run holds the job and gives the result
        raise
    jobs.job_finish(
        model=WalkReportJob,
        pk=job.pk,
        run_id=run_id,
        status=WalkReportJob.JOB_DONE,
        finished_at=timezone.now(),
    )
    return outcome


def walk_report_fail(*, walk_id: int, reason: str) -> None:
    """Mark the report job of a walk failed (when no run holds it)."""
    job = WalkReportJob.objects.filter(walk_id=walk_id).first()
    if job is not None:
        jobs.job_fail(model=WalkReportJob, pk=job.pk, run_id=None, reason=reason)


def _report_make_and_send(walk: SafetyWalk, run_id) -> str:
    if walk.report_sent_at is not None:
        return "skipped"
    document = _report_document(walk, run_id)
    if document is None:
        return "skipped"
    with transaction.atomic():
        claimed = SafetyWalk.objects.filter(
            pk=walk.pk, report_sent_at__isnull=True
        ).update(report_sent_at=timezone.now())
    if not claimed:
        return "skipped"
    addresses = sorted({p.email for p in walk.participants.all() if p.email})
    with document.file.open("rb") as handle:
        content = handle.read()
    for address in addresses:
        message = EmailMessage(
            subject=plain_subject(
                _("Report of the safety walk: %(area)s") % {"area": walk.area}
            ),
            body=_(
                "Thank you for walking with us. The report of the safety walk in "
                "%(area)s is attached. It lists what was found and who will follow "
                "it up."
            )
            % {"area": walk.area},
            to=[address],
        )
        message.attach(document.original_name, content, "application/pdf")
        message.send(fail_silently=False)
    return "sent"


def finding_overdue_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail coordinators once per finding whose due date has passed; returns how many."""
    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        due = list(
            Finding.objects.select_for_update(of=("self",))
            .filter(
                status__in=FOLLOW_UP_STATUSES,
                merged_into__isnull=True,
                due_date__lt=today,
                reminder_sent_at__isnull=True,
            )
            .select_related("walk__programme__municipality")
            .order_by("walk__programme_id", "due_date", "id")
        )
        by_programme: dict[int, list[Finding]] = {}
        for finding in due:
            by_programme.setdefault(finding.walk.programme_id, []).append(finding)
        for findings in by_programme.values():
            programme = findings[0].walk.programme
            municipality = programme.municipality
            if municipality is None:  # walks belong to municipal programmes
                continue
            board = reverse("walks:finding-board", args=[municipality.key])

            def body(findings=findings, municipality=municipality) -> str:
                lines = [
                    f"- {f.place} ({f.get_category_display()}), "
                    f"{f.responsible_body}, "
                    f"{date_format(f.due_date, 'SHORT_DATE_FORMAT')}"
                    for f in findings
                ]
                return _(
                    "These findings from safety walks in %(municipality)s have passed "
                    "their due date:\n\n%(lines)s\n\nFollow them up on the board:"
                ) % {"municipality": municipality.name, "lines": "\n".join(lines)}

            notify(
                users=list(programme_coordinators(programme=programme)),
                subject=lambda: _("Findings from safety walks are overdue"),
                body=body,
                url=board,
            )
            sent += len(findings)
        Finding.objects.filter(pk__in=[f.pk for f in due]).update(
            reminder_sent_at=timezone.now()
        )
    return sent


def walk_invitations_send(*, link_id: int, url: str) -> int:
    """E-mail the walk link to every participant with an address, once per link."""
    from django.conf import settings
    from django.core.mail import get_connection

    from .models import WalkLink

    with transaction.atomic():
        link = (
            WalkLink.objects.select_for_update(of=("self",))
            .select_related("walk__programme__municipality")
            .get(pk=link_id)
        )
        if link.invitations_sent_at is not None or link.revoked_at is not None:
            return 0
        walk = link.walk
        subject = plain_subject(
            _("Invitation to a safety walk: %(area)s") % {"area": walk.area}
        )
        body = _(
            "You are invited to the safety walk in %(area)s on %(when)s.\n\n"
            "%(purpose)s\n\n"
            "During the walk, log what you find through this link (no account "
            "needed; it works for this walk only, until %(expires)s):\n%(url)s"
        ) % {
            "area": walk.area,
            "when": date_format(
                timezone.localtime(walk.starts_at), "SHORT_DATETIME_FORMAT"
            ),
            "purpose": walk.purpose,
            "expires": date_format(
                timezone.localtime(link.expires_at), "SHORT_DATE_FORMAT"
            ),
            "url": url,
        }
        messages = [
            EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [participant.email]
            )
            for participant in walk.participants.exclude(email="")
        ]
        sent = get_connection().send_messages(messages) or 0
        link.invitations_sent_at = timezone.now()
        link.save(update_fields=["invitations_sent_at"])
    return sent
