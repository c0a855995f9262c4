"""Reads of the mayor's dashboard: published injury figures, initiatives, indicators.

Every injury figure comes from `injuries.statistics` (suppression applied
there). The municipality's own figures are read from the registration index
for the chosen years only; county and national ones come from the rollup in
`dashboard_common`. The view computes them only when its fragment cached
under the data version is missing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from certification.models import StepProgress
from certification.selectors import (
    certification_next_deadline,
    certification_progress,
)
from injuries import statistics
from injuries.codes import AgeBand
from injuries.statistics import Cell, Rollup, Table
from injuries.statistics.areas import Area
from injuries.statistics.published import hidden_label
from programmes.indicators import IndicatorSeries, chart_data, indicator_series
from programmes.models import Initiative, Programme
from safecommunity.core.models import Municipality, User
from safecommunity.core.selectors import municipality_get
from walks.selectors.walks import follow_up_summary

from .common import (
    Filters,
    Mark,
    RateRow,
    cell_of,
    change,
    comparison_get,
    default_filters,
    level_mark,
    rate_rows,
    rate_table,
    settled_years,
    trend_mark,
)
from .reference import Reference, reference_get

TOP_ROWS = 5
TREND_STABLE_PERCENT = 10.0  # a change within +/- this is "stable"


@dataclass(frozen=True)
class TopRow:
    cell: Cell
    trend: str
    trend_key: str  # "up", "down", "flat" or "" (not enough data)


@dataclass(frozen=True)
class TopList:
    key: str
    title: str
    definition: str
    table: Table | None
    rows: tuple[TopRow, ...]

    @property
    def chart(self) -> dict:
        return {
            "labels": [hidden_label(row.cell) for row in self.rows],
            "values": [row.cell.rate for row in self.rows],
        }


@dataclass
class Dashboard:
    """The injury figures of a municipality's dashboard for some filters."""

    municipality: Municipality
    filters: Filters
    rates: list[RateRow]
    here: Table | None
    county: Table | None
    nation: Table | None
    level: Mark
    trend: Mark
    tops: list[TopList]
    unknown: Cell | None
    unknown_share: float | None
    series_notes: list[str] = field(default_factory=list)
    charts: dict = field(default_factory=dict)


@dataclass
class ProgrammeSummary:
    """The programme part of the dashboard: initiatives and outcome indicators."""

    programme_status: str  # "" when the municipality has no programme
    statuses: list[tuple[str, str]]
    initiatives: list[tuple[str, list[int], int]]
    indicators: list[IndicatorSeries]
    charts: dict = field(default_factory=dict)


# --- The municipality's dashboard ----------------------------------------------------


def _trend(first: Cell | None, last: Cell | None) -> tuple[str, str]:
    percent = change(first, last)
    if percent is None:
        return _("Not enough data"), ""
    if percent > TREND_STABLE_PERCENT:
        return _("Rising (%(change)+.0f%%)") % {"change": percent}, "up"
    if percent < -TREND_STABLE_PERCENT:
        return _("Falling (%(change)+.0f%%)") % {"change": percent}, "down"
    return _("Stable (%(change)+.0f%%)") % {"change": percent}, "flat"


def _top_list(
    rollup: Rollup,
    area: Area,
    filters: Filters,
    dimension: str,
    keys_labels: list[tuple[str, str]],
    title: str,
    definition: str,
    ranked: bool = True,
) -> TopList:
    def line(years: list[int]) -> Table:
        # A period as the sum of its years: any single year is a period too.
        return statistics.rollup_sum_table(
            rollup=rollup,
            dimension=dimension,
            keys_labels=keys_labels,
            years=years,
            areas=[area],
            sex=filters.sex,
            age_band=filters.age_band,
        )

    period = line(filters.years)
    # The trend leaves out the current, incomplete year.
    settled = settled_years(filters.years) or filters.years
    first, last = line([settled[0]]), line([settled[-1]])
    rows: list[TopRow] = []
    if period is not None:
        # Ranked on the true counts: a hidden figure keeps its place and is
        # shown hidden, so the true first place is never dropped.
        chosen = list(period.cells)
        if ranked:
            chosen = period.ranked()[:TOP_ROWS]
        for cell in chosen:
            text, key = _trend(cell_of(first, cell.key), cell_of(last, cell.key))
            if settled[0] == settled[-1]:
                text, key = _("One year only"), ""
            rows.append(TopRow(cell, text, key))
    return TopList(dimension, title, definition, period, tuple(rows))


