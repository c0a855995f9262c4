"""Information loss of disclosure control, over every published table.

Every table the statistics pages publish (of every municipality and county,
and of the nation; each year and all years) is built twice: as published,
and with no threshold at all, which gives every cell's true count. From the
pair come the share of cells with a count at or above the threshold that are
published, the totals hidden, and among them those hidden although hiding
other cells of their own line could have protected it (a complementary cell
existed). Only a year's own tables of a municipality or of the nation can
have such a cell: a total of a county or of all years is a sum of totals
published on their own pages, so hiding another cell protects nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.test.utils import override_settings


def _published(country) -> Iterator[tuple[tuple, Any, bool]]:
    """(place of the report, report, whether its year tables are its own) for
    every report published: each county with its municipalities, the nation;
    each year with registrations and all years."""
    from injuries.statistics import build_report
    from injuries.statistics.areas import area_owner, country_areas
    from injuries.statistics.areas import county_municipalities as members_of
    from injuries.statistics.reports import _county_built, _county_counts

    found = country_areas(country)
    counties = [
        county
        for county in country.counties.order_by("code")
        if str(county.pk) in found.current_counties
    ]
    years: set[int] = set()
    for county in counties:
        members = members_of(county)
        counts = _county_counts(members, None)
        county_years = sorted(int(y) for y in counts.whole.by_year)
        years |= set(county_years)
        for year in [*county_years, None]:
            whole, parts = _county_built(county, members, counts, year)
            yield ("county", county.code, year), whole, False
            for pk, report in parts.items():
                yield ("municipality", pk, year), report, year is not None
    areas = [(str(c.pk), f"{c.name} ({c.code})") for c in counties]
    owner = area_owner([found.county_areas[str(c.pk)] for c in counties])
    ids = [int(pk) for pk in found.municipalities]
    for year in [*sorted(years), None]:
        report = build_report(
            scope="country",
            code=country.code,
            name=country.name,
            municipality_ids=ids,
            year=year,
            areas=areas,
            area_of=owner,
        )
        yield ("country", country.code, year), report, year is not None


def _tables(report) -> Iterator[tuple[str, Any]]:
    if report.by_year is not None:
        yield "year", report.by_year
    for table in report.tables:
        yield table.dimension, table


def measure_information_loss(country_code: str = "NO") -> dict[str, Any]:
    """Share of publishable cells published and totals hidden, over every
    table of every municipality, county and the nation; and the build time."""
    from injuries.statistics.disclosure import protect_line
    from safecommunity.core.models import Country

    country = Country.objects.get(code=country_code)
    threshold = settings.SMALL_CELL_THRESHOLD
    started = time.perf_counter()
    published = {key: (report, own) for key, report, own in _published(country)}
    build_s = time.perf_counter() - started
    with override_settings(SMALL_CELL_THRESHOLD=1):
        truth = {key: report for key, report, _own in _published(country)}
    eligible = shown = tables = 0
    totals_hidden = protectable = 0
    by_scope: dict[str, list[int]] = {}
    by_table: dict[str, list[int]] = {}
    for key, (report, own) in published.items():
        kind = f"{key[0]}, {'all years' if key[2] is None else 'year'}"
        true_tables = dict(_tables(truth[key]))
        for dimension, table in _tables(report):
            tables += 1
            true_table = true_tables.get(dimension)
            if true_table is None:
                continue
            true_cells = {c.key: c.count for c in true_table.cells}
            scope = by_scope.setdefault(key[0], [0, 0])
            kind_counts = by_table.setdefault(kind, [0, 0])
            for cell in table.cells:
                if (true_cells.get(cell.key) or 0) >= threshold:
                    eligible += 1
                    scope[0] += 1
                    kind_counts[0] += 1
                    if not cell.suppressed:
                        shown += 1
                        scope[1] += 1
                        kind_counts[1] += 1
            true_total = true_table.total.count or 0
            if true_total >= threshold:
                eligible += 1
                scope[0] += 1
                kind_counts[0] += 1
                if table.total.suppressed:
                    totals_hidden += 1
                    values = [true_cells.get(c.key) or 0 for c in true_table.cells]
                    if own and dimension != "year" and protect_line(values, threshold):
                        protectable += 1
                else:
                    shown += 1
                    scope[1] += 1
                    kind_counts[1] += 1
    return {
        "reports": len(published),
        "tables": tables,
        "cells_at_or_above_threshold": eligible,
        "of_them_published": shown,
        "published_share": round(shown / eligible, 4) if eligible else None,
        "published_share_by_scope": {
            scope: round(counts[1] / counts[0], 4) if counts[0] else None
            for scope, counts in sorted(by_scope.items())
        },
        # Cells at or above the threshold hidden, of how many, by table.
        "hidden_by_table": {
            kind: {"hidden": counts[0] - counts[1], "of": counts[0]}
            for kind, counts in sorted(by_table.items())
        },
        "totals_hidden": totals_hidden,
        "totals_hidden_with_a_complementary_cell": protectable,
        "build_s": round(build_s, 2),
    }
