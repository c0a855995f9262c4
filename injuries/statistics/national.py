"""The nation's report as the sum of its counties' published reports.

The secretariat reads the nation and every county and municipality, so a
national figure is shown exactly where every county shows its own (and a
county's only where every municipality does, `sums`). The nation counts
every record of the country, whatever its code; records in no county of
today (before the lineage of today's areas begins, or of a municipality
split between counties) are one more part, protected on its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core.models import Country

from .areas import area_owner, country_areas, county_municipalities
from .disclosure import PRIMARY, SECONDARY, SHOWN, protect_line
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
    built beforehand, saves building them again; the rest are built here.
    """
    found = country_areas(country)
    current = [
        county
        for county in country.counties.order_by("code")
        if str(county.pk) in found.current_counties
    ]
    counties = list(counties or [])
    done = {key for key, _whole, _true in counties}
    for county in current:
        if str(county.pk) not in done:
            members = county_municipalities(county)
            whole, true, _parts = county_sums(
                county, members, _county_counts(members, year), year
            )
            counties.append((str(county.pk), whole, true))
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
    """A total of the remainder (of a year, or of its lines): "<5" when
    small, like a municipality's."""
    return PRIMARY if 0 < value < settings.SMALL_CELL_THRESHOLD else SHOWN


def _remainder(true: Report, counties: list[Report]) -> Report:
    """The records of the nation in no county of today (of years before the
    lineage of today's areas begins), as a part: each of its lines protected
    against its total like a municipality's, when a single year makes it
    up; else only its zeros shown."""

    def table_of(report: Report, dimension: str) -> Table | None:
        if dimension == "year":
            return report.by_year
        return next((t for t in report.tables if t.dimension == dimension), None)

    threshold = settings.SMALL_CELL_THRESHOLD
    current = timezone.localdate().year
    by_year = [] if true.by_year is None else true.by_year.cells
    years_in = {
        cell.key
        for cell in by_year
        if (cell.count or 0) > sum(_count(c.by_year, cell.key) for c in counties)
        and (true.year is not None or int(cell.key) < current)
    }
    # A year's remainder, or all years' when one year makes it up: no other
    # figure of it can be set against its lines.
    single = true.year is not None or len(years_in) <= 1

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
        if threshold <= 1:  # every true count, for the check
            statuses = [SHOWN] * len(values)
        elif table.dimension == "year":
            statuses = [_status(v) for v in values]
        elif single and 0 < total < threshold:
            statuses = [SECONDARY] * len(values)  # too few to show how
        elif single:
            keys_only = [key for key, _label in keys]
            statuses = protect_line(values, threshold, keys=keys_only) or (
                [SECONDARY] * len(values)
            )
        composed = _compose(table.dimension, keys, values, statuses, None, None)
        status = _status(total)
        if table.dimension == "year" and any(
            0 < v < threshold
            for (key, _l), v in zip(keys, values, strict=True)
            if key in years_in
        ):
            status = SECONDARY  # the total of the years would give a small one
        shown = status == SHOWN
        return Table(
            composed.dimension,
            composed.title,
            composed.cells,
            Cell("total", _("Total"), total if shown else None, None, status),
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
