"""Who may see dashboards and regional views, and build and download dossiers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from programmes.permissions import can_view_programme
from safecommunity.core import permissions as core
from safecommunity.core.permissions import can_view_municipality

if TYPE_CHECKING:
    from safecommunity.core.models import County, Municipality, User

    from .models import DossierJob


def can_build_dossier(user: User, municipality: Municipality) -> bool:
    return can_view_municipality(user, municipality)


def can_build_area_dossier(user: User, area: Municipality | County) -> bool:
    """A municipality's PDFs: its readers; a county's: its programme's readers."""
    if hasattr(area, "municipalities"):
        programme = getattr(area, "programme", None)
        return programme is not None and can_view_programme(user, programme)
    return can_build_dossier(user, area)


def can_view_dossier_job(user: User, job: DossierJob) -> bool:
    return can_build_area_dossier(user, job.area)


def can_download_dossier(user: User, job: DossierJob) -> bool:
    return can_view_dossier_job(user, job) and job.status == job.Status.READY


def can_view_region(user: User, county: County) -> bool:
    """The secretariat, and regional contacts and coordinators of that county."""
    return core.can_view_county(user, county)
