"""Published statistics through the API: the page's figures, its suppression,
its permissions; JSON or CSV; revalidated by ETag or Last-Modified; audited
like an export."""

from __future__ import annotations

import csv
import datetime
import io
import random

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date, parse_http_date

from injuries.api import DIMENSIONS
from safecommunity.core.models import AuditEntry, DataVersion
from safecommunity.core.tokens import token_create
from tests.factories.injuries import PopulationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PLACES = ["home_inside", "home_outside", "school", "sport_area", "road"]
SEVERITIES = ["minor", "moderate", "serious"]


def _registrations(municipality, n=140, seed=7):
    rng = random.Random(seed)
    RegistrationFactory.create_batch(
        n,
        municipality=municipality,
        injury_date=factory_date(rng),
        age=rng.choice([3, 15, 34, 70, 88]),
        sex=rng.choice(["M", "F", "F"]),
        place=rng.choice(PLACES),
        severity=rng.choice(SEVERITIES),
    )


def factory_date(rng):
    import factory

    return factory.LazyFunction(
        lambda: datetime.date(rng.choice([2021, 2022, 2023]), rng.randint(1, 12), 10)
    )


def _get(client, secret, url, **params):
    return client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def data(municipality):
    _registrations(municipality)
    RegistrationFactory(
        municipality=municipality, injury_date=datetime.date(2020, 3, 3)
    )
    for year in (2020, 2021, 2022, 2023):
        PopulationFactory(municipality=municipality, year=year, sex="F", count=5000)
        PopulationFactory(municipality=municipality, year=year, sex="M", count=4800)
    return municipality


def _page_table(report, dimension):
    if dimension == "year":
        return report.by_year
    return next((t for t in report.tables if t.dimension == dimension), None)


@pytest.mark.parametrize("year", [None, 2022])
def test_the_api_publishes_exactly_the_pages_figures(
    data, coordinator, client_for, year
):
    _token, secret = token_create(actor=coordinator, name="t")
    page_url = reverse("injuries:statistics", kwargs={"code": data.code})
    page = client_for(coordinator).get(page_url, {"year": year} if year else {})
    report = page.context["report"]
    api = Client()
    for dimension in DIMENSIONS:
        params = {"dimension": dimension}
        if year:
            params.update({"from": year, "to": year})
        body = _get(api, secret, f"/api/v1/statistics/NO/{data.code}", **params).json()
        table = _page_table(report, dimension)
        cells = table.cells if table else []
        if dimension == "year" and year:  # the range from-to of the yearly line
            cells = [c for c in cells if c.key == str(year)]
        expected = [(c.key, c.count, c.rate, c.suppressed) for c in cells]
        got = [
            (r["key"], r["count"], r["rate"], r["display"] in {"<5", "-"})
            for r in body["rows"]
        ]
        assert got == expected, dimension
        assert body["total"]["count"] == report.total.count
    # The small year (2020: one injury) reads "<5" with no count.
    by_year = _get(api, secret, f"/api/v1/statistics/NO/{data.code}").json()
    small = next(r for r in by_year["rows"] if r["key"] == "2020")
    assert small == {
        "key": "2020",
        "label": "2020",
        "count": None,
        "display": "<5",
        "rate": None,
    }


def test_a_range_of_years(data, coordinator):
    _token, secret = token_create(actor=coordinator, name="t")
    body = _get(
        Client(),
        secret,
        f"/api/v1/statistics/NO/{data.code}",
        **{"from": 2021, "to": 2022},
    ).json()
    assert [r["key"] for r in body["rows"]] == ["2021", "2022"]
    refused = _get(
        Client(),
        secret,
        f"/api/v1/statistics/NO/{data.code}",
        **{"dimension": "place", "from": 2021, "to": 2022},
    )
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"


