"""Notifications: listed in the portal for each user and e-mailed as the user chose
(each at once, one e-mail a day, or none). E-mails leave after the transaction
commits, from the worker, with links made absolute with SITE_URL."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .jobs import task_by_name
from .models import Language, Notification, NotificationDelivery, User
from .notification_emails import plain_subject, user_language

# Queued by name: the tasks module imports this one.
NOTIFICATION_SEND_TASK = "safecommunity.core.tasks.notification_send_task"


# A text to be written in each recipient's language: a function that composes
# it with gettext, called with that language active. A plain string is taken
# as it is (a user's own words: a comment, a note).
Text = str | Callable[[], str]


def in_language(text: Text, language: str) -> str:
    """The text as a reader of `language` reads it."""
    if not callable(text):
        return str(text)
    with translation.override(language):
        return str(text())


@transaction.atomic
def notify(
    *, users: Iterable[User], subject: Text, body: Text, url: str = ""
) -> list[Notification]:
    """Record a notification for each active user, in that user's language; once
    the transaction commits, e-mail those who chose an e-mail for each. `url` is
    a path in the portal. `subject` and `body` are plain strings or functions
    that compose the text (called once per language)."""
    recipients = {u.pk: u for u in users if u.is_active}
    if not recipients:
        return []
    now = timezone.now()
    texts: dict[str, tuple[str, str]] = {}
    for user in recipients.values():
        language = user_language(user)
        if language not in texts:
            texts[language] = (
                plain_subject(in_language(subject, language))[:200],
                in_language(body, language),
            )
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            subject=texts[user_language(recipients[pk])][0],
            body=texts[user_language(recipients[pk])][1],
            language=user_language(recipients[pk]),
            url=url,
            created_at=now,
        )
        for pk in sorted(recipients)
    )
    User.objects.filter(pk__in=recipients).update(
        unread_notification_count=F("unread_notification_count") + 1
    )
    for user in recipients.values():
        user.unread_notification_count += 1  # the caller's copies stay true
    ids = [
        n.pk
        for n in notifications
        if recipients[n.recipient_id].email
        and recipients[n.recipient_id].notification_delivery
        == NotificationDelivery.IMMEDIATE
    ]
    if ids:
        transaction.on_commit(
            lambda: task_by_name(NOTIFICATION_SEND_TASK).delay(notification_ids=ids)
        )
    return notifications


def _count_unread(user: User) -> None:
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    User.objects.filter(pk=user.pk).update(unread_notification_count=count)
    user.unread_notification_count = count


@transaction.atomic
def notification_mark_read(*, notification: Notification, actor: User) -> None:
    """Mark one of the actor's own notifications as read."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    # The user row first: a notification written meanwhile is then counted.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    _count_unread(actor)


@transaction.atomic
def notifications_mark_all_read(*, actor: User) -> int:
    """Mark all the actor's notifications as read; returns how many were unread."""
    User.objects.select_for_update().filter(pk=actor.pk).first()
    marked = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _count_unread(actor)
    return marked


@transaction.atomic
def user_language_set(*, user: User, actor: User, language: str) -> None:
    """Change the language a user's notifications are written in; only the user
    themself may."""
    if actor.pk != user.pk:
        raise PermissionDenied
    if language not in Language.values:
        raise ValidationError(_("Choose one of the options."))
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


@transaction.atomic
def user_notification_delivery_set(*, user: User, actor: User, delivery: str) -> None:
    """Change how a user hears of notifications; only the user themself may."""
    if actor.pk != user.pk:
        raise PermissionDenied
    if delivery not in NotificationDelivery.values:
        raise ValidationError(_("Choose one of the options."))
    User.objects.filter(pk=user.pk).update(notification_delivery=delivery)
    user.notification_delivery = delivery
