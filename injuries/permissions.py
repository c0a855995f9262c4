"""Who may register, import, list and read injury figures. Pure predicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

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


def import_undo_refusal(
    user: User, job: ImportJob, *, municipalities: list[Municipality], now
) -> str | None:
    """Why `user` may not undo `job` now (a sentence for the page), or None.

    `municipalities` are those the import's rows are in: undoing removes
    registrations, so the user must still be allowed to change them all.
    """
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    if job.kind != job.Kind.INJURIES:
        return _("Population imports cannot be undone here.")
    if job.status == job.Status.UNDONE:
        return _("This import has already been undone.")
    if job.status != job.Status.DONE or not job.confirmed:
        return _("Only a finished import can be undone.")
    if not user.is_authenticated or job.created_by_id != user.pk:
        return _("Only the person who made the import can undo it.")
    deadline = job.undo_deadline
    if deadline is None or now > deadline:
        return _(
            "An import can be undone for %(days)s days; this one could be undone "
            "until %(deadline)s."
        ) % {
            "days": settings.IMPORT_UNDO_DAYS,
            "deadline": date_format(
                timezone.localtime(deadline) if deadline else now, "DATE_FORMAT"
            ),
        }
    refused = [m for m in municipalities if not core.can_edit_municipality(user, m)]
    if refused:
        return _(
            "You may no longer change the registrations of %(names)s, which this "
            "import added to."
        ) % {"names": ", ".join(str(m) for m in refused)}
    return None
