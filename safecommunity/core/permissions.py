"""Who may see or do what. Pure predicates; views, templates and selectors use them.

Roles:
- secretariat: administers everything;
- coordinator: edits the municipalities in `user.municipalities`;
- management (mayor, management-group member): reads `user.municipalities`;
- certifier: reads the municipalities of the cases assigned to them (the
  certification services keep `user.municipalities` equal to those);
- regional contact: reads every municipality of `user.county`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Role

if TYPE_CHECKING:
    from .models import Municipality, User


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
        ids = (
            set(user.county.municipalities.values_list("id", flat=True))
            if user.county_id
            else set()
        )
    else:
        ids = set(user.municipalities.values_list("id", flat=True))
    user._readable_municipality_ids = ids
    return ids


def editable_municipality_ids(user: User) -> set[int] | None:
    """Ids of municipalities the user may change; None means all of them."""
    if is_secretariat(user):
        return None
    if not has_role(user, Role.COORDINATOR):
        return set()
    return readable_municipality_ids(user)


def can_view_municipality(user: User, municipality: Municipality) -> bool:
    ids = readable_municipality_ids(user)
    return ids is None or municipality.pk in ids


def can_edit_municipality(user: User, municipality: Municipality) -> bool:
    ids = editable_municipality_ids(user)
    return ids is None or municipality.pk in ids


def can_view_audit_trail(user: User) -> bool:
    return is_secretariat(user)


def can_administer(user: User) -> bool:
    return is_secretariat(user)
