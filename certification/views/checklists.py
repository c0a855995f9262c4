"""The steps' requirement checklists, edited by the secretariat."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from safecommunity.core.selectors import audit_entries_for

from .. import permissions, selectors, services
from ..forms import RequirementForm
from ..models import Requirement, Step


def _require_secretariat(request) -> None:
    if not permissions.can_edit_checklists(request.user):
        raise PermissionDenied


def checklist_list(request):
    """Every step with its requirements, inactive ones included."""
    _require_secretariat(request)
    steps = selectors.checklists()
    return render(request, "certification/checklists.html", {"steps": steps})


def requirement_create(request, number: int):
    _require_secretariat(request)
    step = get_object_or_404(Step, number=number)
    form = RequirementForm(
        request.POST if request.method == "POST" else None,
        initial={
            "order": selectors.requirement_next_order(step=step),
            "required": True,
            "active": True,
        },
    )
    return _requirement_form(request, form, step, None)


def requirement_edit(request, pk: int):
    _require_secretariat(request)
    requirement = get_object_or_404(Requirement.objects.select_related("step"), pk=pk)
    form = RequirementForm(
        request.POST if request.method == "POST" else None, instance=requirement
    )
    return _requirement_form(request, form, requirement.step, requirement)


def _requirement_form(request, form, step: Step, requirement: Requirement | None):
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_save(
                actor=request.user,
                step=step,
                requirement=requirement,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The requirement was saved."))
            return redirect(f"{reverse('certification:checklists')}#step-{step.number}")
    context = {
        "form": form,
        "step": step,
        "requirement": requirement,
        "history": audit_entries_for(obj=requirement) if requirement else None,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "certification/requirement_form.html", context, status=status
    )
