"""Addresses of a programme's certification path pages.

A municipality's programme is addressed by the municipality's key, a regional
programme by its id (`region-` pages); the pages are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from programmes.models import Programme


def programme_path_url(name: str, programme: Programme, *args: object) -> str:
    """The address of the path page `name` (`path`, `step-detail`, ...)."""
    if programme.is_regional:
        return reverse(f"certification:region-{name}", args=[programme.pk, *args])
    assert programme.municipality is not None  # noqa: S101 - the check constraint
    return reverse(f"certification:{name}", args=[programme.municipality.key, *args])
