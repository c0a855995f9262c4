"""A real Celery worker delivers notifications queued after a transaction commits."""

import time

import pytest
from django.core import mail
from django.db import transaction

from safecommunity.core.notifications import notify
from tests.factories.core import UserFactory


def _wait_for(predicate, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
def test_worker_sends_notification_after_commit(celery_worker_thread):
    user = UserFactory(email="kari@example.org")
    with transaction.atomic():
        notify(users=[user], subject="Saken er oppdatert", body="Se Trygg.")
        time.sleep(0.5)
        assert mail.outbox == []  # nothing is sent before the commit
    assert _wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].subject == "Saken er oppdatert"
    assert mail.outbox[0].to == ["kari@example.org"]


@pytest.mark.worker
def test_nothing_is_sent_when_the_transaction_rolls_back(celery_worker_thread):
    user = UserFactory(email="kari@example.org")

    def change_then_fail():
        with transaction.atomic():
            notify(users=[user], subject="Aldri", body="Aldri sendt.")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    time.sleep(1.5)
    assert mail.outbox == []
