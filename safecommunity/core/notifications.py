"""E-mail to the people concerned, sent by the worker after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .models import User


def notify(*, users: Iterable[User], subject: str, body: str) -> None:
    """Queue one e-mail per user with an address, once the current transaction commits."""
    from .tasks import send_notification

    ids = [u.pk for u in users if u.email and u.is_active]
    if not ids:
        return
    transaction.on_commit(
        lambda: send_notification.delay(user_ids=ids, subject=subject, body=body)
    )
