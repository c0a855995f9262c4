"""Statistics pages of a municipality, a county and a country, and their
downloads."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from safecommunity.core import permissions as core_permissions
from safecommunity.core.exports import export_response
from safecommunity.core.forms import bad_query
from safecommunity.core.models import Country, County
from safecommunity.core.selectors import municipality_get

from .. import services, statistics
from ..forms import StatisticsQueryForm


def _statistics_page(request, report, *, export_url: str):
    return render(
        request,
        "injuries/statistics.html",
        {"report": report, "export_url": export_url},
    )


def _export(request, report, *, obj, fmt: str, municipality=None):
    content = services.statistics_export(
        actor=request.user, report=report, obj=obj, municipality=municipality, fmt=fmt
    )
    name = f"injuries-{report.code}-{report.year or 'all'}"
    return export_response(content=content, fmt=fmt, filename=name)


def _statistics(request, build, *, readable, obj, export_url: str, municipality=None):
    """The statistics page or its download, for a year the query form accepts.

    Who may not read the page gets its 404 before the query is looked at.
    """
    if not readable:
        raise Http404
    query = StatisticsQueryForm(request.GET)
    if not query.is_valid():
        return bad_query(request, query)
    report = build(query.cleaned_data["year"])
    fmt = query.cleaned_data["format"]
    if fmt:
        return _export(request, report, obj=obj, fmt=fmt, municipality=municipality)
    return _statistics_page(request, report, export_url=export_url)


def _county_readable(user, county) -> bool:
    readable = core_permissions.readable_municipality_ids(user)
    return readable is None or set(
        county.municipalities.values_list("pk", flat=True)
    ) <= set(readable)


def statistics_municipality(request, code: str):
    municipality = municipality_get(user=request.user, code=code)
    return _statistics(
        request,
        lambda year: statistics.municipality_statistics(
            user=request.user, municipality=municipality, year=year
        ),
        readable=core_permissions.can_view_municipality(request.user, municipality),
        obj=municipality,
        municipality=municipality,
        export_url=reverse("injuries:statistics", kwargs={"code": code}),
    )


def statistics_county(request, pk: int):
    county = get_object_or_404(County, pk=pk)
    return _statistics(
        request,
        lambda year: statistics.county_statistics(
            user=request.user, county=county, year=year
        ),
        readable=_county_readable(request.user, county),
        obj=county,
        export_url=reverse("injuries:statistics-county", kwargs={"pk": pk}),
    )


def statistics_country(request, code: str):
    country = get_object_or_404(Country, code=code.upper())
    return _statistics(
        request,
        lambda year: statistics.country_statistics(
            user=request.user, country=country, year=year
        ),
        readable=core_permissions.is_secretariat(request.user),
        obj=country,
        export_url=reverse(
            "injuries:statistics-country", kwargs={"code": country.code}
        ),
    )
