"""Who may see or do what in certification. Pure predicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from programmes import permissions as programme_permissions
from safecommunity.core import permissions as core
from safecommunity.core.models import Role

if TYPE_CHECKING:
    from programmes.models import Programme
    from safecommunity.core.models import User

    from .models import CertificationCase


def _assignment(user: User, case: CertificationCase, *, current_round: bool):
    if not core.has_role(user, Role.CERTIFIER):
        return None
    cache = getattr(case, "_assignments_by_user", None)
    if cache is None:
        cache = {}
        for a in case.assignments.active():
            cache.setdefault(a.certifier_id, []).append(a)
        case._assignments_by_user = cache
    rows = cache.get(user.pk, [])
    if current_round:
        rows = [a for a in rows if a.round == case.round]
    return rows[-1] if rows else None


def is_assigned_certifier(user: User, case: CertificationCase) -> bool:
    return _assignment(user, case, current_round=True) is not None


def is_reviewing_certifier(user: User, case: CertificationCase) -> bool:
    assignment = _assignment(user, case, current_round=True)
    return assignment is not None and assignment.accepted_at is not None


def can_view_programme_path(user: User, programme: Programme) -> bool:
    return programme_permissions.can_view_programme(user, programme)


def can_edit_programme_path(user: User, programme: Programme) -> bool:
    if core.is_secretariat(user):
        return True
    return core.has_role(
        user, Role.COORDINATOR
    ) and programme_permissions.can_edit_programme(user, programme)


def can_view_case(user: User, case: CertificationCase) -> bool:
    if core.has_role(user, Role.CERTIFIER) and not core.is_secretariat(user):
        return _assignment(user, case, current_round=False) is not None
    return programme_permissions.can_view_programme(user, case.programme)


def can_comment_case(user: User, case: CertificationCase) -> bool:
    return (
        core.is_secretariat(user)
        or is_reviewing_certifier(user, case)
        or can_edit_programme_path(user, case.programme)
    )


def can_manage_council(user: User) -> bool:
    return core.is_secretariat(user)


def can_review_case(user: User, case: CertificationCase) -> bool:
    return is_reviewing_certifier(user, case) or core.is_secretariat(user)


def can_write_statement(user: User, case: CertificationCase) -> bool:
    return is_reviewing_certifier(user, case)


def can_decide_case(user: User, case: CertificationCase) -> bool:
    return core.is_secretariat(user)


def can_retry_diploma(user: User, case: CertificationCase) -> bool:
    """The secretariat, who issues certificates, asks again for a failed diploma."""
    return core.is_secretariat(user)


def can_report_follow_up(user: User, case: CertificationCase) -> bool:
    return can_edit_programme_path(user, case.programme)


def can_decide_designation(user: User) -> bool:
    """The secretariat records the ISCCC's decision."""
    return core.is_secretariat(user)


def can_edit_checklists(user: User) -> bool:
    """The steps' requirement checklists are the secretariat's."""
    return core.is_secretariat(user)


def can_view_overview(user: User) -> bool:
    return core.is_secretariat(user)


def can_view_worklist(user: User) -> bool:
    return core.has_role(user, Role.CERTIFIER)


def case_abilities(user: User, case: CertificationCase) -> dict[str, bool]:
    """What the case page offers this user, each from its predicate above."""
    return {
        "can_retry_diploma": can_retry_diploma(user, case),
        "can_comment": can_comment_case(user, case),
        "can_manage": can_manage_council(user),
        "can_review": can_review_case(user, case),
        "can_write_statement": can_write_statement(user, case),
        "is_assigned": is_assigned_certifier(user, case),
        "can_edit": can_edit_programme_path(user, case.programme),
    }


def can_accept_step(user: User, case: CertificationCase | None) -> bool:
    """An accepted certifier of the open case accepts a done step."""
    return case is not None and is_reviewing_certifier(user, case)


def can_take_step_action(
    user: User, programme: Programme, case: CertificationCase | None, action: str
) -> bool:
    """Whether the step page's `action` (a button's name) is the user's to take."""
    if action in {"evidence", "remove", "note", "status"}:
        return can_edit_programme_path(user, programme)
    if action == "accept":
        return can_accept_step(user, case)
    if action == "comment":
        return case is not None and can_comment_case(user, case)
    return False
