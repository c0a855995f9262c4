"""Each role's navigation at desktop (1366 px) and phone (390 px) widths.

Every role lands on its page and sees the few places its work is in, by one
name each; on a phone the menu is folded behind a button. The landing page is
checked with axe-core in Norwegian, Swedish and English at both widths (see
`Journey.check`), and its screenshots are kept for the README.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.utils import translation

from .conftest import Journey

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# The places each demo user's main menu offers, in order, in English.
PLACES = {
    "admin": [
        "Injuries",
        "Municipalities",
        "Programmes",
        "Certification cases",
        "Requirement checklists",
        "Events",
        "Good examples",
        "Administration",
    ],
    "coordinator": [
        "Programme",
        "Initiatives",
        "Injuries",
        "Safety walks",
        "Certification",
    ],
    "mayor": ["Dashboard", "Programme", "Certification", "Reports"],
    "council": ["My certification cases", "Certified communities"],
    "regional": [
        "Dashboard",
        "Injuries",
        "Municipalities",
        "Regional programmes",
        "Regional view",
        "Programmes",
    ],
    "kronoberg": ["Municipalities", "Regional programmes", "Regional view"],
}
WIDTH = "document.documentElement.scrollWidth"
TOO_WIDE = """() => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter(e => !e.closest(".table-scroll"))
    .map(e => e.tagName + "." + e.className).slice(0, 5)"""
LANDING = {
    "admin": r"/municipalities/$",
    "coordinator": r"/programmes/3905/$",
    "mayor": r"/reports/3905/dashboard/$",
    "council": r"/certification/work/$",
    "regional": r"/municipalities/$",
    "kronoberg": r"/programmes/regions/$",
}


def _in_norwegian(labels: list[str]) -> list[str]:
    with translation.override("nb"):
        return [translation.gettext(label) for label in labels]


def _menu(page):
    return page.get_by_role("navigation", name="Hovedmeny")


def _menu_names(page) -> list[str]:
    return [
        " ".join(name.split())
        for name in _menu(page).get_by_role("link").all_inner_texts()
    ]


def _save_screenshot(page, name: str, *, scale: int = 1) -> None:
    """The visible part of the page, reduced to 64 colours (and `scale` times
    smaller): small enough to keep in the repository."""
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot()))
    if scale > 1:
        size = (image.width // scale, image.height // scale)
        image = image.resize(size, Image.LANCZOS)
    image = image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
    DOCS.mkdir(parents=True, exist_ok=True)
    image.save(DOCS / f"{name}.png", optimize=True)


def _open(browser, live_server, name: str, viewport: dict) -> Journey:
    context = browser.new_context(viewport=viewport, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return Journey(page, live_server.url, name)


@pytest.mark.parametrize("username", list(PLACES))
def test_each_role_sees_its_places_at_desktop_and_phone_width(
    demo, browser, live_server, username
):
    expected = _in_norwegian(PLACES[username])

    desktop = _open(browser, live_server, f"nav-{username}-desktop", DESKTOP)
    page = desktop.page
    desktop.login(username)
    assert re.search(LANDING[username], page.url), page.url
    # The menu is one row of the role's places, without a menu button.
    assert _menu_names(page) == expected
    assert not _menu(page).get_by_role("button").is_visible()
    tops = {
        round(box["y"])
        for box in _menu(page)
        .get_by_role("link")
        .evaluate_all("links => links.map(a => a.getBoundingClientRect())")
    }
    assert len(tops) == 1, f"the menu wraps: {tops}"
    _save_screenshot(page, f"{username}-desktop", scale=2)
    desktop.check_languages("landing")
    page.context.close()

    phone = _open(browser, live_server, f"nav-{username}-phone", PHONE)
    page = phone.page
    phone.login(username)
    assert re.search(LANDING[username], page.url), page.url
    # The menu is folded behind its button, and opens and closes.
    button = _menu(page).get_by_role("button", name="Meny")
    assert button.get_attribute("aria-expanded") == "false"
    assert not _menu(page).get_by_role("link").first.is_visible()
    _save_screenshot(page, f"{username}-phone")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert _menu(page).get_by_role("link").first.is_visible()
    assert _menu_names(page) == expected
    # No page is wider than the phone.
    assert page.evaluate(WIDTH) <= PHONE["width"], page.evaluate(TOO_WIDE)
    phone.check_languages("landing-menu")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    page.context.close()


def test_breadcrumbs_and_a_municipality_linked_to_everything_about_it(
    demo, browser, live_server
):
    journey = _open(browser, live_server, "nav-municipality", PHONE)
    page = journey.page
    journey.login("coordinator")
    crumbs = page.get_by_role("navigation", name="Du er her:")

    # A page deep in the programme: the trail leads back up to the municipality.
    _menu(page).get_by_role("button", name="Meny").click()
    _menu(page).get_by_role("link", name="Tiltak").click()
    page.locator("a[href$='/initiatives/new/']").click()
    page.wait_for_load_state()
    assert crumbs.get_by_role("link").all_inner_texts() == [
        "Forside",
        "Kommuner",
        "Tønsberg",
        "Program",
        "Tiltak",
    ]
    journey.check("initiative-new")
    crumbs.get_by_role("link", name="Tønsberg").click()
    page.wait_for_load_state()
    assert page.url.endswith("/municipalities/3905/")

    # Everything about Tønsberg, and where it came from.
    main = page.locator("main")
    for name in ("Program", "Dashbord", "Skadestatistikk", "Sertifisering"):
        assert main.get_by_role("link", name=name, exact=True).is_visible(), name
    journey.check_languages("municipality")
    main.get_by_role("link", name="Tønsberg (3803)").click()
    page.wait_for_load_state()
    assert page.url.endswith("/municipalities/3803/")
    # A ceased municipality says so and leads on to its successor ...
    assert main.get_by_role("link", name="Tønsberg (3905)").is_visible()
    assert "opphørte" in main.inner_text()
    # ... and back to its own predecessors, Re and old Tønsberg.
    assert main.get_by_role("link", name="Re (0716)").is_visible()
    assert main.get_by_role("link", name="Tønsberg (0704)").is_visible()
    journey.check("municipality-ceased")
    main.get_by_role("link", name="Re (0716)").click()
    page.wait_for_load_state()
    assert page.url.endswith("/municipalities/0716/")
    assert main.get_by_role("link", name="Tønsberg (3803)").is_visible()
    page.context.close()


def test_the_accessibility_statement_is_public_and_in_the_footer(
    demo, browser, live_server
):
    journey = _open(browser, live_server, "nav-accessibility", DESKTOP)
    page = journey.page
    journey.goto("/accounts/login/")
    page.get_by_role("contentinfo").get_by_role(
        "link", name="Tilgjengelighetserklæring"
    ).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tilgjengelighetserklæring"
    assert "WCAG 2.1" in page.locator("main").inner_text()
    assert page.locator("main a[href^='mailto:']").count() == 1
    journey.check_languages("statement")
    journey.switch_language("sv")
    assert page.locator("h1").inner_text() == "Tillgänglighetsredogörelse"
    journey.switch_language("en")
    assert page.locator("h1").inner_text() == "Accessibility statement"
    page.context.close()
