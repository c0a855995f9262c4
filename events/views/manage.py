"""The secretariat's pages: events, their participants and the export."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safecommunity.core.exports import EXPORT_TYPES, export_response

from .. import selectors, services
from ..forms import EventForm
from ..permissions import can_manage_events


def _deny_unless_manager(user) -> None:
    if not can_manage_events(user):
        raise PermissionDenied


@require_GET
def event_manage_list(request):
    events = selectors.managed_event_list(user=request.user)
    return render(request, "events/manage_list.html", {"events": events})


def _event_form_page(request, *, event=None):
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if event is None:
                    event = services.event_create(
                        actor=request.user, **form.service_fields()
                    )
                else:
                    event = services.event_update(
                        actor=request.user, event=event, **form.service_fields()
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("events:participants", pk=event.pk)
        status = 400
    return render(
        request, "events/event_form.html", {"form": form, "event": event}, status=status
    )


@require_http_methods(["GET", "POST"])
def event_create(request):
    _deny_unless_manager(request.user)
    return _event_form_page(request)


@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = selectors.managed_event_get(user=request.user, pk=pk)
    return _event_form_page(request, event=event)


@require_GET
def event_participants(request, pk: int):
    event = selectors.managed_event_get(user=request.user, pk=pk)
    registrations = selectors.event_participants(user=request.user, event=event)
    return render(
        request,
        "events/participants.html",
        {
            "event": event,
            "registrations": registrations,
            "places_left": selectors.places_left(event),
            "public_url": reverse("events:public-detail", args=[event.pk]),
        },
    )


@require_GET
def participants_export(request, pk: int, file_format: str):
    if file_format not in EXPORT_TYPES:
        raise Http404
    event = selectors.managed_event_get(user=request.user, pk=pk)
    registrations = selectors.event_participants(user=request.user, event=event)
    body = services.participants_export(
        actor=request.user,
        event=event,
        registrations=registrations,
        file_format=file_format,
    )
    name = f"participants-{event.pk}-{timezone.localdate()}"
    return export_response(content=body, fmt=file_format, filename=name)
