"""The council's screens: work list, assignment, acceptance, meeting, statement, decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, selectors, services
from ..forms import AssignForm, DecisionForm, MeetingForm, RespondForm, StatementForm
from ..models import CertifierAssignment
from ._helpers import REFUSED, report_error


def worklist(request):
    if not permissions.can_view_worklist(request.user):
        raise PermissionDenied
    cases = selectors.certifier_worklist(user=request.user)
    return render(request, "certification/worklist.html", {"cases": cases})


def case_assign(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    if not permissions.can_manage_council(request.user):
        raise PermissionDenied
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certifier_assign(
                case=case, certifier=form.cleaned_data["certifier"], actor=request.user
            )
        except REFUSED as error:
            report_error(request, error)
        else:
            messages.success(request, _("The certifier is assigned."))
        return redirect("certification:case-assign", pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "candidates": selectors.certifier_candidates(case=case),
        "assignments": selectors.case_round(case=case).assignments,
    }
    return render(request, "certification/assign_form.html", context)


@require_POST
def assignment_remove(request, pk: int, assignment_pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    if not permissions.can_manage_council(request.user):
        raise PermissionDenied
    assignment = get_object_or_404(
        CertifierAssignment.objects.active(), pk=assignment_pk, case=case
    )
    try:
        services.certifier_unassign(assignment=assignment, actor=request.user)
    except REFUSED as error:
        report_error(request, error)
    return redirect("certification:case-assign", pk=case.pk)


# size: accept, or declare a conflict, each answered with its own message and page
def case_respond(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    assignment = (
        CertifierAssignment.objects.active_on(case)
        .filter(certifier=request.user)
        .first()
    )
    if assignment is None:
        raise PermissionDenied
    form = RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certifier_respond(
                assignment=assignment,
                actor=request.user,
                has_conflict=form.cleaned_data["conflict"],
                declaration=form.cleaned_data["declaration"],
            )
        except REFUSED as error:
            report_error(request, error)
            return redirect(request.path)
        if form.cleaned_data["conflict"]:
            messages.info(request, _("Your conflict of interest is recorded."))
            return redirect("certification:worklist")
        messages.success(request, _("You have accepted the assignment."))
        return redirect("certification:case-detail", pk=case.pk)
    return render(
        request,
        "certification/respond_form.html",
        {"case": case, "assignment": assignment, "form": form},
    )


def case_meeting(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    if not permissions.can_review_case(request.user, case):
        raise PermissionDenied
    meeting = selectors.case_round(case=case).meeting
    form = MeetingForm(request.POST or None, instance=meeting)
    refusal = services.meeting_refusal(case=case)
    _read_only(form, refusal)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.meeting_save(case=case, actor=request.user, **form.cleaned_data)
        except REFUSED as error:
            report_error(request, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("certification:case-detail", pk=case.pk)
    return render(
        request,
        "certification/meeting_form.html",
        {
            "case": case,
            "form": form,
            "today": timezone.localdate(),
            "refusal": refusal,
        },
        status=409 if refusal and request.method == "POST" else 200,
    )


def case_statement(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    if not permissions.can_write_statement(request.user, case):
        raise PermissionDenied
    statement = selectors.case_round(case=case).statement
    form = StatementForm(request.POST or None, statement=statement)
    refusal = services.statement_refusal(case=case)
    _read_only(form, refusal)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.statement_save(
                case=case,
                actor=request.user,
                summary=form.cleaned_data["summary"],
                recommendation=form.cleaned_data["recommendation"],
                assessments=form.assessments(),
                improvement_points=form.points(),
            )
        except REFUSED as error:
            report_error(request, error)
        else:
            messages.success(request, _("The statement is saved."))
            return redirect("certification:case-detail", pk=case.pk)
    return render(
        request,
        "certification/statement_form.html",
        {"case": case, "form": form, "refusal": refusal},
        status=409 if refusal and request.method == "POST" else 200,
    )


def _read_only(form, refusal: str | None) -> None:
    """A form shown for reading only: why is said above it, and nothing is sent."""
    if refusal:
        for field in form.fields.values():
            field.disabled = True


def case_decision(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    if not permissions.can_decide_case(request.user, case):
        raise PermissionDenied
    statement = selectors.case_round(case=case).statement
    form = DecisionForm(request.POST or None, initial={"expected_status": case.status})
    if request.method == "POST":
        if statement is None:
            raise Http404
        if form.is_valid():
            try:
                services.decision_record(
                    case=case, actor=request.user, **form.cleaned_data
                )
            except REFUSED as error:
                report_error(request, error)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("certification:case-detail", pk=case.pk)
    return render(
        request,
        "certification/decision_form.html",
        {"case": case, "form": form, "statement": statement},
    )
