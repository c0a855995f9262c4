"""Who may read or change safety walks, their findings and checklists.

A walk belongs to its programme's municipality: the programme's predicates decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from programmes.permissions import can_edit_programme, can_view_programme

if TYPE_CHECKING:
    from safecommunity.core.models import User

    from .models import SafetyWalk


def can_view_walk(user: User, walk: SafetyWalk) -> bool:
    """Safety walks and their findings: readers of the municipality."""
    return can_view_programme(user, walk.programme)


def can_edit_walk(user: User, walk: SafetyWalk) -> bool:
    return can_edit_programme(user, walk.programme)
