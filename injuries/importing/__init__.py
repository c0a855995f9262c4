"""The one injury importer (CONTRACTS 6), used by the web form, the worker and
`manage.py import_injuries`.

A file is read and every row validated first; only a file without a single
problem is written, in one transaction, so an import is all or nothing.
A clean CSV file is checked column by column (`columnar`); any other file,
and any file with a problem, row by row (`rows`), which words the problems.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from injuries.models import Source

from .columnar import Columns, check_columns
from .files import FileRefused, read_table
from .rows import (
    COLUMNS,
    Problem,
    RowValidator,
    identity_header_problem,
    identity_value_problem,
    map_headers,
)
from .writer import (
    ROW_FIELDS,
    analyze_after_load,
    existing_count,
    existing_id_count,
    write_frame,
    write_rows,
)

__all__ = ["ImportResult", "Problem", "import_file"]

PREVIEW_ROWS = 10
PROGRESS_EVERY = 5000


@dataclass
class ImportResult:
    rows_total: int = 0
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    preview: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    municipality_codes: list[str] = field(default_factory=list)
    # Rows on codes that had ceased by their date: {old code: {new code: rows}}.
    moved: dict[str, dict[str, int]] = field(default_factory=dict)
    # Codes the named code book does not map: (list, code) -> rows.
    misses: dict[tuple[str, str], int] = field(default_factory=dict)
    dry_run: bool = False
    privacy_refused: bool = False
    format: str = ""

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def moved_rows(self) -> int:
        return sum(n for targets in self.moved.values() for n in targets.values())

    def moved_text(self) -> str:
        """ "12 rows on ceased codes counted in their successors: 0716 -> 3803 (12)"."""
        if not self.moved:
            return ""
        parts = ", ".join(
            f"{old} → {new} ({n})"
            for old, targets in sorted(self.moved.items())
            for new, n in sorted(targets.items())
        )
        return _(
            "%(rows)s rows on codes that had ceased by their date counted in "
            "their successors: %(moves)s"
        ) % {"rows": self.moved_rows, "moves": parts}


class _Problems(list):
    """A list of problems that stops keeping them after `limit`, but counts on."""

    def __init__(self, limit: int | None) -> None:
        super().__init__()
        self.limit = limit
        self.count = 0

    def append(self, problem: Problem) -> None:
        self.count += 1
        if self.limit is None or len(self) < self.limit:
            super().append(problem)

    def __len__(self) -> int:  # RowValidator compares lengths before and after
        return self.count


def _refuse(result: ImportResult, problem: Problem, *, privacy: bool = False):
    result.problems = [problem]
    result.problem_count = 1
    result.privacy_refused = privacy
    return result


def _preview_row(row_number: int, parsed: tuple, municipality_code: str) -> dict:
    values = dict(zip(ROW_FIELDS, parsed, strict=True))
    values["municipality"] = municipality_code
    values["injury_date"] = values["injury_date"].isoformat()
    values.pop("municipality_id")
    values["external_id"] = values["external_id"] or ""
    return {"row": row_number, **values}


def mapping_lookups(code_book):
    """The named code book's codes -> ours (imported here: the book needs rows)."""
    from injuries.codebooks import mapping_lookups as lookups

    return lookups(code_book)


def import_file(
    *,
    data: bytes,
    filename: str,
    actor=None,
    allowed_municipality_ids: set[int] | None = None,
    dry_run: bool = False,
    job_id: int | None = None,
    source: str = Source.IMPORT,
    max_problems: int | None = None,
    progress: Callable[[int], None] | None = None,
    code_book=None,
) -> ImportResult:
    """Check a file and, unless `dry_run` or a problem is found, save it whole."""
    result = ImportResult(dry_run=dry_run)
    try:
        table = read_table(data, filename)
    except FileRefused as exc:
        return _refuse(result, Problem(1, _("(file)"), filename, str(exc)))
    result.format = table.format
    privacy = identity_header_problem(table.headers)
    if privacy:
        return _refuse(result, privacy, privacy=True)
    positions, header_problems, result.ignored_columns = map_headers(table.headers)
    if header_problems:
        result.problems = header_problems
        result.problem_count = len(header_problems)
        return result

    validator = RowValidator(
        positions=positions,
        allowed_municipality_ids=allowed_municipality_ids,
        today=timezone.localdate(),
        source_codes=mapping_lookups(code_book) if code_book is not None else None,
    )
    if table.format == "csv":
        columns = check_columns(data=data, headers=table.headers, validator=validator)
        if columns is not None:
            return _import_columns(
                result,
                columns,
                validator,
                source=source,
                job_id=job_id,
                actor=actor,
                progress=progress,
            )
    problems = _Problems(max_problems)
    parsed_rows: list[tuple] = []
    row_number = 1
    for row_number, row in enumerate(table.rows, start=2):
        if not any(row):
            continue
        privacy = identity_value_problem(row_number, table.headers, row)
        if privacy:
            return _refuse(result, privacy, privacy=True)
        result.rows_total += 1
        parsed = validator.validate(row_number, row, problems)
        if parsed is not None and not problems.count:
            parsed_rows.append(parsed)
            if len(result.preview) < PREVIEW_ROWS:
                code = validator.codes_by_id[parsed[0]]
                result.preview.append(_preview_row(row_number, parsed, code))
        elif problems.count and parsed_rows:
            parsed_rows = []  # nothing will be written; free the memory
        if progress and result.rows_total % PROGRESS_EVERY == 0:
            progress(result.rows_total)
    for problem in validator.miss_problems(table.headers, str(code_book)):
        problems.append(problem)
    result.misses = {key: rows for key, (_row, rows) in validator.misses.items()}
    result.municipality_codes = sorted(validator.municipality_codes)
    result.moved = validator.moved
    if result.rows_total == 0 and not problems.count:
        problems.append(Problem(row_number, _("(file)"), "", _("the file has no rows")))
    result.problems = list.__getitem__(problems, slice(None))
    result.problem_count = problems.count
    if problems.count:
        return result

    if dry_run:
        result.updated = existing_count(parsed_rows, source=source)
        result.created = len(parsed_rows) - result.updated
        return result
    with transaction.atomic():
        result.created, result.updated = write_rows(
            parsed_rows,
            source=source,
            job_id=job_id,
            actor_id=getattr(actor, "pk", None),
            now=timezone.now(),
        )
    analyze_after_load(result.created)
    return result


def _import_columns(
    result: ImportResult,
    columns: Columns,
    validator: RowValidator,
    *,
    source: str,
    job_id: int | None,
    actor,
    progress: Callable[[int], None] | None,
) -> ImportResult:
    """Finish an import whose file passed every check column by column."""
    result.rows_total = columns.height
    result.municipality_codes = columns.municipality_codes
    for index, parsed in enumerate(columns.rows(PREVIEW_ROWS)):
        code = validator.codes_by_id[parsed[0]]
        result.preview.append(_preview_row(index + 2, parsed, code))
    if progress:
        progress(result.rows_total)
    if result.dry_run:
        result.updated = existing_id_count(columns.id_pairs(), source=source)
        result.created = result.rows_total - result.updated
        return result
    with transaction.atomic():
        result.created, result.updated = write_frame(
            columns.frame,
            source=source,
            job_id=job_id,
            actor_id=getattr(actor, "pk", None),
            now=timezone.now(),
        )
    analyze_after_load(result.created)
    return result


def header_names() -> list[str]:
    """The English column names of the import format, in order."""
    return [names[0] for names in COLUMNS.values()]
