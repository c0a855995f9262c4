"""Import pages: upload a file of registrations or population, follow its
check and import, confirm, retry or undo it, download its problems."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from safecommunity.core import permissions as core_permissions
from safecommunity.core.exports import export_response

from .. import permissions, selectors, services
from ..forms import (
    ImportUploadForm,
    PopulationUploadForm,
)
from ..importing import header_names, import_file


def import_upload(request):
    if not permissions.can_import_injuries(request.user):
        raise Http404
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(
            actor=request.user,
            upload=form.cleaned_data["file"],
            language=translation.get_language() or "nb",
            code_book=form.cleaned_data.get("code_book"),
        )
        return redirect("injuries:import-detail", pk=job.pk)
    jobs = selectors.import_job_list(user=request.user)[:10]
    return render(
        request,
        "injuries/import_upload.html",
        {"form": form, "jobs": jobs, "columns": header_names()},
    )


def _problems_page(request, job):
    return Paginator(job.errors, 100).get_page(request.GET.get("page"))


def _undo_panel(request, job):
    """What the import page says about undoing the import (None: nothing)."""
    if job.kind != job.Kind.INJURIES or job.status not in (
        job.Status.DONE,
        job.Status.UNDONE,
    ):
        return None
    return selectors.import_undo_get(user=request.user, job=job)


def import_detail(request, pk: int):
    job = selectors.import_job_get(user=request.user, pk=pk)
    return render(
        request,
        "injuries/import_detail.html",
        {
            "job": job,
            "page_obj": _problems_page(request, job),
            "undo": _undo_panel(request, job),
        },
    )


@require_http_methods(["GET", "POST"])
def import_undo(request, pk: int):
    """Undo an import: GET asks for confirmation with the count, POST does it."""
    job = selectors.import_job_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            removed = services.import_job_undo(actor=request.user, job=job)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "The import was undone: %(count)s registration was removed.",
                    "The import was undone: %(count)s registrations were removed.",
                    removed,
                )
                % {"count": removed},
            )
        return redirect("injuries:import-detail", pk=job.pk)
    undo = selectors.import_undo_get(user=request.user, job=job)
    return render(request, "injuries/import_undo.html", {"job": job, "undo": undo})


def import_progress(request, pk: int):
    job = selectors.import_job_get(user=request.user, pk=pk)
    if job.is_finished and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "injuries/partials/_import_progress.html", {"job": job})


@require_POST
def import_confirm(request, pk: int):
    job = selectors.import_job_get(user=request.user, pk=pk)
    if not permissions.can_import_injuries(request.user):
        raise Http404
    try:
        services.import_job_confirm(actor=request.user, job=job)
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("injuries:import-detail", pk=job.pk)


@require_POST
def import_retry(request, pk: int):
    job = selectors.import_job_get(user=request.user, pk=pk)
    if not permissions.can_import_injuries(request.user):
        raise Http404
    try:
        retry = services.import_job_retry(actor=request.user, job=job)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("injuries:import-detail", pk=job.pk)
    return redirect("injuries:import-detail", pk=retry.pk)


def import_error_file(request, pk: int):
    job = selectors.import_job_get(user=request.user, pk=pk)
    if not job.error_count or not job.file or job.kind != job.Kind.INJURIES:
        raise Http404
    with job.file.open("rb") as handle:
        data = handle.read()
    result = import_file(
        data=data,
        filename=job.original_name,
        code_book=job.code_book,
        allowed_municipality_ids=core_permissions.editable_municipality_ids(
            request.user
        ),
        dry_run=True,
    )
    if result.privacy_refused or result.format == "":
        raise Http404  # never send identity numbers back out
    content = services.import_errors_export(
        actor=request.user, job=job, problems=[p.as_dict() for p in result.problems]
    )
    return export_response(content=content, fmt="csv", filename="import-errors")


def population_upload(request):
    jobs = selectors.population_job_list(user=request.user)[:10]
    form = PopulationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.population_job_create(
            actor=request.user,
            upload=form.cleaned_data["file"],
            country=form.cleaned_data["country"] or None,
            language=translation.get_language() or "nb",
        )
        return redirect("injuries:import-detail", pk=job.pk)
    return render(
        request, "injuries/population_upload.html", {"form": form, "jobs": jobs}
    )
