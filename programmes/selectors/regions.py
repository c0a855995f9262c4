"""Reads of regional programmes, scoped to the user asking.

A regional programme the user may not read answers Http404, whether it
exists or not.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404

from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import Municipality, User

from ..models import InitiativeReport, Meeting, Programme, WorkingGroup
from .organisation import member_list
from .scope import readable_programmes_q


def regional_programme_list(*, user: User) -> QuerySet[Programme]:
    """The regional programmes the user may read, by county."""
    qs = Programme.objects.filter(county__isnull=False).select_related(
        "county__country"
    )
    readable = readable_programmes_q(user)
    if readable is not None:
        qs = qs.filter(readable)
    return qs.order_by("county__country__code", "county__code")


def regional_programme_get(*, user: User, pk: int) -> Programme:
    """One readable regional programme with its members; 404 otherwise."""
    qs = regional_programme_list(user=user).prefetch_related(
        Prefetch(
            "member_municipalities",
            queryset=Municipality.objects.select_related("county__country").order_by(
                "name"
            ),
        )
    )
    programme = qs.filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


@dataclass(frozen=True)
class MemberRow:
    municipality: Municipality
    local_groups: list[WorkingGroup]
    own_programme_status: str
    readable: bool


@dataclass(frozen=True)
class RegionOverview:
    programme: Programme
    members: list[MemberRow]
    management_group: list
    organisations: list[str]


def region_overview(*, user: User, programme: Programme) -> RegionOverview:
    """The member municipalities with their local groups, and the management group."""
    groups: dict[int, list[WorkingGroup]] = {}
    for group in programme.working_groups.filter(
        local_municipality__isnull=False
    ).prefetch_related("members"):
        if group.local_municipality_id is not None:
            groups.setdefault(group.local_municipality_id, []).append(group)
    municipalities = list(programme.member_municipalities.all())
    statuses = dict(
        Programme.objects.filter(municipality__in=municipalities).values_list(
            "municipality_id", "status"
        )
    )
    labels = dict(Programme.Status.choices)
    ids = core_permissions.readable_municipality_ids(user)
    members = [
        MemberRow(
            municipality=m,
            local_groups=groups.get(m.pk, []),
            own_programme_status=str(labels[statuses[m.pk]])
            if m.pk in statuses
            else "",
            readable=ids is None or m.pk in ids,
        )
        for m in municipalities
    ]
    management = list(member_list(programme=programme))
    organisations = sorted({m.organisation for m in management if m.organisation})
    return RegionOverview(
        programme=programme,
        members=members,
        management_group=management,
        organisations=organisations,
    )


@dataclass(frozen=True)
class MemberProgrammeYear:
    """What a member municipality's own programme reported for a year."""

    programme: Programme
    initiatives_reported: int
    reach: int
    meetings: int


def member_programme_years(
    *, programme: Programme, year: int
) -> dict[int, MemberProgrammeYear]:
    """The members' own programmes and their year in figures, by municipality
    id (members without a programme of their own are left out); three queries
    whatever the number of members."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    own: dict[int, Programme] = {
        p.municipality_id: p
        for p in Programme.objects.filter(
            municipality__regional_programmes=programme
        ).select_related("municipality__county__country")
        if p.municipality_id is not None
    }
    reports = {
        row["initiative__programme_id"]: row
        for row in InitiativeReport.objects.filter(
            initiative__programme__in=own.values(),
            period_start__lte=end,
            period_end__gte=start,
        )
        .values("initiative__programme_id")
        .annotate(n=Count("initiative", distinct=True), reach=Sum("reach"))
        .order_by()
    }
    meetings = dict(
        Meeting.objects.filter(programme__in=own.values(), date__year=year)
        .values("programme_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("programme_id", "n")
    )
    return {
        municipality_id: MemberProgrammeYear(
            programme=p,
            initiatives_reported=reports.get(p.pk, {}).get("n", 0),
            reach=reports.get(p.pk, {}).get("reach") or 0,
            meetings=meetings.get(p.pk, 0),
        )
        for municipality_id, p in own.items()
    }


def local_group_names(*, programmes) -> dict[int, dict[int, list[str]]]:
    """The local groups' names by programme id and member municipality id, in
    one query."""
    names: dict[int, dict[int, list[str]]] = {}
    for group in WorkingGroup.objects.filter(
        programme__in=list(programmes), local_municipality__isnull=False
    ).order_by("name"):
        if group.local_municipality_id is None:
            continue
        names.setdefault(group.programme_id, {}).setdefault(
            group.local_municipality_id, []
        ).append(group.name)
    return names
