"""The injury app in the API: population (public), published statistics and
registrations (with a token)."""
# size: the three injury API groups (population, statistics, registrations); to be split into api/ by group

from __future__ import annotations

import csv
import io
import json
from typing import Literal

from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
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
from safecommunity.core.geography import municipality_key
from safecommunity.core.problems import Problem, problem_responses

from . import api_rows, permissions, selectors, services, statistics
from .models import ImportJob

router = Router(tags=["injuries"])

COUNTRY_PATH = Path(..., description="Country: NO or SE.", example="NO")
CODE_PATH = Path(
    ...,
    description="Municipality code, four digits.",
    example="3905",
)


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
    response={200: PopulationOut, **problem_responses(404, 422)},
    summary="Population of a municipality in a year",
    auth=None,
    url_name="population",
)
def population(request, filters: Query[PopulationFilter]):
    """The population stored for a code and year, or 404."""
    validators = version_validators(request, data_versions.INJURIES)
    unchanged = not_modified(request, validators)
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
    return json_response(request, payload, validators=validators)


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


# --- Registrations ------------------------------------------------------------

PAGE_DEFAULT = 1000
PAGE_MAX = 10_000


class RegistrationPage(Schema):
    cursor: str | None = Field(
        None,
        description="Where to go on: the `next` of the previous page; none for the first.",
        json_schema_extra={"example": "1523"},
    )
    limit: int = Field(
        PAGE_DEFAULT,
        ge=1,
        le=PAGE_MAX,
        description="Rows per page (at most 10,000).",
        json_schema_extra={"example": 1000},
    )


class RegistrationOut(Schema):
    id: int = Field(description="The portal's id of the registration.", examples=[1523])
    external_id: str | None = Field(
        description="The source system's id, if sent.", examples=["EMS-2024-0042"]
    )
    municipality: str = Field(description="Code recorded with it.", examples=["3905"])
    injury_date: str = Field(description="Injury date.", examples=["2024-05-17"])
    age: int = Field(description="Age in whole years.", examples=[34])
    sex: str = Field(description="M, F or U.", examples=["F"])
    contact_cause: str = Field(description="Contact-cause code.", examples=["accident"])
    place: str = Field(description="Place code.", examples=["home_inside"])
    activity: str = Field(description="Activity code.", examples=["sport_leisure"])
    mechanism: str = Field(description="Mechanism code.", examples=["F2"])
    severity: str = Field(description="Severity code.", examples=["minor"])
    transport: str = Field(description="Transport code, or empty.", examples=[""])


class RegistrationList(Schema):
    count: int = Field(
        description="Registrations of the municipality in all.", examples=[5120]
    )
    items: list[RegistrationOut] = Field(description="This page, oldest id first.")
    next: str | None = Field(description="Cursor of the next page; null at the end.")


ROW_FIELDS = (
    "external_id",
    "injury_date",
    "age",
    "sex",
    "contact_cause",
    "place",
    "activity",
    "mechanism",
    "severity",
    "transport",
)


# size: a streamed, cursor-paged and audited export in one endpoint
@router.get(
    "/registrations/{country}/{code}",
    response={200: RegistrationList, **problem_responses(401, 404, 422, 429)},
    summary="A municipality's registrations, page by page",
    auth=token_auth,
    url_name="registration-list",
)
def registration_list(
    request,
    page: Query[RegistrationPage],
    country: str = COUNTRY_PATH,
    code: str = CODE_PATH,
):
    """For those who register the municipality's injuries (404 for others):
    every registration in id order, streamed, a page at a time; audited."""
    municipality = selectors.registering_municipality_get(
        user=request.user, code=municipality_key(country.upper(), code)
    )
    after = int(page.cursor) if (page.cursor or "").isdigit() else 0
    qs = selectors.registration_list(user=request.user, municipality=municipality)
    count = qs.count()
    services.registrations_api_export_record(
        actor=request.user,
        municipality=municipality,
        description=f"after id {after}, up to {page.limit} rows",
    )
    rows = (
        qs.filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", *ROW_FIELDS)[: page.limit + 1]
    )

    def chunks():
        yield f'{{"count": {count}, "items": ['
        last = None
        for index, row in enumerate(rows.iterator(chunk_size=2000)):
            if index == page.limit:
                break  # one row more than the page: there is a next page
            item = dict(zip(("id", *ROW_FIELDS), row, strict=True))
            item["injury_date"] = item["injury_date"].isoformat()
            item["municipality"] = municipality.code
            yield ("," if index else "") + json.dumps(item, ensure_ascii=False)
            last = item["id"]
        else:
            last = None  # the rows ran out: this is the last page
        yield f'], "next": {json.dumps(None if last is None else str(last))}}}'

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Cache-Control"] = "private, no-store"
    return response


