"""The architecture `make lint` and the test suite hold the code to: imports
that follow the layers without cycles inside an app, typed services, and
modules and views kept small.

Each test adds one offending module to the source tree, runs the same tool
as `make lint` (`lint-imports`, `mypy`) or the size check, and removes the
module again.
"""

from __future__ import annotations

import ast
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


@pytest.mark.parametrize(
    "package",
    ["walks", "injuries/services", "injuries/api", "safecommunity/core/models"],
)
def test_a_cycle_between_the_modules_of_an_app_or_a_package_fails(package):
    a, b = (f"probe_{uuid.uuid4().hex[:8]}" for _ in range(2))
    dotted = package.replace("/", ".")
    result = _lint_imports_with(
        {
            f"{package}/{a}.py": f"from {dotted} import {b}\n",
            f"{package}/{b}.py": f"from {dotted} import {a}\n",
        }
    )
    assert result.returncode != 0
    assert f"No cycles are allowed in {dotted}" in result.stdout


MYPY = Path(sys.executable).with_name("mypy")


def test_a_type_error_in_a_service_fails_the_type_check():
    probe = ROOT / "programmes" / "services" / f"probe_{uuid.uuid4().hex[:8]}.py"
    try:
        probe.write_text(
            "def probe_count(*, n: int) -> int:\n"
            '    """A service that returns the wrong type."""\n'
            '    return "n"\n',
            encoding="utf-8",
        )
        result = subprocess.run(
            [str(MYPY)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    finally:
        probe.unlink(missing_ok=True)
    assert result.returncode != 0
    assert f"{probe.relative_to(ROOT).as_posix()}:3: error" in result.stdout


# Sizes: a module over about 400 lines, or a view over about 30, is split by
# concept, or says why not in a one-line `# size: <reason>` comment (near the
# top of the module; on the line of the view's `def`, or just above it).
APPS = ("safecommunity", "injuries", "programmes", "certification", "reports")
APPS += ("walks", "events", "demo")
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 30
SIZE_REASON = "# size: "


def _project_modules() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _is_view_module(path: Path) -> bool:
    return path.parent.name in {"views", "api"} or path.stem in {"views", "api"}


def _reason_beside(lines: list[str], first: int, last: int) -> bool:
    """A `# size:` comment on lines first..last (1-based, inclusive)."""
    return any(SIZE_REASON in line for line in lines[max(first - 1, 0) : last])


def oversized(path: Path) -> list[str]:
    """What in `path` is over the size limits without a reason beside it."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    name = path.relative_to(ROOT).as_posix()
    found = []
    if len(lines) > MAX_MODULE_LINES and not _reason_beside(lines, 1, 15):
        found.append(f"{name}: {len(lines)} lines")
    if _is_view_module(path):
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = node.end_lineno - node.lineno + 1
            top = min([d.lineno for d in node.decorator_list] + [node.lineno])
            if length > MAX_VIEW_LINES and not _reason_beside(
                lines, top - 1, node.lineno
            ):
                found.append(f"{name}: view {node.name} is {length} lines")
    return found


def test_no_module_or_view_is_over_the_size_limits_without_a_reason():
    found = [problem for path in _project_modules() for problem in oversized(path)]
    assert found == []


def test_the_size_check_finds_a_long_view_and_accepts_a_reason():
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_VIEW_LINES))
    views = ROOT / "programmes" / "views" / f"probe_{uuid.uuid4().hex[:8]}.py"
    try:
        views.write_text(f"def long_view(request):\n{body}", encoding="utf-8")
        assert [p.split(": ", 1)[1] for p in oversized(views)] == [
            f"view long_view is {MAX_VIEW_LINES + 1} lines"
        ]
        views.write_text(
            f"{SIZE_REASON}one step per field of the form\n"
            f"def long_view(request):\n{body}",
            encoding="utf-8",
        )
        assert oversized(views) == []
    finally:
        views.unlink(missing_ok=True)


def test_the_size_check_finds_a_long_module():
    module = ROOT / "programmes" / f"probe_{uuid.uuid4().hex[:8]}.py"
    try:
        module.write_text("x = 1\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
        assert len(oversized(module)) == 1
        module.write_text(
            f"{SIZE_REASON}a generated table\n" + "x = 1\n" * MAX_MODULE_LINES,
            encoding="utf-8",
        )
        assert oversized(module) == []
    finally:
        module.unlink(missing_ok=True)
