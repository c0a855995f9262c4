"""Who may read or change programmes and what hangs off them.

Everything in a programme belongs to the programme's municipality, so every
predicate comes down to the core municipality predicates: coordinators edit
their own municipalities; mayors, management members and certifiers read
theirs; regional contacts read their county; the secretariat everything.

A regional programme belongs to its county: the county's regional
coordinators edit it; whoever reads the county or one of its member
municipalities reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safecommunity.core import permissions as core

if TYPE_CHECKING:
    from safecommunity.core.models import Municipality, User

    from .models import Initiative, Programme


def can_view_programme(user: User, programme: Programme) -> bool:
    if not programme.is_regional:
        return core.can_view_municipality(user, programme.municipality)
    if core.can_view_county(user, programme.county):
        return True
    ids = core.readable_municipality_ids(user)
    members = programme.member_municipalities.all()
    return ids is None or any(m.pk in ids for m in members)


def can_edit_programme(user: User, programme: Programme) -> bool:
    if not programme.is_regional:
        return core.can_edit_municipality(user, programme.municipality)
    return core.can_edit_county(user, programme.county)


def can_manage_regional_programmes(user: User) -> bool:
    """The secretariat starts a county's programme and decides its members."""
    return core.is_secretariat(user)


def can_create_programme(user: User, municipality: Municipality) -> bool:
    return core.can_edit_municipality(user, municipality)


def can_view_initiative(user: User, initiative: Initiative) -> bool:
    return can_view_programme(user, initiative.programme)


def can_edit_initiative(user: User, initiative: Initiative) -> bool:
    return can_edit_programme(user, initiative.programme)


def can_export_initiatives(user: User, programme: Programme) -> bool:
    return can_view_programme(user, programme)


def can_edit_indicator_values(user: User, municipality: Municipality) -> bool:
    return core.can_edit_municipality(user, municipality)


def can_edit_programme_part(user: User, obj) -> bool:
    """Members, meetings, working groups, partners, focus areas, reports: via the programme."""
    programme = part_programme(obj)
    if programme is not None:
        return can_edit_programme(user, programme)
    return core.can_edit_municipality(user, obj.municipality)


def can_view_programme_part(user: User, obj) -> bool:
    programme = part_programme(obj)
    if programme is not None:
        return can_view_programme(user, programme)
    return core.can_view_municipality(user, obj.municipality)


def part_programme(obj) -> Programme | None:
    """The programme a part belongs to, directly or through its parent."""
    for path in ("programme", "working_group", "initiative", "partner"):
        parent = getattr(obj, path, None)
        if parent is None:
            continue
        return parent if path == "programme" else part_programme(parent)
    return None
