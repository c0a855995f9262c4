"""Who may read or change programmes and what hangs off them.

Everything in a programme belongs to the programme's municipality, so every
predicate comes down to the core municipality predicates: coordinators edit
their own municipalities; mayors, management members and certifiers read
theirs; regional contacts read their county; the secretariat everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safecommunity.core import permissions as core

if TYPE_CHECKING:
    from safecommunity.core.models import Municipality, User

    from .models import Initiative, Programme


def can_view_programme(user: User, programme: Programme) -> bool:
    return core.can_view_municipality(user, programme.municipality)


def can_edit_programme(user: User, programme: Programme) -> bool:
    return core.can_edit_municipality(user, programme.municipality)


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
    return core.can_edit_municipality(user, obj.municipality)
