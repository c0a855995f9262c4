"""Reads of the regional view: a county's municipalities side by side."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _

from injuries.statistics import Cell
from injuries.statistics.areas import county_municipalities
from programmes.models import Initiative, Programme
from safecommunity.core.models import County, Municipality, User

from .. import permissions
from .common import (
    Filters,
    Mark,
    RateRow,
    comparison_get,
    default_filters,
    level_mark,
    rate_rows,
    rate_table,
    settled_years,
    trend_mark,
    year_choices,
)
from .reference import Reference, reference_get


@dataclass(frozen=True)
class RegionalRow:
    municipality: Municipality
    cell: Cell | None
    mark: Mark
    programme_status: str
    initiatives_running: int
    initiatives_total: int


@dataclass
class Regional:
    county: County
    filters: Filters
    available_years: list[int]
    rows: list[RegionalRow]
    county_total: Cell | None
    nation_total: Cell | None
    level: Mark
    trend: Mark
    rates: list[RateRow]
    charts: dict = field(default_factory=dict)


def regional_county(*, user: User, county_id: int) -> County:
    """A county the user may see side by side; 404 otherwise."""
    county = County.objects.select_related("country").filter(pk=county_id).first()
    if county is None or not permissions.can_view_region(user, county):
        raise Http404
    return county


def regional_counties(*, user: User) -> list[County]:
    """Counties the user may see side by side; 404 when there are none."""
    counties = [
        county
        for county in County.objects.select_related("country").order_by(
            "country__code", "code"
        )
        if permissions.can_view_region(user, county)
    ]
    if not counties:
        raise Http404
    return counties


def _own_total(
    reference: Reference, filters: Filters, municipality, years: list[int]
) -> Cell:
    """The period's count and rate of one municipality as its dashboard shows it."""
    area = reference.area(municipality)
    return rate_table(reference.rollup, filters, [area], years).total


def regional_get(
    *,
    county: County,
    filters: Filters | None = None,
    reference: Reference | None = None,
) -> Regional:
    """Rates, counts, programmes and initiatives of a county's municipalities."""
    reference = reference or reference_get(country=county.country)
    available = reference.rollup.years
    filters = filters or default_filters(years=available)
    years = filters.years
    municipalities = county_municipalities(county)
    ids = [m.pk for m in municipalities]
    # Each municipality's figure is the period total of its own dashboard,
    # hidden exactly when that dashboard hides it; the county's total is
    # shown only when every one of them is (`rollup_sum_table`).
    cells = {
        str(m.pk): _own_total(reference, filters, m, years) for m in municipalities
    }
    county_area = reference.areas.county_areas.get(str(county.pk))
    county_years = county_area.complete_years(years) if county_area else years
    own = comparison_get(reference, filters, county.pk, county_years)
    nation = comparison_get(reference, filters, None, years)
    national_total = nation.table.total
    # The current, incomplete year is left out of the traffic lights.
    settled = settled_years(years)
    share = nation.share(settled)
    if settled == years:
        settled_cells, own_settled, nation_settled = cells, own, nation
    else:
        settled_cells = {
            str(m.pk): _own_total(reference, filters, m, settled)
            for m in municipalities
        }
        own_settled = comparison_get(reference, filters, county.pk, settled)
        nation_settled = comparison_get(reference, filters, None, settled)
    programmes = dict(
        Programme.objects.filter(municipality__in=ids).values_list(
            "municipality_id", "status"
        )
    )
    status_labels = dict(Programme.Status.choices)
    initiatives: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Initiative.objects.filter(programme__municipality__in=ids)
        .values("programme__municipality_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        initiatives[row["programme__municipality_id"]][row["status"]] = row["n"]
    rows = []
    for municipality in municipalities:
        cell = cells[str(municipality.pk)]
        counts = initiatives.get(municipality.pk, {})
        status = programmes.get(municipality.pk)
        rows.append(
            RegionalRow(
                municipality=municipality,
                cell=cell,
                mark=level_mark(
                    settled_cells[str(municipality.pk)],
                    nation_settled.table.total,
                    share,
                ),
                programme_status=str(status_labels[status]) if status else "",
                initiatives_running=counts.get(Initiative.Status.RUNNING, 0),
                initiatives_total=sum(counts.values()),
            )
        )
    rates = [
        replace(
            row, here=own.cell(row.year), county_coverage=own.coverage.get(row.year)
        )
        for row in rate_rows(years, None, None, nation, reference.rollup.carried)
    ]
    regional = Regional(
        county=county,
        filters=filters,
        available_years=year_choices(years=available),
        rows=rows,
        county_total=own.table.total,
        nation_total=national_total,
        level=level_mark(own_settled.table.total, nation_settled.table.total, share),
        trend=trend_mark(own.table, nation.table, settled, share),
        rates=rates,
    )
    regional.charts = {
        "municipalities": {
            "labels": [row.municipality.name for row in rows],
            "values": [row.cell.rate if row.cell else None for row in rows],
            "reference": national_total.rate if national_total else None,
            "referenceLabel": _("National rate"),
        },
        "rates": {
            "labels": [str(y) for y in years],
            "datasets": [
                {
                    "label": county.name,
                    "data": [r.here.rate if r.here else None for r in rates],
                },
                {
                    "label": county.country.name,
                    "data": [r.nation.rate if r.nation else None for r in rates],
                },
            ],
        },
    }
    return regional
