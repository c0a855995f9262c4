"""Who may register, import, list and read injury figures. Pure predicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safecommunity.core import permissions as core

if TYPE_CHECKING:
    from safecommunity.core.models import Municipality, User

    from .models import ImportJob, Registration


def can_list_registrations(user: User, municipality: Municipality) -> bool:
    """Raw registrations are for those who register them, not for readers."""
    return core.can_edit_municipality(user, municipality)


def can_change_registration(user: User, registration: Registration) -> bool:
    return core.can_edit_municipality(user, registration.municipality)


def can_import_injuries(user: User) -> bool:
    ids = core.editable_municipality_ids(user)
    return ids is None or bool(ids)


def can_import_population(user: User) -> bool:
    """Population figures are the whole country's: the secretariat loads them."""
    return core.is_secretariat(user)


def can_manage_code_books(user: User) -> bool:
    """Code books and their mappings serve every import: the secretariat's."""
    return core.is_secretariat(user)


def can_view_import(user: User, job: ImportJob) -> bool:
    if core.is_secretariat(user):
        return True
    return bool(user.is_authenticated and job.created_by_id == user.pk)


def can_view_statistics(user: User, municipality: Municipality) -> bool:
    return core.can_view_municipality(user, municipality)
