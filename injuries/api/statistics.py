"""Published statistics in the API: one table by a dimension, for a
municipality or a county, as JSON or CSV."""

from __future__ import annotations

import csv
import io
from typing import Literal, get_args

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from safecommunity.core import data_versions
from safecommunity.core.api_auth import token_auth
from safecommunity.core.api_http import (
    json_response,
    not_modified,
    text_response,
    version_validators,
)
from safecommunity.core.exports import neutralise
from safecommunity.core.problems import Problem, problem_responses

from .. import selectors, services, statistics
from .common import COUNTRY_PATH

router = Router(tags=["injuries"])

Dimension = Literal[
    "year",
    "month",
    "place",
    "activity",
    "mechanism",
    "contact_cause",
    "severity",
    "transport",
    "sex",
    "age_band",
]
DIMENSIONS: tuple[str, ...] = get_args(Dimension)


class StatisticsFilter(Schema):
    dimension: Dimension = Field(
        "year",
        description="The table: figures by year, month, a code list, sex or age band.",
        json_schema_extra={"example": "year"},
    )
    from_year: int | None = Field(
        None,
        alias="from",
        ge=1990,
        le=2100,
        description=(
            "First year. With `to` equal to it, the page's report of that year; "
            "without both, all years. Dimensions other than `year` are published "
            "for one year or for all years."
        ),
        json_schema_extra={"example": 2016},
    )
    to_year: int | None = Field(
        None,
        alias="to",
        ge=1990,
        le=2100,
        description="Last year (see `from`).",
        json_schema_extra={"example": 2024},
    )


class CellOut(Schema):
    key: str = Field(description="Code of the row (a year, a month number, a code).")
    label: str = Field(description="Label of the row in the request's language.")
    count: int | None = Field(
        description="Injuries; null where the figure is suppressed.", examples=[42]
    )
    display: str = Field(
        description=(
            "The figure as the page shows it: the number, '<5' for a small "
            "count, or '-' for a figure withheld so a small one cannot be worked out."
        ),
        examples=["42"],
    )
    rate: float | None = Field(
        description="Injuries per 1,000 inhabitants per year; null if unknown or hidden.",
        examples=[4.21],
    )


class StatisticsOut(Schema):
    rows: list[CellOut] = Field(
        description="One row per value of the dimension, as the page publishes them.",
        examples=[
            [
                {
                    "key": "2023",
                    "label": "2023",
                    "count": 412,
                    "display": "412",
                    "rate": 7.61,
                },
                {
                    "key": "2024",
                    "label": "2024",
                    "count": None,
                    "display": "<5",
                    "rate": None,
                },
            ]
        ],
    )
    total: CellOut = Field(
        description="The total of the period, as the page shows it.",
        examples=[
            {
                "key": "total",
                "label": "Total",
                "count": None,
                "display": "-",
                "rate": None,
            }
        ],
    )


def _cell(cell) -> dict:
    display = cell.display if cell.suppressed else str(cell.count)
    return {
        "key": cell.key,
        "label": cell.label or _("Not stated"),
        "count": cell.count,
        "display": "-" if display == "\u2013" else display,
        "rate": cell.rate,
    }


def _area(request, country: str, code: str):
    """The municipality or county (2 digits) the token's user may read; else 404."""
    if len(code) == 2 and code.isdigit():
        county = selectors.county_for_statistics(
            user=request.user, country=country, code=code
        )
        return county, None
    if len(code) == 4 and code.isdigit():
        municipality = selectors.municipality_for_statistics(
            user=request.user, country=country, code=code
        )
        return municipality, municipality
    raise Http404


def _period(filters: StatisticsFilter) -> int | None:
    if filters.from_year is not None and filters.to_year is not None:
        if filters.from_year > filters.to_year:
            raise Problem(422, _("'from' is after 'to'."), kind="invalid-request")
        if filters.from_year == filters.to_year:
            return filters.from_year
    if filters.dimension != "year" and (
        filters.from_year is not None or filters.to_year is not None
    ):
        raise Problem(
            422,
            _(
                "This dimension is published for one year (from = to) or for all "
                "years (neither)."
            ),
            kind="invalid-request",
        )
    return None


def _csv(payload: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["key", "label", "count", "display", "rate"])
    for row in [*payload["rows"], payload["total"]]:
        writer.writerow(
            [
                neutralise(row["key"]),
                neutralise(row["label"]),
                "" if row["count"] is None else row["count"],
                row["display"],
                "" if row["rate"] is None else row["rate"],
            ]
        )
    return out.getvalue().encode("utf-8")


# size: JSON or CSV, conditional requests, and both kinds of area in one endpoint
@router.get(
    "/statistics/{country}/{code}",
    response={200: StatisticsOut, **problem_responses(401, 404, 422, 429)},
    summary="Published injury statistics of a municipality or county",
    auth=token_auth,
    operation_id="injuries_api_statistics_table",
    url_name="statistics",
    openapi_extra={
        "responses": {
            200: {
                "description": (
                    "The table as JSON, or as CSV with `Accept: text/csv` "
                    "(columns key, label, count, display, rate; the total last)."
                ),
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def statistics_table(
    request,
    filters: Query[StatisticsFilter],
    country: str = COUNTRY_PATH,
    code: str = Path(
        ...,
        description="Municipality code (four digits) or county code (two digits).",
        example="3905",
    ),
):
    """The figures the statistics page publishes, suppression included; 404 for
    an area the token's user may not read."""
    area, municipality = _area(request, country.upper(), code)
    year = _period(filters)
    wants_csv = "text/csv" in request.headers.get("Accept", "")
    validators = version_validators(request, data_versions.INJURIES)
    unchanged = not_modified(request, validators)
    if unchanged is not None:
        return unchanged
    if municipality is not None:
        report = statistics.municipality_statistics(
            user=request.user, municipality=municipality, year=year
        )
    else:
        report = statistics.county_statistics(user=request.user, county=area, year=year)
    if filters.dimension == "year":
        table = report.by_year
    else:
        table = next(
            (t for t in report.tables if t.dimension == filters.dimension), None
        )
    cells = list(table.cells) if table is not None else []
    if filters.dimension == "year":
        low = filters.from_year or 0
        high = filters.to_year or 9999
        cells = [c for c in cells if low <= int(c.key) <= high]
    payload = {"rows": [_cell(c) for c in cells], "total": _cell(report.total)}
    fmt = "csv" if wants_csv else "json"
    services.statistics_api_export_record(
        actor=request.user,
        obj=area,
        municipality=municipality,
        description=f"{report.scope} {report.code} {filters.dimension} "
        f"{year or 'all years'} ({fmt}, API)",
    )
    if wants_csv:
        return text_response(
            request,
            _csv(payload),
            content_type="text/csv; charset=utf-8",
            validators=validators,
        )
    return json_response(request, payload, validators=validators)
