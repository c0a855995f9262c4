"""Reads of dossier jobs, scoped to the user asking.

A job is a municipality's, or a regional programme's county's (its `area`).
"""

from __future__ import annotations

from django.http import Http404

from safecommunity.core.models import County, Municipality, User

from .. import permissions
from ..models import DossierJob, area_filter

Area = Municipality | County


def dossier_job_list(*, user: User, area: Area, limit: int = 10) -> list[DossierJob]:
    """The latest jobs of a municipality or county the user may read, newest first."""
    if not permissions.can_build_area_dossier(user, area):
        raise Http404
    return list(
        DossierJob.objects.filter(**area_filter(area))
        .select_related("municipality", "county", "requested_by")
        .order_by("-created_at", "-id")[:limit]
    )


def dossier_job_get(*, user: User, area: Area, pk: int) -> DossierJob:
    """One job of the area; 404 when missing or not the user's to see."""
    job = (
        DossierJob.objects.filter(pk=pk, **area_filter(area))
        .select_related("municipality__county", "county", "requested_by")
        .first()
    )
    if job is None or not permissions.can_view_dossier_job(user, job):
        raise Http404
    return job


def dossier_job_reusable(
    *, area: Area, kind: str, language: str, fingerprint: str
) -> DossierJob | None:
    """The newest ready job for exactly this data whose file is still stored."""
    candidates = DossierJob.objects.filter(
        **area_filter(area),
        kind=kind,
        language=language,
        fingerprint=fingerprint,
        status=DossierJob.Status.READY,
    ).order_by("-finished_at", "-id")
    for job in candidates[:5]:
        if job.has_file:
            return job
    return None


def dossier_job_active(
    *, area: Area, kind: str, language: str, fingerprint: str
) -> DossierJob | None:
    """A queued or rendering job for the same data, so a double click queues once."""
    return (
        DossierJob.objects.filter(
            **area_filter(area),
            kind=kind,
            language=language,
            fingerprint=fingerprint,
            status__in=[DossierJob.Status.QUEUED, DossierJob.Status.RENDERING],
        )
        .order_by("-created_at")
        .first()
    )
