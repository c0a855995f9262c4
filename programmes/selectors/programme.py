"""Reads of the programmes app, scoped to the user asking.

Objects the user may not read answer Http404, whether they exist or not.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.http import Http404
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import AuditEntry, County, Municipality, Role, User
from safecommunity.core.selectors import municipality_get

from ..models import (
    FocusArea,
    Initiative,
    InitiativeReport,
    Meeting,
    Partner,
    Programme,
    WorkingGroup,
)

# --- Programmes -------------------------------------------------------------------


def programme_list(
    *,
    user: User,
    query: str = "",
    county: County | None = None,
    status: str = "",
) -> QuerySet[Programme]:
    """Programmes of the municipalities the user may read, with their initiatives
    counted (running and all), searched by municipality name or code."""
    qs = Programme.objects.select_related("municipality__county__country").annotate(
        initiatives_total=Count("initiatives", distinct=True),
        initiatives_running=Count(
            "initiatives",
            filter=Q(initiatives__status=Initiative.Status.RUNNING),
            distinct=True,
        ),
    )
    # Regional programmes are listed on their own page (`regions`).
    qs = qs.filter(municipality__isnull=False)
    ids = core_permissions.readable_municipality_ids(user)
    if ids is not None:
        qs = qs.filter(municipality__in=ids)
    if query:
        qs = qs.filter(
            Q(municipality__name__icontains=query)
            | Q(municipality__code__startswith=query)
        )
    if county is not None:
        qs = qs.filter(municipality__county=county)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("municipality__county__code", "municipality__code")


def programme_counties(*, user: User) -> QuerySet[County]:
    """Counties with a programme the user may read, for the list's filter."""
    ids = core_permissions.readable_municipality_ids(user)
    with_programme: dict[str, object] = {"municipalities__programme__isnull": False}
    if ids is not None:
        with_programme["municipalities__in"] = ids
    return County.objects.filter(**with_programme).distinct().order_by("code")


def programme_find(*, user: User, code: str) -> tuple[Municipality, Programme | None]:
    """A readable municipality by code and its programme, if it has one yet."""
    municipality = municipality_get(user=user, code=code)
    programme = (
        Programme.objects.select_related("municipality__county__country")
        .filter(municipality=municipality)
        .first()
    )
    return municipality, programme


def programme_get(*, user: User, code: str) -> Programme:
    """The programme of a readable municipality; 404 when hidden or not started."""
    _municipality, programme = programme_find(user=user, code=code)
    if programme is None:
        raise Http404
    return programme


def programme_coordinators(*, programme: Programme) -> QuerySet[User]:
    """Active users who coordinate the programme: named on it, or coordinators of its municipality."""
    return User.objects.filter(
        Q(role=Role.COORDINATOR, municipalities=programme.municipality)
        | Q(coordinated_programmes=programme),
        is_active=True,
    ).distinct()


def focus_area_list(*, programme: Programme) -> QuerySet[FocusArea]:
    """Focus areas of a programme in priority order, with initiative counts."""
    return programme.focus_areas.annotate(initiative_count=Count("initiatives"))


# --- Overview and annual report ----------------------------------------------------


@dataclass
class ProgrammeOverview:
    counts: dict[str, int]
    running_without_report: list[Initiative]
    ending_soon: list[Initiative]
    next_meeting: Meeting | None
    latest_changes: list[AuditEntry]
    focus_areas: list[FocusArea] = field(default_factory=list)


def programme_overview(*, programme: Programme, today: datetime.date | None = None):
    """What the coordinator's front page shows: counts, what is due, latest changes."""
    today = today or timezone.localdate()
    initiatives = programme.initiatives.all()
    counts = dict(initiatives.values_list("status").annotate(n=Count("id")).order_by())
    counts.update(
        {
            "members": programme.members.count(),
            "working_groups": programme.working_groups.count(),
            "partners": programme.partners.count(),
            "meetings": programme.meetings.filter(date__year=today.year).count(),
        }
    )
    year_start = datetime.date(today.year, 1, 1)
    recent_report = InitiativeReport.objects.filter(
        initiative=OuterRef("pk"), period_end__gte=year_start
    )
    due = (
        initiatives.filter(status=Initiative.Status.RUNNING)
        .filter(~Exists(recent_report))
        .select_related("focus_area")
        .order_by("start_date")[:10]
    )
    ending = (
        initiatives.filter(
            status__in=[Initiative.Status.RUNNING, Initiative.Status.PLANNED],
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=60),
        )
        .select_related("focus_area")
        .order_by("end_date")[:10]
    )
    next_meeting = programme.meetings.filter(date__gte=today).order_by("date").first()
    latest = (
        AuditEntry.objects.filter(
            municipality=programme.municipality,
            content_type__app_label="programmes",
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:10]
    )
    return ProgrammeOverview(
        counts=counts,
        running_without_report=list(due),
        ending_soon=list(ending),
        next_meeting=next_meeting,
        latest_changes=list(latest),
        focus_areas=list(focus_area_list(programme=programme)),
    )


