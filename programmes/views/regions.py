"""Regional programmes: the county's programme, its members and local groups."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import permissions
from ..forms.programme import FocusAreaForm
from ..forms.regions import RegionalProgrammeForm, RegionMembersForm
from ..selectors import programme as programme_selectors
from ..selectors import regions as region_selectors
from ..services import programme as programme_services
from ..services import regions as region_services
from ._common import deny_unless, form_page, part_form_view, post_data, save_form


@require_GET
def region_list(request):
    """The regional programmes the user may read."""
    programmes = region_selectors.regional_programme_list(user=request.user)
    context = {
        "programmes": programmes,
        "can_create": permissions.can_manage_regional_programmes(request.user),
    }
    return render(request, "programmes/region_list.html", context)


def region_create(request):
    """The secretariat starts a county's programme: the county, then its members."""
    deny_unless(permissions.can_manage_regional_programmes(request.user))
    initial = {"county": request.GET.get("county")}
    form = RegionalProgrammeForm(post_data(request), initial=initial)
    if request.method == "POST":
        programme = save_form(
            form,
            lambda: region_services.regional_programme_create(
                actor=request.user, **form.service_fields()
            ),
        )
        if programme is not None:
            messages.success(request, _("The regional programme was created."))
            return redirect("programmes:region-detail", pk=programme.pk)
    return form_page(request, "programmes/region_create.html", {"form": form})


def region_members(request, pk: int):
    """The secretariat changes which municipalities take part in the programme."""
    programme = region_selectors.regional_programme_get(user=request.user, pk=pk)
    deny_unless(permissions.can_manage_regional_programmes(request.user))
    form = RegionMembersForm(post_data(request), programme=programme)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda: region_services.regional_members_set(
                actor=request.user,
                programme=programme,
                members=form.cleaned_data["member_municipalities"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The member municipalities were saved."))
            return redirect("programmes:region-detail", pk=pk)
    context = {"programme": programme, "form": form}
    return form_page(request, "programmes/region_members_form.html", context)


def region_focus_areas(request, pk: int):
    """The regional programme's prioritised focus areas (step 3)."""
    programme = region_selectors.regional_programme_get(user=request.user, pk=pk)
    can_edit = permissions.can_edit_programme(request.user, programme)
    if request.method == "POST":
        deny_unless(can_edit)
    return part_form_view(
        request,
        form=FocusAreaForm(post_data(request)) if can_edit else None,
        save=lambda f: programme_services.focus_area_create(
            actor=request.user, programme=programme, **f.service_fields()
        ),
        template="programmes/focus_area_list.html",
        context={
            "programme": programme,
            "focus_areas": programme_selectors.focus_area_list(programme=programme),
            "can_edit": can_edit,
        },
        success_url=lambda obj: reverse("programmes:region-focus-areas", args=[pk]),
    )


@require_GET
def region_detail(request, pk: int):
    """A regional programme: members, their local groups, the management group."""
    programme = region_selectors.regional_programme_get(user=request.user, pk=pk)
    overview = region_selectors.region_overview(user=request.user, programme=programme)
    context = {
        "programme": programme,
        "overview": overview,
        "can_edit": permissions.can_edit_programme(request.user, programme),
        "can_manage": permissions.can_manage_regional_programmes(request.user),
    }
    return render(request, "programmes/region_detail.html", context)
