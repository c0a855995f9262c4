"""Synthetic injury rows for the benchmark: the import CSV and a COPY fallback."""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# Header of CONTRACTS section 6, in order (the English names).
CSV_HEADER: tuple[str, ...] = (
    "injury_date",
    "municipality",
    "age",
    "sex",
    "contact_cause",
    "place",
    "activity",
    "mechanism",
    "severity",
    "transport",
    "external_id",
)
CODED: tuple[str, ...] = (
    "contact_cause",
    "place",
    "activity",
    "mechanism",
    "severity",
    "transport",
)
SEXES = ("M", "F", "F", "M", "U")


@dataclass(frozen=True)
class Vocabulary:
    """What valid rows may contain: municipality codes and codes per list."""

    municipalities: tuple[str, ...]
    codes: dict[str, tuple[str, ...]]
    first_year: int
    last_year: int


def vocabulary_from_database(*, years: int = 10) -> Vocabulary:
    """Current codes and the municipalities valid over the whole period."""
    from injuries.models import Code
    from safecommunity.core.models import Municipality

    today = datetime.date.today()  # noqa: DTZ011 - a calendar year is enough here
    codes: dict[str, list[str]] = {name: [] for name in CODED}
    for list_name, code, valid_from, valid_to in Code.objects.values_list(
        "list_name", "code", "valid_from", "valid_to"
    ):
        if list_name in codes and valid_from is None and valid_to is None:
            codes[list_name].append(code)
    missing = [name for name in CODED if name != "transport" and not codes[name]]
    if missing:
        raise RuntimeError(f"no codes in the lists {missing}; are migrations applied?")
    municipalities = tuple(
        Municipality.objects.filter(
            country__code="NO", valid_from__isnull=True, valid_to__isnull=True
        )
        .order_by("code")
        .values_list("code", flat=True)
    )
    if not municipalities:
        raise RuntimeError("no municipalities; run seed_demo first")
    return Vocabulary(
        municipalities=municipalities,
        codes={name: tuple(sorted(values)) for name, values in codes.items()},
        first_year=today.year - years,
        last_year=today.year - 1,
    )


def synthetic_rows(
    vocabulary: Vocabulary, count: int, *, seed: int = 1, id_prefix: str = "b"
) -> Iterator[tuple[str, ...]]:
    """`count` valid rows as strings in CSV_HEADER order, reproducible by seed."""
    rng = random.Random(seed)
    start = datetime.date(vocabulary.first_year, 1, 1).toordinal()
    days = datetime.date(vocabulary.last_year, 12, 31).toordinal() - start + 1
    codes = vocabulary.codes
    for number in range(count):
        transport = codes["transport"]
        yield (
            datetime.date.fromordinal(start + rng.randrange(days)).isoformat(),
            rng.choice(vocabulary.municipalities),
            str(min(120, int(rng.expovariate(1 / 35)))),
            rng.choice(SEXES),
            rng.choice(codes["contact_cause"]),
            rng.choice(codes["place"]),
            rng.choice(codes["activity"]),
            rng.choice(codes["mechanism"]),
            rng.choice(codes["severity"]),
            rng.choice(transport) if transport and rng.random() < 0.2 else "",
            f"{id_prefix}-{number:08d}",
        )


def write_csv(
    path: Path, rows: Sequence[tuple[str, ...]] | Iterator[tuple[str, ...]]
) -> int:
    """Write an import file in the contract format (UTF-8, comma); rows written."""
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow(row)
            written += 1
    return written


def copy_registrations(vocabulary: Vocabulary, count: int, *, seed: int = 7) -> int:
    """Fallback when generate_injuries is missing: COPY synthetic rows straight in."""
    from django.db import connection, transaction
    from django.utils import timezone

    from injuries.models import Registration
    from safecommunity.core.models import Municipality

    ids = dict(
        Municipality.objects.filter(country__code="NO").values_list("code", "pk")
    )
    now = timezone.now()
    columns = (
        "municipality_id, injury_date, age, sex, contact_cause, place, activity,"
        " mechanism, severity, transport, source, created_at, updated_at"
    )
    table = Registration._meta.db_table
    statement = f"COPY {table} ({columns}) FROM STDIN"
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copy,
    ):
        for row in synthetic_rows(vocabulary, count, seed=seed):
            copy.write_row(
                (ids[row[1]], row[0], int(row[2]), *row[3:10], "synthetic", now, now)
            )
    return count
