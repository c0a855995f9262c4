"""Starting and editing a programme, focus areas, the annual report page."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.models import Programme
from tests.factories.programmes import InitiativeFactory, InitiativeReportFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_coordinator_starts_the_programme_with_a_letter_of_intent(
    client_for, coordinator, municipality, media
):
    client = client_for(coordinator)
    overview = reverse("programmes:programme-overview", args=[municipality.code])
    assert b"Start" in client.get(overview).content
    response = client.post(
        reverse("programmes:programme-edit", args=[municipality.code]),
        {
            "status": "interested",
            "start_date": "2025-01-01",
            "coordinators": [coordinator.pk],
            "letter_of_intent_upload": SimpleUploadedFile("avtale.pdf", PDF),
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get(municipality=municipality)
    assert list(programme.coordinators.all()) == [coordinator]
    assert programme.letter_of_intent.original_name == "avtale.pdf"
    page = client.get(overview).content.decode()
    assert (
        reverse("core:document-download", args=[programme.letter_of_intent.pk]) in page
    )


def test_mayor_cannot_start_a_programme(client_for, mayor, municipality):
    url = reverse("programmes:programme-edit", args=[municipality.code])
    assert client_for(mayor).post(url, {"status": "interested"}).status_code == 403
    assert not Programme.objects.exists()


def test_stale_programme_edit_is_refused(client_for, coordinator, programme):
    url = reverse("programmes:programme-edit", args=[programme.municipality.code])
    client = client_for(coordinator)
    data = {"status": "network_member", "version": programme.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "status": "certified"})
    assert response.status_code == 409
    programme.refresh_from_db()
    assert programme.status == "network_member"


def test_focus_area_is_added_and_edited(client_for, coordinator, programme):
    client = client_for(coordinator)
    url = reverse("programmes:focus-area-list", args=[programme.municipality.code])
    response = client.post(
        url, {"title": "Trafikk", "priority": 1, "reason": "Ulykker"}
    )
    assert response.status_code == 302
    area = programme.focus_areas.get()
    edit = reverse("programmes:focus-area-edit", args=[area.pk])
    client.post(edit, {"title": "Trafikk", "priority": 2, "reason": "Ulykker"})
    area.refresh_from_db()
    assert area.priority == 2


def test_annual_report_page_lists_the_years_reports(
    client_for, mayor, programme, focus_area
):
    initiative = InitiativeFactory(
        programme=programme, focus_area=focus_area, title="Refleksaksjon"
    )
    InitiativeReportFactory(initiative=initiative, activities="Delte ut 500 vester")
    InitiativeReportFactory(
        initiative=initiative,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        activities="Gammel rapport",
    )
    url = reverse("programmes:annual-report", args=[programme.municipality.code, 2024])
    html = client_for(mayor).get(url).content.decode()
    assert "Delte ut 500 vester" in html
    assert "Gammel rapport" not in html
    assert focus_area.title in html
