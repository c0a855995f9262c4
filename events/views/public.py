"""Public event pages: no account, no personal data beyond what a registrant types."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from safecommunity.core import ratelimit
from safecommunity.core.client_ip import client_ip

from .. import selectors, services
from ..forms import RegistrationForm
from ..tokens import registration_id_from_token

RATE_LIMIT_POSTS = 10
RATE_LIMIT_SECONDS = 10 * 60


@login_not_required
@require_GET
def event_list(request):
    events = selectors.public_event_list()
    return render(request, "events/event_list.html", {"events": events})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def event_detail(request, pk: int):
    event = selectors.public_event_get(pk=pk)
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        posts = ratelimit.count(
            "event-registration", client_ip(request), seconds=RATE_LIMIT_SECONDS
        )
        if posts > RATE_LIMIT_POSTS:
            return render(request, "events/busy.html", status=429)
        if form.is_valid():
            try:
                registration = services.registration_create(
                    event=event, language=get_language(), **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                url = reverse("events:public-detail", args=[event.pk])
                return redirect(f"{url}?registered={registration.status}")
        status = 400
    context = {
        "event": event,
        "form": form,
        "places_left": selectors.places_left(event),
        "registered": request.GET.get("registered", ""),
    }
    return render(request, "events/event_detail.html", context, status=status)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def registration_cancel(request, token: str):
    """GET asks (mail scanners follow links); POST cancels."""
    registration_id = registration_id_from_token(token)
    registration = selectors.registration_for_cancel(registration_id=registration_id)
    if request.method == "POST" and registration is not None:
        services.registration_cancel(registration_id=registration.pk)
        return render(request, "events/cancelled.html")
    # A signed token whose registration is gone was used already: say so.
    # A forged or damaged one names nothing.
    status = 404 if registration_id is None else 200
    return render(
        request,
        "events/cancel.html",
        {"registration": registration, "valid_token": registration_id is not None},
        status=status,
    )