def _initiatives(
    municipality: Municipality,
) -> tuple[str, list[tuple[str, str]], list[tuple[str, list[int], int]]]:
    """Programme status and initiatives by focus area and status, in one query."""
    statuses = list(Initiative.Status.choices)
    rows = (
        Programme.objects.filter(municipality=municipality)
        .values(
            "status",
            "initiatives__focus_area__priority",
            "initiatives__focus_area__title",
            "initiatives__status",
        )
        .annotate(n=Count("initiatives"))
        .order_by("initiatives__focus_area__priority", "initiatives__focus_area__title")
    )
    programme_status = ""
    by_area: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        programme_status = str(Programme.Status(row["status"]).label)
        if not row["n"]:
            continue
        title = row["initiatives__focus_area__title"] or _("No focus area")
        by_area[title][row["initiatives__status"]] = row["n"]
    table = [
        (title, [counts.get(s, 0) for s, _label in statuses], sum(counts.values()))
        for title, counts in by_area.items()
    ]
    return programme_status, statuses, table


def _indicators(municipality: Municipality) -> list[IndicatorSeries]:
    """The indicators with yearly totals, predecessors put together."""
    return [
        IndicatorSeries(item.indicator, item.rows, [], item.suppressed_years)
        for item in indicator_series(municipality=municipality)
        if item.rows
    ]


def dashboard_municipality(*, user: User, code: str) -> Municipality:
    """The municipality of a dashboard; 404 for those who may not read it."""
    return municipality_get(user=user, code=code)


def dashboard_programme_get(*, municipality: Municipality) -> ProgrammeSummary:
    """Programme status, initiatives by focus area and status, and indicators."""
    programme_status, statuses, initiatives = _initiatives(municipality)
    indicators = _indicators(municipality)
    return ProgrammeSummary(
        programme_status=programme_status,
        statuses=statuses,
        initiatives=initiatives,
        indicators=indicators,
        charts={"indicators": chart_data(indicators)},
    )


