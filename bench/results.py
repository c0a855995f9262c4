"""Machine facts and the results files: latest.json and a markdown table."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

from .targets import Target


def machine() -> dict[str, Any]:
    """CPU model, cores and RAM from /proc, Python version and the load average."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    ram_gb = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1_048_576, 1)
                break
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def busy_note(load_start: list[float], load_end: list[float], cores: int) -> str:
    """A warning when other work shared the CPUs during the run."""
    busiest = max(load_start[:1] + load_end[:1], default=0.0)
    if busiest > 0.5 * cores:
        return (
            f"other work shared the machine (load average {load_start[0]} at the "
            f"start, {load_end[0]} at the end, on {cores} cores); figures are "
            "pessimistic"
        )
    return ""


def write_json(path: Path, results: dict[str, Any]) -> None:
    """Write the results as indented JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _skipped(section: dict | None) -> str | None:
    if section is None:
        return "not run"
    if "not_measured" in section:
        return f"not measured: {section['not_measured']}"
    if "error" in section:
        return f"error: {section['error']}"
    return None


def markdown(results: dict[str, Any], targets: list[Target]) -> str:
    """The run as a markdown page: facts, targets, then the figures per area."""
    m, mach = results["measurements"], results["machine"]
    lines = [
        f"# Benchmark ({results['mode']} mode)",
        "",
        f"- Date: {results['date']}; run took {results['duration_s']:.0f} s",
        f"- Machine: {mach['cpu']}, {mach['cores']} cores, {mach['ram_gb']} GB RAM; "
        f"load average {mach['load_average_start']} at start, "
        f"{mach.get('load_average_end')} at the end",
        f"- Python {mach['python']}, PostgreSQL {results['postgresql']}",
        f"- Data: {results['registrations']:,} registrations over "
        f"{results['municipalities']} municipalities and ten years",
    ]
    setup = m.get("setup")
    if setup:
        lines.append(
            f"- Setup: migrate {setup['migrate_s']} s, seed_demo "
            f"{setup['seed_demo_s']} s, VACUUM ANALYZE {setup['vacuum_analyze_s']} s"
        )
    if results.get("note"):
        lines.append(f"- Note: {results['note']}")
    lines += ["", "## Targets", ""]
    lines += _table(
        ["Target", "Figure", "Limit", "Source", "Result"],
        [
            [
                t.title,
                f"{_fmt(t.value)} {t.unit}" if t.value is not None else t.reason,
                f"{'>=' if t.higher_is_better else '<='} {_fmt(t.limit)} {t.unit}"
                if t.limit is not None
                else "–",
                t.source,
                t.status,
            ]
            for t in targets
        ],
    )
    missed = [t for t in targets if t.status == "FAIL" and t.reason]
    if missed:
        lines += ["Why targets are missed:", ""]
        lines += [f"- {t.title}: {t.reason}" for t in missed]
        lines.append("")
    lines += _details(m)
    return "\n".join(lines)


def _setup_rows(m: dict[str, Any]) -> list[list[Any]]:
    gen, gb = m.get("generate"), m.get("groupby")
    return [
        [
            "generate_injuries",
            _skipped(gen)
            or (
                f"{gen['rows']:,} rows in {gen['seconds']} s wall, start-up included "
                f"({gen['rows_per_s']:,} rows/s); the command says: {gen['command_output']}"
            ),
        ],
        [
            "GROUP BY over all rows",
            _skipped(gb)
            or (f"p50 {gb['p50_ms']} ms, p95 {gb['p95_ms']} ms (n={gb['n']})"),
        ],
    ]


def _import_rows(imp: dict[str, Any] | None) -> list[list[Any]]:
    if _skipped(imp):
        return [["import", _skipped(imp)]]
    ip, cmd, cp = imp["in_process"], imp["command"], imp["copy"]
    return [
        [
            "import, in process",
            (
                f"{ip['rows']:,} rows ({imp['file_mb']} MB CSV) in {ip['seconds']} s: "
                f"{ip['rows_per_s']:,} rows/s, {ip['queries']} queries"
            ),
        ],
        [
            "import_injuries process",
            (
                f"{cmd['seconds']} s wall, start-up included ({cmd['rows_per_s']:,} rows/s), "
                f"peak RSS {cmd['max_rss_mb']} MB"
            ),
        ],
        [
            "raw COPY of the same rows",
            (
                f"{cp['seconds']} s: {cp['rows_per_s']:,} rows/s; "
                f"importer / COPY = {imp['ratio_to_copy']}"
            ),
        ],
        *_psql_copy_rows(imp.get("psql_copy")),
        *_table_copy_rows(imp.get("psql_table_copy")),
    ]


def _psql_copy_rows(psql: dict[str, Any] | None) -> list[list[Any]]:
    if not psql or "rows_per_s" not in psql:
        return []
    return [
        [
            "psql \\copy of the command's file (process, start-up included)",
            (
                f"{psql['seconds']} s: {psql['rows_per_s']:,} rows/s; "
                f"import_injuries / \\copy = {psql['command_share']}"
            ),
        ]
    ]


def _table_copy_rows(table: dict[str, Any] | None) -> list[list[Any]]:
    if not table or "rows_per_s" not in table:
        return []
    share = (
        f"; its own share of the bare \\copy {table['copy_share']}"
        if "copy_share" in table
        else ""
    )
    return [
        [
            "psql \\copy of the same rows into the registrations table (indexes, "
            "checks, foreign keys and triggers; rolled back)",
            (
                f"{table['seconds']} s: {table['rows_per_s']:,} rows/s{share}; "
                f"import_injuries / this = {table['command_share']}"
            ),
        ]
    ]


def _peak_lines(m: dict[str, Any]) -> list[str]:
    rows = [
        [name, f"{peak['bench']} MB", f"{peak['children']} MB"]
        for name, section in m.items()
        if isinstance(section, dict)
        and isinstance(peak := section.get("peak_rss_mb"), dict)
    ]
    if not rows:
        return []
    return [
        "",
        "## Peak memory by step",
        "",
        "High-water marks after each step: the benchmark process itself, and the",
        "largest child process so far (commands, gunicorn, the worker's task).",
        "",
        *_table(["Step", "benchmark process", "largest child"], rows),
    ]


def _read_rows(m: dict[str, Any]) -> list[list[Any]]:
    dash, agg = m.get("dashboard"), m.get("aggregates")
    rows = [
        [
            "dashboard (mayor, in process)",
            _skipped(dash)
            or (
                f"p50 {dash['p50_ms']} ms, p95 {dash['p95_ms']} ms, first request (cold "
                f"cache) {dash['cold_ms']} ms, {dash['queries']} queries (n={dash['n']})"
            ),
        ]
    ]
    if dash and "after_change" in dash:
        after = dash["after_change"]
        rows.append(
            [
                "dashboard, first request after a change to the data",
                f"p50 {after['p50_ms']} ms, p95 {after['p95_ms']} ms (n={after['n']})",
            ]
        )
    if _skipped(agg):
        return [*rows, ["statistics of one municipality", _skipped(agg)]]
    rep = agg["report"]
    rows.append(
        [
            f"statistics of {agg['municipality']}",
            (
                f"{agg['registrations']:,} registrations: p50 {rep['p50_ms']} ms, "
                f"p95 {rep['p95_ms']} ms; count by year in plain SQL "
                f"{agg['count_by_year_sql']['p50_ms']} ms"
                f"{_cached_line(agg)}"
            ),
        ]
    )
    county = agg.get("county")
    if county:
        rep = county["report"]
        rows.append(
            [
                f"statistics of {county['county']} (county)",
                (
                    f"{county['municipalities']} municipalities, each checked "
                    f"against its own report: p50 {rep['p50_ms']} ms, p95 "
                    f"{rep['p95_ms']} ms, {county['queries']} queries"
                    f"{_cached_line(county)}"
                ),
            ]
        )
    return rows


def _cached_line(measured: dict[str, Any]) -> str:
    cached = measured.get("report_cached")
    if not cached:
        return ""
    return (
        f"; again from the cache p50 {cached['p50_ms']} ms, p95 {cached['p95_ms']} ms"
    )


def _dossier_lines(dossier: dict[str, Any] | None) -> list[str]:
    lines = ["### Dossier renders (worker task in a child process)", ""]
    if _skipped(dossier):
        return [*lines, _skipped(dossier) or "", ""]
    header = [
        "Municipality",
        "Initiatives",
        "Registrations",
        "Pages",
        "Task s",
        "s/page",
        "Peak RSS MB",
        "PDF KB",
    ]
    keys = [
        "municipality",
        "initiatives",
        "registrations",
        "pages",
        "task_s",
        "s_per_page",
        "max_rss_mb",
        "pdf_kb",
    ]
    return lines + _table(header, [[r[k] for k in keys] for r in dossier["renders"]])


def _load_lines(load: dict[str, Any] | None) -> list[str]:
    lines = ["### Pages under load", ""]
    if _skipped(load):
        return [*lines, _skipped(load) or "", ""]
    lines += [
        f"gunicorn, {load['workers']} sync workers on loopback; {load['connections']} "
        f"concurrent connections for {load['seconds_per_page']:.0f} s per page.",
        "",
    ]
    rows = [
        [name, p["path"], p["rps"], p["p50_ms"], p["p95_ms"], p["errors"]]
        for name, p in load["pages"].items()
    ]
    return lines + _table(["Page", "Path", "req/s", "p50 ms", "p95 ms", "Errors"], rows)


def _photo_rows(photo: dict[str, Any] | None) -> list[list[Any]]:
    if _skipped(photo):
        return [["largest accepted photo", _skipped(photo)]]
    return [
        [
            "largest accepted photo (walk link)",
            (
                f"{photo['size']} px PNG of {photo['file_kb']} KB: web process peak "
                f"{photo['web_peak_mb']} MB (+{photo['web_increase_mb']} MB over "
                f"{photo['before_mb']} MB) in {photo['web_s']} s; the worker's "
                f"processing then peaks at {photo['worker_peak_mb']} MB in "
                f"{photo['worker_s']} s ({photo['status']})"
            ),
        ]
    ]


def _api_rows(m: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    stats = m.get("api_statistics") or {}
    for key, label in (
        ("cold", "cold (first request per municipality)"),
        ("warm", "warm (the same request again)"),
        ("revalidated_304", "revalidated with its ETag (304)"),
    ):
        if key in stats:
            rows.append(
                [
                    f"API statistics, {label}",
                    f"p50 {_fmt(stats[key]['p50_ms'])} ms, "
                    f"p95 {_fmt(stats[key]['p95_ms'])} ms",
                ]
            )
    batch = m.get("api_registrations") or {}
    if "rows_per_s" in batch:
        rows.append(
            [
                f"API registrations, one batch of {_fmt(batch['rows'])} JSON rows",
                f"{_fmt(batch['rows_per_s'])} rows/s ({batch['seconds']} s)",
            ]
        )
    for name in ("api_statistics", "api_registrations"):
        skipped = _skipped(m.get(name)) if m.get(name) is not None else None
        if skipped:
            rows.append([name, skipped])
    return rows


def _details(m: dict[str, Any]) -> list[str]:
    rows = (
        _setup_rows(m)
        + _import_rows(m.get("import"))
        + _api_rows(m)
        + _read_rows(m)
        + _photo_rows(m.get("photo"))
    )
    return [
        "## Figures",
        "",
        *_table(["Measure", "Figure"], rows),
        *_dossier_lines(m.get("dossier")),
        *_load_lines(m.get("load")),
        *_peak_lines(m),
    ]
