"""Which programmes a user may read, as a filter for any query that reaches one."""

from __future__ import annotations

from django.db.models import Q

from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import Role, User

from ..models import Programme


def readable_programmes_q(user: User, path: str = "") -> Q | None:
    """Rows whose programme (at `path`) the user may read; None means all of them.

    The same rule as `permissions.can_view_programme`: a municipality's
    programme by its municipality; a regional programme by its county or any
    of its member municipalities.
    """
    ids = core_permissions.readable_municipality_ids(user)
    if ids is None:
        return None
    prefix = f"{path}__" if path else ""
    members = Programme.objects.filter(member_municipalities__in=ids).values("pk")
    q = Q(**{f"{prefix}municipality__in": ids}) | Q(**{f"{prefix}pk__in": members})
    if user.county_id and core_permissions.has_role(
        user, Role.REGIONAL, Role.COORDINATOR
    ):
        q |= Q(**{f"{prefix}county_id": user.county_id})
    return q
