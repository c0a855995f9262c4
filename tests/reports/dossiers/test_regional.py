"""A regional programme's accreditation dossier and annual report: the county,
its members and their local groups, the eight steps and the members'
published injury figures, built by the worker and read back from the PDF."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.dossiers import services
from reports.models import DossierJob
from safecommunity.core.models import Role
from safecommunity.core.pdf import pdf_rendering_allowed
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.programmes import (
    FocusAreaFactory,
    ProgrammeFactory,
    RegionalProgrammeFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)
from tests.reports.dashboards.test_dashboard import inhabit, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(county, municipality):
    second = MunicipalityFactory(county=county, code="3998", name="Nabovik")
    for m in (municipality, second):
        inhabit(m, range(2021, 2024))
    register(municipality, 2022, 40)
    register(second, 2022, 25)
    programme = RegionalProgrammeFactory(
        county=county, members=[municipality, second], description="Én modell"
    )
    FocusAreaFactory(programme=programme, title="Trygg oppvekst")
    group = WorkingGroupFactory(
        programme=programme, local_municipality=second, name="Lokalgruppe Nabovik"
    )
    WorkingGroupMemberFactory(working_group=group, organisation="Politiet i Nabovik")
    ProgrammeFactory(municipality=municipality)
    return programme


def _text(job: DossierJob) -> str:
    with pdf_rendering_allowed():
        assert services.dossier_job_build(job_id=job.pk) == DossierJob.Status.READY
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    "kind", [DossierJob.Kind.DOSSIER, DossierJob.Kind.ANNUAL_REPORT]
)
def test_the_regional_pdf_names_the_county_and_each_member(
    region, county, regional, private_media, kind
):
    job = services.dossier_request(
        county=county, actor=regional, kind=kind, language="nb", enqueue=False
    )
    assert job.area == county
    text = _text(job)
    for expected in ("Vestfold", "Egenby", "Nabovik", "Lokalgruppe Nabovik"):
        assert expected in text
    assert "Politiet i Nabovik" in text
    assert "Trygg oppvekst" in text
    assert "65" in text  # the members' sum, as both show their own


def test_the_page_builds_and_offers_the_regional_pdf(
    client_for, region, regional, private_media, django_capture_on_commit_callbacks
):
    url = reverse("reports:region-dossier", args=[region.pk])
    client = client_for(regional)
    page = client.get(url)
    assert page.status_code == 200
    assert "Vestfold" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, {"kind": "dossier"})
    assert response.status_code == 302
    job = DossierJob.objects.get(county=region.county)
    _text(job)
    html = client.get(url).content.decode()
    download = reverse("reports:region-dossier-download", args=[region.pk, job.pk])
    assert download in html
    pdf = client.get(download)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_outsiders_find_no_regional_dossier(
    client_for, region, other_coordinator, regional, private_media
):
    job = services.dossier_request(county=region.county, actor=regional, enqueue=False)
    client = client_for(other_coordinator)
    for url in (
        reverse("reports:region-dossier", args=[region.pk]),
        reverse("reports:region-dossier-job", args=[region.pk, job.pk]),
        reverse("reports:region-dossier-download", args=[region.pk, job.pk]),
    ):
        assert client.get(url).status_code == 404


def test_a_member_coordinator_builds_it_too(client_for, region, coordinator):
    url = reverse("reports:region-dossier", args=[region.pk])
    assert client_for(coordinator).get(url).status_code == 200
    outsider = UserFactory(role=Role.MANAGEMENT)
    assert client_for(outsider).get(url).status_code == 404
