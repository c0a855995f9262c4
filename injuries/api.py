"""The injury app in the API: population (public), published statistics and
registrations (with a token)."""

from __future__ import annotations

import csv
import io
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from safecommunity.core import data_versions
from safecommunity.core.api_auth import token_auth
from safecommunity.core.api_http import (
    json_response,
    not_modified,
    text_response,
    version_etag,
)
from safecommunity.core.exports import neutralise
from safecommunity.core.problems import Problem

from . import selectors, services, statistics

router = Router(tags=["injuries"])


class PopulationFilter(Schema):
    country: str = Field(
        ...,
        description="Country: NO or SE.",
        pattern="^(NO|SE)$",
        json_schema_extra={"example": "NO"},
    )
    municipality: str = Field(
        ...,
        description="Municipality code as recorded in that year (four digits).",
        pattern=r"^\d{4}$",
        json_schema_extra={"example": "0716"},
    )
    year: int = Field(
        ..., ge=1990, le=2100, description="Year.", json_schema_extra={"example": 2019}
    )


class PopulationOut(Schema):
    municipality: str = Field(description="Municipality code.", examples=["0716"])
    year: int = Field(description="Year.", examples=[2019])
    total: int = Field(description="Inhabitants, all ages.", examples=[9912])
    by_sex: dict[str, int] | None = Field(
        description="Inhabitants by sex (M, F), or null where not given.",
        examples=[{"M": 4981, "F": 4931}],
    )


@router.get(
    "/population",
    response=PopulationOut,
    summary="Population of a municipality in a year",
    auth=None,
    url_name="population",
)
def population(request, filters: Query[PopulationFilter]):
    """The population stored for a code and year, or 404."""
    etag = version_etag(request, data_versions.INJURIES)
    unchanged = not_modified(request, etag)
    if unchanged is not None:
        return unchanged
    by_sex = selectors.population_by_sex(
        country=filters.country, code=filters.municipality, year=filters.year
    )
    if by_sex is None:
        raise Http404
    payload = {
        "municipality": filters.municipality,
        "year": filters.year,
        "total": sum(by_sex.values()),
        "by_sex": by_sex or None,
    }
    return json_response(request, payload, etag=etag)


DIMENSIONS = (
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
)
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
        description="One row per value of the dimension, as the page publishes them."
    )
    total: CellOut = Field(description="The total of the period, as the page shows it.")


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


@router.get(
    "/statistics/{country}/{code}",
    response=StatisticsOut,
    summary="Published injury statistics of a municipality or county",
    auth=token_auth,
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
    request, country: str, code: str, filters: Query[StatisticsFilter]
):
    """The figures the statistics page publishes, suppression included; 404 for
    an area the token's user may not read."""
    area, municipality = _area(request, country.upper(), code)
    year = _period(filters)
    wants_csv = "text/csv" in request.headers.get("Accept", "")
    etag = version_etag(request, data_versions.INJURIES)
    unchanged = not_modified(request, etag)
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
            request, _csv(payload), content_type="text/csv; charset=utf-8", etag=etag
        )
    return json_response(request, payload, etag=etag)
