"""The frame of every page: the menu by role, breadcrumbs, the header's
municipality, municipality pages linked to everything about them, and the
accessibility statement."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from safecommunity.core.models import Role
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.programmes import ProgrammeFactory


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Main" class="site-nav">(.*?)</nav>', html, re.S)
    assert nav, "no main menu"
    return [
        " ".join(text.split())
        for text in re.findall(r"<a [^>]*>(.*?)</a>", nav.group(1), re.S)
    ]


def _crumbs(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav aria-label="You are here:"[^>]*>(.*?)</nav>', html, re.S)
    if not nav:
        return []
    return [
        (href, " ".join(text.split()))
        for href, text in re.findall(
            r'<a href="([^"]*)"[^>]*>(.*?)</a>', nav.group(1), re.S
        )
    ]


def _get(client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "places"),
    [
        ("mayor", ["Dashboard", "Programme", "Certification", "Reports"]),
        (
            "coordinator",
            ["Programme", "Initiatives", "Injuries", "Safety walks", "Certification"],
        ),
        ("certifier", ["My certification cases", "Certified communities"]),
    ],
)
def test_each_role_sees_the_few_places_its_work_is_in(
    request, client_for, municipality, role, places
):
    ProgrammeFactory(municipality=municipality)
    user = request.getfixturevalue(role)
    html = _get(client_for(user), reverse("core:account"))
    assert _menu(html) == places


def test_the_secretariat_sees_every_place_and_the_admin(client_for, secretariat):
    menu = _menu(_get(client_for(secretariat), reverse("core:account")))
    assert menu[-1] == "Administration"
    assert {"Programmes", "Certification cases", "Injuries", "Events"} <= set(menu)
    assert len(menu) == len(set(menu)), "one name per place"


def test_the_header_names_the_users_municipality(client_for, coordinator, municipality):
    html = _get(client_for(coordinator), reverse("core:account"))
    header = html.split("</header>")[0]
    assert municipality.name in header


def test_breadcrumbs_lead_back_up_through_the_municipality(
    client_for, coordinator, municipality
):
    ProgrammeFactory(municipality=municipality)
    code = municipality.key
    html = _get(
        client_for(coordinator), reverse("programmes:initiative-create", args=[code])
    )
    assert _crumbs(html) == [
        (reverse("core:home"), "Front page"),
        (reverse("core:municipality-list"), "Municipalities"),
        (reverse("core:municipality-detail", args=[code]), municipality.name),
        (reverse("programmes:programme-overview", args=[code]), "Programme"),
        (reverse("programmes:initiative-list", args=[code]), "Initiatives"),
    ]


def test_a_page_without_parents_has_only_the_front_page(client_for, coordinator):
    html = _get(client_for(coordinator), reverse("core:notification-list"))
    assert _crumbs(html) == [(reverse("core:home"), "Front page")]


def test_a_municipality_page_links_to_everything_about_it(
    client_for, coordinator, municipality
):
    ProgrammeFactory(municipality=municipality)
    code = municipality.key
    html = _get(
        client_for(coordinator), reverse("core:municipality-detail", args=[code])
    )
    for name in (
        "programmes:programme-overview",
        "reports:dashboard",
        "injuries:statistics",
        "certification:path",
    ):
        assert f'href="{reverse(name, args=[code])}"' in html, name


@pytest.fixture
def renumbered(county):
    """Two municipalities merged into one that was later renumbered; the merged
    one's coordinator reads all three, a neighbour's coordinator none."""
    old = MunicipalityFactory(county=county, valid_to=datetime.date(2019, 12, 31))
    merged = MunicipalityFactory(
        county=county,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2023, 12, 31),
    )
    today = MunicipalityFactory(county=county, valid_from=datetime.date(2024, 1, 1))
    old.successors.add(merged)
    merged.successors.add(today)
    return old, merged, today


def test_a_ceased_municipality_leads_to_its_successor_and_back(client_for, renumbered):
    old, merged, today = renumbered
    client = client_for(
        UserFactory(role=Role.COORDINATOR, municipalities=[today], username="now")
    )
    html = _get(client, reverse("core:municipality-detail", args=[merged.key]))
    assert f'href="{reverse("core:municipality-detail", args=[today.key])}"' in html
    assert f'href="{reverse("core:municipality-detail", args=[old.key])}"' in html
    assert "This municipality ceased on" in html
    html = _get(client, reverse("core:municipality-detail", args=[today.key]))
    assert f'href="{reverse("core:municipality-detail", args=[merged.key])}"' in html
    assert "This municipality ceased on" not in html


def test_a_successor_the_user_may_not_read_is_named_without_a_link(
    client_for, renumbered
):
    old, merged, _today = renumbered
    # A coordinator of the old municipality alone reads neither of the later ones.
    client = client_for(
        UserFactory(role=Role.COORDINATOR, municipalities=[old], username="then")
    )
    html = _get(client, reverse("core:municipality-detail", args=[old.key]))
    assert merged.name in html
    assert f'href="{reverse("core:municipality-detail", args=[merged.key])}"' not in (
        html
    )


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("nb", "Tilgjengelighetserklæring"),
        ("sv", "Tillgänglighetsredogörelse"),
        ("en", "Accessibility statement"),
    ],
)
def test_the_accessibility_statement_is_public_in_three_languages(
    client, db, settings, language, heading
):
    settings.ACCESSIBILITY_EMAIL = "uu@kommune.example"
    html = client.get(
        reverse("core:accessibility"), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "WCAG 2.1" in html
    assert 'href="mailto:uu@kommune.example"' in html
    # Every page's footer leads to it.
    login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=language)
    assert f'href="{reverse("core:accessibility")}"' in login.content.decode()
