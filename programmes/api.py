"""A municipality's programme, initiatives and reports in the API (read only)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from ninja import Field, Path, Router, Schema

from safecommunity.core import data_versions
from safecommunity.core.api_auth import token_auth
from safecommunity.core.api_http import (
    json_response,
    not_modified,
    version_validators,
)
from safecommunity.core.geography import municipality_key
from safecommunity.core.problems import problem_responses

from .selectors import initiatives as initiative_selectors
from .selectors import programme as programme_selectors

router = Router(tags=["programmes"], auth=token_auth)

COUNTRY_PATH = Path(..., description="Country: NO or SE.", example="NO")
CODE_PATH = Path(
    ...,
    description="Municipality code, four digits.",
    example="3905",
)


class FocusAreaOut(Schema):
    title: str = Field(description="Focus area.", examples=["Fall prevention"])
    priority: int = Field(description="Priority, 1 first.", examples=[1])


class ProgrammeOut(Schema):
    municipality: str = Field(description="Municipality code.", examples=["3905"])
    name: str = Field(description="Municipality name.", examples=["Tønsberg"])
    status: str = Field(description="Programme status (code).", examples=["active"])
    status_label: str = Field(description="Status in the request's language.")
    start_date: datetime.date | None = Field(
        description="When the programme started.", examples=["2006-03-01"]
    )
    description: str = Field(description="The programme's own description.")
    focus_areas: list[FocusAreaOut] = Field(description="Focus areas by priority.")


class InitiativeOut(Schema):
    id: int = Field(description="Identifier of the initiative.", examples=[12])
    title: str = Field(description="Title.", examples=["Strength and balance"])
    status: str = Field(description="Status (code).", examples=["running"])
    measure_type: str = Field(description="Type of measure (code).")
    focus_area: str | None = Field(description="Its focus area, if any.")
    start_date: datetime.date = Field(description="Start.", examples=["2024-01-15"])
    end_date: datetime.date | None = Field(description="End, if set.")
    reach: int | None = Field(description="People reached, if counted.")

    @staticmethod
    def resolve_focus_area(obj) -> str | None:
        return obj.focus_area.title if obj.focus_area else None


class InitiativeList(Schema):
    count: int = Field(description="Number of items.", examples=[1])
    items: list[InitiativeOut] = Field(description="Initiatives, newest first.")


class ReportOut(Schema):
    id: int = Field(description="Identifier of the report.", examples=[3])
    initiative: int = Field(description="The initiative reported on.", examples=[12])
    period_start: datetime.date = Field(description="Period from.")
    period_end: datetime.date = Field(description="Period to.")
    activities: str = Field(description="Activities carried out.")
    reach: int | None = Field(description="People reached in the period.")
    results: str = Field(description="Results.")
    obstacles: str = Field(description="Obstacles.")
    next_steps: str = Field(description="Next steps.")

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id


class ReportList(Schema):
    count: int = Field(description="Number of items.", examples=[1])
    items: list[ReportOut] = Field(description="Reports, newest period first.")


def _programme(request, country: str, code: str):
    key = municipality_key(country.upper(), code)
    return programme_selectors.programme_get(user=request.user, code=key)


def _listed(schema: type[Schema], rows: Iterable) -> dict:
    """A list payload: its count and each row as `schema` writes it."""
    items = [schema.from_orm(row).model_dump() for row in rows]
    return {"count": len(items), "items": items}


def _cached(request, build):
    validators = version_validators(request, data_versions.PROGRAMMES)
    return not_modified(request, validators) or json_response(
        request, build(), validators=validators
    )


@router.get(
    "/programmes/{country}/{code}",
    response={200: ProgrammeOut, **problem_responses(401, 404, 422, 429)},
    summary="A municipality's Safe Community programme",
    url_name="programme",
)
def programme(request, country: str = COUNTRY_PATH, code: str = CODE_PATH):
    """The programme of a municipality the token's user may read; else 404."""
    found = _programme(request, country, code)

    def build() -> dict:
        return {
            "municipality": found.municipality.code,
            "name": found.municipality.name,
            "status": found.status,
            "status_label": str(found.get_status_display()),
            "start_date": found.start_date,
            "description": found.description,
            "focus_areas": [
                {"title": area.title, "priority": area.priority}
                for area in programme_selectors.focus_area_list(programme=found)
            ],
        }

    return _cached(request, build)


@router.get(
    "/programmes/{country}/{code}/initiatives",
    response={200: InitiativeList, **problem_responses(401, 404, 422, 429)},
    summary="A programme's initiatives",
    url_name="initiative-list",
)
def initiative_list(request, country: str = COUNTRY_PATH, code: str = CODE_PATH):
    """Every initiative of the programme; 404 for a programme the user may not read."""
    found = _programme(request, country, code)

    rows = initiative_selectors.initiative_list(programme=found)
    return _cached(
        request, lambda: _listed(InitiativeOut, rows.order_by("-start_date", "-pk"))
    )


@router.get(
    "/programmes/{country}/{code}/reports",
    response={200: ReportList, **problem_responses(401, 404, 422, 429)},
    summary="Reports on a programme's initiatives",
    url_name="report-list",
)
def report_list(request, country: str = COUNTRY_PATH, code: str = CODE_PATH):
    """Every initiative report of the programme; 404 as above."""
    found = _programme(request, country, code)

    rows = initiative_selectors.initiative_report_list(programme=found)
    return _cached(request, lambda: _listed(ReportOut, rows))
