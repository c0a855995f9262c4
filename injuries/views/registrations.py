"""Registration pages: the list of a municipality's registrations and the
form that enters or changes one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from safecommunity.core.selectors import municipality_list

from .. import selectors, services
from ..forms import (
    RegistrationFilterForm,
    RegistrationForm,
)

PAGE_SIZE = 50


def home(request):
    editable = selectors.editable_municipalities(user=request.user).first()
    if editable is not None:
        return redirect("injuries:registration-list", code=editable.key)
    readable = municipality_list(user=request.user).order_by("code").first()
    if readable is None:
        raise Http404
    return redirect("injuries:statistics", code=readable.key)


def registration_list(request, code: str):
    municipality = selectors.registering_municipality_get(user=request.user, code=code)
    labels = selectors.code_labels()
    form = RegistrationFilterForm(
        request.GET or None,
        years=selectors.registration_years(municipality=municipality),
        labels=labels,
    )
    qs = selectors.registration_list(
        user=request.user, municipality=municipality, filters=form.filters()
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (r, {f: labels[f].get(getattr(r, f), getattr(r, f)) for f in labels})
        for r in page.object_list
    ]
    return render(
        request,
        "injuries/registration_list.html",
        {"municipality": municipality, "form": form, "page_obj": page, "rows": rows},
    )


# size: create and edit share one form page, with "register another"
def _registration_form(request, *, municipality=None, registration=None):
    municipalities = selectors.editable_municipalities(user=request.user)
    initial = {"municipality": municipality}
    if registration is not None:
        initial = {f: getattr(registration, f) for f in RegistrationForm.base_fields}
    form = RegistrationForm(
        request.POST or None, municipalities=municipalities, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["municipality"]
        try:
            if registration is None:
                services.registration_create(
                    actor=request.user, **form.service_fields()
                )
            else:
                services.registration_update(
                    actor=request.user,
                    registration=registration,
                    **form.service_fields(),
                )
        except ValidationError as exc:  # e.g. an external id already used
            form.add_error(None, exc)
        else:
            if registration is None:
                messages.success(request, _("The injury was registered."))
                if "another" in request.POST:
                    return redirect("injuries:registration-create", code=chosen.key)
            else:
                messages.success(request, _("The registration was saved."))
            return redirect("injuries:registration-list", code=chosen.key)
    return render(
        request,
        "injuries/registration_form.html",
        {
            "form": form,
            "municipality": municipality or registration.municipality,
            "registration": registration,
        },
    )


def registration_create(request, code: str):
    municipality = selectors.registering_municipality_get(user=request.user, code=code)
    return _registration_form(request, municipality=municipality)


def registration_update(request, pk: int):
    registration = selectors.registration_get(user=request.user, pk=pk)
    return _registration_form(request, registration=registration)
