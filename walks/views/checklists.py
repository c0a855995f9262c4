"""Risikorydding: the public checklists and the coordinator's view of common hazards."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from programmes import permissions
from programmes.selectors import programme as programme_selectors
from programmes.views._common import deny_unless, post_data, save_form

from ..forms.checklists import ChecklistAnswerForm
from ..selectors import checklists as checklist_selectors
from ..services import checklists as services
from .public import rate_limited


def _invalid(request):
    return render(request, "walks/walk_checklist_invalid.html", status=404)


@login_not_required
@never_cache
def checklist_public_list(request, token: str):
    link = checklist_selectors.checklist_link_for_token(token=token)
    if link is None:
        return _invalid(request)
    context = {
        "municipality": link.programme.municipality,
        "checklists": checklist_selectors.checklists_active(),
        "token": token,
    }
    return render(request, "walks/walk_checklist_list.html", context)


@login_not_required
@never_cache
def checklist_public_form(request, token: str, pk: int):
    link = checklist_selectors.checklist_link_for_token(token=token)
    if link is None:
        return _invalid(request)
    checklist = get_object_or_404(checklist_selectors.checklists_active(), pk=pk)
    if request.method == "POST" and rate_limited(request, f"checklist:{token}"):
        return render(request, "walks/walk_link_busy.html", status=429)
    form = ChecklistAnswerForm(post_data(request), checklist=checklist)
    if form.is_bound:
        saved = save_form(
            form,
            lambda: services.checklist_response_submit(
                programme=link.programme,
                checklist=checklist,
                client_uuid=form.cleaned_data["client_uuid"],
                answers=form.answers(),
            ),
        )
        if saved is not None:
            url = reverse("walks:checklist-public-list", args=[token])
            return redirect(f"{url}?saved=1")
    context = {
        "municipality": link.programme.municipality,
        "checklist": checklist,
        "form": form,
        "token": token,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "walks/walk_checklist_form.html", context, status=status)


def checklist_overview(request, code: str):
    programme = programme_selectors.programme_get(user=request.user, code=code)
    can_edit = permissions.can_edit_programme(request.user, programme)
    if request.method == "POST":
        deny_unless(can_edit)
        services.checklist_link_renew(actor=request.user, programme=programme)
        return redirect("walks:checklist-overview", code=code)
    link = getattr(programme, "checklist_link", None) if can_edit else None
    context = {
        "programme": programme,
        "can_edit": can_edit,
        "link_url": request.build_absolute_uri(
            reverse("walks:checklist-public-list", args=[link.token])
        )
        if link
        else "",
        "summaries": checklist_selectors.checklist_aggregate(programme=programme),
    }
    return render(request, "walks/walk_checklist_overview.html", context)
