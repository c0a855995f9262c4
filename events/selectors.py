"""Reads of events: the public ones for everyone, the rest for the secretariat."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safecommunity.core.models import Municipality, User

from .models import Event, Registration
from .permissions import can_manage_events


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        confirmed_count=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.CONFIRMED),
        ),
        waiting_count=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.WAITING),
        ),
    )


def public_event_list() -> QuerySet[Event]:
    """Published events that have not ended, soonest first."""
    return _with_counts(
        Event.objects.filter(published=True, ends_at__gte=timezone.now())
    ).order_by("starts_at", "id")


def public_event_get(*, pk: int) -> Event:
    """A published event, or 404."""
    event = _with_counts(Event.objects.filter(published=True, pk=pk)).first()
    if event is None:
        raise Http404
    return event


def managed_event_list(*, user: User) -> QuerySet[Event]:
    """Every event with its number of places taken and people waiting."""
    if not can_manage_events(user):
        raise PermissionDenied
    return _with_counts(Event.objects.all()).order_by("-starts_at", "-id")


def managed_event_get(*, user: User, pk: int) -> Event:
    if not can_manage_events(user):
        raise PermissionDenied
    event = _with_counts(Event.objects.filter(pk=pk)).first()
    if event is None:
        raise Http404
    return event


def event_participants(*, user: User, event: Event) -> QuerySet[Registration]:
    """The event's registrations, places first, then the waiting list in order."""
    if not can_manage_events(user):
        raise PermissionDenied
    # "confirmed" sorts before "waiting".
    return event.registrations.select_related("municipality").order_by(
        "status", "created_at", "id"
    )


def registration_municipalities() -> QuerySet[Municipality]:
    """Municipalities a registrant can choose: those that exist today."""
    return (
        Municipality.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate())
        )
        .select_related("county__country")
        .order_by("name", "code")
    )


def places_left(event: Event) -> int:
    """Free places of an event read with `_with_counts`."""
    return max(event.capacity - event.confirmed_count, 0)


def registration_for_cancel(*, registration_id: int | None) -> Registration | None:
    """The registration a valid cancellation token names, if it still exists."""
    if registration_id is None:
        return None
    return (
        Registration.objects.select_related("event").filter(pk=registration_id).first()
    )
