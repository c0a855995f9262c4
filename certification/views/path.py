"""The coordinator's path: eight steps, evidence, notes, the safety profile.

Each page serves a municipality's programme (by its `code`) and a regional
programme (by its `pk`) alike."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, selectors, services
from ..forms import CommentForm, EvidenceForm, RequirementNoteForm, SafetyProfileForm
from ..models import Evidence, SafetyProfile, SafetyProfileDraft, Step, StepProgress
from ..profile_display import profile_checklist, profile_facts
from ._helpers import REFUSED, report_error


def path_view(request, code: str | None = None, pk: int | None = None):
    programme = selectors.programme_get(user=request.user, code=code, pk=pk)
    case = selectors.case_open_for_programme(programme=programme)
    rows = selectors.path_overview(programme=programme, case=case)
    return render(
        request,
        "certification/path_detail.html",
        {
            "programme": programme,
            "case": case,
            "rows": rows,
            "done": sum(1 for r in rows if r.is_complete),
            "next_row": selectors.next_step(rows),
            "can_edit": permissions.can_edit_programme_path(request.user, programme),
        },
    )


@require_POST
def case_open(request, code: str | None = None, pk: int | None = None):
    programme = selectors.programme_get(user=request.user, code=code, pk=pk)
    if not permissions.can_edit_programme_path(request.user, programme):
        raise PermissionDenied
    case = services.certification_case_open(programme=programme, actor=request.user)
    return redirect("certification:case-detail", pk=case.pk)


def step_detail(request, number: int, code: str | None = None, pk: int | None = None):
    programme = selectors.programme_get(user=request.user, code=code, pk=pk)
    step = get_object_or_404(Step, number=number)
    case = selectors.case_open_for_programme(programme=programme)
    if request.method == "POST":
        return _step_post(request, programme, step, case)
    row = selectors.path_step(programme=programme, case=case, step=step)
    context = {
        "programme": programme,
        "case": case,
        "row": row,
        "step": step,
        "can_edit": permissions.can_edit_programme_path(request.user, programme),
        "can_accept": permissions.can_accept_step(request.user, case)
        and row.status == StepProgress.Status.DONE,
        "can_comment": case is not None
        and permissions.can_comment_case(request.user, case),
        "evidence_form": EvidenceForm(programme=programme, step=step),
        "comment_form": CommentForm(step=step),
        "statuses": StepProgress.Status,
    }
    return render(request, "certification/step_detail.html", context)


def _step_post(request, programme, step, case):
    action = request.POST.get("action", "")
    if not permissions.can_take_step_action(request.user, programme, case, action):
        raise PermissionDenied
    try:
        problems = STEP_ACTIONS[action](request, programme, step, case)
    except REFUSED as error:
        report_error(request, error)
        return redirect(request.path)
    for problem in problems:
        messages.error(request, problem)
    if not problems:
        messages.success(request, _("Saved."))
    return redirect(request.path)


# Each action of the step page returns the problems of its form (none: done).


def _evidence_add(request, programme, step, case) -> list[str]:
    form = EvidenceForm(request.POST, request.FILES, programme=programme, step=step)
    if not form.is_valid():
        return [e for errors in form.errors.values() for e in errors]
    services.evidence_add(programme=programme, actor=request.user, **form.cleaned_data)
    return []


def _evidence_remove(request, programme, step, case) -> list[str]:
    evidence = get_object_or_404(
        Evidence, pk=request.POST.get("evidence"), programme=programme
    )
    services.evidence_remove(evidence=evidence, actor=request.user)
    return []


def _note_set(request, programme, step, case) -> list[str]:
    form = RequirementNoteForm(request.POST, step=step)
    if not form.is_valid():
        raise Http404
    services.requirement_note_set(
        programme=programme, actor=request.user, **form.cleaned_data
    )
    return []


def _status_set(request, programme, step, case) -> list[str]:
    status = request.POST.get("status", "")
    if request.POST.get("action") == "accept":
        status = StepProgress.Status.ACCEPTED
    elif status not in {StepProgress.Status.IN_PROGRESS, StepProgress.Status.DONE}:
        raise Http404
    services.step_status_set(
        programme=programme, step=step, status=status, actor=request.user
    )
    return []


def _comment_add(request, programme, step, case) -> list[str]:
    form = CommentForm(request.POST, step=step)
    if not form.is_valid():
        return [_("Write a comment.")]
    services.case_comment_add(
        case=case, actor=request.user, step=step, **form.cleaned_data
    )
    return []


STEP_ACTIONS = {
    "evidence": _evidence_add,
    "remove": _evidence_remove,
    "note": _note_set,
    "status": _status_set,
    "accept": _status_set,
    "comment": _comment_add,
}


def safety_profile(request, code: str | None = None, pk: int | None = None):
    programme = selectors.programme_get(user=request.user, code=code, pk=pk)
    can_edit = permissions.can_edit_programme_path(request.user, programme)
    case = selectors.case_open_for_programme(programme=programme)
    draft = SafetyProfileDraft.objects.filter(programme=programme).first()
    form = SafetyProfileForm(request.POST or None, draft=draft)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            return _safety_profile_save(request, programme, case, form)
    context = {
        "programme": programme,
        "case": case,
        "form": form,
        "can_edit": can_edit,
        "focus_areas": programme.focus_areas.order_by("priority", "id"),
        "problems": services.safety_profile_problems(programme=programme),
        "versions": SafetyProfile.objects.filter(programme=programme),
    }
    return render(request, "certification/safety_profile_form.html", context)


def _safety_profile_save(request, programme, case, form):
    """Save the draft; with "submit", freeze it and submit the case with it."""
    services.safety_profile_draft_save(
        programme=programme,
        actor=request.user,
        municipal_description=form.cleaned_data["municipal_description"],
        risk_summary=form.cleaned_data["risk_summary"],
        checklist=form.checklist_data(),
    )
    if request.POST.get("action") != "submit":
        messages.success(request, _("The draft is saved."))
        return redirect(request.path)
    if case is None:
        case = services.certification_case_open(programme=programme, actor=request.user)
    try:
        profile = services.safety_profile_submit(case=case, actor=request.user)
    except REFUSED as error:
        report_error(request, error)
        return redirect(request.path)
    messages.success(
        request,
        _("Safety profile version %(v)d is submitted.") % {"v": profile.version},
    )
    return redirect("certification:case-detail", pk=case.pk)


def safety_profile_version(
    request, version: int, code: str | None = None, pk: int | None = None
):
    programme = selectors.programme_get(user=request.user, code=code, pk=pk)
    profile = get_object_or_404(SafetyProfile, programme=programme, version=version)
    return render(
        request,
        "certification/safety_profile_detail.html",
        {
            "programme": programme,
            "profile": profile,
            "data": profile.snapshot,
            "facts": profile_facts(profile.snapshot),
            "checklist": profile_checklist(profile.snapshot),
        },
    )
