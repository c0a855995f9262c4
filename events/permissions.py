"""Who may manage events. Registering needs no account and no permission."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safecommunity.core import permissions as core

if TYPE_CHECKING:
    from safecommunity.core.models import User


def can_manage_events(user: User) -> bool:
    """The secretariat publishes events and reads their participant lists."""
    return core.is_secretariat(user)
