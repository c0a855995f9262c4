"""Pages of the injury app: thin, they parse, call a selector or service, render."""
# size: every injury page; to be split into views/ by page group

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from safecommunity.core import permissions as core_permissions
from safecommunity.core.exports import export_response
from safecommunity.core.forms import bad_query
from safecommunity.core.models import Country, County
from safecommunity.core.selectors import municipality_get, municipality_list

from . import codebooks, permissions, selectors, services, statistics
from .forms import (
    CodeBookUploadForm,
    ImportUploadForm,
    PopulationUploadForm,
    RegistrationFilterForm,
    RegistrationForm,
    StatisticsQueryForm,
)
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


# size: create and edit share one form page, with "register another"
def _registration_form(request, *, municipality=None, registration=None):
    municipalities = selectors.editable_municipalities(user=request.user)
    initial = {"municipality": municipality}
    if registration is not None:
        initial = {f: getattr(registration, f) for f in RegistrationForm.base_fields}
    form = RegistrationForm(
        request.POST or None, municipalities=municipalities, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["municipality"]
        try:
            if registration is None:
                services.registration_create(
                    actor=request.user, **form.service_fields()
                )
            else:
                services.registration_update(
                    actor=request.user,
                    registration=registration,
                    **form.service_fields(),
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


def _statistics_page(request, report, *, export_url: str):
    return render(
        request,
        "injuries/statistics.html",
        {"report": report, "export_url": export_url},
    )


def _export(request, report, *, obj, fmt: str, municipality=None):
    content = services.statistics_export(
        actor=request.user, report=report, obj=obj, municipality=municipality, fmt=fmt
    )
    name = f"injuries-{report.code}-{report.year or 'all'}"
    return export_response(content=content, fmt=fmt, filename=name)


def _statistics(request, build, *, readable, obj, export_url: str, municipality=None):
    """The statistics page or its download, for a year the query form accepts.

    Who may not read the page gets its 404 before the query is looked at.
    """
    if not readable:
        raise Http404
    query = StatisticsQueryForm(request.GET)
    if not query.is_valid():
        return bad_query(request, query)
    report = build(query.cleaned_data["year"])
    fmt = query.cleaned_data["format"]
    if fmt:
        return _export(request, report, obj=obj, fmt=fmt, municipality=municipality)
    return _statistics_page(request, report, export_url=export_url)


def _county_readable(user, county) -> bool:
    readable = core_permissions.readable_municipality_ids(user)
    return readable is None or set(
        county.municipalities.values_list("pk", flat=True)
    ) <= set(readable)


def statistics_municipality(request, code: str):
    municipality = municipality_get(user=request.user, code=code)
    return _statistics(
        request,
        lambda year: statistics.municipality_statistics(
            user=request.user, municipality=municipality, year=year
        ),
        readable=core_permissions.can_view_municipality(request.user, municipality),
        obj=municipality,
        municipality=municipality,
        export_url=reverse("injuries:statistics", kwargs={"code": code}),
    )


def statistics_county(request, pk: int):
    county = get_object_or_404(County, pk=pk)
    return _statistics(
        request,
        lambda year: statistics.county_statistics(
            user=request.user, county=county, year=year
        ),
        readable=_county_readable(request.user, county),
        obj=county,
        export_url=reverse("injuries:statistics-county", kwargs={"pk": pk}),
    )


def statistics_country(request, code: str):
    country = get_object_or_404(Country, code=code.upper())
    return _statistics(
        request,
        lambda year: statistics.country_statistics(
            user=request.user, country=country, year=year
        ),
        readable=core_permissions.is_secretariat(request.user),
        obj=country,
        export_url=reverse(
            "injuries:statistics-country", kwargs={"code": country.code}
        ),
    )


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


def code_book_list(request):
    books = selectors.code_book_list(user=request.user)
    form = CodeBookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        book, result = codebooks.code_book_upload(
            actor=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            data=form.cleaned_data["file"].read(),
        )
        if book is not None:
            messages.success(
                request,
                _("%(entries)s codes read, %(new)s of them new.")
                % {"entries": result.entries, "new": result.new},
            )
            return redirect("injuries:code-book-detail", pk=book.pk)
        for problem in result.problems:
            form.add_error(None, problem.as_line())
    return render(
        request, "injuries/code_book_list.html", {"form": form, "books": books}
    )


# size: the mapping page: take the suggestions or the chosen codes, then list them
def code_book_detail(request, pk: int):
    book = selectors.code_book_get(user=request.user, pk=pk)
    rows = selectors.code_book_entries(book=book)
    if request.method == "POST":
        if request.POST.get("use") == "suggestions":
            targets = {
                row["entry"].pk: row["suggestion"]
                for row in rows
                if row["mapping"] is None and row["suggestion"]
            }
        else:
            targets = {
                row["entry"].pk: request.POST.get(f"map-{row['entry'].pk}", "")
                for row in rows
            }
        changed = codebooks.code_mappings_save(
            actor=request.user, book=book, targets=targets
        )
        messages.success(
            request, _("%(changed)s mappings saved.") % {"changed": changed}
        )
        return redirect("injuries:code-book-detail", pk=book.pk)
    options = selectors.code_options()
    return render(
        request,
        "injuries/code_book_detail.html",
        {
            "book": book,
            "rows": [{**row, "options": options[row["entry"].field]} for row in rows],
            "unmapped": [row for row in rows if row["mapping"] is None],
        },
    )
