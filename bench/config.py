"""Sizes of a run and the environment the benchmark database is reached with."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/trygg_bench"
BENCH_DB_NAME = "trygg_bench"
SETTINGS = "safecommunity.settings.local"


@dataclass(frozen=True)
class Plan:
    """How much data and how many repetitions one run uses."""

    quick: bool
    registrations: int
    import_rows: int
    dashboard_requests: int
    aggregate_repeats: int
    groupby_repeats: int
    # (municipality code, initiatives to reach or None for the demo data as seeded)
    dossier_steps: tuple[tuple[str, int | None], ...]
    dossier_target_initiatives: int
    load_seconds: float
    population_years: int = 20
    population_long_lines: int = 1_000_000
    load_connections: int = 20
    gunicorn_workers: int = 5
    api_requests: int = 30
    api_batch_rows: int = 10_000

    @property
    def mode(self) -> str:
        return "quick" if self.quick else "full"

    @property
    def stem(self) -> str:
        """Results file name: quick, latest (1 M) or latest-10m (BENCH_ROWS)."""
        if self.quick:
            return "quick"
        if self.registrations == FULL.registrations:
            return "latest"
        millions, rest = divmod(self.registrations, 1_000_000)
        return f"latest-{millions}m" if not rest else f"latest-{self.registrations}"

    @property
    def generate_timeout(self) -> float:
        """Seconds generate_injuries may take: five minutes per million rows."""
        return max(300.0, self.registrations * 300 / 1_000_000)


FULL = Plan(
    quick=False,
    registrations=1_000_000,
    import_rows=300_000,
    dashboard_requests=40,
    aggregate_repeats=30,
    groupby_repeats=5,
    dossier_steps=(
        ("3901", None),
        ("3911", None),
        ("3905", None),
        ("3905", 120),
        ("3905", 200),
    ),
    dossier_target_initiatives=200,
    load_seconds=30.0,
)
QUICK = Plan(
    quick=True,
    registrations=100_000,
    import_rows=10_000,
    dashboard_requests=10,
    aggregate_repeats=5,
    groupby_repeats=3,
    dossier_steps=(("3901", None), ("3905", None), ("3905", 60)),
    dossier_target_initiatives=200,
    load_seconds=5.0,
    population_years=2,
    population_long_lines=20_000,
    api_requests=8,
    api_batch_rows=2_000,
)


def plan_for(*, quick: bool, environ: dict[str, str] | None = None) -> Plan:
    """QUICK or FULL; BENCH_ROWS=N makes it a full run over N registrations."""
    environ = dict(os.environ if environ is None else environ)
    if quick:
        return QUICK
    rows = environ.get("BENCH_ROWS", "").replace("_", "")
    return replace(FULL, registrations=int(rows)) if rows else FULL


def _is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql", "psql"}


def database_name(url: str) -> str:
    """The database name part of a database URL."""
    return urlsplit(url).path.lstrip("/")


def bench_database_url(environ: dict[str, str] | None = None) -> str:
    """BENCH_DATABASE_URL, else the DATABASE_URL server with `trygg_bench`, else local."""
    environ = dict(os.environ if environ is None else environ)
    explicit = environ.get("BENCH_DATABASE_URL", "")
    app_url = environ.get("DATABASE_URL", "")
    if explicit:
        url = explicit
    elif app_url and _is_postgres(app_url):
        url = urlunsplit(urlsplit(app_url)._replace(path=f"/{BENCH_DB_NAME}"))
    else:
        url = DEFAULT_URL
    if not _is_postgres(url):
        raise SystemExit(f"The benchmark needs PostgreSQL, not {urlsplit(url).scheme}.")
    if app_url and _is_postgres(app_url) and _same_database(url, app_url):
        raise SystemExit(
            "BENCH_DATABASE_URL names the application's database; the benchmark "
            "drops and recreates its database, so give it a database of its own."
        )
    return url


def _same_database(a: str, b: str) -> bool:
    first, second = urlsplit(a), urlsplit(b)
    return (first.hostname, first.port, database_name(a)) == (
        second.hostname,
        second.port,
        database_name(b),
    )


def django_environment(url: str, media_root: Path) -> dict[str, str]:
    """Environment variables for this process and every child Django process."""
    return {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "MEDIA_ROOT": str(media_root),
        "PYTHONPATH": str(ROOT),
        # Messages the benchmark's processes send (notifications of the demo
        # data) stay in memory: no worker of a developer's `make run` or of CI
        # picks them up. Without REDIS_URL each process has its own cache, so
        # clearing it before the cold dashboard request touches nobody else.
        "CELERY_BROKER_URL": "memory://",
        "REDIS_URL": "",
    }
