"""A coordinator's notifications: the unread count in the header, the list,
opening one, the choice of a daily digest on their own page, and of the language
the notifications are written in."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core.models import NotificationDelivery, User
from safecommunity.core.notification_emails import notification_digests_send
from safecommunity.core.notifications import notify


def test_notifications_journey(demo, journey):
    page = journey.page
    coordinator = User.objects.get(username="coordinator")
    notify(
        users=[coordinator],
        subject="Sertifiseringssaken er oppdatert",
        body="Sekretariatet har lest søknaden.",
        url=reverse("certification:register"),
    )
    journey.login("coordinator")
    badge = page.locator("header .notifications-link .badge")
    assert re.match(r"^\d+", badge.inner_text())
    unread = int(re.match(r"^\d+", badge.inner_text())[0])
    assert unread >= 1

    page.locator("header .notifications-link").click()
    page.wait_for_load_state()
    assert page.url.endswith("/notifications/")
    item = page.locator("li.notification").filter(
        has_text="Sertifiseringssaken er oppdatert"
    )
    assert item.locator(".notification-new").count() == 1
    journey.check_languages("list")

    item.locator("button[name=open]").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("certification:register"))
    remaining = unread - 1
    if remaining:
        assert badge.inner_text().startswith(str(remaining))
    else:
        assert badge.count() == 0

    journey.goto(reverse("core:account"))
    page.get_by_label(re.compile("Én e-post om dagen")).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").filter(has_text="Valgene dine er lagret.").count()
    journey.check_languages("account")
    coordinator.refresh_from_db()
    assert coordinator.notification_delivery == NotificationDelivery.DAILY

    # Swedish: the page follows at once, and what Trygg tells her from now on
    # (the list, the digest) is written in Swedish, whatever the sender reads.
    page.get_by_label("Svenska").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert journey.language() == "sv"
    assert page.get_by_role("status").filter(has_text="Dina val är sparade.").count()
    journey.check("account-swedish")
    coordinator.refresh_from_db()
    assert coordinator.language == "sv"
    notify(
        users=[coordinator],
        subject=lambda: _("Findings from safety walks are overdue"),
        body="",
        url=reverse("walks:finding-board", args=["3905"]),
    )
    journey.goto(reverse("core:notification-list"))
    item = page.locator("li.notification").first
    assert "Iakttagelser från trygghetsvandringar har passerat sista datum" in (
        item.inner_text()
    )
    journey.check("list-swedish")
    mail.outbox.clear()
    assert notification_digests_send(day=timezone.localdate()) == 1
    [digest] = mail.outbox
    assert digest.subject.startswith("Trygg: ")
    assert "avisering" in digest.subject
    assert "Dina aviseringar" in digest.body
