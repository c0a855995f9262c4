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
    assert client_for(mayor).post(url, {"description": "x"}).status_code == 403
    assert not Programme.objects.exists()


def test_stale_programme_edit_is_refused(client_for, coordinator, programme):
    url = reverse("programmes:programme-edit", args=[programme.municipality.code])
    client = client_for(coordinator)
    data = {"description": "Første", "version": programme.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "description": "Andre"})
    assert response.status_code == 409
    programme.refresh_from_db()
    assert programme.description == "Første"


def test_the_programme_form_does_not_offer_the_status(
    client_for, coordinator, programme
):
    from programmes.forms.programme import ProgrammeForm

    assert (
        "status"
        not in ProgrammeForm(
            instance=programme, municipality=programme.municipality
        ).fields
    )
    url = reverse("programmes:programme-edit", args=[programme.municipality.code])
    assert 'name="status"' not in client_for(coordinator).get(url).content.decode()


def test_a_coordinator_cannot_set_the_programmes_status(
    client_for, coordinator, programme
):
    before = programme.status
    url = reverse("programmes:programme-edit", args=[programme.municipality.code])
    response = client_for(coordinator).post(
        url,
        {"status": "certified", "description": "Ny", "version": programme.version},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.description == "Ny"  # the rest was saved
    assert programme.status == before != "certified"


def test_programme_status_moves_only_along_the_table(coordinator, programme):
    import pytest

    from programmes.services.programme import ProgrammeStatusError, programme_status_set
    from safecommunity.core.models import AuditEntry

    programme.status = Programme.Status.INTERESTED
    programme.save()
    with pytest.raises(ProgrammeStatusError):
        programme_status_set(
            programme=programme, to_status="certified", actor=coordinator
        )
    programme_status_set(
        programme=programme, to_status="working_towards", actor=coordinator
    )
    with pytest.raises(ProgrammeStatusError):  # no way back by hand
        programme_status_set(
            programme=programme, to_status="interested", actor=coordinator
        )
    programme_status_set(
        programme=programme, to_status="certified", actor=None, by_certification=True
    )
    programme.refresh_from_db()
    assert programme.status == "certified"
    moves = AuditEntry.objects.filter(object_repr=str(programme), action="update")
    assert [e.after["status"] for e in moves.order_by("id")] == [
        "working_towards",
        "certified",
    ]


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
