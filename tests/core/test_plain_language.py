"""Every role's pages, in Norwegian and Swedish, speak the reader's language:
no raw codes, keys, Python values, hashes or ids, no English; and so do the
files that leave the portal: exports, notification e-mails and the dossier.

Each demo user signs in and follows the links of the portal from the landing
page (two pages of each kind at most), as a reader would; every page is read
with the checker of tests/plain_language.py.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import openpyxl
import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation

from demo import certification, core, injuries, programmes
from tests.plain_language import page_problems, problems

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


# Files that leave the portal: exports, e-mails and the dossier.


def _client(username: str, language: str) -> Client:
    from safecommunity.core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    client.cookies["django_language"] = language
    return client


def _cells(response) -> list[str]:
    """Every header and cell of a CSV or XLSX download, as text."""
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("language", ["nb", "sv"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exports_speak_plain_language(demo_data, db, language, file_format):
    client = _client("coordinator", language)
    downloads = [
        reverse(
            "programmes:initiative-export",
            kwargs={"code": "3905", "file_format": file_format},
        ),
        reverse("injuries:statistics", kwargs={"code": "3905"})
        + f"?format={file_format}",
    ]
    for url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        cells = _cells(response)
        assert len(cells) > 10, url
        # A number stays a number a spreadsheet can compute with (a decimal
        # point in CSV, a number cell in XLSX); every text is checked.
        texts = [cell for cell in cells if not _is_number(cell)]
        assert problems(texts, language) == [], url


def test_notification_emails_speak_plain_language(demo_data, db, mailoutbox):
    from safecommunity.core.models import Notification, NotificationDelivery, User
    from safecommunity.core.notification_emails import notification_emails_send

    User.objects.update(notification_delivery=NotificationDelivery.IMMEDIATE)
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert ids, "the demo data has notifications"
    notification_emails_send(notification_ids=ids)
    assert mailoutbox
    for message in mailoutbox:
        lines = [message.subject, *message.body.splitlines()]
        texts = [line for line in lines if line.strip() and "://" not in line]
        assert problems(texts, "nb") == [], message.subject


@pytest.mark.parametrize("language", ["nb", "sv"])
@pytest.mark.parametrize("kind", ["dossier", "annual_report"])
def test_the_dossier_speaks_plain_language(demo_data, db, language, kind):
    from reports.dossiers.build import dossier_content, dossier_render_context
    from reports.models import DossierJob
    from safecommunity.core.models import Municipality

    municipality = Municipality.objects.get(country__code="NO", code="3905")
    content = dossier_content(municipality=municipality, kind=kind, language=language)
    job = DossierJob(
        municipality=municipality,
        kind=kind,
        language=language,
        created_at=timezone.now(),
    )
    with translation.override(language):
        html = render_to_string(
            content.template_name, dossier_render_context(content, job=job)
        )
    assert len(content.sections) > 3
    assert page_problems(html, language) == []
