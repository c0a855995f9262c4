"""`make lint` refuses an import against the layers or a cycle inside an app.

Each test adds one offending module to the source tree, runs the same
`lint-imports` as `make lint`, and removes the module again.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports_with(modules: dict[str, str]) -> subprocess.CompletedProcess:
    written = []
    try:
        for path, source in modules.items():
            target = ROOT / path
            target.write_text(source, encoding="utf-8")
            written.append(target)
        return subprocess.run(
            [str(LINT_IMPORTS), "--no-cache"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        for target in written:
            target.unlink(missing_ok=True)


def test_the_code_as_it_is_keeps_both_contracts():
    result = _lint_imports_with({})
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        ("programmes", "certification.models"),
        ("walks", "reports.models"),
        ("safecommunity/core", "programmes.models"),
    ],
)
def test_an_import_against_the_layers_fails(lower, upper):
    name = f"probe_{uuid.uuid4().hex[:8]}"
    result = _lint_imports_with({f"{lower}/{name}.py": f"import {upper}\n"})
    assert result.returncode != 0
    importer = lower.replace("/", ".")
    assert f"{importer}.{name} -> {upper}" in result.stdout


def test_a_cycle_between_the_modules_of_an_app_fails():
    a, b = (f"probe_{uuid.uuid4().hex[:8]}" for _ in range(2))
    result = _lint_imports_with(
        {
            f"walks/{a}.py": f"from walks import {b}\n",
            f"walks/{b}.py": f"from walks import {a}\n",
        }
    )
    assert result.returncode != 0
    assert "No cycles are allowed in walks" in result.stdout
