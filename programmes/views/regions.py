"""Regional programmes: the county's programme, its members and local groups."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import permissions
from ..forms.programme import MemberForm
from ..forms.regions import LocalGroupForm
from ..selectors import regions as region_selectors
from ..services import organisation as organisation_services
from ..services import regions as region_services
from ._common import deny_unless, part_form_view, post_data


@require_GET
def region_list(request):
    """The regional programmes the user may read."""
    programmes = region_selectors.regional_programme_list(user=request.user)
    return render(request, "programmes/region_list.html", {"programmes": programmes})


@require_GET
def region_detail(request, pk: int):
    """A regional programme: members, their local groups, the management group."""
    programme = region_selectors.regional_programme_get(user=request.user, pk=pk)
    overview = region_selectors.region_overview(user=request.user, programme=programme)
    context = {
        "programme": programme,
        "overview": overview,
        "can_edit": permissions.can_edit_programme(request.user, programme),
    }
    return render(request, "programmes/region_detail.html", context)


def local_group_create(request, pk: int):
    """Editors add the local working group of a member municipality."""
    programme = region_selectors.regional_programme_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme(request.user, programme))
    return part_form_view(
        request,
        form=LocalGroupForm(post_data(request), programme=programme),
        save=lambda f: region_services.local_group_create(
            actor=request.user, programme=programme, **f.cleaned_data
        ),
        template="programmes/region_form.html",
        context={"programme": programme, "heading": "local_group"},
        success_url=lambda obj: reverse(
            "programmes:working-group-detail", args=[obj.pk]
        ),
    )


def region_member_create(request, pk: int):
    """Editors add a management group member, from any organisation."""
    programme = region_selectors.regional_programme_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme(request.user, programme))
    return part_form_view(
        request,
        form=MemberForm(post_data(request)),
        save=lambda f: organisation_services.member_create(
            actor=request.user, programme=programme, **f.service_fields()
        ),
        template="programmes/region_form.html",
        context={"programme": programme, "heading": "member"},
        success_url=lambda obj: reverse("programmes:region-detail", args=[pk]),
    )
