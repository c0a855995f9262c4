"""Who may see or do what. Pure predicates; views, templates and selectors use them.

Roles:
- secretariat: administers everything;
- coordinator: edits the municipalities in `user.municipalities`;
- management (mayor, management-group member): reads `user.municipalities`;
- certifier: reads the municipalities of the cases assigned to them (the
  certification services keep `user.municipalities` equal to those);
- regional contact: reads every municipality of `user.county`;
- regional coordinator (a coordinator with `user.county`): edits the county's
  regional programme and reads every municipality of the county.

Access follows the map: whoever may read a municipality may read its
predecessors that went wholly into it (mergers and renumberings, as in
`lineage`), since their records now belong to it. A predecessor split
between several successors belongs to none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

from .models import Role

if TYPE_CHECKING:
    from .models import County, Municipality, User


def is_secretariat(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_secretariat)


def has_role(user: User, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def readable_municipality_ids(user: User) -> set[int] | None:
    """Ids of municipalities the user may read; None means all of them."""
    if not (user.is_authenticated and user.is_active):
        return set()
    if is_secretariat(user):
        return None
    cached = getattr(user, "_readable_municipality_ids", None)
    if cached is not None:
        return cached
    if user.role == Role.REGIONAL:
        ids = _with_predecessors(county_id=user.county_id) if user.county_id else set()
    elif user.role == Role.COORDINATOR and user.county_id:
        ids = _with_predecessors(user_id=user.pk, county_id=user.county_id)
    else:
        ids = _with_predecessors(user_id=user.pk)
    user._readable_municipality_ids = ids
    return ids


# A municipality and its predecessors that went wholly into it, recursively:
# a predecessor counts when its only successor is already in the set (the
# rule of `lineage`). The anchor is chosen by the one parameter.
_PREDECESSORS_SQL = """
    WITH RECURSIVE own(id) AS (
        SELECT municipality_id FROM core_user_municipalities WHERE user_id = %(user)s
        UNION
        SELECT id FROM core_municipality WHERE county_id = %(county)s
        UNION
        SELECT e.from_municipality_id FROM core_municipality_successors e
        JOIN own ON e.to_municipality_id = own.id
        WHERE e.from_municipality_id <> e.to_municipality_id
        AND NOT EXISTS (
            SELECT 1 FROM core_municipality_successors o
            WHERE o.from_municipality_id = e.from_municipality_id
            AND o.to_municipality_id <> e.to_municipality_id
            AND o.to_municipality_id <> o.from_municipality_id
        )
    )
    SELECT id FROM own
"""


def _with_predecessors(*, user_id: int | None = None, county_id: int | None = None):
    """The user's (or the county's) municipalities and their whole predecessors."""
    with connection.cursor() as cursor:
        cursor.execute(_PREDECESSORS_SQL, {"user": user_id, "county": county_id})
        return {row[0] for row in cursor.fetchall()}


def editable_municipality_ids(user: User) -> set[int] | None:
    """Ids of municipalities the user may change; None means all of them."""
    if is_secretariat(user):
        return None
    if not has_role(user, Role.COORDINATOR):
        return set()
    if not user.county_id:
        return readable_municipality_ids(user)
    # A regional coordinator reads the whole county but edits only their own.
    cached = getattr(user, "_editable_municipality_ids", None)
    if cached is None:
        cached = _with_predecessors(user_id=user.pk)
        user._editable_municipality_ids = cached
    return cached


def can_view_municipality(user: User, municipality: Municipality) -> bool:
    ids = readable_municipality_ids(user)
    return ids is None or municipality.pk in ids


def can_edit_municipality(user: User, municipality: Municipality) -> bool:
    ids = editable_municipality_ids(user)
    return ids is None or municipality.pk in ids


def can_view_county(user: User, county: County) -> bool:
    """The secretariat, and the county's regional contacts and coordinators."""
    if is_secretariat(user):
        return True
    return (
        has_role(user, Role.REGIONAL, Role.COORDINATOR) and user.county_id == county.pk
    )


def can_edit_county(user: User, county: County) -> bool:
    """The secretariat, and the county's regional coordinators."""
    if is_secretariat(user):
        return True
    return has_role(user, Role.COORDINATOR) and user.county_id == county.pk


def can_view_county_document(user: User, county: County) -> bool:
    """A regional programme's document: the county's readers, and those who
    read one of the member municipalities of the county's programme."""
    if can_view_county(user, county):
        return True
    ids = readable_municipality_ids(user)
    if ids is None:
        return True
    return county.municipalities.filter(
        pk__in=ids, regional_programmes__county=county
    ).exists()
