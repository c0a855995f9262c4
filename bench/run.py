"""`python -m bench.run [--quick]`: build the benchmark database, measure, report."""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import resource
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import (
    PYTHON,
    RESULTS_DIR,
    ROOT,
    Plan,
    bench_database_url,
    django_environment,
    plan_for,
)
from .database import drop_database, recreate_database, server_version, vacuum_analyze
from .results import busy_note, machine, markdown, write_json
from .stats import ChildRun, run_python
from .targets import FAIL, NotMeasured, evaluate

STARTED = time.perf_counter()
DEMO_CODE = "3905"
POPULATION_FILE = ROOT / "tests" / "data" / "ssb-07459-persons-2019.csv"


def say(message: str) -> None:
    """One progress line with the seconds since the run began."""
    print(f"[{time.perf_counter() - STARTED:6.1f}s] {message}", flush=True)


def manage(env: dict[str, str], *args: str, timeout: float = 900) -> ChildRun:
    """Run a manage.py command in a child process; fail loudly if it fails."""
    child = run_python(
        ["manage.py", *args], python=PYTHON, env=env, cwd=ROOT, timeout=timeout
    )
    if child.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed: {child.stderr[-1500:]}")
    return child


def measure(
    name: str, results: dict[str, Any], action: Callable[[], dict[str, Any]]
) -> None:
    """Run one measurement; record its figures, why it was skipped, or its error."""
    say(f"{name} ...")
    try:
        results[name] = action()
        results[name]["peak_rss_mb"] = peak_rss()
    except NotMeasured as exc:
        results[name] = {"not_measured": str(exc)}
        say(f"{name}: not measured: {exc}")
        return
    except Exception as exc:  # noqa: BLE001 - one broken area must not hide the rest
        traceback.print_exc()
        results[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        say(f"{name}: ERROR {exc}")
        return
    say(f"{name} done")


def peak_rss() -> dict[str, float]:
    """High-water marks after a step: this process, and the largest child so far."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"bench": round(own / 1024, 1), "children": round(children / 1024, 1)}


def generate(plan: Plan, env: dict[str, str]) -> dict[str, Any]:
    """generate_injuries over all municipalities and ten years, timed."""
    from django.core.management import get_commands

    from injuries.models import Registration

    from .synthetic import copy_registrations, vocabulary_from_database

    before = Registration.objects.count()
    if "generate_injuries" not in get_commands():
        copy_registrations(vocabulary_from_database(), plan.registrations)
        raise NotMeasured("no generate_injuries command yet; rows were loaded by COPY")
    child = manage(
        env,
        "generate_injuries",
        "--rows",
        str(plan.registrations),
        "--seed",
        "1",
        timeout=plan.generate_timeout,
    )
    rows = Registration.objects.count() - before
    if rows < plan.registrations:
        raise RuntimeError(
            f"generate_injuries wrote {rows} of {plan.registrations} rows"
        )
    seconds = child.seconds
    return {
        "max_rss_mb": child.max_rss_mb,
        "command_output": child.stdout.strip()[-300:],
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
    }


def prepare(plan: Plan, url: str, env: dict[str, str], results: dict[str, Any]) -> None:
    """Fresh database, migrations, demo data and the synthetic registrations."""
    say(f"recreating {url.rsplit('/', 1)[-1]}")
    recreate_database(url)
    results["setup"] = {
        "migrate_s": round(manage(env, "migrate", "--noinput").seconds, 1)
    }
    results["setup"]["seed_demo_s"] = round(
        manage(env, "seed_demo", "--force").seconds, 1
    )
    # Real sizes for the generated registrations: Norway's population by
    # municipality (Statistics Norway, 2019; successors weigh as their parts).
    results["setup"]["population_s"] = round(
        manage(env, "import_population", str(POPULATION_FILE)).seconds, 1
    )
    from .information_loss import measure_information_loss

    measure("information_loss_demo", results, measure_information_loss)
    measure("generate", results, lambda: generate(plan, env))
    from injuries.models import Registration

    results["setup"]["vacuum_analyze_s"] = round(
        vacuum_analyze(Registration._meta.db_table), 1
    )


def load_pages() -> dict[str, str]:
    """The trivial authenticated page and the two list pages, by URL name."""
    from django.urls import reverse

    code = {"code": DEMO_CODE}
    return {
        "baseline": reverse("core:municipality-list"),
        "initiatives": reverse("programmes:initiative-list", kwargs=code),
        "registrations": reverse("injuries:registration-list", kwargs=code),
    }


def measure_all(plan: Plan, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    """Every measurement in turn, on the prepared database."""
    from . import (
        api,
        dashboard,
        dossier,
        imports,
        information_loss,
        load,
        photos,
        population,
        synthetic,
    )

    m: dict[str, Any] = {}
    measure("groupby", m, lambda: dashboard.groupby_baseline(plan.groupby_repeats))
    measure(
        "aggregates",
        m,
        lambda: dashboard.measure_aggregates(DEMO_CODE, plan.aggregate_repeats),
    )
    measure(
        "dashboard",
        m,
        lambda: dashboard.measure_dashboard(DEMO_CODE, plan.dashboard_requests),
    )
    measure(
        "import",
        m,
        lambda: imports.measure_import(
            synthetic.vocabulary_from_database(), plan.import_rows, workdir, env
        ),
    )
    measure(
        "import_fmds",
        m,
        lambda: population.measure_fmds(
            synthetic.vocabulary_from_database(), plan.import_rows, workdir
        ),
    )
    measure(
        "population",
        m,
        lambda: population.measure_population(workdir, years=plan.population_years),
    )
    measure(
        "population_long",
        m,
        lambda: population.measure_population_long(
            workdir, lines=plan.population_long_lines
        ),
    )
    measure("api_statistics", m, lambda: api.measure_statistics(plan.api_requests))
    measure("information_loss", m, information_loss.measure_information_loss)
    measure(
        "api_registrations",
        m,
        lambda: api.measure_registrations(
            synthetic.vocabulary_from_database(), plan.api_batch_rows
        ),
    )
    measure("dossier", m, lambda: dossier.measure_dossiers(plan, env))
    measure("photo", m, lambda: photos.measure_photo(DEMO_CODE, env))
    measure(
        "load",
        m,
        lambda: load.measure_load(
            load_pages(),
            env=env,
            username="coordinator",
            connections=plan.load_connections,
            workers=plan.gunicorn_workers,
            seconds=plan.load_seconds,
            log=workdir / "gunicorn.log",
        ),
    )
    return m


def run(
    plan: Plan, url: str, output: Path, workdir: Path
) -> tuple[dict[str, Any], bool]:
    """The whole benchmark; the results and whether the harness itself worked."""
    os.environ.update(django_environment(url, workdir / "media"))
    env = dict(os.environ)
    import django

    # The parent only orchestrates: keep its output to the progress lines.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from injuries.models import Registration
    from safecommunity.core.models import Municipality

    info = machine()
    results: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "mode": plan.mode,
        "machine": info,
        "postgresql": server_version(url),
        "database": url.rsplit("/", 1)[-1],
    }
    m: dict[str, Any] = {}
    prepare(plan, url, env, m)
    results["registrations"] = Registration.objects.count()
    results["municipalities"] = Municipality.objects.count()
    m.update(measure_all(plan, env, workdir))
    close_connections()
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["note"] = busy_note(
        info["load_average_start"], info["load_average_end"], info["cores"] or 1
    )
    results["duration_s"] = round(time.perf_counter() - STARTED, 1)
    results["measurements"] = m
    targets = evaluate(m, target_initiatives=plan.dossier_target_initiatives)
    results["targets"] = [t.as_dict() for t in targets]
    stem = plan.stem
    write_json(output / f"{stem}.json", results)
    (output / f"{stem}.md").write_text(markdown(results, targets))
    broken = any("error" in section for section in m.values())
    written = (output / f"{stem}.json").exists() and (output / f"{stem}.md").exists()
    print()
    for target in targets:
        figure = (
            f"{target.value} {target.unit}"
            if target.value is not None
            else target.reason
        )
        print(f"{target.status:<13} {target.title}: {figure} (limit {target.limit})")
    say(f"results in {output / stem}.json and .md")
    return results, written and not broken


def close_connections() -> None:
    """Close this process's database connections, if Django was set up."""
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run, and turn the outcome into an exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small data, short runs (CI)"
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS_DIR, help="results folder"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target fails"
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the benchmark database"
    )
    args = parser.parse_args(argv)
    plan = plan_for(quick=args.quick)
    url = bench_database_url()
    try:
        with tempfile.TemporaryDirectory(prefix="trygg-bench-") as workdir:
            results, healthy = run(plan, url, args.output, Path(workdir))
    finally:
        if not args.keep_db:
            close_connections()
            drop_database(url)
    if not healthy:
        print("benchmark harness broken: see the errors above", file=sys.stderr)
        return 1
    if args.strict and any(t["status"] == FAIL for t in results["targets"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
