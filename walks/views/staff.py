"""Safety walks for coordinators: list, plan, detail, participants, links, workflow."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from programmes import permissions as programme_permissions
from programmes.selectors import programme as programme_selectors
from programmes.views._common import deny_unless, part_form_view, post_data, save_form

from .. import permissions, workflow
from ..forms.walks import FindingMergeForm, SafetyWalkForm, WalkParticipantForm
from ..report_pdf import walk_report_retry
from ..selectors import walks as walk_selectors
from ..services import walks as services


@require_GET
def walk_list(request, code: str):
    programme = programme_selectors.programme_get(user=request.user, code=code)
    context = {
        "programme": programme,
        "walks": walk_selectors.walk_list(programme=programme),
        "can_edit": programme_permissions.can_edit_programme(request.user, programme),
    }
    return render(request, "walks/walk_list.html", context)


def walk_create(request, code: str):
    programme = programme_selectors.programme_get(user=request.user, code=code)
    deny_unless(programme_permissions.can_edit_programme(request.user, programme))
    return part_form_view(
        request,
        form=SafetyWalkForm(post_data(request)),
        save=lambda form: services.safety_walk_create(
            actor=request.user, programme=programme, **form.service_fields()
        ),
        template="walks/walk_form.html",
        context={"programme": programme},
        success_url=lambda walk: reverse("walks:walk-detail", args=[walk.pk]),
    )


def walk_edit(request, pk: int):
    walk = walk_selectors.walk_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_walk(request.user, walk))
    return part_form_view(
        request,
        form=SafetyWalkForm(post_data(request), instance=walk),
        save=lambda form: services.safety_walk_update(
            actor=request.user, walk=walk, **form.service_fields()
        ),
        template="walks/walk_form.html",
        context={"programme": walk.programme, "walk": walk},
        success_url=lambda walk: reverse("walks:walk-detail", args=[walk.pk]),
    )


def _detail_context(request, walk, **extra) -> dict:
    can_edit = permissions.can_edit_walk(request.user, walk)
    findings = list(walk_selectors.walk_findings(walk=walk))
    return {
        "walk": walk,
        "programme": walk.programme,
        "can_edit": can_edit,
        "findings": findings,
        "participants": walk.participants.all(),
        "links": walk.links.all() if can_edit else (),
        "edges": workflow.available_edges(walk, request.user),
        "participant_form": WalkParticipantForm() if can_edit else None,
        "history": walk_selectors.walk_history(walk=walk),
        **extra,
    }


def walk_detail(request, pk: int):
    walk = walk_selectors.walk_get(user=request.user, pk=pk)
    if request.method != "POST":
        context = _detail_context(request, walk)
        return render(request, "walks/walk_detail.html", context)
    deny_unless(permissions.can_edit_walk(request.user, walk))
    if "remove" in request.POST:
        participant = walk.participants.filter(pk=request.POST["remove"]).first()
        if participant is not None:
            services.walk_participant_remove(
                actor=request.user, participant=participant
            )
        return redirect("walks:walk-detail", pk=walk.pk)
    form = WalkParticipantForm(request.POST)
    saved = save_form(
        form,
        lambda: services.walk_participant_add(
            actor=request.user, walk=walk, **form.cleaned_data
        ),
    )
    if saved is not None:
        return redirect("walks:walk-detail", pk=walk.pk)
    context = _detail_context(request, walk, participant_form=form)
    return render(request, "walks/walk_detail.html", context, status=400)


@never_cache
@require_GET
def walk_report_status(request, pk: int):
    """The report's block of the walk page, as the job stands now (polled)."""
    walk = walk_selectors.walk_get(user=request.user, pk=pk)
    context = {
        "walk": walk,
        "can_edit": permissions.can_edit_walk(request.user, walk),
    }
    return render(request, "walks/partials/_walk_report.html", context)


@require_POST
def walk_report_try_again(request, pk: int):
    walk = walk_selectors.walk_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_walk(request.user, walk))
    if walk_report_retry(walk=walk):
        messages.success(
            request, _("You asked for the report again. It shows here when ready.")
        )
    return redirect("walks:walk-detail", pk=walk.pk)


@require_POST
def walk_transition(request, pk: int):
    walk = walk_selectors.walk_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_walk(request.user, walk))
    try:
        workflow.safety_walk_transition(
            walk=walk,
            to_status=request.POST.get("to_status", ""),
            actor=request.user,
            comment=request.POST.get("comment", ""),
        )
    except workflow.TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The walk moved on."))
    return redirect("walks:walk-detail", pk=walk.pk)


@require_POST
def walk_link_create(request, pk: int):
    walk = walk_selectors.walk_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_walk(request.user, walk))
    link, token, invited = services.walk_link_create(
        actor=request.user,
        walk=walk,
        invite=request.POST.get("invite") == "1",
        link_url=lambda t: request.build_absolute_uri(
            reverse("walks:walk-link", args=[t])
        ),
    )
    url = request.build_absolute_uri(reverse("walks:walk-link", args=[token]))
    context = {
        "walk": walk,
        "programme": walk.programme,
        "link": link,
        "url": url,
        "invited": invited,
    }
    return render(request, "walks/walk_link_created.html", context)


@require_POST
def walk_link_revoke(request, pk: int):
    link = walk_selectors.link_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_walk(request.user, link.walk))
    services.walk_link_revoke(actor=request.user, link=link)
    messages.success(request, _("The link no longer works."))
    return redirect("walks:walk-detail", pk=link.walk_id)


@require_POST
def finding_merge(request, pk: int):
    finding = walk_selectors.finding_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_walk(request.user, finding.walk))
    form = FindingMergeForm(request.POST, finding=finding)
    saved = save_form(
        form,
        lambda: services.finding_merge(
            actor=request.user, finding=finding, into=form.cleaned_data["into"]
        ),
    )
    if saved is None:
        messages.error(request, _("Choose the finding this one duplicates."))
    else:
        messages.success(request, _("The findings were merged."))
    return redirect("walks:walk-detail", pk=finding.walk_id)
