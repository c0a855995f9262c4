"""Small helpers shared by the programmes views."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..selectors import programme as programme_selectors
from ..selectors import regions as region_selectors
from ..services import programme as programme_services


def programme_for(request, code: str | None, pk: int | None):
    """A municipality's programme by its code, or a regional programme by its id."""
    if pk is not None:
        return region_selectors.regional_programme_get(user=request.user, pk=pk)
    return programme_selectors.programme_get(user=request.user, code=code or "")


def programme_page_url(name: str, programme) -> str:
    """A page of a programme: `region-<name>` of a regional one, by its id."""
    if programme.is_regional:
        return reverse(f"programmes:region-{name}", args=[programme.pk])
    return reverse(f"programmes:{name}", args=[programme.municipality.key])


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
    """GET shows the form; POST validates, saves through `save`, says so and
    redirects."""
    if request.method == "POST":
        obj = save_form(form, lambda: save(form))
        if obj is not None:
            messages.success(request, _("Saved."))
            return redirect(success_url(obj))
    return form_page(request, template, {**context, "form": form})


def post_data(request):
    """The submitted data on POST (even when empty), None on GET: binds the form."""
    return request.POST if request.method == "POST" else None


def post_files(request):
    return request.FILES if request.method == "POST" else None


# size: the one delete page of every programme record: confirm, blockers, 409
def part_delete_view(
    request, *, obj, programme, back_url: str, kind: str, advice: str = ""
):
    """GET asks for confirmation; POST with the form's confirmation deletes and
    goes back (a POST without it deletes nothing).

    While other records refer to the object (`programme_selectors.delete_blockers`), the
    page says which instead of offering to delete, and a POST deletes nothing
    (409), with `advice` on what to do instead. The service checks again
    under a lock, for what came meanwhile.
    """
    blockers = programme_selectors.delete_blockers(obj)
    confirmed = request.POST.get("confirm") == "yes"
    if request.method == "POST" and confirmed and not blockers:
        name = str(obj)
        try:
            programme_services.programme_part_delete(actor=request.user, obj=obj)
        except ValidationError:
            blockers = programme_selectors.delete_blockers(obj)
        else:
            messages.success(
                request,
                _("%(kind)s “%(name)s” was deleted.") % {"kind": kind, "name": name},
            )
            return redirect(back_url)
    status = 200
    if request.method == "POST":
        status = 409 if blockers else 400
    context = {
        "object": obj,
        "kind": kind,
        "back_url": back_url,
        "programme": programme,
        "blockers": blockers,
        "advice": advice,
    }
    return render(request, "programmes/confirm_delete.html", context, status=status)
