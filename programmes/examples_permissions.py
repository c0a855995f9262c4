"""Who may propose, review and adopt good examples. Published ones are public."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safecommunity.core import permissions as core

if TYPE_CHECKING:
    from safecommunity.core.models import User

    from .models import Programme


def can_propose_example(user: User, programme: Programme) -> bool:
    return core.can_edit_municipality(user, programme.municipality)


def can_review_examples(user: User) -> bool:
    return core.is_secretariat(user)


def can_adopt_examples(user: User) -> bool:
    """Those who can change a programme: coordinators and the secretariat."""
    ids = core.editable_municipality_ids(user)
    return ids is None or bool(ids)
