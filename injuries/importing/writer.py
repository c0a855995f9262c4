"""Writing validated rows: COPY plus one upsert on PostgreSQL, bulk_create elsewhere.

The number of SQL statements grows with batches, never with rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import connection

from injuries.models import Registration

BATCH_SIZE = 2000
ROW_FIELDS = (
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
    "external_id",
)
UPDATED_FIELDS = [
    "injury_date",
    "age",
    "sex",
    "contact_cause",
    "place",
    "activity",
    "mechanism",
    "severity",
    "transport",
    "import_job",
    "updated_at",
    "updated_by",
]
CONFLICT_FIELDS = ["municipality", "source", "external_id"]


def existing_count(rows: Sequence[tuple], *, source: str) -> int:
    """How many rows carry an external id that is already registered."""
    keyed: dict[int, set[str]] = {}
    for row in rows:
        if row[10] is not None:
            keyed.setdefault(row[0], set()).add(row[10])
    found = 0
    for municipality_id, ids in keyed.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), BATCH_SIZE):
            found += Registration.objects.filter(
                municipality_id=municipality_id,
                source=source,
                external_id__in=ordered[start : start + BATCH_SIZE],
            ).count()
    return found


def write_rows(
    rows: Sequence[tuple],
    *,
    source: str,
    job_id: int | None,
    actor_id: int | None,
    now: datetime.datetime,
) -> tuple[int, int]:
    """Insert or update (by external id) all rows; (created, updated). Call in a transaction."""
    if not rows:
        return 0, 0
    if connection.vendor == "postgresql":
        return _write_postgresql(
            rows, source=source, job_id=job_id, actor_id=actor_id, now=now
        )
    updated = existing_count(rows, source=source)
    for start in range(0, len(rows), BATCH_SIZE):
        objects = [
            Registration(
                **dict(zip(ROW_FIELDS, row, strict=True)),
                source=source,
                import_job_id=job_id,
                created_by_id=actor_id,
                updated_by_id=actor_id,
                created_at=now,
                updated_at=now,
            )
            for row in rows[start : start + BATCH_SIZE]
        ]
        Registration.objects.bulk_create(
            objects,
            update_conflicts=True,
            unique_fields=CONFLICT_FIELDS,
            update_fields=UPDATED_FIELDS,
        )
    return len(rows) - updated, updated


def _write_postgresql(rows, *, source, job_id, actor_id, now) -> tuple[int, int]:
    table = Registration._meta.db_table
    columns = ", ".join(ROW_FIELDS)
    updates = ", ".join(
        f"{name} = EXCLUDED.{name}"
        for name in (
            *ROW_FIELDS[1:10],
            "import_job_id",
            "updated_at",
            "updated_by_id",
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE injury_import_rows (municipality_id bigint,"
            " injury_date date, age smallint, sex varchar(1),"
            " contact_cause varchar(30), place varchar(30), activity varchar(30),"
            " mechanism varchar(30), severity varchar(30), transport varchar(30),"
            " external_id varchar(64)) ON COMMIT DROP"
        )
        # COPY goes through psycopg directly; its errors are turned into
        # Django's (OperationalError and the like) as any other query's are.
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(
                f"COPY injury_import_rows ({columns}) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        # xmax = 0 only for rows this statement inserted: counts both kinds.
        cursor.execute(
            f"WITH written AS (INSERT INTO {table} ({columns}, source, import_job_id,"  # noqa: S608  # nosec B608 - identifiers from model meta, values bound
            " created_by_id, updated_by_id, created_at, updated_at)"
            f" SELECT {columns}, %s, %s, %s, %s, %s, %s FROM injury_import_rows"
            " ON CONFLICT (municipality_id, source, external_id)"
            f" DO UPDATE SET {updates} RETURNING (xmax = 0) AS inserted)"
            " SELECT count(*) FILTER (WHERE inserted), count(*) FROM written",
            [source, job_id, actor_id, actor_id, now, now],
        )
        created, total = cursor.fetchone()
        cursor.execute("DROP TABLE injury_import_rows")
    return created, total - created
