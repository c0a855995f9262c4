"""Dossier pages: request a build, watch its progress, download the file."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

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


@require_http_methods(["GET", "POST"])
def dossier_page(request, code: str):
    municipality = _municipality(request, code)
    if request.method == "POST":
        form = DossierRequestForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Unknown kind of PDF."))
        job = services.dossier_request(
            municipality=municipality,
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
        return redirect("reports:dossier", code=municipality.key)
    jobs = selectors.dossier_job_list(user=request.user, municipality=municipality)
    return render(
        request,
        "reports/dossier.html",
        {"municipality": municipality, "jobs": jobs, "kinds": DossierJob.Kind},
    )


@never_cache
@require_GET
def dossier_job_status(request, code: str, pk: int):
    municipality = _municipality(request, code)
    job = selectors.dossier_job_get(user=request.user, municipality=municipality, pk=pk)
    return render(
        request,
        "reports/partials/_dossier_job.html",
        {"municipality": municipality, "job": job},
    )


@require_GET
def dossier_download(request, code: str, pk: int):
    municipality = _municipality(request, code)
    job = selectors.dossier_job_get(user=request.user, municipality=municipality, pk=pk)
    if not permissions.can_download_dossier(request.user, job) or not job.has_file:
        raise Http404
    filename = f"{job.kind}-{municipality.code}-{job.created_at:%Y%m%d}-{job.pk}.pdf"
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
