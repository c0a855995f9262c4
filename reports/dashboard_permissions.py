"""Who may see the dashboards. Pure predicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safecommunity.core import permissions as core
from safecommunity.core.models import Role

if TYPE_CHECKING:
    from safecommunity.core.models import County, Municipality, User


def can_view_dashboard(user: User, municipality: Municipality) -> bool:
    return core.can_view_municipality(user, municipality)


def can_view_region(user: User, county: County) -> bool:
    """The secretariat, and regional contacts of that county."""
    if core.is_secretariat(user):
        return True
    return core.has_role(user, Role.REGIONAL) and user.county_id == county.pk
