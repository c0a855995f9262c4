"""Small statistics and a child-process runner that reports peak memory."""

from __future__ import annotations

import math
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def percentile(values: Sequence[float], pct: float) -> float:
    """The `pct` percentile (0-100) with linear interpolation between ranks."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= pct <= 100:
        raise ValueError("pct must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p95, min and max of timings given in seconds, in milliseconds."""
    return {
        "n": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "min_ms": round(min(seconds) * 1000, 2),
        "max_ms": round(max(seconds) * 1000, 2),
    }


@dataclass(frozen=True)
class ChildRun:
    """What a finished child process printed, how long it took, its peak RSS."""

    returncode: int
    seconds: float
    max_rss_mb: float
    stdout: str
    stderr: str


def run_child(
    args: Sequence[str | Path],
    *,
    env: dict[str, str],
    cwd: Path,
    timeout: float,
) -> ChildRun:
    """Run a command with a deadline; output, exit code and wall time (no RSS)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(a) for a in args],
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return ChildRun(returncode, seconds, 0.0, out.read(), err.read())


def run_python(
    args: Sequence[str | Path],
    *,
    python: Path,
    env: dict[str, str],
    cwd: Path,
    timeout: float,
) -> ChildRun:
    """Run `python ARGS` (a script or `-m module`) and report its own peak RSS."""
    with tempfile.TemporaryDirectory(prefix="bench-peak-") as folder:
        report = Path(folder) / "peak"
        child = run_child(
            [python, "-m", "bench.peak", report, *args],
            env={**env, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            cwd=cwd,
            timeout=timeout,
        )
        peak_kb = int(report.read_text() or 0) if report.exists() else 0
    return ChildRun(
        returncode=child.returncode,
        seconds=child.seconds,
        max_rss_mb=round(peak_kb / 1024, 1),
        stdout=child.stdout,
        stderr=child.stderr,
    )
