"""An anonymous user reaches nothing but login, health, password reset, the icon,
the accessibility statement, static files, the public register, the public event
and example pages and the API's public rows."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_PREFIXES = (
    "healthz",
    "favicon.ico",
    "i18n/setlang/",
    "accounts/login/",
    "accounts/password/reset/",
    "accounts/reset/",
    "admin/login/",
    "certification/register/",
    # The API: its public rows, and 401 without a token for the rest
    # (tests/security/test_url_matrix.py), never a login page.
    "api/",
    "^api/",
)
# The network's public event pages: the list, an event with its registration
# form, and a registration's cancellation link.
PUBLIC_ROUTES = frozenset(
    {
        "accessibility/",
        "events/",
        "events/<int:pk>/",
        "events/cancel/<str:token>/",
        # Published good examples: list, feed, an example and its materials.
        "programmes/examples/",
        "programmes/examples/feed/",
        "programmes/examples/<int:pk>/",
        "programmes/examples/<int:pk>/materials/<int:document_pk>/",
    }
)


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _sample_path(route: str) -> str:
    # Replace converters with sample values; admin regexes are simplified.
    import re

    path = re.sub(r"<(?:int:)?(\w+)>", "1", route)
    path = re.sub(r"<str:\w+>", "0716", path)
    path = re.sub(r"<(?:slug|uuid|path):\w+>", "x", path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path


ALL_ROUTES = sorted(set(_patterns(get_resolver())))


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_anonymous_is_sent_to_login(client, db, route):
    if route.startswith(PUBLIC_PREFIXES) or route in PUBLIC_ROUTES:
        pytest.skip("public by design")
    path = _sample_path(route)
    response = client.get(path)
    assert response.status_code in {302, 404}, path
    if response.status_code == 302:
        assert "/login/" in response["Location"], path


def test_public_pages_answer_anonymous(client, db):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/password/reset/").status_code == 200
    assert client.get("/events/").status_code == 200
    assert client.get("/programmes/examples/").status_code == 200
    assert client.get("/programmes/examples/feed/").status_code == 200
