"""Every demo user logs in through the form and lands on their page, in three languages."""

import pytest

LANDING = {
    "admin": "/municipalities/",
    "coordinator": "/",
    "mayor": "/",
    "council": "/",
    "regional": "/municipalities/",
}


def test_login_page_and_language_switch(demo, journey):
    journey.goto("/accounts/login/")
    assert journey.page.locator("h1").inner_text() == "Logg inn"
    journey.check("login-nb")
    journey.switch_language("sv")
    assert journey.page.locator("h1").inner_text() == "Logga in"
    journey.check("login-sv")
    journey.switch_language("en")
    assert journey.page.locator("h1").inner_text() == "Log in"
    journey.check("login-en")


def test_wrong_password_is_refused_without_hint(demo, journey):
    journey.goto("/accounts/login/")
    journey.page.get_by_label("Brukernavn").fill("coordinator")
    journey.page.get_by_label("Passord").fill("wrong-password")
    journey.page.locator("main form button[type=submit]").click()
    assert "Brukernavnet eller passordet er feil" in journey.page.content()
    journey.check("login-refused")


@pytest.mark.parametrize(
    "username", ["admin", "coordinator", "mayor", "council", "regional"]
)
def test_each_demo_user_lands_on_their_page(demo, journey, username):
    journey.login(username)
    assert "/accounts/login/" not in journey.page.url
    assert journey.page.locator("h1").count() == 1
    journey.check("landing")
    journey.switch_language("sv")
    journey.check("landing-sv")
    journey.logout()
    assert "/accounts/login/" in journey.page.url


def test_secretariat_lists_programmes_and_filters_them(demo, journey):
    journey.login("admin")
    journey.page.get_by_role("link", name="Programmer", exact=True).first.click()
    journey.page.wait_for_url("**/programmes/")
    rows = journey.page.locator("tbody tr")
    everything = rows.count()
    assert everything >= 2
    journey.check_languages("programmes")
    journey.page.get_by_label("Status").select_option("certified")
    journey.page.get_by_role("button", name="Søk").click()
    journey.page.wait_for_url("**status=certified**")
    assert rows.count() < everything
    journey.check("programmes-certified")


def test_coordinator_deletes_a_partner_after_confirming(demo, journey):
    journey.login("coordinator")
    journey.goto("/programmes/3905/partners/")
    rows = journey.page.locator("tbody tr")
    before = rows.count()
    assert before >= 1
    rows.first.get_by_role("link", name="Slett").click()
    journey.page.wait_for_url("**/delete/")
    journey.check_languages("partner-delete")
    journey.page.get_by_role("button", name="Slett").click()
    journey.page.wait_for_url("**/partners/")
    assert rows.count() == before - 1
    journey.check("partner-deleted")
    # The deletion is in the municipality's change history.
    journey.goto("/municipalities/3905/")
    journey.page.locator("a[href$='/municipalities/3905/history/']").click()
    journey.page.wait_for_url("**/history/")
    journey.page.get_by_label("Handling").select_option("delete")
    journey.page.get_by_role("button", name="Filtrer").click()
    journey.page.wait_for_url("**action=delete**")
    assert journey.page.locator("tbody tr").count() >= 1
    journey.check_languages("history")


def test_secretariat_adds_a_requirement_to_a_step(demo, journey):
    journey.login("admin")
    journey.goto("/certification/cases/")
    journey.page.locator("main a[href$='/certification/steps/']").click()
    journey.page.wait_for_url("**/certification/steps/")
    journey.check_languages("checklists")
    journey.page.locator("a[href$='/steps/4/requirements/new/']").click()
    journey.page.wait_for_load_state()
    journey.check_languages("requirement-form")
    journey.page.get_by_label("Tekst (norsk)").fill("Plan for kriseberedskap vedtatt")
    journey.page.get_by_label("Tekst (engelsk)").fill(
        "Emergency preparedness plan adopted"
    )
    journey.page.locator("main form button[type=submit]").click()
    journey.page.wait_for_url("**/certification/steps/#step-4")
    section = journey.page.locator("#step-4")
    assert section.get_by_role(
        "cell", name="Plan for kriseberedskap vedtatt", exact=True
    ).is_visible()
    journey.check("requirement-added")


def test_secretariat_applies_for_isccc_designation_for_a_certified_municipality(
    demo, journey
):
    from certification.models import INDICATORS, Designation

    page = journey.page
    journey.login("admin")
    journey.goto("/certification/municipalities/3901/")
    page.locator("a[href$='/municipalities/3901/designation/']").click()
    page.wait_for_url("**/designation/")
    page.locator("button[value=start]").click()
    page.wait_for_load_state()
    for name, _title, _help in INDICATORS:
        page.locator(f"#id_{name}").fill("Beskrevet i årsrapporten for 2025.")
    page.locator("button[value=save]").click()
    page.wait_for_load_state()
    journey.check_languages("designation-draft")
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert Designation.objects.get().status == "submitted"
    page.locator("a[href$='/decision/']").click()
    page.wait_for_load_state()
    journey.check_languages("designation-decision")
    page.get_by_label("Utfall").select_option("designated")
    page.get_by_label("Dato for vedtaket").fill("2026-10-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/designation/")
    assert Designation.objects.get().status == "designated"
    journey.check_languages("designation-designated")