class ImportOut(Schema):
    id: int = Field(description="The import job.", examples=[77])
    status: str = Field(
        description="queued, running, done, failed, or undone (its rows removed since).",
        examples=["done"],
    )
    rows: int = Field(description="Rows sent.", examples=[2])
    rows_done: int = Field(description="Rows processed so far.", examples=[2])
    created: int = Field(description="New registrations.", examples=[1])
    updated: int = Field(
        description="Registrations updated by external id.", examples=[1]
    )
    problem_count: int = Field(description="Problems found.", examples=[0])
    problems: list[dict] = Field(
        description=(
            "Problems as the file importer reports them, `row` counting the "
            "array's objects from 1: {row, column, value, reason}."
        ),
        examples=[[]],
    )
    url: str = Field(description="This resource, to poll while the import runs.")


def _import_out(request, job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "rows": job.rows_total,
        "rows_done": job.rows_done,
        "created": job.created_count,
        "updated": job.updated_count,
        "problem_count": job.error_count,
        "problems": api_rows.item_problems(job.errors),
        "url": request.build_absolute_uri(
            reverse("api:import-detail", kwargs={"pk": job.pk})
        ),
    }


ROWS_EXAMPLE = [
    {
        "injury_date": "2024-05-17",
        "municipality": "3905",
        "age": 34,
        "sex": "F",
        "contact_cause": "accident",
        "place": "home_inside",
        "activity": "sport_leisure",
        "mechanism": "F2",
        "severity": "minor",
        "transport": "",
        "external_id": "EMS-2024-0042",
    }
]


@router.post(
    "/registrations",
    response={
        201: ImportOut,
        202: ImportOut,
        **problem_responses(400, 401, 404, 413, 415, 422, 429),
    },
    summary="Register injuries: JSON rows through the file importer",
    auth=token_auth,
    url_name="registration-import",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": (
                "An array of rows, each an object with the columns of the "
                "injury import format as keys (codes or labels as in files). "
                "All or nothing; a row with a known external id updates it."
            ),
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "maxItems": api_rows.MAX_ROWS,
                        "items": {
                            "type": "object",
                            "additionalProperties": {
                                "type": ["string", "integer", "null"]
                            },
                        },
                    },
                    "example": ROWS_EXAMPLE,
                }
            },
        },
        "responses": {
            422: {
                "description": (
                    "Refused whole: problem details whose `problems` list every "
                    "problem, as `import_injuries` does; nothing was saved."
                ),
                "content": {"application/problem+json": {"schema": {"type": "object"}}},
            }
        },
    },
)
def registration_import(request):
    """Import rows: 201 when done at once; 202 with a job to poll when queued
    to the worker (large batches); 422 with every problem, nothing saved."""
    if not permissions.can_import_injuries(request.user):
        raise Http404
    rows = api_rows.parse_rows(api_rows.read_body(request))
    job = services.import_job_create_confirmed(
        actor=request.user,
        data=api_rows.rows_as_csv(rows),
        name="api.csv",
        rows=len(rows),
        language=translation.get_language() or "nb",
    )
    body = _import_out(request, job)
    if job.status == ImportJob.Status.FAILED:
        raise Problem(
            422,
            _("The rows were not imported; nothing was saved."),
            kind="import-refused",
            **{k: body[k] for k in ("problem_count", "problems")},
        )
    status = 201 if job.status == ImportJob.Status.DONE else 202
    response = json_response(request, body, status=status)
    response["Location"] = body["url"]
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/imports/{pk}",
    response={200: ImportOut, **problem_responses(401, 404, 422, 429)},
    summary="An import job sent through the API",
    auth=token_auth,
    url_name="import-detail",
)
def import_detail(
    request,
    pk: int = Path(..., description="The job's id.", example=77),
):
    """The job's state; for the user who sent it and the secretariat (else 404)."""
    job = selectors.import_job_get(user=request.user, pk=pk)
    response = json_response(request, _import_out(request, job))
    response["Cache-Control"] = "no-store"
    return response
