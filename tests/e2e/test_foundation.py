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
