"""The API: published statistics (p95 cold and warm, and revalidated) and
registrations sent as JSON (rows/s for one batch), beside the file importer."""

from __future__ import annotations

import json
import time
from typing import Any

from .stats import summary_ms
from .synthetic import CSV_HEADER, Vocabulary, synthetic_rows


def _token_client():
    """A test client with a secretariat token, rate limits lifted for the run."""
    from django.conf import settings
    from django.test import Client

    from safecommunity.core.models import User
    from safecommunity.core.tokens import token_create

    settings.API_RATE_LIMIT = "1000000/min"
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    _token, secret = token_create(actor=user, name="benchmark")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", SERVER_NAME="localhost")


def _busiest(limit: int) -> list[tuple[str, str]]:
    from django.db.models import Count

    from safecommunity.core.models import Municipality

    rows = (
        Municipality.objects.annotate(n=Count("injury_registrations"))
        .filter(n__gt=0)
        .order_by("-n")
        .values_list("country__code", "code")[:limit]
    )
    return list(rows)


def _timed_get(client, url: str, **headers) -> tuple[float, Any]:
    started = time.perf_counter()
    response = client.get(url, **headers)
    seconds = time.perf_counter() - started
    if response.status_code not in {200, 304}:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return seconds, response


def measure_statistics(requests: int) -> dict[str, Any]:
    """GET /api/v1/statistics: the first request per municipality (cold), the
    same request again (warm), and a revalidation with its ETag (304)."""
    client = _token_client()
    areas = _busiest(requests + 1)
    if len(areas) < 2:
        raise RuntimeError("no registrations to publish")
    (country, code), others = areas[0], areas[1:]
    cold = [
        _timed_get(client, f"/api/v1/statistics/{c}/{m}?dimension=place")[0]
        for c, m in others
    ]
    url = f"/api/v1/statistics/{country}/{code}?dimension=place"
    _timed_get(client, url)
    warm, revalidated = [], []
    for _ in range(requests):
        seconds, response = _timed_get(client, url)
        warm.append(seconds)
        seconds, again = _timed_get(client, url, HTTP_IF_NONE_MATCH=response["ETag"])
        if again.status_code != 304:
            raise RuntimeError("the ETag did not revalidate")
        revalidated.append(seconds)
    return {
        "municipality": code,
        "cold": summary_ms(cold),
        "warm": summary_ms(warm),
        "revalidated_304": summary_ms(revalidated),
    }


def measure_registrations(vocabulary: Vocabulary, rows: int) -> dict[str, Any]:
    """POST /api/v1/registrations with one batch of `rows` new rows, imported
    in the request (the worker's share of a queued batch is the same importer)."""
    from injuries import services

    client = _token_client()
    batch = [
        dict(zip(CSV_HEADER, row, strict=True))
        for row in synthetic_rows(vocabulary, rows, seed=21, id_prefix="api")
    ]
    body = json.dumps(batch)
    runs = services.import_runs
    limit, runs.SYNC_ROW_LIMIT = runs.SYNC_ROW_LIMIT, rows
    try:
        started = time.perf_counter()
        response = client.post(
            "/api/v1/registrations", body, content_type="application/json"
        )
        seconds = time.perf_counter() - started
    finally:
        runs.SYNC_ROW_LIMIT = limit
    if response.status_code != 201:
        raise RuntimeError(
            f"the API refused the batch: {response.status_code} {response.content[:300]!r}"
        )
    created = response.json()["created"]
    return {
        "rows": rows,
        "created": created,
        "body_mb": round(len(body) / 1_048_576, 1),
        "seconds": round(seconds, 3),
        "rows_per_s": round(rows / seconds),
    }
