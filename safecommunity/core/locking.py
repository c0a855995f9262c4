"""Optimistic locking: a form carries the version it was loaded at, and a save
claims the next version or is refused as stale."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleEditError(ValidationError):
    """The record was changed by someone else since the form was loaded."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else saved this record while you were editing it. Your "
                "changes were not saved. Reload the page to see the current version "
                "and make your changes again."
            ),
            code="stale",
        )


def version_claim(*, model: type[models.Model], pk: int, expected_version: int) -> int:
    """Move the row's `version` on by one if it is still `expected_version`.

    Returns the new version; raises StaleEditError when someone saved meanwhile.
    """
    claimed = model._default_manager.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEditError
    return expected_version + 1
