"""Programme overview, programme settings, focus areas and the annual report."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from safecommunity.core.forms import YearForm

from .. import permissions
from ..forms.programme import FocusAreaForm, ProgrammeForm, ProgrammeListFilterForm
from ..selectors import agreements as agreements_selectors
from ..selectors import initiatives as initiative_selectors
from ..selectors import organisation as organisation_selectors
from ..selectors import programme as programme_selectors
from ..services import programme as programme_services
from ._common import (
    deny_unless,
    form_page,
    part_form_view,
    post_data,
    post_files,
    save_form,
)


@require_GET
def programme_list(request):
    """Programmes of every municipality the user may read, searchable and filtered."""
    form = ProgrammeListFilterForm(
        request.GET or None,
        counties=programme_selectors.programme_counties(user=request.user),
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    programmes = programme_selectors.programme_list(
        user=request.user,
        query=(filters.get("q") or "").strip(),
        county=filters.get("county"),
        status=filters.get("status") or "",
    )
    page = Paginator(programmes, 50).get_page(request.GET.get("page"))
    return render(
        request, "programmes/programme_list.html", {"form": form, "page_obj": page}
    )


@require_GET
def programme_overview(request, code: str):
    municipality, programme = programme_selectors.programme_find(
        user=request.user, code=code
    )
    context = {
        "municipality": municipality,
        "programme": programme,
        "can_edit": permissions.can_create_programme(request.user, municipality),
    }
    if programme is not None:
        context["overview"] = programme_selectors.programme_overview(
            programme=programme
        )
        context["agreements_ending"] = list(
            agreements_selectors.agreements_ending(programme=programme)
        )
        context["year"] = timezone.localdate().year
    return render(request, "programmes/programme_detail.html", context)


def programme_edit(request, code: str):
    municipality, programme = programme_selectors.programme_find(
        user=request.user, code=code
    )
    deny_unless(permissions.can_create_programme(request.user, municipality))
    form = ProgrammeForm(
        post_data(request),
        post_files(request),
        instance=programme,
        municipality=municipality,
    )
    if request.method == "POST":
        saved = save_form(form, lambda: _save_programme(request, form, municipality))
        if saved is not None:
            messages.success(request, _("The programme was saved."))
            return redirect("programmes:programme-overview", code=code)
    context = {"form": form, "municipality": municipality, "programme": programme}
    return form_page(request, "programmes/programme_form.html", context)


def _save_programme(request, form, municipality):
    fields = form.service_fields()
    upload = form.cleaned_data.get("letter_of_intent_upload")
    if form.instance.pk is None:
        programme = programme_services.programme_create(
            actor=request.user, municipality=municipality, **fields
        )
        if upload is None:
            return programme
        form.instance = programme
    return programme_services.programme_update(
        actor=request.user,
        programme=form.instance,
        **fields,
        expected_version=form.cleaned_data.get("version") or form.instance.version,
        letter_of_intent_upload=upload,
    )


def focus_area_list(request, code: str):
    programme = programme_selectors.programme_get(user=request.user, code=code)
    can_edit = permissions.can_edit_programme(request.user, programme)
    if request.method == "POST":
        deny_unless(can_edit)
    form = FocusAreaForm(post_data(request)) if can_edit else None
    return part_form_view(
        request,
        form=form,
        save=lambda f: programme_services.focus_area_create(
            actor=request.user, programme=programme, **f.service_fields()
        ),
        template="programmes/focus_area_list.html",
        context={
            "programme": programme,
            "focus_areas": programme_selectors.focus_area_list(programme=programme),
            "can_edit": can_edit,
        },
        success_url=lambda obj: reverse("programmes:focus-area-list", args=[code]),
    )


def focus_area_edit(request, pk: int):
    area = organisation_selectors.focus_area_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, area))
    if area.programme.is_regional:
        back = reverse("programmes:region-focus-areas", args=[area.programme_id])
    else:
        back = reverse("programmes:focus-area-list", args=[area.programme.municipality])
    return part_form_view(
        request,
        form=FocusAreaForm(post_data(request), instance=area),
        save=lambda f: programme_services.focus_area_update(
            actor=request.user, focus_area=area, **f.service_fields()
        ),
        template="programmes/focus_area_form.html",
        context={"programme": area.programme, "focus_area": area},
        success_url=lambda obj: back,
    )


@require_GET
def annual_report(request, code: str, year: int):
    programme = programme_selectors.programme_get(user=request.user, code=code)
    if not YearForm({"year": year}).is_valid():
        raise Http404
    report = programme_selectors.annual_report(programme=programme, year=year)
    years = initiative_selectors.initiative_years(programme=programme)
    return render(
        request,
        "programmes/annual_report_detail.html",
        {"programme": programme, "report": report, "years": years},
    )
