"""Synthetic injury registrations with plausible patterns, for demos and benchmarks.

Falls dominate among the old (and peak in winter), sports and collisions
among the young (peaking in spring and autumn); numbers follow population.
Rows go in with COPY on PostgreSQL and bulk_create elsewhere.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import random
from collections import Counter
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from safecommunity.core.models import Municipality

from .models import Population, Registration, Source

BANDS = {  # band: (low, high, share of injuries)
    "0-4": (0, 4, 9),
    "5-14": (5, 14, 15),
    "15-24": (15, 24, 15),
    "25-44": (25, 44, 22),
    "45-64": (45, 64, 18),
    "65-79": (65, 79, 11),
    "80+": (80, 100, 10),
}
GROUP = {
    "0-4": "child",
    "5-14": "young",
    "15-24": "young",
    "25-44": "adult",
    "45-64": "adult",
    "65-79": "old",
    "80+": "old",
}
PROFILES: dict[str, dict[str, dict[str, float]]] = {
    "child": {
        "mechanism": {"F1": 30, "F2": 25, "P": 10, "C": 10, "B": 8, "G": 4, "D": 1, "A": 4, "U": 8},
        "activity": {"other": 70, "education": 12, "outdoor": 5, "unknown": 13},
        "place": {"home_inside": 50, "home_outside": 15, "school": 12, "playground": 10, "other": 6, "unknown": 7},
    },
    "young": {
        "mechanism": {"P": 25, "O": 15, "F1": 12, "F2": 20, "B": 10, "C": 5, "A": 5, "U": 8},
        "activity": {"sport_leisure": 30, "sport_education": 12, "education": 15, "other": 30, "outdoor": 5, "unknown": 8},
        "place": {"sports_area": 25, "school": 18, "home_inside": 15, "road": 8, "road_traffic": 7, "playground": 5, "nature_water": 7, "other": 8, "unknown": 7},
    },
    "adult": {
        "mechanism": {"F2": 25, "F1": 10, "P": 15, "O": 12, "B": 15, "C": 8, "G": 2, "A": 5, "U": 8},
        "activity": {"paid_work": 20, "other": 45, "sport_leisure": 12, "outdoor": 8, "unknown": 15},
        "place": {"home_inside": 30, "home_outside": 12, "road": 10, "road_traffic": 8, "sports_area": 8, "nature_water": 7, "farm_forest": 3, "other": 12, "unknown": 10},
    },
    "old": {
        "mechanism": {"F2": 55, "F1": 10, "P": 8, "O": 5, "B": 5, "C": 3, "A": 6, "U": 8},
        "activity": {"other": 80, "outdoor": 5, "unknown": 15},
        "place": {"home_inside": 45, "home_outside": 15, "institution": 12, "road": 12, "other": 8, "unknown": 8},
    },
}  # fmt: skip
CONTACT = {"accident": 88, "violence": 5, "self_harm": 2, "legal_intervention": 0.1, "unknown": 5}  # fmt: skip
SEVERITY = {"minor": 70, "moderate": 20, "serious": 5, "unknown": 5}
TRAFFIC = {"bicycle": 35, "car": 30, "pedestrian": 10, "e_scooter": 10, "moped_mc": 8, "bus": 2, "other": 5}  # fmt: skip
MONTHS = {
    "old": [12, 11, 9, 7, 7, 6, 6, 6, 7, 8, 9, 11],
    "child": [7, 7, 8, 9, 10, 10, 9, 8, 9, 8, 7, 7],
    "young": [7, 7, 8, 9, 10, 11, 6, 9, 11, 9, 8, 6],
    "adult": [9, 8, 8, 8, 9, 9, 8, 8, 8, 8, 8, 9],
}
COLUMNS = (
    "municipality_id",
    "injury_date",
    "age",
    "sex",
    "contact_cause",
    "place",
    "activity",
    "mechanism",
    "severity",
    "transport",
    "source",
    "created_at",
    "updated_at",
)
POOL = 4096
# Rows drawn per call when spreading rows over cells: memory stays bounded
# at ten million rows.
CHUNK = 1_000_000
UNKNOWN_SIZE = 10_000


def _pick(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    return rng.choices(list(weights), list(weights.values()), k=k)


def _combos(rng: random.Random, group: str) -> list[tuple[str, ...]]:
    """A pool of coded combinations drawn from the group's profile."""
    profile = PROFILES[group]
    mechanisms = _pick(rng, profile["mechanism"], POOL)
    activities = _pick(rng, profile["activity"], POOL)
    places = _pick(rng, profile["place"], POOL)
    causes = _pick(rng, CONTACT, POOL)
    severities = _pick(rng, SEVERITY, POOL)
    combos = []
    for i in range(POOL):
        transport = ""
        if places[i] == "road_traffic":
            transport = _pick(rng, TRAFFIC, 1)[0]
        elif group == "young" and rng.random() < 0.1:
            transport = rng.choice(["bicycle", "e_scooter", "pedestrian"])
        combos.append(
            (
                causes[i],
                places[i],
                activities[i],
                mechanisms[i],
                severities[i],
                transport,
            )
        )
    return combos


