"""Small helpers shared by the programmes views."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def deny_unless(allowed: bool) -> None:
    """Answer 403 when a readable object may not be changed by this user."""
    if not allowed:
        raise PermissionDenied


def save_form(form, save: Callable[[], object]):
    """Run a service for a valid form; its ValidationErrors become form errors."""
    if not form.is_valid():
        return None
    try:
        return save()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None


def form_page(request, template: str, context: dict, *, status: int = 200):
    """Render a form page; 400 when a submitted form has errors, 409 on a stale save."""
    form = context.get("form")
    if form is not None and form.is_bound and form.errors:
        stale = any(e.code == "stale" for e in form.non_field_errors().as_data())
        status = 409 if stale else 400
    return render(request, template, context, status=status)


def part_form_view(
    request,
    *,
    form,
    save: Callable[[object], object],
    template: str,
    context: dict,
    success_url: Callable[[object], str],
):
    """GET shows the form; POST validates, saves through `save` and redirects."""
    if request.method == "POST":
        obj = save_form(form, lambda: save(form))
        if obj is not None:
            return redirect(success_url(obj))
    return form_page(request, template, {**context, "form": form})


def post_data(request):
    """The submitted data on POST (even when empty), None on GET: binds the form."""
    return request.POST if request.method == "POST" else None


def post_files(request):
    return request.FILES if request.method == "POST" else None


def part_delete_view(
    request,
    *,
    obj,
    programme,
    delete: Callable[[], None],
    back_url: str,
    kind: str,
    blockers: Callable[[], list[str]] | None = None,
):
    """GET asks for confirmation; POST with the form's confirmation deletes
    through `delete` and goes back (a POST without it deletes nothing).

    `blockers` says what refers to the object and would be lost: while it
    says anything, the page explains it instead of offering to delete, and a
    POST deletes nothing (409). `delete` checks again under a lock and raises
    ValidationError when something came to refer to the object meanwhile.
    """
    reasons = blockers() if blockers is not None else []
    confirmed = request.POST.get("confirm") == "yes"
    if request.method == "POST" and confirmed and not reasons:
        name = str(obj)
        try:
            delete()
        except ValidationError:
            reasons = blockers() if blockers is not None else []
        else:
            messages.success(
                request,
                _("%(kind)s “%(name)s” was deleted.") % {"kind": kind, "name": name},
            )
            return redirect(back_url)
    status = 200
    if request.method == "POST":
        status = 409 if reasons else 400
    context = {
        "object": obj,
        "kind": kind,
        "back_url": back_url,
        "programme": programme,
        "blockers": reasons,
    }
    return render(request, "programmes/confirm_delete.html", context, status=status)
