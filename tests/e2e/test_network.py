"""The network's journeys: Kronoberg's regional coordinator reads the region,
its dashboard and a local group; a coordinator adopts a good example."""

from __future__ import annotations

import re

from programmes.models import GoodExample, Initiative, Programme
from safecommunity.core.models import Municipality, Role, User
from tests.e2e.conftest import PASSWORD
from tests.e2e.test_navigation import _save_screenshot


def test_regional_coordinator_journey(demo, journey):
    page = journey.page
    journey.login("kronoberg")
    assert page.url.endswith("/programmes/regions/")
    page.get_by_role("link", name="Kronobergs län").click()
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text().endswith("Kronobergs län")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 8
    assert "Röda Korset" in page.locator("main table").inner_text()
    journey.check_languages("region")
    _save_screenshot(page, "network-region", scale=2)

    # A member's local group: five parts, social services leading.
    page.get_by_role("link", name="Lokal grupp Växjö", exact=True).click()
    page.wait_for_load_state()
    members = page.locator("main section").first.locator("li")
    assert members.count() == 5
    assert "Socialtjänsten, Växjö kommun" in members.first.inner_text()
    journey.check("local-group")

    # The region's dashboard: the members' published figures, added up.
    page.go_back()
    page.locator("nav.programme-nav a").nth(1).click()
    page.wait_for_load_state()
    table = page.locator("#region-content table").first
    assert table.locator("tbody tr").count() == 8
    total = table.locator("tfoot td").first.inner_text()
    assert re.fullmatch(r"[\d\s\u00a0]+|–|<\d", total.strip()), total
    journey.check_languages("region-dashboard")
    _save_screenshot(page, "network-region-dashboard", scale=2)


def test_regional_coordinator_follows_the_regions_certification_path(demo, journey):
    """The region goes the municipalities' path: its steps, safety profile,
    annual report and dossier, from the region's own menu."""
    page = journey.page
    journey.login("kronoberg")
    region = Programme.objects.get(county__country__code="SE", county__code="07")
    journey.goto(f"/programmes/regions/{region.pk}/")
    nav = page.locator("nav.programme-nav")
    nav.get_by_role("link", name="Sertifisering").click()
    page.wait_for_load_state()
    assert "Kronobergs län" in page.locator("main h1").inner_text()
    assert page.locator("#path-progress").get_attribute("value") == "3"
    journey.check_languages("region-path")
    _save_screenshot(page, "network-region-path", scale=2)

    page.get_by_role("link", name="Sikkerhetsprofil").first.click()
    page.wait_for_load_state()
    assert "Trygg uppväxt" in page.locator("main").inner_text()
    journey.check("region-safety-profile", user_data=["Trygg uppväxt"])

    journey.goto(f"/programmes/regions/{region.pk}/")
    page.locator("nav.programme-nav").get_by_role("link", name="Årsrapport").click()
    page.wait_for_load_state()
    members = page.locator("main section table tbody tr")
    assert members.count() == 8
    journey.check_languages("region-annual-report")

    page.locator("nav.programme-nav").get_by_role("link", name="Rapporter").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Lag søknadsdokumentasjon").count() == 1


def test_coordinator_adopts_a_good_example(demo, journey):
    holmestrand = Municipality.objects.get(country__code="NO", code="3903")
    programme = Programme.objects.create(
        municipality=holmestrand, status=Programme.Status.NETWORK_MEMBER
    )
    user = User.objects.create_user(
        "holmestrand", password=PASSWORD, role=Role.COORDINATOR
    )
    user.municipalities.add(holmestrand)
    example = GoodExample.objects.get(title="SMART oppvekst")
    page = journey.page
    journey.login("holmestrand")

    journey.goto("/programmes/examples/")
    page.get_by_role("link", name="SMART oppvekst").first.click()
    page.wait_for_load_state()
    assert page.locator("figure.spread-map svg").count() == 1
    assert page.locator("figure.spread-map li").count() == 3  # Tønsberg and two
    journey.check_languages("example")
    page.evaluate(
        "document.getElementById('measured-results-heading').scrollIntoView()"
    )
    _save_screenshot(page, "network-example", scale=2)

    page.locator("main a.ds-button[href$='/adopt/']").click()
    page.wait_for_load_state()
    journey.check("adopt")
    page.locator("main form select").select_option(str(programme.pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/initiatives/" in page.url
    adopted = Initiative.objects.get(programme=programme, adopted_from=example)
    assert adopted.title == "SMART oppvekst"

    journey.goto(f"/programmes/examples/{example.pk}/")
    legend = page.locator("figure.spread-map li")
    assert legend.count() == 4
    assert "Holmestrand" in " ".join(legend.all_inner_texts())
