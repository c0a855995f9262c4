"""Registrations in the API (with a token): a municipality's registrations
page by page, and imports of rows with their jobs."""

from __future__ import annotations

import json

from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from safecommunity.core.api_auth import token_auth
from safecommunity.core.api_http import json_response
from safecommunity.core.geography import municipality_key
from safecommunity.core.problems import Problem, problem_responses

from .. import api_rows, permissions, selectors, services
from ..models import CODE_FIELDS, ImportJob
from .common import CODE_PATH, COUNTRY_PATH

PAGE_DEFAULT = 1000


router = Router(tags=["injuries"])


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


ROW_FIELDS = ("external_id", "injury_date", "age", "sex", *CODE_FIELDS)


# size: a streamed, cursor-paged and audited export in one endpoint
@router.get(
    "/registrations/{country}/{code}",
    response={200: RegistrationList, **problem_responses(401, 404, 422, 429)},
    summary="A municipality's registrations, page by page",
    auth=token_auth,
    operation_id="injuries_api_registration_list",
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
    operation_id="injuries_api_registration_import",
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
    operation_id="injuries_api_import_detail",
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
