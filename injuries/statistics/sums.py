"""A sum of parts published from its parts: a county's figures from its
municipalities' reports.

Whoever reads the sum reads every part too (a regional contact reads each
municipality of the county), so the sum's own line protection is not what
protects the parts: a figure of the sum is shown where every part shows its
own, and is then their sum. Every such figure follows from figures already
shown, and none hidden in a part can be worked out from it.

This holds for every year, the current one too. Its figures are not
summed into anything today, but on the year's last day they are nearly
final, and the next day its cells join each municipality's figures of all
years (margins of the years' lines, `margins.py`, which may show beside
hidden cells). A county figure shown as a margin of the municipalities'
hidden cells would then meet those figures of all years in a table of
municipalities by years by codes, where a small count can be narrowed
although each margin alone protects it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..codes import UNKNOWN_CODES
from .disclosure import PRIMARY, SECONDARY, SHOWN
from .published import UNAVAILABLE, Cell, Report, Table


def sum_status(parts: Sequence[Cell | None]) -> str:
    """The status of a sum of parts as their pages show them (None: a part
    that does not show the figure at all).

    Shown where every part is. "<5" only when it is one part's own "<5"
    beside zeros: on a sum of two hidden parts it would cap each of them,
    and on a part's figure its page does not mark small it would tell that
    the part has some. Else hidden like secondary suppression.
    """
    hidden = [cell for cell in parts if cell is None or cell.suppressed]
    if not hidden:
        return SHOWN
    if (
        len(hidden) == 1
        and hidden[0] is not None
        and hidden[0].status == PRIMARY
        and all(
            cell.count == 0
            for cell in parts
            if cell is not None and cell.count is not None
        )
    ):
        return PRIMARY
    return SECONDARY


def summed_cell(true: Cell, parts: Sequence[Cell | None]) -> Cell:
    """The sum's cell (`true` carries its count and rate): shown only where
    every part shows its own."""
    status = sum_status(parts)
    if status == SHOWN:
        return replace(true, status=SHOWN)
    return Cell(true.key, true.label, None, None, status)


def period_cell(report: Report) -> Cell:
    """A part's figure for the report's period, as its own page shows it."""
    if report.year is not None and report.by_year is not None:
        cell = next(
            (c for c in report.by_year.cells if c.key == str(report.year)), None
        )
        if cell is not None:
            return cell
    return report.total


def _part_cell(report: Report, dimension: str, key: str) -> Cell | None:
    """The part's cell as its page shows it; None when its page has no such
    figure (a withheld report)."""
    if dimension == "year":
        table = report.by_year
    else:
        table = next((t for t in report.tables if t.dimension == dimension), None)
    if table is None:
        if not report.withheld and report.total.count == 0:
            return Cell(key, "", 0, None)  # nothing registered: zeros shown
        return None
    cell = next((c for c in table.cells if c.key == key), None)
    if cell is None and dimension == "year" and report.complete_from is None:
        return Cell(key, "", 0, None)  # no registrations that year: a zero
    return cell


def _summed_table(true: Table, parts: dict[str, Report]) -> Table:
    if true.dimension == "municipality":
        # Each municipality exactly as its own page shows it.
        cells = tuple(
            replace(period_cell(parts[cell.key]), key=cell.key, label=cell.label)
            for cell in true.cells
        )
    else:
        cells = tuple(
            summed_cell(
                cell,
                [_part_cell(r, true.dimension, cell.key) for r in parts.values()],
            )
            for cell in true.cells
        )
    if true.dimension == "year":  # the total of all (complete) years
        part_totals: list[Cell | None] = [
            None if r.by_year is None else r.by_year.total for r in parts.values()
        ]
    else:
        part_totals = [period_cell(r) for r in parts.values()]
    total = summed_cell(true.total, part_totals)
    unknown_share = true.unknown_share
    if unknown_share is not None and (
        total.suppressed
        or any(c.suppressed for c in cells if c.key in {"U", *UNKNOWN_CODES.values()})
    ):
        unknown_share = None
    return replace(true, cells=cells, total=total, unknown_share=unknown_share)


def summed_report(published: Report, true: Report, parts: dict[str, Report]) -> Report:
    """`published` (the sum's report as its own protection left it) with
    every figure taken from `true` (the same report with every true count)
    where every part shows its own, and hidden elsewhere."""
    if published.total.status == UNAVAILABLE:
        return published
    total = summed_cell(true.total, [period_cell(r) for r in parts.values()])
    by_year = None if true.by_year is None else _summed_table(true.by_year, parts)
    if published.withheld and not published.tables:
        # The period itself is small: its figures are no one's to show.
        return replace(published, total=total, by_year=by_year)
    return replace(
        published,
        total=total,
        by_year=by_year,
        tables=tuple(_summed_table(t, parts) for t in true.tables),
    )
