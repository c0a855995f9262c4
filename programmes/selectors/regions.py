"""Reads of regional programmes, scoped to the user asking.

A regional programme the user may not read answers Http404, whether it
exists or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import Municipality, User

from ..models import Programme, WorkingGroup
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
