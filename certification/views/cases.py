"""The case page with its timeline and transitions; application and follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, selectors, services
from ..forms import (
    ApplicationSectionForm,
    CaseFilterForm,
    CommentForm,
    FollowUpForm,
    TransitionForm,
)
from ..models import SafetyProfile
from ..workflow import actor_kinds, available_edges, status_label
from ._helpers import REFUSED, report_error


def case_detail(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    user = request.user
    current = selectors.case_round(case=case)
    edges = [
        {"to": e.to, "to_label": status_label(e.to), "label": e.label, "reason": r}
        for e, r in available_edges(case, user)
    ]
    context = {
        "case": case,
        "programme": case.programme,
        "timeline": selectors.case_timeline(case=case),
        "edges": edges,
        "assignments": selectors.case_assignments(case=case),
        "meeting": current.meeting,
        "statement": current.statement,
        "decision": current.decision,
        "certificates": case.certificates.select_related("diploma", "diploma_job"),
        "profiles": SafetyProfile.objects.filter(case=case),
        "comment_form": CommentForm(),
        **permissions.case_abilities(user, case),
    }
    return render(request, "certification/case_detail.html", context)


@require_POST
def diploma_retry(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    if not permissions.can_retry_diploma(request.user, case):
        raise PermissionDenied
    raw = request.POST.get("certificate", "")
    valid = raw.isascii() and raw.isdigit() and len(raw) < 10
    certificate = case.certificates.filter(pk=int(raw)).first() if valid else None
    if certificate is not None and services.certificate_diploma_retry(
        certificate=certificate, actor=request.user
    ):
        messages.success(request, _("The diploma is being made again."))
    return redirect("certification:case-detail", pk=case.pk)


@require_POST
def case_transition(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    if not actor_kinds(request.user, case):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was changed."))
        return redirect("certification:case-detail", pk=case.pk)
    try:
        services.certification_case_transition(
            case=case,
            to_status=form.cleaned_data["to_status"],
            actor=request.user,
            comment=form.cleaned_data["comment"],
            expected_status=form.cleaned_data["expected_status"],
        )
    except REFUSED as error:
        report_error(request, error)
    else:
        messages.success(request, _("The case is updated."))
    return redirect("certification:case-detail", pk=case.pk)


@require_POST
def case_comment(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    if not permissions.can_comment_case(request.user, case):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.case_comment_add(
                case=case, actor=request.user, body=form.cleaned_data["body"]
            )
        except REFUSED as error:
            report_error(request, error)
    else:
        messages.error(request, _("Write a comment."))
    return redirect("certification:case-detail", pk=case.pk)


def _section_form(request, section) -> ApplicationSectionForm:
    prefix = f"s{section.pk}" if section.pk else f"f{section.focus_area_id}"
    texts = {
        name: getattr(section, name) for name in ApplicationSectionForm.base_fields
    }
    data = request.POST if request.method == "POST" else None
    return ApplicationSectionForm(data, prefix=prefix, initial=texts)


# size: saves every section of the application at once, each with its own form
def case_application(request, pk: int):
    """Reading writes nothing: sections of new focus areas are made on saving."""
    case = selectors.case_get(user=request.user, pk=pk)
    can_edit = permissions.can_edit_programme_path(request.user, case.programme)
    application, sections = selectors.application_sections(case=case)
    forms = [_section_form(request, section) for section in sections]
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if all(f.is_valid() for f in forms):
            try:
                services.application_save(
                    case=case,
                    actor=request.user,
                    sections=[
                        services.SectionTexts(section=section, **form.cleaned_data)
                        for section, form in zip(sections, forms, strict=True)
                    ],
                )
            except REFUSED as error:
                report_error(request, error)
            else:
                messages.success(request, _("The application is saved."))
            return redirect("certification:case-application", pk=case.pk)
    context = {
        "case": case,
        "application": application,
        "pairs": list(zip(sections, forms, strict=True)),
        "can_edit": can_edit,
    }
    return render(request, "certification/application_form.html", context)


def case_follow_up(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    can_edit = permissions.can_report_follow_up(request.user, case)
    points = selectors.improvement_points(case=case)
    data = request.POST if request.method == "POST" else None
    forms = [FollowUpForm(data, point=point) for point in points]
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if all(f.is_valid() for f in forms):
            for point, form in zip(points, forms, strict=True):
                services.follow_up_report(
                    point=point, actor=request.user, **form.cleaned_data
                )
            messages.success(request, _("The follow-up is saved."))
            return redirect("certification:case-follow-up", pk=case.pk)
    context = {
        "case": case,
        "pairs": list(zip(points, forms, strict=True)),
        "can_edit": can_edit,
    }
    return render(request, "certification/follow_up_form.html", context)


def case_overview(request):
    if not permissions.can_view_overview(request.user):
        raise PermissionDenied
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.case_list(
        user=request.user,
        status=filters.get("status", ""),
        query=filters.get("q", ""),
        overdue=filters.get("overdue", False),
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "certification/case_list.html",
        {
            "form": form,
            "page_obj": page,
            "designations": selectors.designations_to_decide(),
        },
    )
