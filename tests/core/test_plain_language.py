"""Every role's pages, in Norwegian and Swedish, speak the reader's language:
no raw codes, keys, Python values, hashes or ids, no English.

Each demo user signs in and follows the links of the portal from the landing
page (two pages of each kind at most), as a reader would; every page is read
with the checker of tests/plain_language.py.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation

from demo import certification, core, injuries, programmes
from tests.plain_language import page_problems

ROLES = ("admin", "coordinator", "mayor", "council", "regional")
# Not pages of the portal: the admin's own screens, the API, signing out,
# downloads, and forms that act on a GET.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/accounts/logout/", "/i18n/", "/static/")
PER_KIND = 2
MAX_PAGES = 300


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and "download" not in dict(attrs):
            self.links.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def _kind(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def walk(client: Client, language: str) -> dict[str, list[str]]:
    """The problems of each page reached from the landing page, by path."""
    client.cookies["django_language"] = language
    seen: set[str] = set()
    per_kind: dict[str, int] = {}
    queue = deque(["/"])
    found: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        html = response.content.decode()
        problems = page_problems(html, language)
        if problems:
            found[url] = problems
        for link in _links(html):
            link = urldefrag(link).url
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIPPED_PREFIXES) or link in seen:
                continue
            kind = _kind(parts.path)
            if kind is None or per_kind.get(kind, 0) >= PER_KIND:
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            queue.append(link)
    return found


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, seeded once for the module and rolled back after it, in
    Norwegian as `seed_demo` writes it (notifications keep the words they were
    written in)."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        translation.override("nb"),
    ):
        for module in (core, injuries, programmes, certification):
            module.seed()
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("language", ["nb", "sv"])
@pytest.mark.parametrize("username", ROLES)
def test_every_page_is_in_plain_language(demo_data, db, username, language):
    from safecommunity.core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    found = walk(client, language)
    report = "\n".join(
        f"{url}\n    " + "\n    ".join(lines) for url, lines in found.items()
    )
    assert not found, f"{username} ({language}):\n{report}"
