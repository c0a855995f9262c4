"""Peak memory of the web process for the largest photo a walk link accepts."""

from __future__ import annotations

import json
from typing import Any

from .config import PYTHON, ROOT
from .stats import run_python


def measure_photo(code: str, env: dict[str, str]) -> dict[str, Any]:
    """Post the photo in a child process; its peak RSS before, in the web
    request and after the worker's processing."""
    child = run_python(
        ["-m", "bench.photo_child", code],
        python=PYTHON,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    if child.returncode != 0:
        raise RuntimeError(f"photo post failed: {child.stderr.strip()[-800:]}")
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    figures["web_increase_mb"] = round(figures["web_peak_mb"] - figures["before_mb"], 1)
    return figures
