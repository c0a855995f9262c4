"""Who may build and download dossiers. Pure predicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safecommunity.core.permissions import can_view_municipality

if TYPE_CHECKING:
    from safecommunity.core.models import Municipality, User

    from .models import DossierJob


def can_build_dossier(user: User, municipality: Municipality) -> bool:
    return can_view_municipality(user, municipality)


def can_view_dossier_job(user: User, job: DossierJob) -> bool:
    return can_view_municipality(user, job.municipality)


def can_download_dossier(user: User, job: DossierJob) -> bool:
    return can_view_dossier_job(user, job) and job.status == job.Status.READY
