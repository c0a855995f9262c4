"""A coordinator's notifications: the unread count in the header, the list,
opening one, and the choice of a daily digest on their own page."""

from __future__ import annotations

import re

from django.urls import reverse

from safecommunity.core.models import NotificationDelivery, User
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
    journey.check_languages("account")
    coordinator.refresh_from_db()
    assert coordinator.notification_delivery == NotificationDelivery.DAILY
