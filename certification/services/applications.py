"""The application per focus area, and the follow-up of points for improvement."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core.models import AuditEntry, User
from safecommunity.core.services import audit_record, model_snapshot

from .. import permissions
from ..models import (
    Application,
    ApplicationSection,
    CaseStatus,
    CertificationCase,
    ImprovementPoint,
)

# Statuses in which the coordinator may still change the application.
APPLICATION_EDITABLE = frozenset(
    {
        CaseStatus.DRAFT,
        CaseStatus.PROFILE_SUBMITTED,
        CaseStatus.CERTIFIERS_ASSIGNED,
        CaseStatus.STEPS_IN_PROGRESS,
        CaseStatus.DEFERRED,
        CaseStatus.RECERTIFICATION_DUE,
    }
)


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
    *,
    section: ApplicationSection,
    actor: User,
    introduction: str = "",
    goal: str = "",
    ongoing_measures: str = "",
    needs: str = "",
) -> ApplicationSection:
    """Save the application text for one focus area."""
    case = section.application.case
    if not permissions.can_edit_programme_path(actor, case.programme):
        raise PermissionDenied
    if (
        case.status not in APPLICATION_EDITABLE
        or section.application.round != case.round
    ):
        raise ValidationError(_("The application can no longer be changed."))
    before = model_snapshot(section)
    section.introduction = introduction.strip()
    section.goal = goal.strip()
    section.ongoing_measures = ongoing_measures.strip()
    section.needs = needs.strip()
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


@dataclass(frozen=True)
class SectionTexts:
    """The texts typed for one section (saved, or not yet made for a new focus area)."""

    section: ApplicationSection
    introduction: str = ""
    goal: str = ""
    ongoing_measures: str = ""
    needs: str = ""


@transaction.atomic
def application_save(
    *, case: CertificationCase, actor: User, sections: list[SectionTexts]
) -> Application:
    """Save the current round's application, making the sections of new focus areas."""
    if not permissions.can_edit_programme_path(actor, case.programme):
        raise PermissionDenied
    if case.status not in APPLICATION_EDITABLE:
        raise ValidationError(_("The application can no longer be changed."))
    application = application_prepare(case=case, actor=actor)
    made = {s.focus_area_id: s for s in application.sections.all()}
    for texts in sections:
        section = (
            texts.section if texts.section.pk else made[texts.section.focus_area_id]
        )
        section.application = application
        application_section_save(
            section=section,
            actor=actor,
            introduction=texts.introduction,
            goal=texts.goal,
            ongoing_measures=texts.ongoing_measures,
            needs=texts.needs,
        )
    return application


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