def _sizes(municipalities: list[Municipality]) -> dict[int, int]:
    """Inhabitants per municipality: its average over the years with figures,
    else the sum of its predecessors' (a merger weighs as its parts)."""
    known = {
        pk: total // max(years, 1)
        for pk, total, years in Population.objects.values("municipality_id")
        .annotate(total=Sum("count"), years=Count("year", distinct=True))
        .values_list("municipality_id", "total", "years")
    }
    parts: dict[int, list[int]] = {}
    for to_id, from_id in Municipality.successors.through.objects.values_list(
        "to_municipality_id", "from_municipality_id"
    ):
        if to_id != from_id:
            parts.setdefault(to_id, []).append(from_id)

    def size(pk: int, depth: int = 0) -> int:
        if pk in known or depth > 5:
            return known.get(pk, 0)
        return sum(size(part, depth + 1) for part in parts.get(pk, []))

    return {m.pk: size(m.pk) or UNKNOWN_SIZE for m in municipalities}


def _cells(
    rng: random.Random, rows: int, municipalities: list[Municipality], years: list[int]
) -> Counter:
    """How many rows each (municipality, year) gets: by population where known."""
    totals = _sizes(municipalities)
    cells, weights = [], []
    for municipality in municipalities:
        for year in years:
            start = municipality.valid_from or datetime.date(1990, 1, 1)
            end = municipality.valid_to or datetime.date(9999, 12, 31)
            if start.year <= year <= end.year:
                cells.append((municipality.pk, year))
                weights.append(totals[municipality.pk])
    counts: Counter = Counter()
    if not cells:
        return counts
    cumulative = list(itertools.accumulate(weights))
    for start in range(0, rows, CHUNK):
        k = min(CHUNK, rows - start)
        counts.update(rng.choices(cells, cum_weights=cumulative, k=k))
    return counts


def generate_rows(
    *, rows: int, seed: int, municipalities: list[Municipality], years: list[int]
) -> Iterator[tuple]:
    """`rows` registration tuples in COLUMNS order (without the last three).

    Every query runs before the first row is made, so the rows can stream
    into a COPY on the same connection.
    """
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - reproducible fake data, not secrets
    today = timezone.localdate()
    pools = {group: _combos(rng, group) for group in PROFILES}
    valid = {m.pk: (m.valid_from, m.valid_to) for m in municipalities}
    cells = sorted(_cells(rng, rows, municipalities, years).items())
    return _rows(rng, cells, valid, pools, today)


def _rows(rng, cells, valid, pools, today) -> Iterator[tuple]:
    band_names = list(BANDS)
    band_weights = [BANDS[b][2] for b in band_names]
    for (municipality_id, year), count in cells:
        start, end = valid[municipality_id]
        for band in rng.choices(band_names, band_weights, k=count):
            low, high, _share = BANDS[band]
            group = GROUP[band]
            month = rng.choices(range(1, 13), MONTHS[group])[0]
            day = rng.randint(1, calendar.monthrange(year, month)[1])
            injury_date = datetime.date(year, month, day)
            if injury_date > today:
                injury_date = today - datetime.timedelta(days=rng.randrange(60))
            if (start and injury_date < start) or (end and injury_date > end):
                injury_date = end or start
            yield (
                municipality_id,
                injury_date,
                rng.randint(low, high),
                "M" if rng.random() < (0.55 if group != "old" else 0.42) else "F",
                *rng.choice(pools[group]),
            )


@transaction.atomic
def generate(
    *,
    rows: int,
    seed: int = 1,
    municipalities: list[Municipality] | None = None,
    years: list[int] | None = None,
    source: str = Source.SYNTHETIC,
) -> int:
    """Insert `rows` synthetic registrations; returns how many were written."""
    if municipalities is None:
        municipalities = list(Municipality.objects.all())
    if years is None:
        this_year = timezone.localdate().year
        years = list(range(this_year - 9, this_year + 1))
    now = timezone.now()
    extra = (source, now, now)
    generated = generate_rows(
        rows=rows, seed=seed, municipalities=municipalities, years=years
    )
    written = 0
    if connection.vendor == "postgresql":
        table = Registration._meta.db_table
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
            ) as copy,
        ):
            for row in generated:
                copy.write_row((*row, *extra))
                written += 1
        return written
    batch: list[Registration] = []
    for row in generated:
        batch.append(Registration(**dict(zip(COLUMNS, (*row, *extra), strict=True))))
        if len(batch) >= 5000:
            Registration.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    Registration.objects.bulk_create(batch)
    return written + len(batch)
