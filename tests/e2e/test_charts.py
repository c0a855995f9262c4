"""Charts and their tables: side by side on a wide screen; on a phone the chart
with a button that shows the table instead, and back; without scripts the table."""

from __future__ import annotations

import pytest

from .conftest import PASSWORD, Journey

PAGES = {
    # user, page, how many chart-and-table pairs at least
    "statistics": ("coordinator", "/injuries/municipalities/3905/statistics/", 2),
    "dashboard": ("mayor", "/reports/3905/dashboard/", 1),
    "regional": ("regional", "/reports/county/", 1),
}

BOXES = """() => [...document.querySelectorAll(".chart-table")].map(box => {
  const shown = el => !!el && el.getBoundingClientRect().height > 0;
  const figure = box.querySelector(":scope > figure");
  const button = box.querySelector(":scope > .chart-table-toggle");
  const data = button ? document.getElementById(button.getAttribute("aria-controls"))
                      : box.querySelector(":scope > :not(figure)");
  return {
    chart: shown(figure),
    table: shown(data),
    button: shown(button),
    pressed: button ? button.getAttribute("aria-pressed") : null,
    controlsTable: !!data && (data.matches("table") || !!data.querySelector("table")),
    chartLeft: figure ? figure.getBoundingClientRect().left : null,
    tableLeft: data ? data.getBoundingClientRect().left : null,
    chartTop: figure ? figure.getBoundingClientRect().top : null,
    tableTop: data ? data.getBoundingClientRect().top : null,
  };
})"""


def _journey(browser, live_server, name, *, width, javascript=True) -> Journey:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="nb-NO",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return Journey(page, live_server.url, name)


def _login(journey: Journey, username: str) -> None:
    """Sign in through the form (it works without scripts, too)."""
    journey.goto("/accounts/login/")
    journey.page.locator("input[name=username]").fill(username)
    journey.page.locator("input[name=password]").fill(PASSWORD)
    journey.page.locator("main form button[type=submit]").click()
    journey.page.wait_for_load_state()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_chart_beside_its_table_on_a_wide_screen(demo, browser, live_server, name):
    username, path, pairs = PAGES[name]
    journey = _journey(browser, live_server, f"charts-wide-{name}", width=1280)
    _login(journey, username)
    journey.goto(path)
    boxes = journey.page.evaluate(BOXES)
    assert len(boxes) >= pairs
    for box in boxes:
        assert box["chart"], box
        assert box["table"], box
        assert not box["button"], box
        assert box["tableLeft"] > box["chartLeft"], box  # beside, not below
    journey.check(name)
    journey.page.context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_phone_switches_between_chart_and_table(demo, browser, live_server, name):
    username, path, pairs = PAGES[name]
    journey = _journey(browser, live_server, f"charts-phone-{name}", width=390)
    _login(journey, username)
    journey.goto(path)
    page = journey.page
    boxes = page.evaluate(BOXES)
    assert len(boxes) >= pairs
    for box in boxes:
        assert box["chart"], box
        assert not box["table"], box
        assert box["button"], box
        assert box["pressed"] == "false", box
        assert box["controlsTable"], box
    journey.check(f"{name}-chart")

    first = page.locator(".chart-table-toggle").first
    first.click()
    box = page.evaluate(BOXES)[0]
    assert box["table"], box
    assert not box["chart"], box
    assert box["pressed"] == "true", box
    journey.check(f"{name}-table")
    first.press("Enter")  # the keyboard, back to the chart
    box = page.evaluate(BOXES)[0]
    assert box["chart"], box
    assert not box["table"], box
    assert box["pressed"] == "false", box
    page.context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_without_scripts_the_table_is_there(demo, browser, live_server, name):
    username, path, pairs = PAGES[name]
    journey = _journey(
        browser, live_server, f"charts-noscript-{name}", width=390, javascript=False
    )
    _login(journey, username)
    journey.goto(path)
    tables = journey.page.locator(".chart-table table")
    assert tables.count() >= pairs
    assert all(t.is_visible() for t in tables.all())
    assert journey.page.locator(".chart-table-toggle").count() == 0
    journey.page.context.close()
