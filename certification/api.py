"""The public register of certified Safe Communities in the API."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema

from safecommunity.core.api_http import json_response
from safecommunity.core.problems import problem_responses

from . import selectors

router = Router(tags=["certification"])


class CertifiedOut(Schema):
    municipality: str = Field(description="Municipality code.", examples=["3905"])
    name: str = Field(description="Municipality name.", examples=["Tønsberg"])
    country: str = Field(description="Country code, NO or SE.", examples=["NO"])
    county: str = Field(description="County name.", examples=["Vestfold"])
    certified_since: datetime.date = Field(
        description="Day the current certificate was issued.", examples=["2022-06-01"]
    )
    valid_until: datetime.date = Field(
        description="Day the current certificate expires.", examples=["2027-06-01"]
    )
    focus_areas: list[str] = Field(
        description="The programme's focus areas, by priority.",
        examples=[["Fall prevention"]],
    )
    isccc_designated: bool = Field(
        description="Whether the community holds a valid ISCCC designation.",
        examples=[False],
    )


class CertifiedList(Schema):
    count: int = Field(description="Number of items.", examples=[1])
    items: list[CertifiedOut] = Field(description="Certified communities.")


@router.get(
    "/certified",
    response={200: CertifiedList, **problem_responses(422)},
    summary="The register of certified Safe Communities",
    auth=None,
    url_name="certified",
)
def certified(request):
    """Municipalities with a valid certificate today, as the public register shows."""
    designated = selectors.designated_programme_ids()
    items = []
    for certificate in selectors.register_list():
        programme = certificate.case.programme
        area = programme.area
        county = programme.county or area.county
        items.append(
            {
                "municipality": area.code,
                "name": area.name,
                "country": county.country.code,
                "county": county.name,
                "certified_since": certificate.issued_on,
                "valid_until": certificate.expires_on,
                "focus_areas": [area.title for area in programme.focus_areas.all()],
                "isccc_designated": programme.pk in designated,
            }
        )
    return json_response(request, {"count": len(items), "items": items})
