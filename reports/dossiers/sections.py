"""Section builders of dossiers and annual reports (see `dossiers/build.py`).

Each builder takes a municipality and returns a `Section`, or None when the
municipality has nothing for it (no programme, no rows).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from injuries.models import Population
from programmes.indicators import indicator_series
from programmes.models import InitiativeReport, Programme
from safecommunity.core.models import Document, Municipality

from .. import charts


@dataclass(frozen=True)
class Section:
    """One part of a PDF: its anchor key, heading, template and data."""

    key: str
    title: str
    template: str
    data: dict[str, Any]


def _programme(municipality: Municipality):
    return Programme.objects.filter(municipality=municipality).first()


def _date(value: datetime.date | None) -> str:
    """A date as the reader writes it (the builders run in the PDF's language)."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def municipal_profile(municipality: Municipality) -> Section:
    """Municipality, county, country and population of the latest year."""
    data: dict[str, Any] = {
        "name": municipality.name,
        "code": municipality.code,
        "county": municipality.county.name,
        "county_code": municipality.county.code,
        "country": municipality.county.country.name,
        "valid_from": _date(municipality.valid_from),
        "valid_to": _date(municipality.valid_to),
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
    programme = _programme(municipality)
    if programme is None:
        return None
    letter = programme.letter_of_intent
    data = {
        "status": programme.get_status_display(),
        "start_date": _date(programme.start_date),
        "council_decision_date": _date(programme.council_decision_date),
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
    programme = _programme(municipality)
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
    programme = _programme(municipality)
    if programme is None:
        return None
    rows = [
        {
            "name": m.name,
            "title": m.title,
            "organisation": m.organisation,
            "role": m.get_role_display(),
            "sector": m.get_sector_display(),
            "term_start": _date(m.term_start),
            "term_end": _date(m.term_end),
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
    programme = _programme(municipality)
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


def _initiative_row(initiative) -> dict[str, Any]:
    return {
        "title": initiative.title,
        "status": initiative.get_status_display(),
        "start_date": _date(initiative.start_date),
        "end_date": _date(initiative.end_date),
        "reach": initiative.reach,
        "description": initiative.description,
        "reports": [
            {
                "period_start": _date(r.period_start),
                "period_end": _date(r.period_end),
                "activities": r.activities,
                "results": r.results,
                "reach": r.reach,
            }
            for r in initiative.reports.all()
        ],
    }


def initiatives(municipality: Municipality) -> Section | None:
    """Initiatives grouped by focus area, each with its reports, and a chart."""
    programme = _programme(municipality)
    if programme is None:
        return None
    queryset = (
        programme.initiatives.select_related("focus_area")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=InitiativeReport.objects.order_by("period_start", "id"),
            )
        )
        .order_by("focus_area__priority", "focus_area_id", "start_date", "id")
    )
    # One group (and one table in the PDF) per focus area; many small tables
    # make the PDF slow, so reports are rows of their area's table.
    groups: dict[int | None, dict[str, Any]] = {}
    for initiative in queryset:
        group = groups.setdefault(
            initiative.focus_area_id,
            {
                "title": initiative.focus_area.title
                if initiative.focus_area
                else _("Without focus area"),
                "initiatives": [],
            },
        )
        group["initiatives"].append(_initiative_row(initiative))
    if not groups:
        return None
    areas = [g for key, g in groups.items() if key is not None]
    if None in groups:
        areas.append(groups[None])
    bars = sorted(
        ((a["title"], len(a["initiatives"])) for a in areas),
        key=lambda item: (-item[1], item[0]),
    )[:10]
    chart = charts.bar_chart(
        chart_id="initiatives-by-area",
        title=_("Initiatives by focus area"),
        description=_("Number of initiatives in each focus area."),
        bars=bars,
    )
    return Section(
        "initiatives",
        _("Initiatives and reports"),
        "pdf/sections/initiatives.html",
        {
            "areas": areas,
            "chart": chart,
            "by_area": bars,
            "count": sum(len(a["initiatives"]) for a in areas),
            "report_count": sum(
                len(i["reports"]) for a in areas for i in a["initiatives"]
            ),
        },
    )


def outcome_indicators(municipality: Municipality) -> Section | None:
    """Outcome indicators over time against their comparison values, with charts.

    Values come from the programmes app's disclosure-controlled selector, so a
    value whose n is below the threshold never reaches the PDF.
    """
    indicators: dict[int, dict[str, Any]] = {}
    for series in indicator_series(municipality=municipality):
        if not series.rows:
            continue
        indicator = series.indicator
        indicators[indicator.pk] = {
            "key": indicator.key,
            "name": indicator.name,
            "unit": indicator.get_unit_display(),
            "source": indicator.source,
            "rows": [
                {
                    "year": value.year,
                    "value": float(value.value),
                    "n": value.n,
                    "comparison": (
                        float(value.comparison_value)
                        if value.comparison_value is not None
                        else None
                    ),
                    "scope": value.get_comparison_scope_display(),
                }
                for value in series.rows
            ],
        }
    if not indicators:
        return None
    for entry in indicators.values():
        series = [
            charts.Series(
                municipality.name, [(r["year"], r["value"]) for r in entry["rows"]]
            )
        ]
        if any(r["comparison"] is not None for r in entry["rows"]):
            series.append(
                charts.Series(
                    _("Comparison"),
                    [(r["year"], r["comparison"]) for r in entry["rows"]],
                    dashed=True,
                )
            )
        entry["chart"] = charts.line_chart(
            chart_id=f"indicator-{entry['key']}",
            title=entry["name"],
            description=_("Yearly values against the comparison value."),
            series=series,
        )
    return Section(
        "outcome-indicators",
        _("Outcome indicators"),
        "pdf/sections/indicators.html",
        {"indicators": list(indicators.values())},
    )


def documents_appendix(municipality: Municipality) -> Section:
    """Appendix: every document attached to the municipality."""
    rows = [
        {
            "title": d.title,
            "file_name": d.original_name,
            "uploaded": _date(timezone.localdate(d.uploaded_at)),
            "size": d.size,
        }
        for d in Document.objects.filter(municipality=municipality).order_by(
            "uploaded_at", "id"
        )
    ]
    return Section(
        "appendix",
        _("Appendix: attached documents"),
        "pdf/sections/appendix.html",
        {"rows": rows},
    )
