"""The mayor's dashboard, the regional view and the initiative follow-up."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from programmes.selectors.regions import regional_programme_get
from safecommunity.core.data_versions import (
    INJURIES,
    INJURY_CONTEXT,
    PROGRAMMES,
    data_stamp,
)
from safecommunity.core.forms import YearForm

from . import follow_up as dashboard_follow_up
from . import region_annual_report as dashboard_region_annual_report
from . import region_programme as dashboard_region_programme
from . import regional as dashboard_regional
from .common import default_filters, this_year, year_choices
from .forms import DashboardFilterForm
from .reference import CACHE_SECONDS, reference_get, years_get
from .selectors import (
    dashboard_certification,
    dashboard_get,
    dashboard_municipality,
    dashboard_programme_get,
)


def _filters(request, years: list[int]):
    default = default_filters(years=years)
    choices = year_choices(years=years)
    filters = DashboardFilterForm(request.GET, years=choices, default=default).filters()
    form = DashboardFilterForm(filters.as_query(), years=choices, default=default)
    return filters, form


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# size: the dashboard context is lazy per cached fragment; each key is one line
@require_GET
def dashboard(request, code: str):
    municipality = dashboard_municipality(user=request.user, code=code)
    country = municipality.county.country
    versions = data_stamp(INJURIES, INJURY_CONTEXT, PROGRAMMES)
    filters, form = _filters(request, years_get(country=country, versions=versions))
    context = {
        # Both are computed only when the template's cached fragment for
        # their data version, municipality, filters and language is missing.
        "dashboard": SimpleLazyObject(
            lambda: dashboard_get(
                municipality=municipality,
                filters=filters,
                reference=reference_get(country=country, versions=versions),
            )
        ),
        "programme": SimpleLazyObject(
            lambda: dashboard_programme_get(municipality=municipality)
        ),
        # Tokens, not bare numbers: a number comes back after a write that
        # rolled back, and a fragment cached inside it must not be served.
        "data_version": versions.token(INJURIES),
        "programme_version": versions.token(PROGRAMMES),
        "filter_key": "|".join(filters.as_query().values()),
        "cache_seconds": CACHE_SECONDS,
        "municipality": municipality,
        "form": form,
        "threshold": settings.SMALL_CELL_THRESHOLD,
        # The current year is marked and left out of the traffic lights.
        "this_year": this_year(),
    }
    if _is_htmx(request):
        return render(request, "reports/partials/_dashboard_content.html", context)
    return render(request, "reports/dashboard.html", context)


@require_GET
def dashboard_certification_section(request, code: str):
    municipality = dashboard_municipality(user=request.user, code=code)
    context = {
        "municipality": municipality,
        **dashboard_certification(municipality=municipality),
    }
    if _is_htmx(request):
        return render(
            request, "reports/partials/_dashboard_certification.html", context
        )
    return render(request, "reports/dashboard_certification.html", context)


@require_GET
def regional(request, county_id: int):
    county = dashboard_regional.regional_county(user=request.user, county_id=county_id)
    reference = reference_get(country=county.country)
    filters, form = _filters(request, reference.rollup.years)
    context = {
        "regional": dashboard_regional.regional_get(
            county=county, filters=filters, reference=reference
        ),
        "county": county,
        "form": form,
        "threshold": settings.SMALL_CELL_THRESHOLD,
    }
    if _is_htmx(request):
        return render(request, "reports/partials/_dashboard_regional.html", context)
    return render(request, "reports/regional.html", context)


@require_GET
def region_programme_dashboard(request, pk: int):
    """A regional programme's dashboard: its members' published figures."""
    programme = regional_programme_get(user=request.user, pk=pk)
    reference = reference_get(country=programme.county.country)
    filters, form = _filters(request, reference.rollup.years)
    context = {
        "programme": programme,
        "region": dashboard_region_programme.region_programme_dashboard_get(
            user=request.user, programme=programme, reference=reference, filters=filters
        ),
        "form": form,
        "threshold": settings.SMALL_CELL_THRESHOLD,
    }
    if _is_htmx(request):
        return render(request, "reports/partials/_region_programme.html", context)
    return render(request, "reports/region_programme.html", context)


@require_GET
def region_annual_report(request, pk: int, year: int | None = None):
    """A regional programme's year: its own reports and each member's figures."""
    programme = regional_programme_get(user=request.user, pk=pk)
    reference = reference_get(country=programme.county.country)
    if year is None:
        year = default_filters(years=reference.rollup.years).last_year
    if not YearForm({"year": year}).is_valid():
        raise Http404
    report = dashboard_region_annual_report.region_annual_report_get(
        user=request.user, programme=programme, year=year, reference=reference
    )
    context = {"programme": programme, "report": report}
    return render(request, "reports/region_annual_report.html", context)


@require_GET
def initiative_follow_up(request, pk: int):
    initiative = dashboard_follow_up.follow_up_initiative(user=request.user, pk=pk)
    context = {
        "follow_up": dashboard_follow_up.follow_up_get(initiative=initiative),
        "threshold": settings.SMALL_CELL_THRESHOLD,
    }
    if _is_htmx(request):
        return render(request, "reports/partials/_follow_up.html", context)
    return render(request, "reports/dashboard_follow_up.html", context)


@require_GET
def regional_home(request):
    counties = dashboard_regional.regional_counties(user=request.user)
    if len(counties) == 1:
        return redirect("reports:regional", county_id=counties[0].pk)
    return render(request, "reports/regional_list.html", {"counties": counties})
