"""The event as an iCalendar file (RFC 5545), attached to the e-mails."""

from __future__ import annotations

from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Event


def event_calendar(event: Event, *, event_url: str = "") -> bytes:
    """One VEVENT with the event's time, place or link, and agenda."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Trygg//Network events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    host = urlsplit(settings.SITE_URL).hostname or "trygg.invalid"
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    location = ", ".join(p for p in (event.place, event.online_url) if p)
    entry.add("location", location)
    description = "\n\n".join(
        part for part in (event.description, event.agenda, event_url) if part
    )
    if description:
        entry.add("description", description)
    if event.online_url or event_url:
        entry.add("url", event.online_url or event_url)
    calendar.add_component(entry)
    return calendar.to_ical()
