"""The published figure: cells, tables and reports, and how a line of counts
becomes a table once the disclosure statuses of its cells are decided."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..codes import UNKNOWN_CODES, CodeListName
from .disclosure import PRIMARY, SECONDARY, SHOWN, protect_line

# Not a count at all: a year before a split broke the area's series.
UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Cell:
    """One published figure; `count` and `rate` are None when suppressed."""

    key: str
    label: str
    count: int | None
    rate: float | None
    status: str = SHOWN

    @property
    def suppressed(self) -> bool:
        return self.status != SHOWN

    @property
    def display(self) -> str:
        if self.status == PRIMARY:
            return f"<{settings.SMALL_CELL_THRESHOLD}"
        if self.status == SECONDARY:
            return "–"
        if self.status == UNAVAILABLE:
            return _("not available")
        return number_format(self.count, force_grouping=True)

    @property
    def rate_display(self) -> str:
        if self.rate is None:
            return "–"
        return number_format(self.rate, 1)


@dataclass(frozen=True)
class Table:
    """A line of cells for one dimension, with its total and the share unknown."""

    dimension: str
    title: str
    cells: tuple[Cell, ...]
    total: Cell
    unknown_share: float | None = None  # percent; None if not applicable or hidden
    has_unknown: bool = False
    # Keys of the cells with registrations, most first by their true counts:
    # a ranking places a hidden figure where it belongs and shows it hidden.
    ranking: tuple[str, ...] = ()

    def ranked(self) -> list[Cell]:
        """The cells with registrations, most first; hidden ones shown hidden."""
        cells = {cell.key: cell for cell in self.cells}
        return [cells[key] for key in self.ranking]

    @property
    def chart_data(self) -> dict:
        """Labels and published counts for a chart; hidden cells are null."""
        return {
            "title": self.title,
            "labels": [hidden_label(cell) for cell in self.cells],
            "values": [cell.count for cell in self.cells],
        }


@dataclass(frozen=True)
class Report:
    """All published tables for one area and period."""

    scope: str  # "municipality", "county" or "country"
    code: str
    name: str
    year: int | None
    years: tuple[int, ...]
    threshold: int
    total: Cell
    by_year: Table | None
    tables: tuple[Table, ...]
    withheld: bool = False
    # A split broke the series: years before `complete_from` are left out.
    complete_from: int | None = None
    split_names: tuple[str, ...] = ()
    # (year, earlier year whose population its rates use), not yet published
    population_carried: tuple[tuple[int, int], ...] = ()
    inhabitants: int | None = None  # of a year's report; public population

    @property
    def population_notes(self) -> list[str]:
        """One sentence per year whose rates use an earlier year's population."""
        return [
            population_note(year, source) for year, source in self.population_carried
        ]

    @property
    def current_year(self) -> int:
        return timezone.localdate().year

    @property
    def current_year_note(self) -> str:
        """Said beside figures that include the current, incomplete year."""
        if self.current_year not in self.years:
            return ""
        return current_year_note(self.current_year)

    @property
    def split_note(self) -> str:
        """What the page says where a split broke the series; "" if none did."""
        if self.complete_from is None:
            return ""
        return _(
            "Figures start in %(year)s: before that, %(names)s was split between "
            "several municipalities, so its registrations and inhabitants belong "
            "to none of them."
        ) % {"year": self.complete_from, "names": ", ".join(self.split_names)}


def hidden_label(cell: Cell) -> str:
    """A chart's label: a hidden value says so, instead of an empty bar."""
    label = cell.label or _("Not stated")
    if cell.status in (PRIMARY, SECONDARY):
        return _("%(label)s (hidden: %(shown)s)") % {
            "label": label,
            "shown": cell.display,
        }
    return label


def population_note(year: int, source: int) -> str:
    return _(
        "Rates for %(year)s use the population of %(source)s: the population of "
        "%(year)s is not published yet."
    ) % {"year": year, "source": source}


def current_year_note(year: int) -> str:
    return _(
        "%(year)s is the current year and still incomplete: it is shown on its "
        "own and left out of the totals of all years, trends and traffic lights."
    ) % {"year": year}


_DIMENSION_TITLES = {
    "year": gettext_lazy("Year"),
    "month": gettext_lazy("Month"),
    "sex": gettext_lazy("Sex"),
    "age_band": gettext_lazy("Age band"),
    "municipality": gettext_lazy("Municipality"),
    "county": gettext_lazy("County"),
    "any_unknown": gettext_lazy("Coded unknown"),
    "follow_up": gettext_lazy("Before and after"),
}


def _dimension_title(dimension: str) -> str:
    """A table's title in the active language (only its own is translated)."""
    title = _DIMENSION_TITLES.get(dimension)
    if title is None:
        return str(CodeListName(dimension).label)
    return str(title)


def _rate(count: int | None, population: int | None) -> float | None:
    if count is None or not population:
        return None
    return round(count * 1000 / population, 2)


def _table(
    dimension: str,
    keys_labels: Iterable[tuple[str, str]],
    counts: dict[str, int],
    populations: dict[str, int] | None,
    total_population: int | None,
    threshold: int,
) -> Table | None:
    keys_labels = list(keys_labels)
    values = [counts.get(key, 0) for key, _label in keys_labels]
    statuses = protect_line(
        values, threshold, keys=[key for key, _label in keys_labels]
    )
    if statuses is None:
        return None
    return _compose(
        dimension, keys_labels, values, statuses, populations, total_population
    )


def _compose(
    dimension: str,
    keys_labels: list[tuple[str, str]],
    values: list[int],
    statuses: list[str],
    populations: dict[str, int] | None,
    total_population: int | None,
    total_shown: bool = True,
    total_status: str = SECONDARY,
) -> Table:
    """A table of counts whose statuses are decided; hidden figures are dropped."""
    cells = []
    for (key, label), count, status in zip(keys_labels, values, statuses, strict=True):
        shown = status == SHOWN
        population = populations.get(key) if populations is not None else None
        if populations is None:
            population = total_population
        cells.append(
            Cell(
                key=key,
                label=label,
                count=count if shown else None,
                rate=_rate(count, population) if shown else None,
                status=status,
            )
        )
    total_count = sum(values)
    total = Cell("total", _("Total"), total_count, _rate(total_count, total_population))
    if not total_shown:
        # "<5" only where a protected line says so; a withheld sum reads as hidden,
        # since "<5" on a sum of small parts could pin each of them.
        total = Cell("total", _("Total"), None, None, total_status)
    unknown_key = UNKNOWN_CODES.get(dimension) or ("U" if dimension == "sex" else "")
    unknown_share = None
    if unknown_key:
        unknown = next((c for c in cells if c.key == unknown_key), None)
        if unknown is not None and not unknown.suppressed and total.count:
            unknown_share = round(unknown.count * 100 / total.count, 1)
    ranking = sorted(
        (
            (-count, label, key)
            for (key, label), count in zip(keys_labels, values, strict=True)
            if count
        ),
    )
    return Table(
        dimension=dimension,
        title=_dimension_title(dimension),
        cells=tuple(cells),
        total=total,
        unknown_share=unknown_share,
        has_unknown=bool(unknown_key),
        ranking=tuple(key for _count, _label, key in ranking),
    )
