"""Regional programmes in the API (read only): a county's programme, its
member municipalities and their local groups."""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Field, Path, Router, Schema

from safecommunity.core import data_versions
from safecommunity.core.api_auth import token_auth
from safecommunity.core.api_http import json_response, not_modified, version_validators
from safecommunity.core.problems import problem_responses

from .api import FocusAreaOut
from .models import Programme
from .selectors import programme as programme_selectors
from .selectors import regions as region_selectors

router = Router(tags=["regional programmes"], auth=token_auth)

COUNTRY_PATH = Path(..., description="Country: NO or SE.", example="SE")
COUNTY_PATH = Path(..., description="County code, two digits.", example="07")


class MemberOut(Schema):
    code: str = Field(description="Municipality code.", examples=["0780"])
    name: str = Field(description="Municipality name.", examples=["Växjö"])
    local_groups: list[str] = Field(
        description="The names of its local working groups in the programme."
    )


class RegionOut(Schema):
    country: str = Field(description="Country code.", examples=["SE"])
    county: str = Field(description="County code.", examples=["07"])
    name: str = Field(description="County or region name.", examples=["Kronobergs län"])
    status: str = Field(description="Programme status (code).", examples=["certified"])
    status_label: str = Field(description="Status in the request's language.")
    start_date: datetime.date | None = Field(
        description="When the programme started.", examples=["2019-01-01"]
    )
    description: str = Field(description="The programme's own description.")
    members: list[MemberOut] = Field(description="Member municipalities by name.")


class RegionDetailOut(RegionOut):
    focus_areas: list[FocusAreaOut] = Field(description="Focus areas by priority.")


class RegionList(Schema):
    count: int = Field(description="Number of items.", examples=[1])
    items: list[RegionOut] = Field(description="Regional programmes by county.")


def _cached(request, build):
    validators = version_validators(request, data_versions.PROGRAMMES)
    return not_modified(request, validators) or json_response(
        request, build(), validators=validators
    )


def _region(programme: Programme, groups: dict[int, list[str]]) -> dict:
    county = programme.county
    assert county is not None  # noqa: S101 - a regional programme has one
    return {
        "country": county.country.code,
        "county": county.code,
        "name": county.name,
        "status": programme.status,
        "status_label": str(programme.get_status_display()),
        "start_date": programme.start_date,
        "description": programme.description,
        "members": [
            {"code": m.code, "name": m.name, "local_groups": groups.get(m.pk, [])}
            for m in sorted(programme.member_municipalities.all(), key=lambda m: m.name)
        ],
    }


@router.get(
    "/regions",
    response={200: RegionList, **problem_responses(401, 422, 429)},
    summary="Regional programmes and their member municipalities",
    url_name="region-list",
)
def region_list(request):
    """The regional programmes the token's user may read."""
    programmes = region_selectors.regional_programme_list(
        user=request.user
    ).prefetch_related("member_municipalities")

    def build() -> dict:
        groups = region_selectors.local_group_names(programmes=programmes)
        items = [_region(p, groups.get(p.pk, {})) for p in programmes]
        return {"count": len(items), "items": items}

    return _cached(request, build)


@router.get(
    "/regions/{country}/{county}",
    response={200: RegionDetailOut, **problem_responses(401, 404, 422, 429)},
    summary="A county's regional programme",
    url_name="region",
)
def region(request, country: str = COUNTRY_PATH, county: str = COUNTY_PATH):
    """The regional programme of a county the token's user may read; else 404."""
    found = (
        region_selectors.regional_programme_list(user=request.user)
        .filter(county__country__code=country.upper(), county__code=county)
        .prefetch_related("member_municipalities")
        .first()
    )
    if found is None:
        raise Http404

    def build() -> dict:
        groups = region_selectors.local_group_names(programmes=[found])
        return {
            **_region(found, groups.get(found.pk, {})),
            "focus_areas": [
                {"title": area.title, "priority": area.priority}
                for area in programme_selectors.focus_area_list(programme=found)
            ],
        }

    return _cached(request, build)
