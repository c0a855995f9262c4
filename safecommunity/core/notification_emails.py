"""E-mails of notifications: one per notification, or a daily digest.

Worker-side: the tasks call these; `notifications.notify` queues the tasks.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .languages import portal_language
from .models import Notification, NotificationDelivery, User

SUBJECT_MAX_LENGTH = 150


def plain_subject(text: object) -> str:
    """An e-mail subject as one plain line: no line breaks, no runs of spaces."""
    line = " ".join(str(text).split())
    if len(line) > SUBJECT_MAX_LENGTH:
        line = line[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return line


def absolute_url(path: str) -> str:
    """A path in the portal as an address a mail client can open."""
    if not path or "://" in path:
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def user_language(user: User) -> str:
    """The language a user's notifications are written in."""
    return portal_language(user.language)


def _footer() -> str:
    return _(
        "Your notifications: %(list)s\nChoose how you hear of them: %(settings)s"
    ) % {
        "list": absolute_url(_path("core:notification-list")),
        "settings": absolute_url(_path("core:account")),
    }


def _path(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def _text(notification: Notification) -> str:
    parts = [notification.body.strip()]
    if notification.url:
        parts.append(absolute_url(notification.url))
    return "\n\n".join(p for p in parts if p)


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """E-mail each notification not yet e-mailed to its recipient, once; returns how
    many were sent. Recipients who chose a digest or no e-mail are skipped."""
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            recipient = notification.recipient if notification else None
            if (
                recipient is None
                or not recipient.is_active
                or not recipient.email
                or recipient.notification_delivery != NotificationDelivery.IMMEDIATE
            ):
                continue
            with translation.override(user_language(recipient)):
                footer = _footer()
            message = EmailMessage(
                subject=notification.subject,
                body=_text(notification) + "\n\n-- \n" + footer,
                to=[recipient.email],
            )
            # Recorded in the same transaction: a failed send is retried,
            # a delivered one is never sent twice.
            Notification.objects.filter(pk=pk).update(emailed_at=timezone.now())
            sent += message.send(fail_silently=False)
    return sent


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def notification_digests_send(*, day: datetime.date | None = None) -> int:
    """One e-mail per user who chose a daily digest, with that day's notifications
    (yesterday's by default); nothing to a user without any. Returns how many."""
    day = day or timezone.localdate() - datetime.timedelta(days=1)
    start, end = _day_bounds(day)
    recipient_ids = (
        Notification.objects.filter(
            created_at__gte=start,
            created_at__lt=end,
            emailed_at__isnull=True,
            recipient__notification_delivery=NotificationDelivery.DAILY,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    sent = 0
    connection = get_connection()
    for recipient_id in list(recipient_ids):
        with transaction.atomic():
            recipient = User.objects.select_for_update().get(pk=recipient_id)
            day_notes = list(
                Notification.objects.select_for_update()
                .filter(
                    recipient=recipient,
                    created_at__gte=start,
                    created_at__lt=end,
                    emailed_at__isnull=True,
                )
                .order_by("created_at", "id")
            )
            if not day_notes:
                continue  # another run sent them first
            Notification.objects.filter(pk__in=[n.pk for n in day_notes]).update(
                emailed_at=timezone.now()
            )
            with translation.override(user_language(recipient)):
                message = _digest_message(recipient, day, day_notes)
            sent += connection.send_messages([message]) or 0
    return sent


def _digest_message(
    recipient: User, day: datetime.date, notifications: list[Notification]
) -> EmailMessage:
    count = len(notifications)
    subject = plain_subject(
        ngettext(
            "Trygg: %(count)d notification on %(date)s",
            "Trygg: %(count)d notifications on %(date)s",
            count,
        )
        % {"count": count, "date": date_format(day, "SHORT_DATE_FORMAT")}
    )
    sections = []
    for notification in notifications:
        when = timezone.localtime(notification.created_at).strftime("%H:%M")
        sections.append(f"{when} {notification.subject}\n\n{_text(notification)}")
    body = ("\n\n" + "-" * 40 + "\n\n").join(sections) + "\n\n-- \n" + _footer()
    return EmailMessage(subject=subject, body=body, to=[recipient.email])
