"""A regional programme's county and its members: the profile, the local
groups, and each member's published injury figures and programme year.

Every injury figure is a published one, as the region's dashboard shows it:
each member's as its own dashboard shows it, and their sum only where every
member shows its own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from injuries.models import Population
from programmes.selectors.regions import member_programme_years, region_overview
from safecommunity.core.models import County

from ...dashboards.common import default_filters
from ...dashboards.reference import reference_get
from ...dashboards.region_programme import region_programme_dashboard_get
from .base import Section, programme_of


def regional_profile(county: County) -> Section | None:
    """The county, its country and the member municipalities with inhabitants."""
    programme = programme_of(county)
    if programme is None:
        return None
    members = list(programme.member_municipalities.order_by("name"))
    year = Population.objects.filter(municipality__in=members).aggregate(
        year=Max("year")
    )["year"]
    counts = dict(
        Population.objects.filter(municipality__in=members, year=year)
        .values("municipality_id")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("municipality_id", "n")
    )
    data: dict[str, Any] = {
        "name": county.name,
        "code": county.code,
        "country": county.country.name,
        "population_year": year,
        "population": sum(counts.values()) if counts else None,
        "members": [
            {"name": m.name, "code": m.code, "population": counts.get(m.pk)}
            for m in members
        ],
    }
    return Section(
        "profile", _("Regional profile"), "pdf/sections/regional_profile.html", data
    )


def local_groups(county: County) -> Section | None:
    """Each member municipality's local working groups and who is in them."""
    programme = programme_of(county)
    if programme is None:
        return None
    overview = region_overview(user=AnonymousUser(), programme=programme)
    rows = [
        {
            "municipality": row.municipality.name,
            "groups": [
                {
                    "name": group.name,
                    "organisations": sorted(
                        {
                            m.organisation or str(m.get_sector_display())
                            for m in group.members.all()
                        }
                    ),
                }
                for group in row.local_groups
            ],
        }
        for row in overview.members
    ]
    return Section(
        "local-groups",
        _("Member municipalities and their local groups"),
        "pdf/sections/local_groups.html",
        {"rows": rows},
    )


def member_injuries(county: County) -> Section | None:
    """The members' published injury figures of the period, each and added up."""
    programme = programme_of(county)
    if programme is None:
        return None
    region = region_programme_dashboard_get(
        user=AnonymousUser(),
        programme=programme,
        reference=reference_get(country=county.country),
    )
    return Section(
        "member-injuries",
        _("Injuries in the member municipalities"),
        "pdf/sections/member_injuries.html",
        {
            "first_year": region.filters.first_year,
            "last_year": region.filters.last_year,
            "members": [
                {
                    "name": row.municipality.name,
                    "count": row.cell.display if row.cell else "–",
                    "rate": row.cell.rate_display if row.cell else "–",
                }
                for row in region.members
            ],
            "by_year": [
                {"year": cell.label, "count": cell.display}
                for cell in region.by_year.cells
            ],
            "total": region.total.display if region.total else "–",
        },
    )


def member_programmes(county: County) -> Section | None:
    """What each member's own programme reported in the last complete year."""
    programme = programme_of(county)
    if programme is None:
        return None
    reference = reference_get(country=county.country)
    year = default_filters(years=reference.rollup.years).last_year
    own = member_programme_years(programme=programme, year=year)
    rows = [
        {
            "name": m.name,
            "has_programme": m.pk in own,
            "initiatives": own[m.pk].initiatives_reported if m.pk in own else 0,
            "reach": own[m.pk].reach if m.pk in own else 0,
            "meetings": own[m.pk].meetings if m.pk in own else 0,
        }
        for m in programme.member_municipalities.order_by("name")
    ]
    return Section(
        "member-programmes",
        _("The member municipalities' own programmes"),
        "pdf/sections/member_programmes.html",
        {"year": year, "rows": rows},
    )
