"""The public map in the API: municipalities with their history (CONTRACTS 7)."""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from . import selectors
from .api_auth import token_auth
from .api_http import json_response
from .problems import problem_responses

router = Router(tags=["map"])

COUNTRY = Field(
    ..., description="Country: NO (Norway) or SE (Sweden).", pattern="^(NO|SE)$"
)


COUNTRY_PATH = Path(..., description="Country: NO or SE.", example="NO")
CODE_PATH = Path(
    ...,
    description="Municipality code, four digits.",
    example="0716",
)


class MunicipalityOut(Schema):
    code: str = Field(
        description="Municipality code, four digits with the leading zero kept.",
        examples=["0716"],
    )
    name: str = Field(description="Name of the municipality.", examples=["Re"])
    country: str = Field(description="Country code, NO or SE.", examples=["NO"])
    county: str = Field(
        description="Two-digit code of its county (fylke, län).", examples=["07"]
    )
    valid_from: datetime.date | None = Field(
        description="First day the code was valid; null if before the records.",
        examples=["2002-01-01"],
    )
    valid_to: datetime.date | None = Field(
        description="Last day the code was valid; null while it is in use.",
        examples=["2019-12-31"],
    )
    predecessors: list[str] = Field(
        description="Codes this municipality continued (mergers, renumberings).",
        examples=[[]],
    )
    successors: list[str] = Field(
        description="Codes that continued this municipality when it ceased.",
        examples=[["3803"]],
    )


class MunicipalityList(Schema):
    count: int = Field(description="Number of items.", examples=[1])
    items: list[MunicipalityOut] = Field(description="The municipalities.")


class MunicipalityFilter(Schema):
    country: str = COUNTRY
    valid_on: datetime.date | None = Field(
        None,
        description=(
            "Only municipalities valid on this date (YYYY-MM-DD); without it, "
            "every municipality ever loaded, ceased ones included."
        ),
        json_schema_extra={"example": "2026-01-01"},
    )


def _out(municipality) -> dict:
    return {
        "code": municipality.code,
        "name": municipality.name,
        "country": municipality.country.code,
        "county": municipality.county.code,
        "valid_from": municipality.valid_from,
        "valid_to": municipality.valid_to,
        "predecessors": sorted(m.code for m in municipality.predecessors.all()),
        "successors": sorted(m.code for m in municipality.successors.all()),
    }


@router.get(
    "/municipalities",
    response={200: MunicipalityList, **problem_responses(422)},
    summary="Municipalities of a country",
    auth=None,
    url_name="municipality-list",
)
def municipality_list(request, filters: Query[MunicipalityFilter]):
    """Every municipality of a country, or those valid on a date, with history."""
    rows = selectors.municipality_register(
        country=filters.country, valid_on=filters.valid_on
    )
    items = [_out(m) for m in rows]
    return json_response(request, {"count": len(items), "items": items})


@router.get(
    "/municipalities/{country}/{code}",
    response={200: MunicipalityOut, **problem_responses(404, 422)},
    summary="One municipality with its history",
    auth=None,
    url_name="municipality-detail",
)
def municipality_detail(request, country: str = COUNTRY_PATH, code: str = CODE_PATH):
    """One municipality by country and code, or 404."""
    municipality = selectors.municipality_register(country=country.upper()).filter(
        code=code
    )
    found = list(municipality[:1])
    if not found:
        raise Http404
    return json_response(request, _out(found[0]))


class TokenOut(Schema):
    name: str = Field(description="The token's name.", examples=["R script"])
    user: str = Field(description="Username of its owner.", examples=["coordinator"])
    expires_at: datetime.datetime = Field(
        description="When the token stops working.",
        examples=["2027-03-04T12:00:00Z"],
    )
    use_count: int = Field(
        description="Requests made with the token, this one included.",
        examples=[42],
    )


@router.get(
    "/token",
    response={200: TokenOut, **problem_responses(401, 422, 429)},
    summary="The token in use",
    auth=token_auth,
    url_name="token",
    tags=["tokens"],
)
def token(request):
    """Name, owner, expiry and use count of the token sent; 401 without one."""
    found = request.auth
    return {
        "name": found.name,
        "user": found.user.get_username(),
        "expires_at": found.expires_at,
        "use_count": found.use_count + 1,
    }
