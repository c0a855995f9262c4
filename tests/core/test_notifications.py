"""Notifications: absolute links and readable subjects in e-mails, the user's own
list with its unread count, and the choice of e-mail at once, a daily digest or none."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from certification.models import CaseStatus
from certification.services.council import certifier_assign
from certification.services.steps import case_comment_add
from safecommunity.core.mail import ConsoleEmailBackend
from safecommunity.core.models import Notification, NotificationDelivery, Role
from safecommunity.core.notification_emails import notification_digests_send
from safecommunity.core.notifications import notifications_mark_all_read, notify
from tests.factories.certification import AssignmentFactory, CaseFactory
from tests.factories.core import NotificationFactory, UserFactory
from tests.factories.programmes import ProgrammeFactory

SITE = "https://trygg.example.org"
# A path on a line or after a space, not part of an address: a link a mail
# client cannot open.
RELATIVE_LINK = re.compile(r"(?:^|\s)/[\w\-/]+", re.MULTILINE)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _notify(users, *, subject="Saken er oppdatert", url="/certification/register/"):
    with translation.override("en"):
        notify(users=users, subject=subject, body="Se Trygg.", url=url)


def test_emails_carry_absolute_links(
    municipality, coordinator, certifier, django_capture_on_commit_callbacks
):
    case = CaseFactory(programme=ProgrammeFactory(municipality=municipality))
    AssignmentFactory(case=case, certifier=certifier)
    with django_capture_on_commit_callbacks(execute=True):
        case_comment_add(case=case, actor=coordinator, body="Se på steg 3.")
    [message] = mail.outbox
    assert message.to == [certifier.email]
    assert f"{SITE}/certification/cases/{case.pk}/" in message.body
    assert f"{SITE}/notifications/" in message.body
    assert RELATIVE_LINK.findall(message.body) == []


def test_password_reset_email_has_an_absolute_link(client, coordinator):
    client.post(reverse("password_reset"), {"email": coordinator.email})
    [message] = mail.outbox
    assert "http://testserver/accounts/reset/" in message.body
    assert RELATIVE_LINK.findall(message.body) == []


def test_subjects_are_one_plain_translated_line(
    coordinator, django_capture_on_commit_callbacks
):
    case = CaseFactory(status=CaseStatus.PROFILE_SUBMITTED)
    secretariat = UserFactory(role=Role.SECRETARIAT)
    certifier = UserFactory(
        role=Role.CERTIFIER, email="kari@example.org", language="nb"
    )
    coordinator.language = "nb"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        certifier_assign(case=case, certifier=certifier, actor=secretariat)
        notify(users=[coordinator], subject="Første linje\n  andre   linje", body="")
    subjects = [m.subject for m in mail.outbox]
    assert f"Du er oppnevnt som sertifisør for {case.programme.municipality.name}" in (
        subjects
    )
    assert "Første linje andre linje" in subjects
    stream = io.StringIO()
    ConsoleEmailBackend(stream=stream).send_messages(mail.outbox)
    printed = stream.getvalue()
    assert "Subject: Første linje andre linje\n" in printed  # not =?utf-8?b?...?=
    assert "=?utf-8?" not in printed


def test_the_list_shows_only_the_users_own_notifications(client, coordinator):
    other = UserFactory()
    NotificationFactory(recipient=coordinator, subject="Til deg")
    NotificationFactory(recipient=other, subject="Til en annen")
    client.force_login(coordinator)
    html = client.get(reverse("core:notification-list")).content.decode()
    assert "Til deg" in html
    assert "Til en annen" not in html


def test_newest_first_and_paginated(client, coordinator):
    start = timezone.now() - datetime.timedelta(days=30)
    for day in range(30):
        NotificationFactory(
            recipient=coordinator,
            subject=f"Dag {day:02d}",
            created_at=start + datetime.timedelta(days=day),
        )
    client.force_login(coordinator)
    first = client.get(reverse("core:notification-list")).content.decode()
    assert first.index("Dag 29") < first.index("Dag 28")
    assert "Dag 04" not in first
    second = client.get(reverse("core:notification-list") + "?page=2")
    assert "Dag 04" in second.content.decode()


def test_unread_count_in_the_header_follows_reading(client, coordinator):
    _notify([coordinator])
    _notify([coordinator], url="/notifications/")
    client.force_login(coordinator)

    def badge() -> str | None:
        html = client.get(reverse("core:account")).content.decode()
        found = re.search(r'class="badge">(\d+)<', html)
        return found.group(1) if found else None

    assert badge() == "2"
    newest = Notification.objects.filter(recipient=coordinator).first()
    response = client.post(
        reverse("core:notification-read", args=[newest.pk]), {"open": "1"}
    )
    assert response["Location"] == "/notifications/"  # on to what it is about
    assert badge() == "1"
    client.post(reverse("core:notification-read-all"))
    assert badge() is None
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_reading_another_users_notification_is_404(client, coordinator):
    theirs = NotificationFactory(recipient=UserFactory())
    client.force_login(coordinator)
    response = client.post(reverse("core:notification-read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_immediate_sends_one_email_per_notification(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([coordinator], subject="En")
        _notify([coordinator], subject="To")
    assert [m.subject for m in mail.outbox] == ["En", "To"]
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_none_sends_nothing_but_lists_in_the_portal(
    client, coordinator, django_capture_on_commit_callbacks
):
    coordinator.notification_delivery = NotificationDelivery.NONE
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([coordinator], subject="Bare i Trygg")
    notification_digests_send(day=timezone.localdate())
    assert mail.outbox == []
    client.force_login(coordinator)
    html = client.get(reverse("core:notification-list")).content.decode()
    assert "Bare i Trygg" in html
    assert 'class="badge">1<' in html


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


def test_digest_sends_one_email_with_the_days_notifications(
    coordinator, django_capture_on_commit_callbacks
):
    coordinator.notification_delivery = NotificationDelivery.DAILY
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([coordinator], subject="Morgen")
        _notify([coordinator], subject="Kveld")
        _notify([coordinator], subject="Dagen etter")
    assert mail.outbox == []  # nothing at once for a digest reader
    day = datetime.date(2030, 5, 14)
    for subject, when in (
        ("Morgen", _at(day, 0)),
        ("Kveld", _at(day, 23)),
        ("Dagen etter", _at(day + datetime.timedelta(days=1), 0)),
    ):
        Notification.objects.filter(subject=subject).update(created_at=when)
    coordinator.language = "en"
    coordinator.save()
    assert notification_digests_send(day=day) == 1
    assert notification_digests_send(day=day) == 0  # once per day
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert message.subject == "Trygg: 2 notifications on 05/14/2030"
    assert "Morgen" in message.body
    assert "Kveld" in message.body
    assert "Dagen etter" not in message.body
    assert f"{SITE}/certification/register/" in message.body
    assert RELATIVE_LINK.findall(message.body) == []


def test_digest_sends_nothing_without_notifications_that_day(coordinator):
    coordinator.notification_delivery = NotificationDelivery.DAILY
    coordinator.save()
    NotificationFactory(
        recipient=coordinator, created_at=_at(datetime.date(2030, 5, 13), 12)
    )
    assert notification_digests_send(day=datetime.date(2030, 5, 14)) == 0
    assert mail.outbox == []


def test_digest_leaves_out_users_who_chose_otherwise(coordinator):
    day = datetime.date(2030, 5, 14)
    for delivery in (NotificationDelivery.IMMEDIATE, NotificationDelivery.NONE):
        user = UserFactory(notification_delivery=delivery)
        NotificationFactory(recipient=user, created_at=_at(day, 12))
    assert notification_digests_send(day=day) == 0
    assert mail.outbox == []


def test_digest_task_runs_in_the_worker_way(coordinator):
    from safecommunity.core.tasks import notification_digests_send_task

    coordinator.notification_delivery = NotificationDelivery.DAILY
    coordinator.save()
    NotificationFactory(
        recipient=coordinator, created_at=_at(datetime.date(2030, 5, 14), 9)
    )
    assert notification_digests_send_task.delay(day="2030-05-14").get() == 1
    assert len(mail.outbox) == 1


def test_the_user_chooses_delivery_on_their_own_page(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("core:account"), {"delivery": "daily", "language": "en"}
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.notification_delivery == NotificationDelivery.DAILY
    response = client.post(
        reverse("core:account"), {"delivery": "hourly", "language": "en"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.notification_delivery == NotificationDelivery.DAILY


def test_mark_all_read_counts_what_was_unread(coordinator):
    NotificationFactory.create_batch(3, recipient=coordinator)
    NotificationFactory(recipient=coordinator, read_at=timezone.now())
    assert notifications_mark_all_read(actor=coordinator) == 3
    assert coordinator.unread_notification_count == 0


@pytest.mark.parametrize("rows", [1, 50])
def test_list_page_queries_do_not_grow_with_rows(
    coordinator, rows, django_assert_max_num_queries
):
    NotificationFactory.create_batch(rows, recipient=coordinator)
    client = Client()
    client.force_login(coordinator)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:notification-list"))
    assert response.status_code == 200
    assert response.content.decode().count('<li class="notification') == min(rows, 25)


def test_each_recipient_reads_a_notification_in_their_own_language(
    client, municipality, coordinator, django_capture_on_commit_callbacks
):
    case = CaseFactory(programme=ProgrammeFactory(municipality=municipality))
    swede = UserFactory(role=Role.CERTIFIER, email="sven@example.org", language="sv")
    briton = UserFactory(role=Role.CERTIFIER, email="jo@example.org", language="en")
    norwegian = UserFactory(role=Role.CERTIFIER, email="ola@example.org", language="nb")
    for certifier in (swede, briton, norwegian):
        AssignmentFactory(case=case, certifier=certifier)
    # Written by a coordinator whose pages are in English: each reads their own.
    with (
        translation.override("en"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case_comment_add(case=case, actor=coordinator, body="Se på steg 3.")
    name = municipality.name
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "sven@example.org": f"{name}: ny kommentar i certifieringsärendet",
        "jo@example.org": f"{name}: new comment on the certification case",
        "ola@example.org": f"{name}: ny kommentar i sertifiseringssaken",
    }
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Dina aviseringar" in bodies["sven@example.org"]
    assert "Your notifications" in bodies["jo@example.org"]
    assert "Varslene dine" in bodies["ola@example.org"]
    # The list in the portal says the same as the e-mail.
    client.force_login(swede)
    html = client.get(reverse("core:notification-list")).content.decode()
    assert re.search(r'lang="sv">[^<]*: ny kommentar i certifieringsärendet<', html)


def test_a_digest_is_written_in_its_readers_language(coordinator):
    coordinator.notification_delivery = NotificationDelivery.DAILY
    coordinator.language = "sv"
    coordinator.save()
    day = datetime.date(2030, 5, 14)
    NotificationFactory(recipient=coordinator, created_at=_at(day, 9))
    with translation.override("nb"):
        assert notification_digests_send(day=day) == 1
    [message] = mail.outbox
    assert message.subject == "Trygg: 1 avisering 2030-05-14"
    assert "Dina aviseringar" in message.body


def test_the_user_chooses_their_language_and_the_pages_follow(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("core:account")).content.decode()
    assert re.search(r'value="en"[^>]*checked', page)
    response = client.post(
        reverse("core:account"),
        {"delivery": "immediate", "language": "sv"},
        follow=True,
    )
    coordinator.refresh_from_db()
    assert coordinator.language == "sv"
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert "Dina val är sparade." in html
    response = client.post(
        reverse("core:account"), {"delivery": "immediate", "language": "fi"}
    )
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.language == "sv"


def test_only_the_user_sets_their_own_language(coordinator):
    from django.core.exceptions import PermissionDenied

    from safecommunity.core.notifications import user_language_set

    other = UserFactory()
    with pytest.raises(PermissionDenied):
        user_language_set(user=other, actor=coordinator, language="sv")
    other.refresh_from_db()
    assert other.language == "en"  # the portal's language (in these tests)


def test_the_secretariat_sets_a_new_users_language_in_the_admin(
    client_for, coordinator
):
    """A Swedish coordinator's notifications are Swedish from their first day."""
    secretariat = UserFactory(role=Role.SECRETARIAT, is_staff=True)
    client = client_for(secretariat)
    for url in (
        reverse("admin:core_user_add"),
        reverse("admin:core_user_change", args=[coordinator.pk]),
    ):
        html = client.get(url).content.decode()
        assert 'name="language"' in html, url
