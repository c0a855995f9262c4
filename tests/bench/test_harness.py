"""The benchmark harness's pure helpers; the benchmark itself runs in `make bench`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench.config import bench_database_url
from bench.results import markdown, write_json
from bench.stats import percentile, run_python, summary_ms
from bench.synthetic import (
    CSV_HEADER,
    synthetic_rows,
    vocabulary_from_database,
    write_csv,
)
from bench.targets import FAIL, NOT_MEASURED, PASS, evaluate
from injuries.importing import import_file


def test_percentile_interpolates_between_ranks():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 50) == 3.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 95) == pytest.approx(4.8)
    assert percentile([7.0], 95) == 7.0


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1.0], 101)


def test_summary_is_in_milliseconds():
    figures = summary_ms([0.010, 0.020, 0.030])
    assert figures["n"] == 3
    assert figures["p50_ms"] == 20.0
    assert figures["max_ms"] == 30.0


@pytest.mark.django_db
def test_csv_writer_makes_a_file_the_importer_accepts(municipality, tmp_path):
    vocabulary = vocabulary_from_database()
    assert municipality.code in vocabulary.municipalities
    path = tmp_path / "bench.csv"
    assert write_csv(path, synthetic_rows(vocabulary, 200, seed=3)) == 200
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(CSV_HEADER)

    result = import_file(data=path.read_bytes(), filename=path.name, dry_run=True)

    assert result.ok, [p.as_line() for p in result.problems[:5]]
    assert result.rows_total == 200
    assert result.created == 200


@pytest.mark.django_db
def test_synthetic_rows_are_reproducible(municipality):
    vocabulary = vocabulary_from_database()
    first = list(synthetic_rows(vocabulary, 20, seed=5, id_prefix="x"))
    assert first == list(synthetic_rows(vocabulary, 20, seed=5, id_prefix="x"))
    assert len({row[-1] for row in first}) == 20


def test_run_python_reports_the_childs_own_peak_memory(tmp_path):
    ballast = b"x" * (150 * 1024 * 1024)  # a large parent must not inflate it
    script = tmp_path / "child.py"
    script.write_text("block = b'x' * (60 * 1024 * 1024)\nprint('ok')\n")

    child = run_python(
        [script], python=Path(sys.executable), env={}, cwd=tmp_path, timeout=60
    )

    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "ok"
    assert 60 <= child.max_rss_mb < 140
    del ballast


def test_run_python_keeps_the_exit_code_and_still_reports(tmp_path):
    script = tmp_path / "fails.py"
    script.write_text("import sys\nsys.exit(3)\n")

    child = run_python(
        [script], python=Path(sys.executable), env={}, cwd=tmp_path, timeout=60
    )

    assert child.returncode == 3
    assert child.max_rss_mb > 0


def test_bench_database_never_is_the_application_database():
    app = "postgres://postgres@db:5432/trygg"
    assert bench_database_url({"DATABASE_URL": app}).endswith("@db:5432/trygg_bench")
    assert bench_database_url({}).endswith("127.0.0.1:5432/trygg_bench")
    assert bench_database_url({"DATABASE_URL": "sqlite:///x.db"}).endswith(
        "trygg_bench"
    )
    with pytest.raises(SystemExit, match="database of its own"):
        bench_database_url({"DATABASE_URL": app, "BENCH_DATABASE_URL": app})
    with pytest.raises(SystemExit, match="PostgreSQL"):
        bench_database_url({"BENCH_DATABASE_URL": "sqlite:///bench.db"})


def _measurements() -> dict:
    return {
        "generate": {
            "rows": 1000,
            "seconds": 0.1,
            "rows_per_s": 10_000,
            "command_output": "",
        },
        "groupby": {"n": 3, "p50_ms": 300.0, "p95_ms": 320.0},
        "import": {"not_measured": "no importer"},
        "dashboard": {"error": "RuntimeError: HTTP 500"},
        "dossier": {
            "renders": [
                {
                    "municipality": "0716",
                    "initiatives": 20,
                    "registrations": 50_000,
                    "pages": 20,
                    "task_s": 2.0,
                    "s_per_page": 0.1,
                    "max_rss_mb": 150.0,
                    "pdf_kb": 90,
                },
                {
                    "municipality": "0704",
                    "initiatives": 4,
                    "registrations": 10,
                    "pages": 5,
                    "task_s": 1.0,
                    "s_per_page": 0.2,
                    "max_rss_mb": 150.0,
                    "pdf_kb": 40,
                },
                {
                    "municipality": "0716",
                    "initiatives": 200,
                    "registrations": 50_000,
                    "pages": 50,
                    "task_s": 8.0,
                    "s_per_page": 0.16,
                    "max_rss_mb": 300.0,
                    "pdf_kb": 400,
                },
            ]
        },
    }


def test_targets_pass_fail_and_not_measured():
    targets = {t.key: t for t in evaluate(_measurements(), target_initiatives=200)}
    assert targets["generate_rate"].status == FAIL
    assert targets["dossier_time"].status == PASS
    assert targets["dossier_memory"].value == 300.0
    assert targets["dossier_per_page"].value == pytest.approx(1.6)  # 0716 only
    assert targets["dossier_per_page"].status == FAIL
    assert targets["import_rate"].status == NOT_MEASURED
    assert targets["import_rate"].reason == "no importer"
    assert targets["dashboard_p95"].reason.startswith("error: RuntimeError")
    assert targets["load_errors"].reason == "not run"


def _import_section(command_s: float) -> dict:
    return {
        "rows": 300_000,
        "file_mb": 21.9,
        "in_process": {
            "rows": 300_000,
            "seconds": 6.0,
            "rows_per_s": 50_000,
            "queries": 15,
            "query_budget": 920,
        },
        "command": {
            "rows": 300_000,
            "seconds": command_s,
            "rows_per_s": round(300_000 / command_s),
            "max_rss_mb": 350.0,
        },
        "copy": {"rows": 300_000, "seconds": 0.3, "rows_per_s": 1_000_000},
        "ratio_to_copy": 0.05,
        "psql_copy": {
            "seconds": 0.3,
            "rows_per_s": 1_000_000,
            "command_share": round(0.3 / command_s, 3),
        },
        "psql_table_copy": {
            "seconds": 5.0,
            "rows_per_s": 60_000,
            "command_share": round(5.0 / command_s, 3),
            "copy_share": 0.06,
        },
    }


def test_a_missed_share_of_copy_says_by_how_much_and_why(tmp_path):
    measurements = {**_measurements(), "import": _import_section(6.0)}
    targets = {t.key: t for t in evaluate(measurements, target_initiatives=200)}
    share = targets["import_copy_share"]
    assert share.status == FAIL
    assert share.value == 0.05
    assert share.reason.startswith("5.0 times too slow")
    assert "keeps 0.06 of the bare \\copy (5.0 s" in share.reason
    assert "so no writer of that table can reach 0.25" in share.reason
    assert "the command reaches 0.833 of that floor" in share.reason
    page = markdown(
        {
            "date": "2026-01-01T00:00:00+01:00",
            "mode": "full",
            "duration_s": 1.0,
            "machine": {
                "cpu": "Test CPU",
                "cores": 2,
                "ram_gb": 4.0,
                "python": "3.11",
                "load_average_start": [0.1, 0.1, 0.1],
            },
            "postgresql": "15",
            "registrations": 1000,
            "municipalities": 3,
            "measurements": measurements,
        },
        list(targets.values()),
    )
    assert "Why targets are missed:" in page
    assert f"- {share.title}: 5.0 times too slow" in page
    assert "into the registrations table (indexes, checks, foreign keys" in page
    assert "import_injuries / this = 0.833" in page
    # A table that alone would allow the goal leaves the miss to the command.
    cheap = _import_section(6.0)
    cheap["psql_table_copy"]["copy_share"] = 0.4
    missed = {t.key: t for t in evaluate({"import": cheap}, target_initiatives=200)}
    assert "the rest is the command's own work" in missed["import_copy_share"].reason
    # Within the goal, nothing to explain.
    fast = {**_measurements(), "import": _import_section(1.0)}
    passed = {t.key: t for t in evaluate(fast, target_initiatives=200)}
    assert passed["import_copy_share"].status == PASS
    assert passed["import_copy_share"].reason == ""


def test_results_writer_writes_json_and_a_markdown_table(tmp_path):
    measurements = _measurements()
    targets = evaluate(measurements, target_initiatives=200)
    results = {
        "date": "2026-01-01T00:00:00+01:00",
        "mode": "quick",
        "duration_s": 12.0,
        "machine": {
            "cpu": "Test CPU",
            "cores": 2,
            "ram_gb": 4.0,
            "python": "3.11",
            "load_average_start": [0.1, 0.1, 0.1],
            "load_average_end": [0.2, 0.1, 0.1],
        },
        "postgresql": "15",
        "registrations": 1000,
        "municipalities": 3,
        "measurements": measurements,
        "targets": [t.as_dict() for t in targets],
    }
    write_json(tmp_path / "out" / "latest.json", results)
    page = markdown(results, targets)

    stored = json.loads((tmp_path / "out" / "latest.json").read_text())
    assert stored["targets"][0]["status"] == FAIL
    assert (
        "| dossier render time, 200 initiatives (or largest) | 8.00 s | <= 10 s" in page
    )
    assert "not measured: no importer" in page
    assert "Test CPU, 2 cores" in page
    assert "| 0716 | 200 | 50,000 | 50 |" in page


@pytest.mark.django_db
def test_the_api_measurements_run_on_a_small_database(
    municipality, other_municipality, settings
):
    from bench.api import measure_registrations, measure_statistics
    from injuries.models import Registration
    from tests.factories.core import UserFactory

    UserFactory(username="bench-admin", is_superuser=True, role="secretariat")
    vocabulary = vocabulary_from_database()
    batch = measure_registrations(vocabulary, 60)
    assert (batch["rows"], batch["created"]) == (60, 60)
    assert Registration.objects.count() == 60
    figures = measure_statistics(2)
    assert figures["warm"]["n"] == 2
    assert figures["revalidated_304"]["n"] == 2


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the benchmark's own SQL beside the report is PostgreSQL's",
)
def test_statistics_are_timed_as_built_and_as_the_cache_serves_them(
    municipality, mayor
):
    from bench.dashboard import measure_aggregates
    from tests.factories.core import UserFactory
    from tests.factories.injuries import RegistrationFactory

    UserFactory(username="admin", is_superuser=True, role="secretariat")
    RegistrationFactory.create_batch(6, municipality=municipality)
    figures = measure_aggregates(municipality.code, 2)
    assert figures["report"]["n"] == figures["report_cached"]["n"] == 2
    county = figures["county"]
    assert county["report"]["n"] == county["report_cached"]["n"] == 2
    # Built each time: the timed county report reads the registrations.
    assert county["queries"] > 2
