"""Injury import through the importer the web form and `import_injuries` share."""

from __future__ import annotations

import math
import shutil
import time
from pathlib import Path
from typing import Any

from .config import PYTHON, ROOT
from .stats import run_child, run_python
from .synthetic import Vocabulary, synthetic_rows, write_csv

SCRATCH_TABLE = "bench_copy_scratch"
SCRATCH_COLUMNS = (
    "injury_date date, municipality varchar(4), age smallint, sex varchar(1),"
    " contact_cause varchar(30), place varchar(30), activity varchar(30),"
    " mechanism varchar(30), severity varchar(30), transport varchar(30),"
    " external_id varchar(64)"
)


def query_budget(rows: int, batch_size: int = 1000) -> int:
    """Queries allowed for an import: grows with batches, never with rows."""
    return 3 * math.ceil(rows / batch_size) + 20


def measure_in_process(path: Path) -> dict[str, Any]:
    """Import a file with the command's service in this process; time and queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from injuries import services

    data = path.read_bytes()
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = services.registrations_import_file(
            data=data, filename=path.name, actor=None
        )
        seconds = time.perf_counter() - started
    if not result.ok:
        first = result.problems[0].as_line() if result.problems else "?"
        raise RuntimeError(f"the importer refused the benchmark file: {first}")
    return {
        "rows": result.rows_total,
        "created": result.created,
        "seconds": round(seconds, 3),
        "rows_per_s": round(result.rows_total / seconds),
        "queries": len(queries),
        "query_budget": query_budget(result.rows_total),
    }


def measure_command(path: Path, rows: int, env: dict[str, str]) -> dict[str, Any]:
    """`manage.py import_injuries FILE` in a child process: wall time and peak RSS."""
    child = run_python(
        ["manage.py", "import_injuries", path],
        python=PYTHON,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    if child.returncode != 0:
        raise RuntimeError(f"import_injuries failed: {child.stderr.strip()[-800:]}")
    return {
        "rows": rows,
        "seconds": round(child.seconds, 3),
        "rows_per_s": round(rows / child.seconds),
        "max_rss_mb": child.max_rss_mb,
        "output": child.stdout.strip(),
    }


def measure_copy(path: Path) -> dict[str, Any]:
    """Raw COPY of the same CSV into a scratch table: the same-run ceiling."""
    from django.db import connection, transaction

    data = path.read_bytes()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {SCRATCH_TABLE} (injury_date date,"
            " municipality varchar(4), age smallint, sex varchar(1),"
            " contact_cause varchar(30), place varchar(30), activity varchar(30),"
            " mechanism varchar(30), severity varchar(30), transport varchar(30),"
            " external_id varchar(64)) ON COMMIT DROP"
        )
        started = time.perf_counter()
        with cursor.cursor.copy(
            f"COPY {SCRATCH_TABLE} FROM STDIN WITH (FORMAT csv, HEADER true)"
        ) as copy:
            copy.write(data)
        seconds = time.perf_counter() - started
        cursor.execute(f"SELECT count(*) FROM {SCRATCH_TABLE}")
        (rows,) = cursor.fetchone()
    return {
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_s": round(rows / seconds),
    }


def measure_psql_copy(path: Path, url: str) -> dict[str, Any]:
    """`psql -c '\\copy ...'` of the same file into a scratch table: the whole
    process timed, start-up included, as the command is."""
    psql = shutil.which("psql")
    if psql is None:
        return {"not_measured": "psql is not on PATH"}
    child = run_child(
        [
            psql,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            url,
            "-c",
            f"CREATE TEMPORARY TABLE {SCRATCH_TABLE} ({SCRATCH_COLUMNS})",
            "-c",
            f"\\copy {SCRATCH_TABLE} FROM '{path}' WITH (FORMAT csv, HEADER true)",
        ],
        env={},
        cwd=ROOT,
        timeout=600,
    )
    if child.returncode != 0:
        raise RuntimeError(f"psql \\copy failed: {child.stderr.strip()[-400:]}")
    return {"seconds": round(child.seconds, 3)}


TABLE_COLUMNS = (
    "municipality_id, injury_date, age, sex, contact_cause, place, activity,"
    " mechanism, severity, transport, external_id, source, import_job_id,"
    " created_at, updated_at"
)


def write_table_file(
    path: Path, vocabulary: Vocabulary, rows: int, *, seed: int
) -> int:
    """The command's rows as the registrations table stores them: municipality
    ids for codes, the source and the latest import job, in the order of the
    (municipality, date) index as the importer writes them, with external ids
    of their own (`t-...`) so they never meet the rows already imported."""
    import csv

    from django.utils import timezone

    from injuries.models import ImportJob, Source
    from safecommunity.core.models import Municipality

    ids = dict(
        Municipality.objects.filter(
            country__code="NO", valid_from__isnull=True, valid_to__isnull=True
        ).values_list("code", "pk")
    )
    job = ImportJob.objects.order_by("-pk").values_list("pk", flat=True).first()
    now = timezone.now().isoformat()
    table = sorted(
        (
            (ids[row[1]], row[0], *row[2:], Source.IMPORT, job, now, now)
            for row in synthetic_rows(vocabulary, rows, seed=seed, id_prefix="t")
        ),
        key=lambda row: (row[0], row[1]),
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    return len(table)


def measure_psql_table_copy(path: Path, url: str) -> dict[str, Any]:
    """`psql \\copy` of the same rows into the registrations table itself, with
    its indexes, checks, foreign keys (checked at the statement's end) and
    triggers, rolled back: what the table costs any writer, the importer's floor."""
    from injuries.models import Registration

    psql = shutil.which("psql")
    if psql is None:
        return {"not_measured": "psql is not on PATH"}
    table = Registration._meta.db_table
    child = run_child(
        [
            psql,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            url,
            "-c",
            "BEGIN",
            "-c",
            "SET CONSTRAINTS ALL IMMEDIATE",
            "-c",
            f"\\copy {table} ({TABLE_COLUMNS}) FROM '{path}'"
            " WITH (FORMAT csv, FORCE_NOT_NULL (transport))",
            "-c",
            "ROLLBACK",
        ],
        env={},
        cwd=ROOT,
        timeout=600,
    )
    if child.returncode != 0:
        raise RuntimeError(f"psql \\copy failed: {child.stderr.strip()[-400:]}")
    return {"seconds": round(child.seconds, 3)}


def measure_import(
    vocabulary: Vocabulary, rows: int, workdir: Path, env: dict[str, str]
) -> dict[str, Any]:
    """In-process import, command import and raw COPY of files of `rows` rows."""
    in_process_file = workdir / "import-a.csv"
    command_file = workdir / "import-b.csv"
    write_csv(in_process_file, synthetic_rows(vocabulary, rows, seed=11, id_prefix="a"))
    write_csv(command_file, synthetic_rows(vocabulary, rows, seed=12, id_prefix="b"))
    copy = measure_copy(in_process_file)
    in_process = measure_in_process(in_process_file)
    command = measure_command(command_file, rows, env)
    # Side by side, start-up included on both sides: the share of COPY.
    psql_copy = measure_psql_copy(command_file, env["DATABASE_URL"])
    if "seconds" in psql_copy:
        psql_copy["rows_per_s"] = round(rows / psql_copy["seconds"])
        psql_copy["command_share"] = round(
            command["rows_per_s"] / psql_copy["rows_per_s"], 3
        )
    # The same rows into the registrations table by psql: how much of the
    # bare \copy any writer keeps once the table's indexes, checks and
    # triggers are paid, and how close the command comes to that.
    table_file = workdir / "import-table.csv"
    write_table_file(table_file, vocabulary, rows, seed=12)
    table_copy = measure_psql_table_copy(table_file, env["DATABASE_URL"])
    if "seconds" in table_copy:
        table_copy["rows_per_s"] = round(rows / table_copy["seconds"])
        table_copy["command_share"] = round(
            command["rows_per_s"] / table_copy["rows_per_s"], 3
        )
        if "seconds" in psql_copy:
            table_copy["copy_share"] = round(
                table_copy["rows_per_s"] / psql_copy["rows_per_s"], 3
            )
    return {
        "psql_copy": psql_copy,
        "psql_table_copy": table_copy,
        "rows": rows,
        "file_mb": round(in_process_file.stat().st_size / 1_048_576, 1),
        "in_process": in_process,
        "command": command,
        "copy": copy,
        "ratio_to_copy": round(in_process["rows_per_s"] / copy["rows_per_s"], 3),
    }
