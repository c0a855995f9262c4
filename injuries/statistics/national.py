"""The nation's report as the sum of its counties' published reports.

The secretariat reads the nation and every county and municipality, so a
national figure is shown exactly where every county shows its own (and a
county's only where every municipality does, `sums`). The nation counts
every record of the country, whatever its code; the records of a
municipality split between counties of today count in none of them, and
are one more part whose figures are never shown: a national figure they
touch is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from safecommunity.core.models import Country

from .areas import area_owner, country_areas, county_municipalities
from .disclosure import PRIMARY, SECONDARY, SHOWN
from .published import Cell, Report, Table, _compose
from .reports import _county_counts, build_report, county_sums
from .sums import summed_report


def national_report(
    *,
    country: Country,
    year: int | None = None,
    counties: Iterable[tuple[str, Report, Report]] | None = None,
) -> Report:
    """The published report of the nation for a year (None: all years).

    `counties` (county id, published report, report with true counts),
    built beforehand, saves building them again.
    """
    found = country_areas(country)
    current = [
        county
        for county in country.counties.order_by("code")
        if str(county.pk) in found.current_counties
    ]
    if counties is None:
        counties = []
        for county in current:
            members = county_municipalities(county)
            whole, true, _parts = county_sums(
                county, members, _county_counts(members, year), year
            )
            counties.append((str(county.pk), whole, true))
    counties = list(counties)
    arguments = {
        "scope": "country",
        "code": country.code,
        "name": country.name,
        "municipality_ids": [int(pk) for pk in found.municipalities],
        "year": year,
        "areas": [(str(c.pk), f"{c.name} ({c.code})") for c in current],
        "area_of": area_owner([found.county_areas[str(c.pk)] for c in current]),
    }
    published = build_report(**arguments)
    true = build_report(**arguments, threshold=1)
    parts = {key: whole for key, whole, _true in counties}
    parts[""] = _remainder(true, [county_true for _k, _w, county_true in counties])
    return summed_report(published, true, parts)


def _count(table: Table | None, key: str) -> int:
    if table is None:
        return 0
    cell = next((c for c in table.cells if c.key == key), None)
    return (cell.count or 0) if cell is not None else 0


def _status(value: int) -> str:
    """A figure of the remainder: zero shown, else hidden ("<5" when small)."""
    if value == 0:
        return SHOWN
    return PRIMARY if value < settings.SMALL_CELL_THRESHOLD else SECONDARY


def _remainder(true: Report, counties: list[Report]) -> Report:
    """The records of the nation in no county of today, as a part whose
    only figures shown are its zeros."""

    def table_of(report: Report, dimension: str) -> Table | None:
        if dimension == "year":
            return report.by_year
        return next((t for t in report.tables if t.dimension == dimension), None)

    def rest(table: Table) -> Table:
        keys = [(c.key, c.label) for c in table.cells]
        values = [
            (cell.count or 0)
            - sum(_count(table_of(c, table.dimension), cell.key) for c in counties)
            for cell in table.cells
        ]
        total = (table.total.count or 0) - sum(
            (t.total.count or 0)
            for t in (table_of(c, table.dimension) for c in counties)
            if t is not None
        )
        statuses = [SHOWN if v == 0 else SECONDARY for v in values]
        if table.dimension == "year":
            statuses = [_status(v) for v in values]
        composed = _compose(table.dimension, keys, values, statuses, None, None)
        shown = _status(total) == SHOWN
        return Table(
            composed.dimension,
            composed.title,
            composed.cells,
            Cell("total", _("Total"), total if shown else None, None, _status(total)),
        )

    total = (true.total.count or 0) - sum((c.total.count or 0) for c in counties)
    status = _status(total)
    return Report(
        true.scope,
        true.code,
        true.name,
        true.year,
        true.years,
        settings.SMALL_CELL_THRESHOLD,
        Cell("total", _("Total"), total if status == SHOWN else None, None, status),
        None if true.by_year is None else rest(true.by_year),
        tuple(rest(t) for t in true.tables if t.dimension != "county"),
    )
