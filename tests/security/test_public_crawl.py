"""The public pages as a stranger finds them: starting from the front page,
the good examples, the events and the register, every link followed without
signing in.

Each page answers without a server error, carries the security headers, no
inline script and a CSRF token in every form that posts; a page that is not
public sends the stranger to the login page. No page shows anything about a
person beyond what that person gave to be shown: no user's name or e-mail,
no participant of an event (not even their number's owners), no one who
proposed an example or made an event.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from programmes.models import GoodExample
from safecommunity.core.models import Role
from tests.factories.core import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.programmes import GoodExampleFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

START = ("/", "/programmes/examples/", "/events/", "/certification/register/")
HREF = re.compile(r'(?:href|action)="(/[^"]*)"')
POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*>(.*?)</form>', re.S | re.I)
# Never followed: they change something, or leave the portal's pages.
SKIP = ("/accounts/logout/", "/i18n/setlang/", "/static/", "/admin/")
LIMIT = 300


@pytest.fixture
def people(municipality, other_municipality):
    """Users and registrants whose details must not reach a public page."""
    coordinator = UserFactory(
        username="skjult-koordinator",
        first_name="Hemmelig",
        last_name="Koordinatorsen",
        email="hemmelig.koordinator@example.org",
        role=Role.COORDINATOR,
        municipalities=[municipality],
    )
    reviewer = UserFactory(
        username="skjult-sekretariat",
        first_name="Usynlig",
        last_name="Sekretærsen",
        email="usynlig.sekretar@example.org",
        role=Role.SECRETARIAT,
    )
    programme = ProgrammeFactory(municipality=municipality)
    example = GoodExampleFactory(programme=programme, proposed_by=coordinator)
    GoodExampleFactory(programme=programme, status=GoodExample.Status.PROPOSED)
    event = EventFactory(created_by=reviewer)
    RegistrationFactory(
        event=event,
        name="Synnøve Påmeldt",
        email="synnove.pameldt@example.org",
        role="Rådgiver folkehelse",
        municipality=other_municipality,
    )
    return {
        "example": example,
        "secrets": [
            "Hemmelig",
            "Koordinatorsen",
            "hemmelig.koordinator@example.org",
            "skjult-koordinator",
            "Usynlig",
            "Sekretærsen",
            "usynlig.sekretar@example.org",
            "skjult-sekretariat",
            "Synnøve",
            "synnove.pameldt@example.org",
            "Rådgiver folkehelse",
        ],
    }


def _links(html: str) -> set[str]:
    found = set()
    for raw in HREF.findall(html):
        url = urldefrag(raw.replace("&amp;", "&"))[0]
        if url and not url.startswith(SKIP):
            found.add(url)
    return found


def _page_problems(url: str, response) -> list[str]:
    problems = []
    html = response.content.decode()
    if "Content-Security-Policy" not in response:
        problems.append(f"{url}: no Content-Security-Policy")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{url}: no X-Content-Type-Options")
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        if "src=" not in opening and 'type="application/json"' not in opening:
            problems.append(f"{url}: an inline script")
    for form in POST_FORM.findall(html):
        if "csrfmiddlewaretoken" not in form:
            problems.append(f"{url}: a form that posts without a CSRF token")
    return problems


def test_the_public_pages_hold_no_personal_data_and_pass_the_checks(people):
    client = Client()
    queue, seen, problems, pages = list(START), set(), [], 0
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        status = response.status_code
        if status >= 500:
            problems.append(f"{url}: {status}")
            continue
        if status in {301, 302}:
            location = response["Location"]
            if urlsplit(location).path.startswith("/accounts/login/"):
                continue  # not public: the stranger is asked to sign in
            queue.append(location)
            continue
        if status != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        problems += _page_problems(url, response)
        problems += [f"{url}: shows {s!r}" for s in people["secrets"] if s in html]
        queue += sorted(_links(html) - seen)
    assert problems == [], "\n".join(problems)
    example = reverse("programmes:example-detail", args=[people["example"].pk])
    assert example in seen
    assert any(url.startswith("/events/") and url != "/events/" for url in seen)
    for page in (
        "/accessibility/",
        "/certification/register/",
        "/programmes/examples/",
    ):
        assert page in seen
    assert pages >= 6, seen


def test_the_crawl_reaches_the_registration_form_and_the_feed(people):
    client = Client()
    event_pages = [
        url
        for url in _links(client.get("/events/").content.decode())
        if url.startswith("/events/")
    ]
    assert event_pages
    html = client.get(event_pages[0]).content.decode()
    assert "csrfmiddlewaretoken" in html
    feed = client.get(reverse("programmes:example-feed"))
    assert feed.status_code == 200
    body = feed.content.decode()
    for secret in people["secrets"]:
        assert secret not in body
