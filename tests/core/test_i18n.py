"""Norwegian Bokmål by default; Swedish and English through the language switcher."""

import pytest
from django.urls import reverse


@pytest.fixture(autouse=True)
def _norwegian_default(settings):
    settings.LANGUAGE_CODE = "nb"


def test_default_language_is_norwegian(client, db):
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "nb"
    assert "Logg inn" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"), [("sv", "Logga in"), ("en", "Log in"), ("nb", "Logg inn")]
)
def test_language_switcher_changes_the_language(client, db, language, heading):
    response = client.post(
        reverse("set_language"),
        {"language": language, "next": reverse("login")},
        follow=True,
    )
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_language_choice_applies_after_login(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    page = client.get(reverse("core:municipality-list")).content.decode()
    assert "Kommuner" in page
    assert "Sök på namn eller kod" in page
