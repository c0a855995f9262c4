"""The municipality and its programme: profile, overview, focus areas,
management group, organisation, and the appendix of its documents."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from injuries.models import Population
from safecommunity.core.models import County, Document, Municipality

from .base import Section, programme_of, reader_date


def municipal_profile(municipality: Municipality) -> Section:
    """Municipality, county, country and population of the latest year."""
    data: dict[str, Any] = {
        "name": municipality.name,
        "code": municipality.code,
        "county": municipality.county.name,
        "county_code": municipality.county.code,
        "country": municipality.county.country.name,
        "valid_from": reader_date(municipality.valid_from),
        "valid_to": reader_date(municipality.valid_to),
        "predecessors": [str(m) for m in municipality.predecessors.all()],
        "population": None,
        "population_year": None,
    }
    rows = Population.objects.filter(municipality=municipality)
    year = rows.aggregate(year=Max("year"))["year"]
    if year is not None:
        data["population_year"] = year
        data["population"] = rows.filter(year=year).aggregate(n=Sum("count"))["n"]
    return Section("profile", _("Municipal profile"), "pdf/sections/profile.html", data)


def programme_overview(municipality: Municipality) -> Section | None:
    """Status, start, council decision and description of the programme."""
    programme = programme_of(municipality)
    if programme is None:
        return None
    letter = programme.letter_of_intent
    data = {
        "status": programme.get_status_display(),
        "start_date": reader_date(programme.start_date),
        "council_decision_date": reader_date(programme.council_decision_date),
        "council_decision_reference": programme.council_decision_reference,
        "description": programme.description,
        "coordinators": [
            u.get_full_name() or u.username
            for u in programme.coordinators.order_by("last_name", "username")
        ],
        "letter_of_intent": str(letter) if letter else "",
    }
    return Section("programme", _("Programme"), "pdf/sections/programme.html", data)


def focus_areas(municipality: Municipality) -> Section | None:
    """The prioritised focus areas with the reason for each priority."""
    programme = programme_of(municipality)
    if programme is None:
        return None
    rows = [
        {"priority": f.priority, "title": f.title, "reason": f.reason}
        for f in programme.focus_areas.all()
    ]
    if not rows:
        return None
    return Section(
        "focus-areas", _("Focus areas"), "pdf/sections/focus_areas.html", {"rows": rows}
    )


def management_group(municipality: Municipality) -> Section | None:
    """Members of the cross-sector management group."""
    programme = programme_of(municipality)
    if programme is None:
        return None
    rows = [
        {
            "name": m.name,
            "title": m.title,
            "organisation": m.organisation,
            "role": m.get_role_display(),
            "sector": m.get_sector_display(),
            "term_start": reader_date(m.term_start),
            "term_end": reader_date(m.term_end),
        }
        for m in programme.members.all()
    ]
    if not rows:
        return None
    return Section(
        "management-group",
        _("Management group"),
        "pdf/sections/management_group.html",
        {"rows": rows},
    )


def organisation(municipality: Municipality) -> Section | None:
    """Working groups and partners of the programme."""
    programme = programme_of(municipality)
    if programme is None:
        return None
    groups = [
        {
            "name": g.name,
            "mandate": g.mandate,
            "focus_area": g.focus_area.title if g.focus_area else "",
            "members": g.member_count,
        }
        for g in programme.working_groups.select_related("focus_area").annotate(
            member_count=Count("members")
        )
    ]
    partners = [
        {
            "organisation": p.organisation,
            "kind": p.get_kind_display(),
            "contribution": p.contribution,
        }
        for p in programme.partners.all()
    ]
    if not groups and not partners:
        return None
    return Section(
        "organisation",
        _("Working groups and partners"),
        "pdf/sections/organisation.html",
        {"groups": groups, "partners": partners},
    )


def documents_appendix(municipality: Municipality | County) -> Section:
    """Appendix: every document attached to the municipality (or to a
    regional programme's county)."""
    owner = (
        {"county": municipality, "municipality": None}
        if isinstance(municipality, County)
        else {"municipality": municipality}
    )
    rows = [
        {
            "title": d.title,
            "file_name": d.original_name,
            "uploaded": reader_date(timezone.localdate(d.uploaded_at)),
            "size": d.size,
        }
        for d in Document.objects.filter(**owner).order_by("uploaded_at", "id")
    ]
    return Section(
        "appendix",
        _("Appendix: attached documents"),
        "pdf/sections/appendix.html",
        {"rows": rows},
    )
