"""What goes into a dossier or annual report, assembled from live data.

A PDF is a list of sections. Each section comes from one builder function
`(municipality) -> Section | None`; a builder returns None when its data (or
the app or model holding it) is not there, and the section is left out. To add
a section, write a builder in the module of its subject under `sections/`, give it
a template in `templates/pdf/sections/`, and add it to `DOSSIER_SECTIONS` or
`ANNUAL_REPORT_SECTIONS`. Everything a section shows must be in `Section.data`
(plain JSON-ready values), because the data fingerprint that decides whether a
stored PDF can be reused is computed from it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from safecommunity.core.models import County, Municipality

from ..models import DossierJob
from .sections import certification, initiatives, injuries, programme, regions
from .sections.base import Section

# A builder reads a municipality, or a regional programme's county.
SectionBuilder = Callable[[Any], Section | None]

DOSSIER_SECTIONS: list[SectionBuilder] = [
    programme.municipal_profile,
    programme.programme_overview,
    programme.focus_areas,
    programme.management_group,
    programme.organisation,
    certification.certification_steps,
    injuries.injury_statistics,
    initiatives.initiatives,
    initiatives.outcome_indicators,
    certification.certification_decision,
    programme.documents_appendix,
]

ANNUAL_REPORT_SECTIONS: list[SectionBuilder] = [
    programme.municipal_profile,
    programme.programme_overview,
    programme.focus_areas,
    injuries.injury_statistics,
    initiatives.initiatives,
    initiatives.outcome_indicators,
]

# A regional programme's PDFs are about its county: the same sections of the
# programme itself, and its members' profiles and published figures instead
# of one municipality's.
REGIONAL_DOSSIER_SECTIONS: list[SectionBuilder] = [
    regions.regional_profile,
    programme.programme_overview,
    programme.focus_areas,
    programme.management_group,
    programme.organisation,
    regions.local_groups,
    certification.certification_steps,
    regions.member_injuries,
    initiatives.initiatives,
    certification.certification_decision,
    programme.documents_appendix,
]

REGIONAL_ANNUAL_REPORT_SECTIONS: list[SectionBuilder] = [
    regions.regional_profile,
    programme.programme_overview,
    programme.focus_areas,
    regions.local_groups,
    regions.member_injuries,
    regions.member_programmes,
    initiatives.initiatives,
]

TEMPLATES = {
    DossierJob.Kind.DOSSIER: "pdf/dossier.html",
    DossierJob.Kind.ANNUAL_REPORT: "pdf/annual_report.html",
}


@dataclass
class DossierContent:
    """The sections of one PDF and the fingerprint of their data."""

    area: Municipality | County
    kind: str
    language: str
    sections: list[Section] = field(default_factory=list)

    @property
    def municipality(self) -> Municipality | County:
        return self.area

    @property
    def fingerprint(self) -> str:
        return content_fingerprint(self)

    @property
    def template_name(self) -> str:
        return TEMPLATES[self.kind]


def builders_for(kind: str, *, regional: bool = False) -> list[SectionBuilder]:
    """The section builders of a kind of PDF, in page order."""
    if regional:
        if kind == DossierJob.Kind.ANNUAL_REPORT:
            return REGIONAL_ANNUAL_REPORT_SECTIONS
        return REGIONAL_DOSSIER_SECTIONS
    if kind == DossierJob.Kind.ANNUAL_REPORT:
        return ANNUAL_REPORT_SECTIONS
    return DOSSIER_SECTIONS


def dossier_content(
    *,
    municipality: Municipality | None = None,
    area: Municipality | County | None = None,
    kind: str,
    language: str,
) -> DossierContent:
    """Run every builder of `kind` for the municipality (or a regional
    programme's county, `area`), in `language`."""
    subject = area if area is not None else municipality
    assert subject is not None  # noqa: S101 - one of the two is given
    content = DossierContent(area=subject, kind=kind, language=language)
    regional = isinstance(subject, County)
    with translation.override(language):
        for builder in builders_for(kind, regional=regional):
            section = builder(subject)
            if section is not None:
                content.sections.append(section)
    return content


def content_fingerprint(content: DossierContent) -> str:
    """SHA-256 of everything the PDF shows, in a canonical JSON form."""
    area = content.area
    payload: dict[str, Any] = {
        "kind": content.kind,
        "language": content.language,
        "template": content.template_name,
        "municipality": [
            area.pk,
            area.code,
            area.name,
            area.name if isinstance(area, County) else area.county.name,
        ],
        "sections": [[s.key, s.title, s.template, s.data] for s in content.sections],
    }
    encoded = json.dumps(
        payload, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def dossier_render_context(content: DossierContent, *, job: DossierJob) -> dict:
    """The template context of the PDF: cover facts, sections and the job."""
    area = content.area
    regional = isinstance(area, County)
    return {
        "municipality": area,
        "county": area if regional else area.county,
        "regional": regional,
        "kind_label": DossierJob.Kind(content.kind).label,
        "sections": content.sections,
        "job": job,
        "fingerprint": content.fingerprint,
    }
