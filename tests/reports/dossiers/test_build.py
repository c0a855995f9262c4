"""Dossier content from live data, and a real PDF read back."""

import datetime
import io

import pytest
from django.utils import translation
from django.utils.formats import date_format
from pypdf import PdfReader

from reports.dossiers import build as dossier
from reports.dossiers import services
from reports.models import DossierJob
from safecommunity.core.pdf import pdf_rendering_allowed
from tests.factories.reports import documents_create

ACTIVITIES = (
    "Hjemmebesøk, styrke- og balansetrening og gjennomgang av legemidler hos "
    "eldre hjemmeboende, i samarbeid med frivillige og hjemmetjenesten. "
)


def _build(municipality, **kwargs) -> DossierJob:
    job = services.dossier_request(
        municipality=municipality, actor=None, enqueue=False, **kwargs
    )
    with pdf_rendering_allowed():
        services.dossier_job_build(job_id=job.pk)
    job.refresh_from_db()
    return job


def content_has_steps(text: str, language: str = "nb") -> bool:
    from certification.models import Step

    with translation.override(language):
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


def _decided_case(programme):
    """A certified case with a statement, points for improvement and a decision."""
    from certification.models import CaseStatus, ImprovementPoint, Statement
    from tests.factories.certification import CaseFactory, satisfy_guards

    case = CaseFactory(programme=programme, status=CaseStatus.MEETING_HELD)
    for status in (CaseStatus.STATEMENT_WRITTEN, CaseStatus.APPROVED):
        satisfy_guards(case, status)
    statement = Statement.objects.get(case=case)
    ImprovementPoint.objects.create(
        statement=statement, order=1, text="Styrk rapporteringen fra skolene."
    )
    satisfy_guards(case, CaseStatus.CERTIFIED)
    return case


def test_statement_and_decision_appear_in_the_pdf(dossier_data, municipality):
    case = _decided_case(dossier_data)
    certificate = case.certificates.get()
    content = dossier.dossier_content(
        municipality=municipality, kind=DossierJob.Kind.DOSSIER, language="en"
    )
    keys = [s.key for s in content.sections]
    assert keys[-2:] == ["certification-decision", "appendix"]

    job = _build(municipality, language="en")
    text, _pages = _pdf_text(job)
    flat = " ".join(text.split())
    assert "Statement and decision" in flat
    assert "God forankring." in flat
    assert "Approve" in flat
    assert "Oppfylt." in flat
    assert "Styrk rapporteringen fra skolene." in flat
    assert "Approved" in flat
    assert "Begrunnelse." in flat
    assert certificate.number in flat
    with translation.override("en"):
        expires = date_format(certificate.expires_on, "SHORT_DATE_FORMAT")
    assert expires in flat  # in the reader's format, not ISO


def test_statement_section_is_left_out_without_a_statement(dossier_data, municipality):
    from certification.models import CaseStatus
    from tests.factories.certification import CaseFactory

    CaseFactory(programme=dossier_data, status=CaseStatus.MEETING_HELD)
    content = dossier.dossier_content(
        municipality=municipality, kind=DossierJob.Kind.DOSSIER, language="en"
    )
    assert "certification-decision" not in [s.key for s in content.sections]


def _initiatives_create(programme, start: int, count: int) -> None:
    from programmes.models import Initiative, InitiativeReport

    areas = list(programme.focus_areas.all())
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            programme=programme,
            title=f"Tiltak nr. {n:03d}",
            focus_area=areas[n % len(areas)] if n % 7 else None,
            measure_type="structural",
            start_date=datetime.date(2020 + n % 5, 1 + n % 12, 1),
            status=Initiative.Status.RUNNING,
            reach=10 + n,
        )
        for n in range(start, start + count)
    )
    InitiativeReport.objects.bulk_create(
        InitiativeReport(
            initiative=initiative,
            period_start=initiative.start_date,
            period_end=initiative.start_date + datetime.timedelta(days=180),
            activities=ACTIVITIES,
            results=f"Resultat av {initiative.title}.",
            reach=initiative.reach,
        )
        for initiative in initiatives
    )


def test_a_long_dossier_grows_with_the_data_and_stays_one_pdf(
    dossier_data, municipality
):
    _initiatives_create(dossier_data, 1, 10)
    small = _build(municipality, language="en")
    _small_text, small_pages = _pdf_text(small)

    _initiatives_create(dossier_data, 11, 170)
    documents_create(municipality, 200)
    large = _build(municipality, language="en")
    text, pages = _pdf_text(large)

    assert large.file.name != small.file.name
    assert large.page_count == pages
    assert small_pages < 20
    assert 40 <= pages <= 80
    flat = " ".join(text.split())
    # Every initiative and every report is in the one file, in focus-area tables.
    for n in range(1, 181):
        assert f"Tiltak nr. {n:03d}" in flat
        assert f"Resultat av Tiltak nr. {n:03d}." in flat
    assert "Without focus area" in flat
    assert "Vedlegg 199" in flat
    assert "Appendix: attached documents" in flat


def test_indicator_values_with_small_n_never_reach_the_dossier(municipality):
    from programmes.models import Indicator, IndicatorValue
    from reports.dossiers.sections.initiatives import outcome_indicators
    from tests.factories.programmes import ProgrammeFactory

    ProgrammeFactory(municipality=municipality)
    indicator = Indicator.objects.first()
    IndicatorValue.objects.create(
        indicator=indicator, municipality=municipality, year=2016, value=21.5, n=120
    )
    IndicatorValue.objects.create(
        indicator=indicator, municipality=municipality, year=2017, value=33.3, n=3
    )
    section = outcome_indicators(municipality)
    rows = [r for entry in section.data["indicators"] for r in entry["rows"]]
    assert [r["year"] for r in rows] == [2016]
    assert all(r["n"] >= 5 for r in rows)


def test_a_small_year_keeps_the_injury_section_and_hides_only_what_it_must(
    municipality,
):
    from injuries.statistics import build_report
    from reports.dossiers.sections.injuries import injury_statistics
    from tests.factories.injuries import RegistrationFactory

    RegistrationFactory.create_batch(
        30, municipality=municipality, injury_date=datetime.date(2022, 3, 1)
    )
    RegistrationFactory.create_batch(
        2, municipality=municipality, injury_date=datetime.date(2023, 3, 1)
    )
    section = injury_statistics(municipality)
    assert section is not None
    report = build_report(
        scope="municipality",
        code=municipality.code,
        name=municipality.name,
        municipality_ids=[municipality.pk],
    )
    assert report.total.count is None  # 32 - 30 would give the 2
    assert {c.key: c.display for c in report.by_year.cells} == {
        "2022": "30",
        "2023": "<5",
    }


def test_injury_section_is_counted_once_per_data_version(municipality):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.dossiers.sections.injuries import injury_statistics
    from tests.factories.injuries import RegistrationFactory

    RegistrationFactory.create_batch(
        30, municipality=municipality, injury_date=datetime.date(2022, 3, 1)
    )
    first = injury_statistics(municipality)
    with CaptureQueriesContext(connection) as again:
        assert injury_statistics(municipality).data == first.data
    assert not any("injuries_registration" in q["sql"] for q in again.captured_queries)
    RegistrationFactory.create_batch(
        6, municipality=municipality, injury_date=datetime.date(2022, 4, 1)
    )
    assert injury_statistics(municipality).data["total"] == "36"
