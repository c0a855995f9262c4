"""Reads of a programme's parts (focus areas, management group, meetings,
working groups, partners), scoped to the user asking."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, QuerySet
from django.http import Http404

from safecommunity.core.models import User

from ..models import (
    FocusArea,
    ManagementGroupMember,
    Meeting,
    Partner,
    Programme,
    WorkingGroup,
    WorkingGroupMember,
)
from .scope import readable_programmes_q

# --- Parts of a programme (members, meetings, groups, partners) --------------------


def part_get(user: User, queryset: QuerySet, pk: int, municipality_path: str):
    programme_path = municipality_path.removesuffix("__municipality")
    readable = readable_programmes_q(user, programme_path)
    if readable is not None:
        queryset = queryset.filter(readable)
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def focus_area_get(*, user: User, pk: int) -> FocusArea:
    """One readable focus area."""
    qs = FocusArea.objects.select_related("programme__municipality")
    return part_get(user, qs, pk, "programme__municipality")


def member_list(*, programme: Programme) -> QuerySet[ManagementGroupMember]:
    """The management group, chair first."""
    order = models.Case(
        models.When(role="chair", then=0), default=1, output_field=models.IntegerField()
    )
    return programme.members.select_related("user").order_by(order, "role", "name")


def member_get(*, user: User, pk: int) -> ManagementGroupMember:
    """One readable management group member."""
    qs = ManagementGroupMember.objects.select_related("programme__municipality")
    return part_get(user, qs, pk, "programme__municipality")


def meeting_list(*, programme: Programme) -> QuerySet[Meeting]:
    """Meetings, newest first, with attendees and minutes."""
    return programme.meetings.select_related("minutes").prefetch_related("attendees")


def meeting_get(*, user: User, pk: int) -> Meeting:
    """One readable meeting."""
    qs = Meeting.objects.select_related(
        "programme__municipality", "minutes"
    ).prefetch_related("attendees")
    return part_get(user, qs, pk, "programme__municipality")


def working_group_list(*, programme: Programme) -> QuerySet[WorkingGroup]:
    """Working groups with their members and focus area (local groups by municipality)."""
    return (
        programme.working_groups.select_related("focus_area", "local_municipality")
        .prefetch_related("members")
        .order_by("local_municipality__name", "name")
    )


def working_group_get(*, user: User, pk: int) -> WorkingGroup:
    """One readable working group with its members."""
    qs = WorkingGroup.objects.select_related(
        "programme__municipality",
        "programme__county",
        "focus_area",
        "local_municipality",
    ).prefetch_related("members")
    return part_get(user, qs, pk, "programme__municipality")


def working_group_member_get(*, user: User, pk: int) -> WorkingGroupMember:
    """One readable working group member."""
    qs = WorkingGroupMember.objects.select_related(
        "working_group__programme__municipality"
    )
    return part_get(user, qs, pk, "working_group__programme__municipality")


def partner_list(*, programme: Programme) -> QuerySet[Partner]:
    """Partner organisations with the number of initiatives they take part in."""
    return programme.partners.annotate(
        initiative_count=Count("initiatives")
    ).prefetch_related("agreements")


def partner_get(*, user: User, pk: int) -> Partner:
    """One readable partner."""
    qs = Partner.objects.select_related("programme__municipality")
    return part_get(user, qs, pk, "programme__municipality")
