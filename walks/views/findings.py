"""Findings of safety walks: the coordinator's follow-up of each and the board of all."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from programmes import permissions as programme_permissions
from programmes.selectors import programme as programme_selectors
from programmes.views._common import deny_unless, part_form_view, post_data

from .. import permissions, workflow
from ..forms.walks import FindingFollowUpForm, FollowUpFilterForm
from ..selectors import walks as walk_selectors
from ..services import walks as services

PAGE_SIZE = 25


def finding_edit(request, pk: int):
    finding = walk_selectors.finding_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_walk(request.user, finding.walk))
    return part_form_view(
        request,
        form=FindingFollowUpForm(
            post_data(request),
            instance=finding,
            statuses=workflow.finding_statuses(finding, request.user),
        ),
        save=lambda form: services.finding_update(
            actor=request.user, finding=finding, **form.service_fields()
        ),
        template="walks/walk_finding_form.html",
        context={
            "finding": finding,
            "walk": finding.walk,
            "programme": finding.walk.programme,
            "photos": finding.photos.all(),
            "history": walk_selectors.finding_history(finding=finding),
        },
        success_url=lambda f: reverse("walks:walk-detail", args=[f.walk_id]),
    )


@require_GET
def follow_up_board(request, code: str):
    programme = programme_selectors.programme_get(user=request.user, code=code)
    filter_form = FollowUpFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    findings = walk_selectors.follow_up_board(programme=programme, **filters)
    page_obj = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "filter_form": filter_form,
        "page_obj": page_obj,
        "summary": walk_selectors.follow_up_summary(programme=programme),
        "can_edit": programme_permissions.can_edit_programme(request.user, programme),
    }
    return render(request, "walks/walk_follow_up.html", context)
