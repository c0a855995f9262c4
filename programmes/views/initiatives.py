"""Initiative list, export, detail, forms with inline validation, and reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from safecommunity.core.exports import EXPORT_TYPES, export_file, export_response
from safecommunity.core.selectors import audit_entries_for

from .. import permissions
from ..forms.programme import InitiativeFilterForm, InitiativeForm, ReportForm
from ..resources import InitiativeResource
from ..selectors import initiatives as initiative_selectors
from ..selectors import programme as programme_selectors
from ..services import initiatives as initiative_services
from ._common import (
    deny_unless,
    form_page,
    part_delete_view,
    post_data,
    post_files,
    save_form,
)

PAGE_SIZE = 25


def _filtered(request, programme):
    years = initiative_selectors.initiative_years(programme=programme)
    form = InitiativeFilterForm(request.GET or None, programme=programme, years=years)
    data = form.cleaned_data if form.is_valid() else {}
    focus_area = data.get("focus_area")
    filters = initiative_selectors.InitiativeFilters(
        q=data.get("q", ""),
        status=data.get("status", ""),
        focus_area=focus_area.pk if focus_area else None,
        arena=data.get("arena", ""),
        age_group=data.get("age_group", ""),
        year=data.get("year"),
    )
    return form, initiative_selectors.initiative_list(
        programme=programme, filters=filters
    )


@require_GET
def initiative_list(request, code: str):
    programme = programme_selectors.programme_get(user=request.user, code=code)
    form, initiatives = _filtered(request, programme)
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/initiative_list.html",
        {
            "programme": programme,
            "filter_form": form,
            "page_obj": page,
            "can_edit": permissions.can_edit_programme(request.user, programme),
        },
    )


@require_GET
def initiative_export(request, code: str, file_format: str):
    if file_format not in EXPORT_TYPES:
        raise Http404
    programme = programme_selectors.programme_get(user=request.user, code=code)
    deny_unless(permissions.can_export_initiatives(request.user, programme))
    _form, initiatives = _filtered(request, programme)
    content = export_file(
        actor=request.user,
        dataset=InitiativeResource().export(initiatives),
        fmt=file_format,
        obj=programme,
        municipality=programme.municipality,
        comment=request.GET.urlencode(),
    )
    name = f"initiatives-{programme.municipality.code}-{timezone.localdate()}"
    return export_response(content=content, fmt=file_format, filename=name)


@require_GET
def initiative_detail(request, pk: int):
    initiative = initiative_selectors.initiative_get(user=request.user, pk=pk)
    return render(
        request,
        "programmes/initiative_detail.html",
        {
            "initiative": initiative,
            "programme": initiative.programme,
            "history": audit_entries_for(obj=initiative),
            "can_edit": permissions.can_edit_initiative(request.user, initiative),
        },
    )


def initiative_create(request, code: str):
    programme = programme_selectors.programme_get(user=request.user, code=code)
    deny_unless(permissions.can_edit_programme(request.user, programme))
    form = InitiativeForm(post_data(request), post_files(request), programme=programme)
    if request.method == "POST":
        initiative = save_form(
            form,
            lambda: initiative_services.initiative_create(
                actor=request.user,
                programme=programme,
                **form.service_fields(),
                attachment_upload=form.cleaned_data.get("attachment_upload"),
            ),
        )
        if initiative is not None:
            messages.success(request, _("The initiative was saved."))
            return redirect("programmes:initiative-detail", pk=initiative.pk)
    context = {"form": form, "programme": programme}
    return form_page(request, "programmes/initiative_form.html", context)


def initiative_edit(request, pk: int):
    initiative = initiative_selectors.initiative_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_initiative(request.user, initiative))
    programme = initiative.programme
    form = InitiativeForm(
        post_data(request),
        post_files(request),
        instance=initiative,
        programme=programme,
    )
    if request.method == "POST":
        saved = save_form(
            form,
            lambda: initiative_services.initiative_update(
                actor=request.user,
                initiative=initiative,
                **form.service_fields(),
                expected_version=form.cleaned_data["version"],
                attachment_upload=form.cleaned_data.get("attachment_upload"),
            ),
        )
        if saved is not None:
            messages.success(request, _("The initiative was saved."))
            return redirect("programmes:initiative-detail", pk=saved.pk)
    context = {"form": form, "programme": programme, "initiative": initiative}
    return form_page(request, "programmes/initiative_form.html", context)


def initiative_delete(request, pk: int):
    """Delete an initiative entered by mistake, after a confirmation; one that
    has reports, documents, findings or evidence is kept (the page says why)."""
    initiative = initiative_selectors.initiative_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_initiative(request.user, initiative))
    programme = initiative.programme
    return part_delete_view(
        request,
        obj=initiative,
        programme=programme,
        back_url=reverse(
            "programmes:initiative-list", args=[programme.municipality.key]
        ),
        kind=_("Initiative"),
        advice=_(
            "To end it, set its status to stopped or completed instead: it then "
            "keeps its history."
        ),
    )


def report_delete(request, pk: int):
    """Delete a periodic report after a confirmation, unless it is evidence."""
    report = initiative_selectors.report_get(user=request.user, pk=pk)
    initiative = report.initiative
    deny_unless(permissions.can_edit_initiative(request.user, initiative))
    return part_delete_view(
        request,
        obj=report,
        programme=initiative.programme,
        back_url=reverse("programmes:initiative-detail", args=[initiative.pk]),
        kind=_("Initiative report"),
    )


@require_POST
def initiative_validate(request, code: str):
    """Inline validation: the partial of one field, with its errors."""
    programme = programme_selectors.programme_get(user=request.user, code=code)
    deny_unless(permissions.can_edit_programme(request.user, programme))
    form = InitiativeForm(request.POST, programme=programme)
    name = request.POST.get("_field", "")
    if name not in form.fields or name in form.extra_fields:
        raise Http404
    form.is_valid()
    return render(
        request,
        "components/form_field.html",
        {"field": form[name], "validate_url": request.path},
    )


def report_create(request, pk: int):
    initiative = initiative_selectors.initiative_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_initiative(request.user, initiative))
    form = ReportForm(post_data(request))
    if request.method == "POST":
        report = save_form(
            form,
            lambda: initiative_services.report_create(
                actor=request.user, initiative=initiative, **form.service_fields()
            ),
        )
        if report is not None:
            messages.success(request, _("The report was saved."))
            return redirect("programmes:initiative-detail", pk=initiative.pk)
    context = {
        "form": form,
        "initiative": initiative,
        "programme": initiative.programme,
    }
    return form_page(request, "programmes/initiativereport_form.html", context)


def report_edit(request, pk: int):
    report = initiative_selectors.report_get(user=request.user, pk=pk)
    initiative = report.initiative
    deny_unless(permissions.can_edit_initiative(request.user, initiative))
    form = ReportForm(post_data(request), instance=report)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda: initiative_services.report_update(
                actor=request.user,
                report=report,
                **form.service_fields(),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The report was saved."))
            return redirect("programmes:initiative-detail", pk=initiative.pk)
    context = {
        "form": form,
        "initiative": initiative,
        "programme": initiative.programme,
        "report": report,
    }
    return form_page(request, "programmes/initiativereport_form.html", context)
