"""Dossier pages: request a build, watch its progress, download the file.

The same pages serve a municipality (by its code) and a regional programme
(by its id; the PDF is its county's).
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from programmes.selectors.regions import regional_programme_get
from safecommunity.core import selectors as core_selectors

from .. import permissions
from ..models import DossierJob
from . import selectors, services
from .forms import DossierRequestForm


def _municipality(request, code: str):
    municipality = core_selectors.municipality_get(user=request.user, code=code)
    if not permissions.can_build_dossier(request.user, municipality):
        raise Http404
    return municipality


def _region(request, pk: int):
    """A readable regional programme and its county, the PDFs' subject."""
    programme = regional_programme_get(user=request.user, pk=pk)
    return programme, programme.county


@require_http_methods(["GET", "POST"])
def dossier_page(request, code: str):
    municipality = _municipality(request, code)
    back = reverse("reports:dossier", args=[municipality.key])
    return _page(request, municipality, {"municipality": municipality}, back)


@require_http_methods(["GET", "POST"])
def region_dossier_page(request, pk: int):
    programme, county = _region(request, pk)
    back = reverse("reports:region-dossier", args=[pk])
    return _page(request, county, {"municipality": county, "region": programme}, back)


def _page(request, area, context: dict, back: str):
    """GET lists the area's latest PDFs; POST asks for a new one."""
    if request.method == "POST":
        form = DossierRequestForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Unknown kind of PDF."))
        key = "county" if "region" in context else "municipality"
        job = services.dossier_request(
            **{key: area},
            actor=request.user,
            kind=form.cleaned_data["kind"],
            language=request.LANGUAGE_CODE,
        )
        if job.status == DossierJob.Status.READY:
            messages.info(
                request, _("Nothing has changed since the last PDF; it is ready.")
            )
        else:
            messages.success(
                request, _("You asked for the PDF. Its progress is shown below.")
            )
        return redirect(back)
    jobs = selectors.dossier_job_list(user=request.user, area=area)
    context = {**context, "jobs": jobs, "kinds": DossierJob.Kind}
    return render(request, "reports/dossier.html", context)


@never_cache
@require_GET
def dossier_job_status(request, code: str, pk: int):
    municipality = _municipality(request, code)
    job = selectors.dossier_job_get(user=request.user, area=municipality, pk=pk)
    return render(
        request,
        "reports/partials/_dossier_job.html",
        {"municipality": municipality, "job": job},
    )


@never_cache
@require_GET
def region_dossier_job_status(request, pk: int, job: int):
    programme, county = _region(request, pk)
    found = selectors.dossier_job_get(user=request.user, area=county, pk=job)
    context = {"municipality": county, "region": programme, "job": found}
    return render(request, "reports/partials/_dossier_job.html", context)


@require_GET
def dossier_download(request, code: str, pk: int):
    municipality = _municipality(request, code)
    job = selectors.dossier_job_get(user=request.user, area=municipality, pk=pk)
    return _download(request, job)


@require_GET
def region_dossier_download(request, pk: int, job: int):
    _programme, county = _region(request, pk)
    found = selectors.dossier_job_get(user=request.user, area=county, pk=job)
    return _download(request, found)


def _download(request, job: DossierJob):
    if not permissions.can_download_dossier(request.user, job) or not job.has_file:
        raise Http404
    filename = f"{job.kind}-{job.area.code}-{job.created_at:%Y%m%d}-{job.pk}.pdf"
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