def dashboard_get(
    *,
    municipality: Municipality,
    filters: Filters | None = None,
    reference: Reference | None = None,
) -> Dashboard:
    """The injury figures of a readable municipality's dashboard, in a few queries."""
    reference = reference or reference_get(country=municipality.county.country)
    filters = filters or default_filters(years=reference.rollup.years)
    area = reference.area(municipality)
    years = filters.years
    mine = statistics.rollup_build(
        municipality_ids=area.municipality_ids,
        years=(filters.first_year, filters.last_year),
        detail=True,
    )
    # Years before a split that broke a series are left out of it.
    years = area.complete_years(years)
    here = rate_table(mine, filters, [area], years)
    county_area = reference.areas.county_areas.get(str(municipality.county_id))
    county_years = county_area.complete_years(years) if county_area else years
    county = comparison_get(reference, filters, municipality.county_id, county_years)
    nation = comparison_get(reference, filters, None, years)
    carried = {**reference.rollup.carried, **mine.carried}
    rates = rate_rows(filters.years, here, county, nation, carried)
    # The current, incomplete year is left out of the traffic lights.
    settled = settled_years(years)
    if settled == years:
        here_settled, nation_settled = here, nation
    else:
        here_settled = rate_table(mine, filters, [area], settled)
        nation_settled = comparison_get(reference, filters, None, settled)
    tops = [
        _top_list(
            mine,
            area,
            filters,
            "place",
            reference.labels("place"),
            _("Top places"),
            _(
                "Registered injuries by place of injury; rate per 1,000 inhabitants per year."
            ),
        ),
        _top_list(
            mine,
            area,
            filters,
            "mechanism",
            reference.labels("mechanism"),
            _("Top injury mechanisms"),
            _(
                "Registered injuries by mechanism (Volven 8603); rate per 1,000 inhabitants per year."
            ),
        ),
        _top_list(
            mine,
            area,
            filters,
            "age_band",
            list(AgeBand.choices),
            _("Age bands"),
            _(
                "Registered injuries by age band; rate per 1,000 inhabitants of that age per year."
            ),
            ranked=False,
        ),
    ]
    unknown_table = statistics.rollup_sum_table(
        rollup=mine,
        dimension="any_unknown",
        keys_labels=[
            ("1", _("At least one code unknown")),
            ("0", _("All codes known")),
        ],
        years=years,
        areas=[area],
        sex=filters.sex,
        age_band=filters.age_band,
    )
    unknown = cell_of(unknown_table, "1")
    unknown_share = None
    if unknown is not None and not unknown.suppressed and unknown_table.total.count:
        unknown_share = round(unknown.count * 100 / unknown_table.total.count, 1)
    dashboard = Dashboard(
        municipality=municipality,
        filters=filters,
        rates=rates,
        here=here,
        county=county.table,
        nation=nation.table,
        level=level_mark(
            here_settled.total, nation_settled.table.total, nation.share(settled)
        ),
        trend=trend_mark(here, nation.table, settled, nation.share(settled)),
        tops=tops,
        unknown=unknown,
        unknown_share=unknown_share,
        series_notes=_series_notes(filters.first_year, area, county_area),
    )
    dashboard.charts = _charts(dashboard)
    return dashboard


def _series_notes(first_year: int, *areas) -> list[str]:
    """Where a split starts a series inside the years shown, what the page says:
    once, though the municipality and its county share the split."""
    notes = [
        area.split_note
        for area in areas
        if area is not None
        and area.complete_from is not None
        and area.complete_from > first_year
    ]
    return list(dict.fromkeys(notes))


def _charts(dashboard: Dashboard) -> dict:
    """JSON-ready chart input; suppressed figures are null, never a number."""
    municipality = dashboard.municipality

    def rates(attr: str) -> list[float | None]:
        return [
            getattr(row, attr).rate if getattr(row, attr) else None
            for row in dashboard.rates
        ]

    return {
        "rates": {
            "labels": [str(row.year) for row in dashboard.rates],
            "datasets": [
                {"label": municipality.name, "data": rates("here")},
                {"label": municipality.county.name, "data": rates("county")},
                {"label": municipality.county.country.name, "data": rates("nation")},
            ],
        },
        **{f"top-{top.key}": top.chart for top in dashboard.tops},
    }


def dashboard_certification(*, municipality: Municipality) -> dict:
    """Programme status, certification progress and the next deadline, if known.

    Uses the certification app's selectors; without them only the programme
    status is shown.
    """
    programme = (
        Programme.objects.select_related("municipality")
        .filter(municipality=municipality)
        .first()
    )
    result: dict = {
        "programme": programme,
        "progress": None,
        "deadline": None,
        "findings": None,
    }
    if programme is None:
        return result
    result["findings"] = _walk_findings(programme)
    progress = certification_progress(programme=programme)
    labels = dict(StepProgress.Status.choices)
    for step in progress["steps"]:
        step["status_label"] = str(labels.get(step["status"], step["status"]))
    result["progress"] = progress
    result["deadline"] = certification_next_deadline(programme=programme)
    return result


def _walk_findings(programme: Programme) -> dict | None:
    """Safety-walk findings still open, and the share fixed by their due date."""
    counts = follow_up_summary(programme=programme)
    with_due = counts.get("with_due_date", 0)
    share = round(100 * counts["fixed_on_time"] / with_due) if with_due else None
    return {
        "open": counts.get("open", 0) + counts.get("planned", 0),
        "fixed": counts.get("fixed", 0),
        "fixed_on_time_percent": share,
        "with_due_date": with_due,
    }
