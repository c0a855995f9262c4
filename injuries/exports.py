"""Files made from published figures and from import problems.

Spreadsheet programs run cells that start with = + - @ as formulas, so every
text cell written here is neutralised first.
"""

from __future__ import annotations

import csv
import io

import tablib
from django.utils.translation import gettext as _

from safecommunity.core.exports import neutralise

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
    dataset = tablib.Dataset(headers=[neutralise(str(h)) for h in headers])
    period = str(report.year) if report.year else _("All years")
    tables = ([report.by_year] if report.by_year else []) + list(report.tables)
    for table in tables:
        for cell in (*table.cells, table.total):
            count = cell.count if not cell.suppressed else cell.display
            dataset.append(
                [
                    neutralise(report.name),
                    neutralise(period),
                    neutralise(table.title),
                    neutralise(cell.label or _("Not stated")),
                    neutralise(count),
                    cell.rate if cell.rate is not None else "",
                ]
            )
    notes = [*report.population_notes, report.current_year_note, report.split_note]
    for note in filter(None, notes):
        dataset.append(
            [neutralise(report.name), neutralise(period), _("Note"), note, "", ""]
        )
    return dataset


def error_file(data: bytes, filename: str, problems: list[dict]) -> str:
    """The uploaded rows as CSV with an added `error` column."""
    by_row: dict[int, list[str]] = {}
    for problem in problems:
        text = f"{problem['column']}: {problem['reason']}"
        by_row.setdefault(problem["row"], []).append(text)
    table = read_table(data, filename)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in table.headers] + ["error"])
    for number, row in enumerate(table.rows, start=2):
        if not any(row):
            continue
        writer.writerow(
            [neutralise(v) for v in row]
            + [neutralise("; ".join(by_row.get(number, [])))]
        )
    return out.getvalue()
