"""The event journey: a person registers for an introduction day on a phone,
without an account, and receives the confirmation with the calendar file."""

from __future__ import annotations

import icalendar
from django.core import mail

from events.models import Registration
from tests.factories.core import MunicipalityFactory
from tests.factories.events import EventFactory

from .conftest import Journey

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "locale": "nb-NO",
}


def _has_no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_register_for_an_event_on_a_phone(transactional_db, browser, live_server):
    municipality = MunicipalityFactory(name="Testby")
    event = EventFactory(
        title="Introduksjonsdag for nye kommuner",
        description="Hvordan bli et trygt lokalsamfunn.",
        capacity=20,
    )
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        phone = Journey(page, live_server.url, "event_registration")
        phone.goto("/events/")
        assert _has_no_horizontal_overflow(page)
        phone.check("event-list", user_data=[event.title, event.place])
        page.get_by_role("link", name=event.title).click()
        page.wait_for_load_state()
        assert _has_no_horizontal_overflow(page)
        own_data = [
            event.title,
            event.place,
            event.description,
            *event.agenda.split("\n"),
        ]
        phone.check_languages("event-detail", user_data=own_data)

        page.get_by_label("Navn").fill("Kari Nordmann")
        page.get_by_label("E-post").fill("kari@example.org")
        page.get_by_label("Kommune").select_option(label=str(municipality))
        page.get_by_label("Rolle eller stilling").fill("Folkehelsekoordinator")
        with page.expect_navigation():
            page.get_by_role("button", name="Meld på").click()
        assert "Du har plass" in page.locator("main").inner_text()
        assert _has_no_horizontal_overflow(page)
        phone.check("registered", user_data=own_data)
    finally:
        context.close()

    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.language == "nb"
    (message,) = mail.outbox
    assert message.to == ["kari@example.org"]
    assert message.subject.startswith("Påmelding bekreftet")
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("event.ics", "text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["summary"]) == event.title
