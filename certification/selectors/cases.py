"""Reads of cases: one case, lists, the current round, the timeline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from programmes.models import Programme
from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import Role, StatusChange, User

from .. import permissions
from ..models import (
    Application,
    ApplicationSection,
    CaseStatus,
    CertificationCase,
    CertificationMeeting,
    CertifierAssignment,
    Decision,
    ImprovementPoint,
    Statement,
)

OPEN_STATUSES = CaseStatus.open()


def _case_queryset() -> QuerySet[CertificationCase]:
    return CertificationCase.objects.select_related(
        "programme__municipality__county__country"
    )


def case_get(*, user: User, pk: int) -> CertificationCase:
    """One case the user may see; 404 when missing or not theirs to see."""
    case = _case_queryset().filter(pk=pk).first()
    if case is None or not permissions.can_view_case(user, case):
        raise Http404
    return case


def case_open_for_programme(*, programme: Programme) -> CertificationCase | None:
    """The programme's open (not declined or lapsed) case, if any."""
    return (
        _case_queryset()
        .filter(programme=programme, status__in=OPEN_STATUSES)
        .order_by("-id")
        .first()
    )


def case_list(
    *,
    user: User,
    status: str = "",
    query: str = "",
    overdue: bool = False,
) -> QuerySet[CertificationCase]:
    """Cases the user may see, filtered, with certifiers prefetched."""
    qs = _case_queryset().prefetch_related(
        Prefetch(
            "assignments",
            queryset=CertifierAssignment.objects.active().select_related("certifier"),
            to_attr="active_assignments",
        )
    )
    if core_permissions.has_role(user, Role.CERTIFIER) and not (
        core_permissions.is_secretariat(user)
    ):
        qs = qs.filter(
            assignments__certifier=user, assignments__removed_at__isnull=True
        ).distinct()
    else:
        ids = core_permissions.readable_municipality_ids(user)
        if ids is not None:
            qs = qs.filter(programme__municipality__in=ids)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(
            Q(programme__municipality__name__icontains=query)
            | Q(programme__municipality__code__startswith=query)
        )
    if overdue:
        qs = qs.filter(due_date__lt=timezone.localdate())
    return qs.order_by("due_date", "programme__municipality__code", "id")


def certifier_worklist(*, user: User) -> QuerySet[CertificationCase]:
    """The certifier's cases, with the state of their own assignment."""
    mine = CertifierAssignment.objects.active().filter(certifier=user)
    return (
        _case_queryset()
        .filter(assignments__in=mine)
        .distinct()
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=mine.order_by("-round"),
                to_attr="my_assignments",
            )
        )
        .order_by("due_date", "id")
    )


class CaseRound:
    """The case's records of its current round, each read when first asked for."""

    def __init__(self, case: CertificationCase) -> None:
        self.case = case

    @cached_property
    def assignments(self) -> list[CertifierAssignment]:
        return list(
            CertifierAssignment.objects.active_on(self.case).select_related("certifier")
        )

    @cached_property
    def meeting(self) -> CertificationMeeting | None:
        return self.case.meetings.filter(round=self.case.round).first()

    @cached_property
    def statement(self) -> Statement | None:
        return (
            Statement.objects.filter(case=self.case, round=self.case.round)
            .prefetch_related("assessments__step", "improvement_points")
            .first()
        )

    @cached_property
    def decision(self) -> Decision | None:
        return Decision.objects.filter(case=self.case, round=self.case.round).first()


def case_round(*, case: CertificationCase) -> CaseRound:
    """The one way to the current round's certifiers, meeting, statement, decision."""
    return CaseRound(case)


def case_assignments(*, case: CertificationCase) -> QuerySet[CertifierAssignment]:
    """The case's certifiers of every round, not removed, oldest round first."""
    return (
        CertifierAssignment.objects.active()
        .filter(case=case)
        .select_related("certifier")
        .order_by("round", "id")
    )


def application_sections(
    *, case: CertificationCase
) -> tuple[Application | None, list[ApplicationSection]]:
    """The current round's application and its sections, with an unsaved section
    for each focus area that has none yet (saving the application makes them)."""
    application = (
        Application.objects.filter(case=case, round=case.round)
        .select_related("copied_from")
        .first()
    )
    sections = list(application.sections.all()) if application else []
    covered = {section.focus_area_id for section in sections}
    sections += [
        ApplicationSection(focus_area=area, focus_area_title=area.title)
        for area in case.programme.focus_areas.exclude(pk__in=covered)
    ]
    return application, sections


@dataclass
class TimelineEntry:
    when: datetime.datetime
    who: User | None
    kind: str  # "status" or "comment"
    from_status: str = ""
    to_status: str = ""
    text: str = ""
    about: str = ""


def case_timeline(*, case: CertificationCase) -> list[TimelineEntry]:
    """Status changes and comments of a case, oldest first."""
    status_label = CaseStatus.label_of
    ct = ContentType.objects.get_for_model(CertificationCase)
    entries = [
        TimelineEntry(
            when=row.created_at,
            who=row.actor,
            kind="status",
            from_status=status_label(row.from_status) if row.from_status else "",
            to_status=status_label(row.to_status),
            text=row.comment,
        )
        for row in StatusChange.objects.filter(
            content_type=ct, object_id=case.pk
        ).select_related("actor")
    ]
    for comment in case.comments.select_related("author", "step", "requirement"):
        about = str(comment.requirement or comment.step or "")
        entries.append(
            TimelineEntry(
                when=comment.created_at,
                who=comment.author,
                kind="comment",
                text=comment.body,
                about=about,
            )
        )
    entries.sort(key=lambda e: e.when)
    return entries


def improvement_points(*, case: CertificationCase) -> list[ImprovementPoint]:
    """The points for improvement of every statement of the case."""
    return list(
        ImprovementPoint.objects.filter(statement__case=case).select_related(
            "statement"
        )
    )
