"""The benchmark database: recreated for every run, never any other database."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from .config import database_name


def _maintenance_conninfo(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    info: dict[str, object] = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "dbname": "postgres",
        "autocommit": True,
    }
    if parts.password:
        info["password"] = parts.password
    return info


def _bench_name(url: str) -> str:
    name = database_name(url)
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to recreate or drop the database {name!r}.")
    return name


def drop_database(url: str) -> None:
    """Drop the benchmark database named in `url` if it exists."""
    name = sql.Identifier(_bench_name(url))
    with psycopg.connect(**_maintenance_conninfo(url)) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database named in `url`."""
    drop_database(url)
    name = sql.Identifier(_bench_name(url))
    with psycopg.connect(**_maintenance_conninfo(url)) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def server_version(url: str) -> str:
    """The PostgreSQL server version string."""
    with psycopg.connect(**_maintenance_conninfo(url)) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


def vacuum_analyze(table: str) -> float:
    """VACUUM ANALYZE one table through Django's connection; seconds taken."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))
    return time.perf_counter() - started


def timed_sql(statement: str, repeats: int) -> list[float]:
    """Run one read statement `repeats` times; seconds per run, fetch included."""
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        for _ in range(repeats):
            started = time.perf_counter()
            cursor.execute(statement)
            cursor.fetchall()
            timings.append(time.perf_counter() - started)
    return timings
