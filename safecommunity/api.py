"""The API (CONTRACTS 7): one NinjaAPI under /api/v1/, its schema and docs.

Each app keeps its own endpoints in its `api.py`; this module puts them
together, answers every error with problem details and serves the docs page
from the vendored Swagger UI, so the strict CSP holds there too.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from certification.api import router as certification_router
from injuries.api import router as injuries_router
from programmes.api import router as programmes_router
from programmes.api_regions import router as regions_router
from safecommunity.core import problems
from safecommunity.core.api import router as core_router
from safecommunity.core.api_auth import TokenRateThrottle

DESCRIPTION = """\
The Trygg portal's data for other systems: the map of municipalities and
their history, population, the register of certified communities (public,
no token) and, with a personal token, exactly what its user may read in the
portal.

Send a token as `Authorization: Bearer <token>`; each user makes, lists and
revokes tokens on their own page in the portal. Errors are RFC 9457 problem
details (`application/problem+json`). Lists are `{"count": N, "items": [...]}`.
"""


class VendoredSwagger(DocsBase):
    """Swagger UI from `static/vendor/`, without inline script or CDN."""

    def render_page(
        self, request: HttpRequest, api: NinjaAPI, **kwargs
    ) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,
        }
        return render(
            request,
            "api/docs.html",
            {"title": api.title, "swagger_settings": settings},
        )


api = NinjaAPI(
    title="Trygg API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=VendoredSwagger(),
    throttle=[TokenRateThrottle()],
)
problems.install(api)


@api.get("/", include_in_schema=False)
def index(request):
    """Where to begin: the schema and the docs."""
    return {
        "openapi": request.build_absolute_uri("openapi.json"),
        "docs": request.build_absolute_uri("docs"),
    }


api.add_router("", core_router)
api.add_router("", injuries_router)
api.add_router("", programmes_router)
api.add_router("", regions_router)
api.add_router("", certification_router)
