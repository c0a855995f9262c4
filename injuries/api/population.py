"""Population in the API: public, by municipality and year."""

from __future__ import annotations

from django.http import Http404
from ninja import Field, Query, Router, Schema

from safecommunity.core import data_versions
from safecommunity.core.api_http import (
    json_response,
    not_modified,
    version_validators,
)
from safecommunity.core.problems import problem_responses

from .. import selectors

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
    response={200: PopulationOut, **problem_responses(404, 422)},
    summary="Population of a municipality in a year",
    auth=None,
    operation_id="injuries_api_population",
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
