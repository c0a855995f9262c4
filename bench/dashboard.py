"""The mayor's dashboard and the per-municipality aggregates, against a GROUP BY."""

from __future__ import annotations

import time
from typing import Any

from .database import timed_sql
from .stats import percentile, summary_ms
from .targets import NotMeasured

DASHBOARD_URL_NAME = "reports:dashboard"
WARMUP_REQUESTS = 2


def groupby_baseline(repeats: int) -> dict[str, Any]:
    """One plain GROUP BY over all registrations; the first run warms the cache."""
    from injuries.models import Registration

    table = Registration._meta.db_table
    statement = f"SELECT municipality_id, count(*) FROM {table} GROUP BY 1"
    timings = timed_sql(statement, repeats + 1)[1:]
    return {"statement": statement, **summary_ms(timings)}


def dashboard_url(code: str) -> str:
    """The dashboard's URL for a municipality, whichever way the route is written."""
    from django.urls import NoReverseMatch, reverse

    for kwargs in ({"code": code}, {}):
        try:
            return reverse(DASHBOARD_URL_NAME, kwargs=kwargs)
        except NoReverseMatch:
            continue
    raise NotMeasured(f"no URL named {DASHBOARD_URL_NAME} in the code yet")


def logged_in_client(username: str):
    """A Django test client with a session of the named user."""
    from django.test import Client

    from safecommunity.core.models import User

    client = Client()
    client.force_login(
        User.objects.get(username=username),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return client


def _get(client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
    return seconds, len(response.content)


def measure_dashboard(code: str, requests: int) -> dict[str, Any]:
    """p50/p95 server time and query count of the dashboard seen by the mayor;
    its first request with nothing built, and its first request after each of
    a few changes to the registrations (a new data version each time)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.dashboards.reference import forget_references

    url = dashboard_url(code)
    client = logged_in_client("mayor")
    cache.clear()  # this process's cache: the first request starts cold
    forget_references()
    cold, _size = _get(client, url)
    for _ in range(WARMUP_REQUESTS):
        _get(client, url)
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    # Read now: the next request's request_started signal empties the log.
    queries = len(captured)
    timings = []
    for _ in range(requests):
        seconds, size = _get(client, url)
        timings.append(seconds)
    return {
        "url": url,
        "queries": queries,
        "bytes": size,
        "cold_ms": round(cold * 1000, 2),
        "after_change": _after_change(client, url, code, CHANGES),
        **summary_ms(timings),
    }


CHANGES = 10  # changes to the data, each followed by the dashboard's first request


def _after_change(client, url: str, code: str, changes: int) -> dict[str, Any]:
    """The dashboard's first request after a registration changes, as after a
    form's save: one registration of another municipality than the
    dashboard's (as most changes are) moves to another age, which raises the
    data version and changes one group's count."""
    from injuries.models import Registration

    registration = (
        Registration.objects.exclude(municipality__code=code)
        .order_by("pk")
        .values_list("pk", "age")
        .first()
    )
    if registration is None:
        raise NotMeasured("no registrations to change")
    pk, age = registration
    timings = []
    for turn in range(changes):
        Registration.objects.filter(pk=pk).update(age=age + 1 if turn % 2 == 0 else age)
        seconds, _size = _get(client, url)
        timings.append(seconds)
    Registration.objects.filter(pk=pk).update(age=age)
    return summary_ms(timings)


def measure_aggregates(code: str, repeats: int) -> dict[str, Any]:
    """injuries.statistics for one municipality over all its registrations:
    built from the registrations (the target), and served from the cache."""
    from demo.core import demo_municipality
    from injuries import statistics
    from injuries.models import Registration
    from safecommunity.core.models import User

    municipality = demo_municipality(code)
    user = User.objects.get(username="mayor")

    def build():
        return statistics.municipality_statistics(user=user, municipality=municipality)

    with _report_cache_off():
        build()
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            report = build()
            timings.append(time.perf_counter() - started)
    per_year = _count_by_year_sql(municipality.pk, repeats)
    return {
        "municipality": code,
        "registrations": Registration.objects.filter(municipality=municipality).count(),
        "tables": len(report.tables),
        "report": summary_ms(timings),
        "report_cached": _cached_timings(build, repeats),
        "count_by_year_sql": per_year,
        "county": _measure_county(municipality.county, repeats),
    }


def _measure_county(county, repeats: int) -> dict[str, Any]:
    """injuries.statistics for the county: every municipality's report too,
    read in one go."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from injuries import statistics
    from safecommunity.core.models import User

    user = User.objects.get(username="admin")

    def build():
        return statistics.county_statistics(user=user, county=county)

    with _report_cache_off():
        build()
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                build()
            timings.append(time.perf_counter() - started)
    return {
        "county": county.name,
        "municipalities": county.municipalities.count(),
        "queries": len(captured.captured_queries),
        "report": summary_ms(timings),
        "report_cached": _cached_timings(build, repeats),
    }


def _report_cache_off():
    """Reports built from the registrations each time, as after a change to
    the data, with the shared cache (which keeps built reports) switched off."""
    from django.conf import settings
    from django.test.utils import override_settings

    return override_settings(
        CACHES={
            **settings.CACHES,
            "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        }
    )


def _cached_timings(build, repeats: int) -> dict[str, Any]:
    """The same report again, as the cache serves it once built."""
    build()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        build()
        timings.append(time.perf_counter() - started)
    return summary_ms(timings)


def _count_by_year_sql(municipality_id: int, repeats: int) -> dict[str, Any]:
    from injuries.models import Registration

    table = Registration._meta.db_table
    statement = (
        "SELECT extract(year FROM injury_date), count(*)"
        f" FROM {table} WHERE municipality_id = {int(municipality_id)} GROUP BY 1"
    )
    timings = timed_sql(statement, repeats + 1)[1:]
    return {"p50_ms": round(percentile(timings, 50) * 1000, 2)}
