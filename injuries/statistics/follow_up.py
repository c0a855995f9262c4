"""The initiative follow-up, built only from cells of published tables.

An initiative's targets and start year are chosen by its coordinator, so a
figure counted afresh for them could be set against another (an earlier
start year, one code fewer) to give a hidden count by subtraction. The
follow-up therefore counts nothing of its own: for each targeted place or
mechanism it adds up the cells of the yearly tables that the statistics
pages publish, the municipality's and its county's (a county cell is shown
only where every municipality shows its own), and the rest of the county is
the county's sum minus the municipality's, hidden where the municipality's
cell is. Each figure is then a sum of published cells, and no choice of
targets or years gives anything the published tables do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from safecommunity.core.models import Municipality

from .areas import county_municipalities
from .disclosure import SECONDARY
from .published import Cell, Report
from .reports import county_year_reports

AREAS = ("here", "rest")
PERIODS = ("before", "after")


@dataclass(frozen=True)
class FollowUpLine:
    """One targeted place or mechanism before and after, here and in the rest
    of the county; a figure some year of the window hides reads hidden."""

    dimension: str  # "place" or "mechanism"
    code: str
    label: str
    cells: dict[str, Cell]  # "here_before", "here_after", "rest_before", ...

    def cell(self, key: str) -> Cell:
        return self.cells[key]

    @property
    def here_change(self) -> float | None:
        return self.change("here")

    @property
    def rest_change(self) -> float | None:
        return self.change("rest")

    def change(self, area: str) -> float | None:
        """Change in percent of the yearly rate from before to after, if shown."""
        before, after = self.cells[f"{area}_before"], self.cells[f"{area}_after"]
        if not before.rate or after.rate is None:
            return None
        return round((after.rate / before.rate - 1) * 100, 1)


def _year_cell(report: Report, dimension: str, code: str) -> Cell | None:
    """The cell as the year's page publishes it; None when it hides it."""
    if not report.tables:
        if report.total.count == 0:
            return Cell(code, "", 0, None)  # nothing registered that year
        return None
    table = next((t for t in report.tables if t.dimension == dimension), None)
    cell = (
        None if table is None else next((c for c in table.cells if c.key == code), None)
    )
    return None if cell is None or cell.suppressed else cell


def _window(reports: list[Report], dimension: str, code: str):
    """(count, inhabitants) over the years; count None when a year hides it."""
    count = 0
    for report in reports:
        cell = _year_cell(report, dimension, code)
        if cell is None:
            return None, None
        count += cell.count
    people = [report.inhabitants for report in reports]
    return count, None if None in people else sum(people)


def _cell(key: str, count: int | None, people: int | None) -> Cell:
    if count is None:
        return Cell(key, "", None, None, SECONDARY)
    rate = round(count * 1000 / people, 2) if people else None
    return Cell(key, "", count, rate)


def follow_up_lines(
    *,
    municipality: Municipality,
    targets: list[tuple[str, str, str]],
    before: tuple[int, int],
    after: tuple[int, int],
) -> list[FollowUpLine]:
    """Published counts and yearly rates of each target (list name, code,
    label) before and after, in the municipality and in the rest of its
    county, as sums of the yearly tables' published cells."""
    members = county_municipalities(municipality.county)
    if municipality.pk not in {m.pk for m in members}:
        members = [*members, municipality]
    years = list(range(before[0], after[1] + 1))
    built = county_year_reports(
        county=municipality.county, municipalities=members, years=years
    )
    own = str(municipality.pk)
    windows = {
        "before": range(before[0], before[1] + 1),
        "after": range(after[0], after[1] + 1),
    }
    lines = []
    for dimension, code, label in targets:
        cells = {}
        for period, span in windows.items():
            here, here_people = _window(
                [built[y][1][own] for y in span], dimension, code
            )
            county, county_people = _window(
                [built[y][0] for y in span], dimension, code
            )
            rest = None if here is None or county is None else county - here
            rest_people = (
                county_people - here_people
                if county_people is not None and here_people is not None
                else None
            )
            cells[f"here_{period}"] = _cell(f"here_{period}", here, here_people)
            cells[f"rest_{period}"] = _cell(f"rest_{period}", rest, rest_people)
        lines.append(FollowUpLine(dimension, code, label or _("Not stated"), cells))
    return lines
