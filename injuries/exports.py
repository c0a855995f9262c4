"""Rows made from published figures and from import problems.

The rows are files only through the one exporter (safecommunity.core.exports),
which neutralises every cell a spreadsheet would run as a formula and audits
the export.
"""

from __future__ import annotations

import tablib
from django.utils.translation import gettext as _

from .importing.files import read_table
from .statistics import Report


def report_dataset(report: Report) -> tablib.Dataset:
    """The report's published tables as rows: area, year, dimension, value, count, rate."""
    headers = [
        _("Area"),
        _("Year"),
        _("Dimension"),
        _("Value"),
        _("Count"),
        _("Rate per 1,000"),
    ]
    dataset = tablib.Dataset(headers=[str(h) for h in headers])
    period = str(report.year) if report.year else _("All years")
    tables = ([report.by_year] if report.by_year else []) + list(report.tables)
    for table in tables:
        for cell in (*table.cells, table.total):
            count = cell.count if not cell.suppressed else cell.display
            dataset.append(
                [
                    report.name,
                    period,
                    table.title,
                    cell.label or _("Not stated"),
                    count,
                    cell.rate if cell.rate is not None else "",
                ]
            )
    notes = [*report.population_notes, report.current_year_note, report.split_note]
    for note in filter(None, notes):
        dataset.append([report.name, period, _("Note"), note, "", ""])
    return dataset


def error_dataset(data: bytes, filename: str, problems: list[dict]) -> tablib.Dataset:
    """The uploaded rows with an added `error` column."""
    by_row: dict[int, list[str]] = {}
    for problem in problems:
        text = f"{problem['column']}: {problem['reason']}"
        by_row.setdefault(problem["row"], []).append(text)
    table = read_table(data, filename)
    width = len(table.headers)
    dataset = tablib.Dataset(headers=[*table.headers, "error"])
    for number, row in enumerate(table.rows, start=2):
        if not any(row):
            continue
        cells = (list(row) + [""] * width)[:width]
        dataset.append([*cells, "; ".join(by_row.get(number, []))])
    return dataset