def test_csv_on_request(data, coordinator):
    _token, secret = token_create(actor=coordinator, name="t")
    response = Client().get(
        f"/api/v1/statistics/NO/{data.code}",
        {"dimension": "sex"},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_ACCEPT="text/csv",
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["key", "label", "count", "display", "rate"]
    assert [r[0] for r in rows[1:]] == ["M", "F", "U", "total"]


def test_a_county_reads_as_its_page(data, regional, client_for):
    _token, secret = token_create(actor=regional, name="t")
    body = _get(Client(), secret, "/api/v1/statistics/NO/39").json()
    page = client_for(regional).get(
        reverse("injuries:statistics-county", kwargs={"pk": data.county_id})
    )
    report = page.context["report"]
    assert [r["count"] for r in body["rows"]] == [c.count for c in report.by_year.cells]


def test_what_the_user_may_not_read_is_not_found(data, other_coordinator, coordinator):
    _token, secret = token_create(actor=other_coordinator, name="t")
    client = Client()
    assert _get(client, secret, f"/api/v1/statistics/NO/{data.code}").status_code == 404
    assert _get(client, secret, "/api/v1/statistics/NO/39").status_code == 404
    assert _get(client, secret, "/api/v1/statistics/SE/9999").status_code == 404
    _mine, own = token_create(actor=coordinator, name="t")
    assert _get(client, own, f"/api/v1/statistics/SE/{data.code}").status_code == 404


def test_revalidation_and_audit(data, coordinator):
    _token, secret = token_create(actor=coordinator, name="t")
    client = Client()
    url = f"/api/v1/statistics/NO/{data.code}"
    first = _get(client, secret, url)
    assert (
        AuditEntry.objects.filter(
            action="export", municipality=data, actor=coordinator
        ).count()
        == 1
    )
    again = client.get(
        url, HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
    RegistrationFactory(municipality=data, injury_date=datetime.date(2023, 5, 5))
    changed = client.get(
        url, HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert changed.status_code == 200
    assert changed.json() != first.json()


def test_revalidation_by_last_modified(data, coordinator):
    """A client that keeps only Last-Modified revalidates for free until the
    data change; an If-None-Match, when sent, decides alone (RFC 9110)."""
    _token, secret = token_create(actor=coordinator, name="t")
    client = Client()
    url = f"/api/v1/statistics/NO/{data.code}"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    # The data last changed on a known day, so the test does not race the clock.
    DataVersion.objects.filter(name="injuries").update(
        changed_at=datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)
    )
    first = client.get(url, **auth)
    assert first.status_code == 200
    assert first["Last-Modified"] == "Mon, 05 Jan 2026 10:00:00 GMT"
    since = first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=since, **auth).status_code == 304
    earlier = http_date(parse_http_date(since) - 1)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier, **auth).status_code == 200
    stale_tag = {"HTTP_IF_NONE_MATCH": 'W/"other"', "HTTP_IF_MODIFIED_SINCE": since}
    assert client.get(url, **stale_tag, **auth).status_code == 200

    RegistrationFactory(municipality=data, injury_date=datetime.date(2023, 5, 5))
    changed = client.get(url, HTTP_IF_MODIFIED_SINCE=since, **auth)
    assert changed.status_code == 200
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(since)
    assert changed.json() != first.json()


def test_public_population_carries_last_modified(data):
    response = Client().get(
        "/api/v1/population", {"country": "NO", "municipality": data.code, "year": 2023}
    )
    assert response.status_code == 200
    since = response["Last-Modified"]
    again = Client().get(
        "/api/v1/population",
        {"country": "NO", "municipality": data.code, "year": 2023},
        HTTP_IF_MODIFIED_SINCE=since,
    )
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]


def test_an_answer_read_inside_a_write_that_rolled_back_is_never_current(
    data, coordinator
):
    """A version number comes back after a write that rolls back; a client
    that read figures inside that write (and so kept their ETag) is answered
    afresh once the next real write takes the same number."""
    from django.db import transaction

    _token, secret = token_create(actor=coordinator, name="t")
    client = Client()
    url = f"/api/v1/statistics/NO/{data.code}"
    with transaction.atomic():
        RegistrationFactory(municipality=data, injury_date=datetime.date(2023, 5, 5))
        seen = _get(client, secret, url)
        transaction.set_rollback(True)
    RegistrationFactory(municipality=data, injury_date=datetime.date(2021, 5, 5))
    again = client.get(
        url, HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_IF_NONE_MATCH=seen["ETag"]
    )
    assert again.status_code == 200
    assert again.json() != seen.json()
