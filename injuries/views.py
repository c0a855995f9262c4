"""Pages of the injury app: thin, they parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import Country, County
from safecommunity.core.selectors import municipality_get, municipality_list

from . import permissions, selectors, services, statistics
from .exports import error_file
from .forms import ImportUploadForm, RegistrationFilterForm, RegistrationForm
from .importing import header_names, import_file

PAGE_SIZE = 50


def home(request):
    editable = selectors.editable_municipalities(user=request.user).first()
    if editable is not None:
        return redirect("injuries:registration-list", code=editable.key)
    readable = municipality_list(user=request.user).order_by("code").first()
    if readable is None:
        raise Http404
    return redirect("injuries:statistics", code=readable.key)


def registration_list(request, code: str):
    municipality = selectors.registering_municipality_get(user=request.user, code=code)
    labels = selectors.code_labels()
    form = RegistrationFilterForm(
        request.GET or None,
        years=selectors.registration_years(municipality=municipality),
        labels=labels,
    )
    qs = selectors.registration_list(
        user=request.user, municipality=municipality, filters=form.filters()
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (r, {f: labels[f].get(getattr(r, f), getattr(r, f)) for f in labels})
        for r in page.object_list
    ]
    return render(
        request,
        "injuries/registration_list.html",
        {"municipality": municipality, "form": form, "page_obj": page, "rows": rows},
    )


def _registration_form(request, *, municipality=None, registration=None):
    municipalities = selectors.editable_municipalities(user=request.user)
    initial = {"municipality": municipality}
    if registration is not None:
        initial = {f: getattr(registration, f) for f in RegistrationForm.base_fields}
    form = RegistrationForm(
        request.POST or None, municipalities=municipalities, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("municipality")
        try:
            if registration is None:
                services.registration_create(
                    actor=request.user, municipality=chosen, data=data
                )
            else:
                data["municipality"] = chosen
                services.registration_update(
                    actor=request.user, registration=registration, data=data
                )
        except ValidationError as exc:  # e.g. an external id already used
            form.add_error(None, exc)
        else:
            if registration is None:
                messages.success(request, _("The injury was registered."))
                if "another" in request.POST:
                    return redirect("injuries:registration-create", code=chosen.key)
            else:
                messages.success(request, _("The registration was saved."))
            return redirect("injuries:registration-list", code=chosen.key)
    return render(
        request,
        "injuries/registration_form.html",
        {
            "form": form,
            "municipality": municipality or registration.municipality,
            "registration": registration,
        },
    )


def registration_create(request, code: str):
    municipality = selectors.registering_municipality_get(user=request.user, code=code)
    return _registration_form(request, municipality=municipality)


def registration_update(request, pk: int):
    registration = selectors.registration_get(user=request.user, pk=pk)
    return _registration_form(request, registration=registration)


def import_upload(request):
    if not permissions.can_import_injuries(request.user):
        raise Http404
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(
            actor=request.user,
            upload=form.cleaned_data["file"],
            language=translation.get_language() or "nb",
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


def import_detail(request, pk: int):
    job = selectors.import_job_get(user=request.user, pk=pk)
    return render(
        request,
        "injuries/import_detail.html",
        {"job": job, "page_obj": _problems_page(request, job)},
    )


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
    if not job.error_count or not job.file:
        raise Http404
    with job.file.open("rb") as handle:
        data = handle.read()
    result = import_file(
        data=data,
        filename=job.original_name,
        allowed_municipality_ids=core_permissions.editable_municipality_ids(
            request.user
        ),
        dry_run=True,
    )
    if result.privacy_refused or result.format == "":
        raise Http404  # never send identity numbers back out
    content = error_file(
        data, job.original_name, [p.as_dict() for p in result.problems]
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
    return response


def _statistics_page(request, report, *, export_url: str):
    return render(
        request,
        "injuries/statistics.html",
        {"report": report, "export_url": export_url},
    )


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


def _export(request, report, *, obj, municipality=None):
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    content = services.statistics_export(
        actor=request.user, report=report, obj=obj, municipality=municipality, fmt=fmt
    )
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(content, content_type=content_type)
    name = f"injuries-{report.code}-{report.year or 'all'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def statistics_municipality(request, code: str):
    municipality = municipality_get(user=request.user, code=code)
    report = statistics.municipality_statistics(
        user=request.user, municipality=municipality, year=_year(request)
    )
    if request.GET.get("format"):
        return _export(request, report, obj=municipality, municipality=municipality)
    url = reverse("injuries:statistics", kwargs={"code": code})
    return _statistics_page(request, report, export_url=url)


def statistics_county(request, pk: int):
    county = get_object_or_404(County, pk=pk)
    report = statistics.county_statistics(
        user=request.user, county=county, year=_year(request)
    )
    if request.GET.get("format"):
        return _export(request, report, obj=county)
    url = reverse("injuries:statistics-county", kwargs={"pk": pk})
    return _statistics_page(request, report, export_url=url)


def statistics_country(request, code: str):
    country = get_object_or_404(Country, code=code.upper())
    report = statistics.country_statistics(
        user=request.user, country=country, year=_year(request)
    )
    if request.GET.get("format"):
        return _export(request, report, obj=country)
    url = reverse("injuries:statistics-country", kwargs={"code": country.code})
    return _statistics_page(request, report, export_url=url)
