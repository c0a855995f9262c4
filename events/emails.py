"""The e-mails a registrant receives, in the language they registered in."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .ics import event_calendar
from .models import Registration
from .tokens import cancel_token

KINDS = ("confirmed", "waiting", "promoted", "reminder")


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _subject(kind: str, title: str) -> str:
    if kind == "waiting":
        return _("Waiting list: %(title)s") % {"title": title}
    if kind == "promoted":
        return _("You have a place: %(title)s") % {"title": title}
    if kind == "reminder":
        return _("Tomorrow: %(title)s") % {"title": title}
    return _("Registration confirmed: %(title)s") % {"title": title}


def _opening(kind: str, registration: Registration) -> str:
    if kind == "waiting":
        ahead = registration.event.registrations.filter(
            status=Registration.Status.WAITING,
            created_at__lt=registration.created_at,
        ).count()
        return _(
            "The event is full, so you are on the waiting list (number "
            "%(number)s). If a place becomes free, you move up and we e-mail "
            "you at once."
        ) % {"number": ahead + 1}
    if kind == "promoted":
        return _("A place has become free, and it is yours.")
    if kind == "reminder":
        return _("A reminder: the event is tomorrow.")
    return _("Thank you for registering. You have a place.")


def _when(event) -> str:
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    return f"{starts:%d.%m.%Y %H:%M} – {ends:%d.%m.%Y %H:%M}"


def registration_email(registration: Registration, kind: str) -> EmailMessage:
    """The message of one kind for one registration, with the calendar file
    when the registrant has a place."""
    event = registration.event
    event_url = _absolute(reverse("events:public-detail", args=[event.pk]))
    cancel_url = _absolute(
        reverse("events:cancel", args=[cancel_token(registration.pk)])
    )
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        where = ", ".join(p for p in (event.place, event.online_url) if p)
        body = _(
            "Hello %(name)s,\n\n%(opening)s\n\n%(title)s\n%(when)s\n%(where)s\n\n"
            "%(agenda)s\n\nAbout the event: %(event_url)s\n\n"
            "If you cannot come, cancel here so someone else gets your place:\n"
            "%(cancel_url)s"
        ) % {
            "name": registration.name,
            "opening": _opening(kind, registration),
            "title": event.title,
            "when": _when(event),
            "where": where,
            "agenda": event.agenda,
            "event_url": event_url,
            "cancel_url": cancel_url,
        }
        message = EmailMessage(
            _subject(kind, event.title),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [registration.email],
        )
    if registration.status == Registration.Status.CONFIRMED and kind != "waiting":
        message.attach(
            "event.ics",
            event_calendar(event, event_url=event_url),
            "text/calendar",
        )
    return message