@dataclass
class AnnualReport:
    programme: Programme
    year: int
    sections: list[tuple[FocusArea | None, list[InitiativeReport]]]
    total_reach: int
    initiative_count: int
    meetings: list[Meeting]


def annual_report(*, programme: Programme, year: int) -> AnnualReport:
    """The year's initiative reports grouped by focus area, with totals and meetings."""
    reports = list(
        InitiativeReport.objects.filter(
            initiative__programme=programme,
            period_start__lte=datetime.date(year, 12, 31),
            period_end__gte=datetime.date(year, 1, 1),
        )
        .select_related("initiative__focus_area")
        .order_by("initiative__focus_area__priority", "initiative__title", "period_end")
    )
    sections: dict[int | None, tuple[FocusArea | None, list]] = {}
    for report in reports:
        area = report.initiative.focus_area
        key = area.pk if area else None
        sections.setdefault(key, (area, []))[1].append(report)
    return AnnualReport(
        programme=programme,
        year=year,
        sections=list(sections.values()),
        total_reach=sum(r.reach or 0 for r in reports),
        initiative_count=len({r.initiative_id for r in reports}),
        meetings=list(programme.meetings.filter(date__year=year).order_by("date")),
    )


# What refers to a record and would be lost with it, as the reader counts it.
_IN_USE = {
    "reports": ngettext_lazy("%(n)d periodic report", "%(n)d periodic reports", "n"),
    "attachments": ngettext_lazy(
        "%(n)d attached document", "%(n)d attached documents", "n"
    ),
    "minutes": ngettext_lazy("%(n)d minutes document", "%(n)d minutes documents", "n"),
    "agreements": ngettext_lazy("%(n)d agreement", "%(n)d agreements", "n"),
    "examples": ngettext_lazy("%(n)d good example", "%(n)d good examples", "n"),
    "members": ngettext_lazy("%(n)d member", "%(n)d members", "n"),
    "initiatives": ngettext_lazy("%(n)d initiative", "%(n)d initiatives", "n"),
    # Kept by records of other apps (on_delete=PROTECT), by the referring model.
    "finding": ngettext_lazy(
        "%(n)d safety walk finding", "%(n)d safety walk findings", "n"
    ),
    "evidence": ngettext_lazy(
        "%(n)d piece of certification evidence",
        "%(n)d pieces of certification evidence",
        "n",
    ),
}


def _kept_by(obj: models.Model) -> list[tuple[str, int]]:
    """Rows that keep `obj` (`on_delete=PROTECT`), by the referring model.

    The schema says what is kept while referred to, so programmes need not
    import the apps (walks, certification) whose records refer to it.
    """
    counts = []
    for relation in obj._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or relation.concrete:
            continue
        if relation.many_to_many or relation.on_delete is not models.PROTECT:
            continue
        model = relation.related_model
        if not isinstance(model, type) or model._meta.model_name not in _IN_USE:
            continue  # still kept: the service refuses on ProtectedError
        n = model._base_manager.filter(**{relation.field.name: obj}).count()
        counts.append((model._meta.model_name, n))
    return counts


def delete_blockers(obj: models.Model) -> list[str]:
    """Why a record cannot be deleted: what refers to it and would be lost.

    Only a record nothing refers to (an entry made by mistake, a duplicate)
    is deleted. An initiative with reports, attachments, findings or
    certification evidence is stopped or completed instead; a meeting with
    minutes or a report used as evidence is kept; a working group is
    emptied of members and initiatives first.
    """
    counts: list[tuple[str, int]] = []
    if isinstance(obj, Initiative):
        counts = [
            ("reports", obj.reports.count()),
            ("attachments", obj.attachments.count()),
            ("examples", obj.good_examples.count()),
        ]
    elif isinstance(obj, Partner):
        counts = [
            (
                "agreements",
                obj.agreements.count() + obj.data_sharing_agreements.count(),
            )
        ]
    elif isinstance(obj, Meeting):
        counts = [("minutes", int(obj.minutes_id is not None))]
    elif isinstance(obj, WorkingGroup):
        counts = [
            ("members", obj.members.count()),
            ("initiatives", obj.initiatives.count()),
        ]
    if isinstance(obj, Initiative | InitiativeReport | Meeting):
        counts += _kept_by(obj)
    return [_IN_USE[name] % {"n": n} for name, n in counts if n]
