"""Dossier content from live data, and a real PDF read back."""

import datetime
import io

import pytest
from pypdf import PdfReader

from reports import dossier, services
from reports.models import DossierJob
from safecommunity.core.pdf import pdf_rendering_allowed
from tests.factories.reports import documents_create


def _build(municipality, **kwargs) -> DossierJob:
    job = services.dossier_request(
        municipality=municipality, actor=None, enqueue=False, **kwargs
    )
    with pdf_rendering_allowed():
        services.dossier_job_build(job_id=job.pk)
    job.refresh_from_db()
    return job


def content_has_steps(text: str) -> bool:
    from certification.models import Step

    names = [s.name for s in Step.objects.order_by("number")]
    return len(names) == 8 and all(
        name[:20] in text.replace("\n", " ") for name in names
    )


def _pdf_text(job: DossierJob) -> tuple[str, int]:
    with job.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def test_sections_from_live_data(dossier_data, municipality):
    content = dossier.dossier_content(
        municipality=municipality, kind=DossierJob.Kind.DOSSIER, language="en"
    )
    keys = [s.key for s in content.sections]
    assert keys == [
        "profile",
        "programme",
        "focus-areas",
        "management-group",
        "certification-steps",
        "initiatives",
        "outcome-indicators",
        "appendix",
    ]
    appendix = content.sections[-1]
    assert len(appendix.data["rows"]) == 3


def test_sections_without_data_are_left_out(municipality):
    content = dossier.dossier_content(
        municipality=municipality, kind=DossierJob.Kind.DOSSIER, language="nb"
    )
    assert [s.key for s in content.sections] == ["profile", "appendix"]


def test_fingerprint_is_stable_and_follows_the_data(dossier_data, municipality):
    def fingerprint(language: str = "nb") -> str:
        return dossier.dossier_content(
            municipality=municipality, kind="dossier", language=language
        ).fingerprint

    first = fingerprint()
    assert first == fingerprint()
    assert len(first) == 64
    assert fingerprint("en") != first
    documents_create(municipality, 1)
    assert fingerprint() != first


def test_a_real_dossier_pdf_is_rendered_and_read_back(dossier_data, municipality):
    job = _build(municipality, language="nb")
    assert job.status == DossierJob.Status.READY
    text, pages = _pdf_text(job)
    assert pages > 1
    assert job.page_count == pages
    assert "Egenby" in text
    assert "Fall blant eldre" in text
    assert "Trivsel på skolen" in text
    assert "Vedlegg 2" in text
    assert content_has_steps(text)
    # User text is escaped: shown as text, never interpreted.
    assert "<script>alert(1)</script>" in text.replace("\n", "")


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Appendix: attached documents"), ("nb", "Egenby")],
)
def test_dossier_is_rendered_in_the_job_language(municipality, language, heading):
    job = _build(municipality, language=language)
    text, _pages = _pdf_text(job)
    assert heading in text


def test_injury_statistics_are_published_with_small_cells_hidden(municipality):
    from injuries.models import Code, Registration

    def first_code(list_name: str) -> str:
        return Code.objects.filter(list_name=list_name).values_list("code", flat=True)[
            0
        ]

    fields = {
        name: first_code(name)
        for name in ("contact_cause", "place", "activity", "mechanism", "severity")
    }
    Registration.objects.bulk_create(
        Registration(
            municipality=municipality,
            injury_date=datetime.date(2023, 1 + i % 12, 1),
            age=30 + i,
            sex="F" if i % 2 else "M",
            **fields,
        )
        for i in range(40)
    )
    job = _build(municipality, language="en")
    text, _pages = _pdf_text(job)
    assert "Injury statistics" in text
    assert "40" in text


def test_annual_report_renders_through_the_same_path(dossier_data, municipality):
    job = _build(municipality, kind=DossierJob.Kind.ANNUAL_REPORT, language="en")
    text, pages = _pdf_text(job)
    assert job.kind == "annual_report"
    assert "Annual report" in text
    assert "Appendix" not in text
    assert pages > 1
