"""Guard functions of the case workflow: each returns a reason when refused, or None."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .dates import add_months
from .models import (
    REQUIRED_CERTIFIERS,
    Application,
    Certificate,
    CertificationCase,
    CertificationMeeting,
    CertifierAssignment,
    Decision,
    Designation,
    ImprovementPoint,
    SafetyProfile,
    Statement,
    Step,
    StepProgress,
)
from .selectors import missing_requirements, step_progress_map

Guard = Callable[[CertificationCase, str], str | None]


def steps_complete(*numbers: int) -> Guard:
    """The given steps are done (or accepted); the reason names what is missing."""

    def guard(case: CertificationCase, comment: str) -> str | None:
        progress = step_progress_map(case.programme)
        missing = missing_requirements(case.programme, numbers)
        problems = []
        for step in Step.objects.filter(number__in=numbers):
            row = progress.get(step.number)
            if row is not None and row.is_complete:
                continue
            texts = [r.text for r in missing.get(step.number, [])]
            if texts:
                problems.append(
                    _("step %(step)s is not done; missing evidence: %(missing)s")
                    % {"step": step, "missing": "; ".join(texts)}
                )
            else:
                problems.append(
                    _("step %(step)s is not marked as done") % {"step": step}
                )
        if problems:
            return _("Not all steps are complete: %(problems)s.") % {
                "problems": " · ".join(problems)
            }
        return None

    return guard


def safety_profile_submitted(case: CertificationCase, comment: str) -> str | None:
    if SafetyProfile.objects.filter(case=case).exists():
        return None
    return _("Submit the safety profile first (on the safety profile page).")


def two_certifiers_assigned(case: CertificationCase, comment: str) -> str | None:
    """Exactly REQUIRED_CERTIFIERS certifiers are assigned in the current round."""
    count = CertifierAssignment.objects.active_on(case).count()
    if count == REQUIRED_CERTIFIERS:
        return None
    # The messages say "two": REQUIRED_CERTIFIERS in words.
    return ngettext(
        "Two certifiers must be assigned; %(count)d is assigned.",
        "Two certifiers must be assigned; %(count)d are assigned.",
        count,
    ) % {"count": count}


def certifiers_accepted(case: CertificationCase, comment: str) -> str | None:
    waiting = [
        str(a.certifier.get_full_name() or a.certifier.username)
        for a in CertifierAssignment.objects.active_on(case)
        .filter(accepted_at__isnull=True)
        .select_related("certifier")
    ]
    if waiting:
        return _(
            "Waiting for these certifiers to accept and declare their interests: "
            "%(names)s."
        ) % {"names": ", ".join(waiting)}
    return two_certifiers_assigned(case, comment)


def application_complete(case: CertificationCase, comment: str) -> str | None:
    application = Application.objects.filter(case=case, round=case.round).first()
    if application is None or not application.sections.exists():
        return _("Write the application: one section per focus area.")
    incomplete = [
        s.focus_area_title for s in application.sections.all() if not s.is_complete
    ]
    covered = set(application.sections.values_list("focus_area_id", flat=True))
    incomplete += [a.title for a in case.programme.focus_areas.exclude(pk__in=covered)]
    if incomplete:
        return _(
            "The application is incomplete (introduction, goal, ongoing measures and "
            "needs are required) for: %(areas)s."
        ) % {"areas": ", ".join(incomplete)}
    return None


def follow_up_reported(case: CertificationCase, comment: str) -> str | None:
    unreported = ImprovementPoint.objects.filter(
        statement__case=case,
        statement__round__lt=case.round,
        follow_up_updated_at__isnull=True,
    ).count()
    if unreported:
        return ngettext(
            "Report the follow-up of the last statement's points for improvement; "
            "%(count)d is not reported.",
            "Report the follow-up of the last statement's points for improvement; "
            "%(count)d are not reported.",
            unreported,
        ) % {"count": unreported}
    return None


def meeting_held(case: CertificationCase, comment: str) -> str | None:
    meeting = CertificationMeeting.objects.filter(case=case, round=case.round).first()
    if meeting is None:
        return _("Schedule the certification meeting first.")
    if meeting.held_on is None or not meeting.participants.strip():
        return _("Record the meeting: the date it was held and its participants.")
    return None


def statement_complete(case: CertificationCase, comment: str) -> str | None:
    statement = Statement.objects.filter(case=case, round=case.round).first()
    if statement is None:
        return _("Write the statement with a recommendation first.")
    assessed = set(statement.assessments.values_list("step__number", flat=True))
    missing = [str(n) for n in range(1, 9) if n not in assessed]
    if missing:
        return _("The statement has no assessment for step(s) %(steps)s.") % {
            "steps": ", ".join(missing)
        }
    return None


def decision_recorded(outcome: str) -> Guard:
    """A decision with this outcome is recorded for the current round."""

    def guard(case: CertificationCase, comment: str) -> str | None:
        if Decision.objects.filter(
            case=case, round=case.round, outcome=outcome
        ).exists():
            return None
        return _("Record the decision (with reasons) on the decision page.")

    return guard


def certificate_issued(case: CertificationCase, comment: str) -> str | None:
    if Certificate.objects.filter(case=case, round=case.round).exists():
        return None
    return _("No certificate has been issued in this round.")


def _latest_certificate(case: CertificationCase) -> Certificate | None:
    return Certificate.objects.filter(case=case).order_by("-round").first()


def certificate_expiring(case: CertificationCase, comment: str) -> str | None:
    certificate = _latest_certificate(case)
    if certificate is None:
        return _("The case has no certificate.")
    today = timezone.localdate()
    if certificate.expires_on <= add_months(today, 12):
        return None
    return _(
        "Recertification opens 12 months before expiry; the certificate expires on "
        "%(date)s."
    ) % {"date": date_format(certificate.expires_on, "DATE_FORMAT")}


def certificate_expired(case: CertificationCase, comment: str) -> str | None:
    certificate = _latest_certificate(case)
    today: datetime.date = timezone.localdate()
    if certificate is None or certificate.expires_on < today:
        return None
    return _("The certificate is valid until %(date)s.") % {
        "date": date_format(certificate.expires_on, "DATE_FORMAT")
    }


def step_evidence_complete(progress: StepProgress, comment: str) -> str | None:
    """Every required, active requirement of the step has evidence."""
    number = progress.step.number
    missing = missing_requirements(progress.programme, [number]).get(number)
    if missing:
        return _(
            "The step cannot be marked as done; evidence is missing for: %(m)s."
        ) % {"m": "; ".join(r.text for r in missing)}
    return None


def indicators_answered(designation: Designation, comment: str) -> str | None:
    """An ISCCC application is submitted with all six indicators answered."""
    missing = designation.missing()
    if missing:
        return _("Answer every indicator before submitting. Missing: %(missing)s.") % {
            "missing": ", ".join(missing)
        }
    return None
