"""Published statistics are built once per data version and then served from
the cache: the same figures again without reading the registrations, a new
registration shown at once, each language its own titles, and no reader let
in by a report someone else made the cache hold."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safecommunity.core.tokens import token_create
from tests.factories.injuries import PopulationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# The same statistics request again, every query of it: the session and its
# user, the user's permissions, the municipality, the data version (the
# report's cache key) and the menu's municipalities; none reads a
# registration. Counted; a change here is a change of what the page reads.
PAGE_QUERIES_AGAIN = 6
# The API's: the token with its user, the token's use, the user's
# permissions, the municipality, the data version twice (the ETag, the
# report's key) and the audit entry of the download.
API_QUERIES_AGAIN = 7


def _reads_registrations(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        and "injuries_registration" in q["sql"]
    ]


@pytest.fixture
def figures(municipality):
    for month in range(1, 13):
        RegistrationFactory.create_batch(
            2,
            municipality=municipality,
            injury_date=datetime.date(2023, month, 5),
            severity="moderate",
        )
    PopulationFactory(municipality=municipality, year=2023, sex="F", count=5000)
    PopulationFactory(municipality=municipality, year=2023, sex="M", count=4800)
    return municipality


def _page(client, municipality, **query):
    url = reverse("injuries:statistics", kwargs={"code": municipality.code})
    response = client.get(url, query)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("year", [None, 2023])
def test_the_same_page_twice_shows_the_same_figures_without_reading_registrations(
    client_for, coordinator, figures, django_assert_num_queries, year
):
    client = client_for(coordinator)
    query = {"year": year} if year else {}
    with CaptureQueriesContext(connection) as first:
        built = _page(client, figures, **query).context["report"]
    assert _reads_registrations(first.captured_queries)
    with django_assert_num_queries(PAGE_QUERIES_AGAIN) as again:
        served = _page(client, figures, **query).context["report"]
    assert _reads_registrations(again.captured_queries) == []
    assert served == built  # the cached report is the built one, unpickled
    assert served.total.count == 24


def test_the_same_api_request_twice_answers_the_same_without_reading_registrations(
    coordinator, figures, django_assert_num_queries
):
    _token, secret = token_create(actor=coordinator, name="t")
    url = f"/api/v1/statistics/NO/{figures.code}"
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    first = client.get(url, {"dimension": "month"})
    assert first.status_code == 200
    with django_assert_num_queries(API_QUERIES_AGAIN) as again:
        second = client.get(url, {"dimension": "month"})
    assert _reads_registrations(again.captured_queries) == []
    assert second.json() == first.json()
    assert second.json()["total"]["count"] == 24


def test_a_new_registration_shows_in_the_next_request(client_for, coordinator, figures):
    client = client_for(coordinator)
    assert _page(client, figures).context["report"].total.count == 24
    assert _page(client, figures, year=2023).context["report"].total.count == 24
    RegistrationFactory(municipality=figures, injury_date=datetime.date(2023, 6, 1))
    assert _page(client, figures).context["report"].total.count == 25
    assert _page(client, figures, year=2023).context["report"].total.count == 25


def test_a_deleted_registration_leaves_the_next_request(
    client_for, coordinator, figures
):
    client = client_for(coordinator)
    assert _page(client, figures, year=2023).context["report"].total.count == 24
    figures.injury_registrations.order_by("pk").first().delete()
    assert _page(client, figures, year=2023).context["report"].total.count == 23


def _titles_and_labels(report) -> tuple[str, list[str]]:
    severity = next(t for t in report.tables if t.dimension == "severity")
    return severity.total.label, [cell.label for cell in severity.cells]


def test_each_language_gets_its_own_titles_and_labels(client_for, coordinator, figures):
    seen = {}
    for language in ("nb", "en", "sv", "nb"):
        client = client_for(coordinator)
        client.cookies["django_language"] = language
        report = _page(client, figures, year=2023).context["report"]
        sex = next(t for t in report.tables if t.dimension == "sex")
        seen.setdefault(language, (sex.title, _titles_and_labels(report)))
        assert seen[language] == (sex.title, _titles_and_labels(report))
    assert seen["nb"][0] == "Kjønn"
    assert seen["en"][0] == "Sex"
    assert "Moderat (AIS 2)" in seen["nb"][1][1]
    assert "Måttlig (AIS 2)" in seen["sv"][1][1]
    assert "Moderate" in seen["en"][1][1]


def test_a_cached_report_is_still_refused_to_who_may_not_read_it(
    client_for, coordinator, other_coordinator, figures
):
    url = reverse("injuries:statistics", kwargs={"code": figures.code})
    for year in (None, 2023):
        query = {"year": year} if year else {}
        assert client_for(coordinator).get(url, query).status_code == 200
        assert client_for(other_coordinator).get(url, query).status_code == 404
        assert client_for(other_coordinator).get(url, query).status_code == 404


def test_a_cached_report_is_still_refused_through_the_api(
    coordinator, other_coordinator, figures
):
    url = f"/api/v1/statistics/NO/{figures.code}"
    _token, own = token_create(actor=coordinator, name="own")
    _token, other = token_create(actor=other_coordinator, name="other")
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {own}").status_code == 200
    refused = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {other}")
    assert refused.status_code == 404
    assert "count" not in refused.content.decode()


def test_the_county_report_is_cached_and_follows_new_registrations(
    client_for, secretariat, county, figures
):
    client = client_for(secretariat)
    url = reverse("injuries:statistics-county", kwargs={"pk": county.pk})
    first = client.get(url, {"year": 2023}).context["report"]
    with CaptureQueriesContext(connection) as again:
        assert client.get(url, {"year": 2023}).context["report"] == first
    assert _reads_registrations(again.captured_queries) == []
    RegistrationFactory(municipality=figures, injury_date=datetime.date(2023, 6, 1))
    assert client.get(url, {"year": 2023}).context["report"].total.count == 25


@pytest.mark.django_db(transaction=True)
def test_figures_of_a_write_rolled_back_are_never_served(
    client_for, coordinator, figures
):
    """A report built inside a transaction that wrote, then rolled back, is
    not served to the write that commits next at the same version number."""
    client = client_for(coordinator)
    with transaction.atomic():
        # One statement, as the write that commits next: the same version number.
        RegistrationFactory(municipality=figures, injury_date=datetime.date(2023, 6, 1))
        assert _page(client, figures, year=2023).context["report"].total.count == 25
        transaction.set_rollback(True)
    RegistrationFactory(municipality=figures, injury_date=datetime.date(2022, 6, 1))
    assert _page(client, figures, year=2023).context["report"].total.count == 24
