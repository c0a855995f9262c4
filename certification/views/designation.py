"""ISCCC designation: the municipality's application and the secretariat's decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from safecommunity.core.locking import StaleEditError
from safecommunity.core.selectors import audit_entries_for

from .. import permissions, selectors, services
from ..forms import DesignationDecisionForm, DesignationForm
from ..models import Designation
from ._helpers import report_error


def designation_view(request, code: str):
    """The latest application: answers to edit while a draft, read after."""
    programme = selectors.programme_get(user=request.user, code=code)
    designation = selectors.designation_latest(programme=programme)
    if request.method == "POST":
        if not permissions.can_edit_programme_path(request.user, programme):
            raise PermissionDenied
        return _designation_post(request, programme, designation)
    return _designation_page(request, programme, designation)


# One place for the save-then-submit and its three outcomes (saved, stale, refused).
# size: the three actions of the page: start, save, or save and submit
def _designation_post(request, programme, designation):
    action = request.POST.get("action", "")
    if action == "start":
        try:
            services.designation_start(programme=programme, actor=request.user)
        except ValidationError as error:
            report_error(request, error)
        return redirect(request.path)
    if designation is None or action not in {"save", "submit"}:
        return HttpResponseBadRequest(_("Unknown action."))
    # Both buttons send the answers: they are saved first, so submitting
    # never loses what was typed since the last save.
    form = DesignationForm(request.POST, instance=designation)
    if not form.is_valid():
        return _designation_page(request, programme, designation, form, status=400)
    try:
        designation = services.designation_save(
            designation=designation,
            actor=request.user,
            **form.answers(),
            expected_version=form.cleaned_data["version"],
        )
        if action == "submit":
            services.designation_submit(designation=designation, actor=request.user)
    except StaleEditError as error:
        form.add_error(None, error)
        return _designation_page(request, programme, designation, form, status=409)
    except ValidationError as error:
        report_error(request, error)
        return redirect(request.path)
    if action == "submit":
        messages.success(request, _("The application was submitted."))
    else:
        messages.success(request, _("The answers were saved."))
    return redirect(request.path)


def _designation_page(request, programme, designation, form=None, status=200):
    can_edit = permissions.can_edit_programme_path(request.user, programme)
    if form is None and can_edit and designation and designation.status == "draft":
        form = DesignationForm(instance=designation)
    context = {
        "programme": programme,
        "designation": designation,
        "form": form,
        "can_edit": can_edit,
        "certified": selectors.is_certified(programme=programme),
        "can_start": can_edit
        and services.designation_can_start(designation=designation),
        "can_decide": designation is not None
        and designation.status == Designation.Status.SUBMITTED
        and permissions.can_decide_designation(request.user),
        "history": audit_entries_for(obj=designation) if designation else None,
    }
    return render(
        request, "certification/designation_detail.html", context, status=status
    )


# size: the decision form, an error on the same page, and the way back
def designation_decision(request, pk: int):
    """The secretariat records the ISCCC's decision on a submitted application."""
    designation = selectors.designation_get(user=request.user, pk=pk)
    if not permissions.can_decide_designation(request.user):
        raise PermissionDenied
    back = reverse(
        "certification:designation", args=[designation.programme.municipality.key]
    )
    form = DesignationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.designation_decide(
                designation=designation,
                actor=request.user,
                designated=form.cleaned_data["outcome"]
                == Designation.Status.DESIGNATED,
                decided_on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("The decision was recorded."))
        return redirect(back)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "certification/designation_decision.html",
        {"designation": designation, "form": form, "back_url": back},
        status=status,
    )
