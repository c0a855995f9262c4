"""Forms as a user meets them: errors in their language, nothing saved on error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.models import Initiative, InitiativeReport
from safecommunity.core.models import Document
from safecommunity.core.selectors import audit_entries_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def initiative_data(focus_area, **overrides):
    data = {
        "title": "Sykkelopplæring",
        "description": "Opplæring for 5. trinn.",
        "focus_area": focus_area.pk,
        "measure_type": "behaviour",
        "status": "running",
        "start_date": "2025-03-01",
        "end_date": "2025-06-30",
        "age_groups": ["5-14"],
        "arenas": ["traffic", "school"],
        "sectors": ["school", "police"],
        "smart_principles": ["training"],
        "wellbeing_words": ["safe"],
        "budget": "15000",
        "funding_source": "Kommunen",
        "reach": "60",
        "responsible_person": "Kari",
    }
    data.update(overrides)
    return data


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def test_coordinator_creates_initiative_with_all_fields(
    coordinator_client, programme, focus_area, media
):
    from injuries.models import Code

    code = Code.objects.get(list_name="mechanism", code="P")
    data = initiative_data(focus_area, target_codes=[code.pk])
    data["attachment_upload"] = SimpleUploadedFile("plan.pdf", PDF)
    url = reverse("programmes:initiative-create", args=[programme.municipality.code])
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Sykkelopplæring")
    assert sorted(initiative.tag_values("arena")) == ["school", "traffic"]
    assert initiative.tag_values("wellbeing") == ["safe"]
    assert list(initiative.target_codes.all()) == [code]
    document = initiative.attachments.get()
    assert document.original_name == "plan.pdf"
    detail = coordinator_client.get(response["Location"])
    download = reverse("core:document-download", args=[document.pk])
    assert download.encode() in detail.content
    entry = audit_entries_for(obj=initiative).get(action="create")
    assert entry.after["arenas"] == ["school", "traffic"]
    assert entry.actor.username == "coord"


def test_errors_are_shown_in_norwegian_and_nothing_is_saved(
    coordinator_client, programme, focus_area
):
    url = reverse("programmes:initiative-create", args=[programme.municipality.code])
    response = coordinator_client.post(
        url, initiative_data(focus_area, title=""), HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert response.status_code == 400
    assert "Feltet er påkrevet." in response.content.decode()
    assert not Initiative.objects.exists()


def test_end_before_start_is_refused(coordinator_client, programme, focus_area):
    url = reverse("programmes:initiative-create", args=[programme.municipality.code])
    response = coordinator_client.post(
        url,
        initiative_data(focus_area, start_date="2025-06-01", end_date="2025-05-01"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["end_date"] == ["The end date cannot be before the start date."]
    assert not Initiative.objects.exists()


def test_report_period_end_before_start_is_refused(coordinator_client, initiative):
    url = reverse("programmes:report-create", args=[initiative.pk])
    response = coordinator_client.post(
        url,
        {"period_start": "2025-06-01", "period_end": "2025-01-01", "activities": "x"},
    )
    assert response.status_code == 400
    assert "period_end" in response.context["form"].errors
    assert not InitiativeReport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "not accepted"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "not what its name says"),
    ],
)
def test_wrong_file_type_is_refused_before_storage(
    coordinator_client, programme, focus_area, media, name, content, message
):
    url = reverse("programmes:initiative-create", args=[programme.municipality.code])
    data = initiative_data(focus_area)
    data["attachment_upload"] = SimpleUploadedFile(name, content)
    response = coordinator_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["attachment_upload"])
    assert not Initiative.objects.exists()
    assert not Document.objects.exists()
    assert not any(media.rglob("*.*"))


def test_file_over_20_mb_is_refused_before_storage(
    coordinator_client, initiative, media
):
    url = reverse("programmes:initiative-edit", args=[initiative.pk])
    page = coordinator_client.get(url)
    data = {
        k: v
        for k, v in page.context["form"].initial.items()
        if v is not None and k != "attachments"
    }
    data.update(
        focus_area=initiative.focus_area_id,
        start_date="2023-01-01",
        version=initiative.version,
        title="Changed title",
    )
    data["attachment_upload"] = SimpleUploadedFile(
        "big.pdf", PDF + b"0" * (20 * 1024 * 1024)
    )
    response = coordinator_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "larger than" in " ".join(
        response.context["form"].errors["attachment_upload"]
    )
    initiative.refresh_from_db()
    assert initiative.title == "Balance training"
    assert not Document.objects.exists()
    assert not any(media.rglob("*.*"))


def test_the_later_of_two_concurrent_edits_is_told_the_record_changed(
    client_for, coordinator, secretariat, initiative, focus_area
):
    url = reverse("programmes:initiative-edit", args=[initiative.pk])
    first, second = client_for(coordinator), client_for(secretariat)
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version
    data = initiative_data(focus_area, version=version)
    assert first.post(url, {**data, "title": "First"}).status_code == 302
    response = second.post(url, {**data, "title": "Second"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "Someone else saved this record" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title == "First"
    assert initiative.version == version + 1


def test_inline_validation_returns_the_field_with_its_error(
    coordinator_client, programme, focus_area
):
    url = reverse("programmes:initiative-validate", args=[programme.municipality.code])
    response = coordinator_client.post(
        url,
        initiative_data(
            focus_area,
            _field="end_date",
            start_date="2025-06-01",
            end_date="2025-01-01",
        ),
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="field-end_date"' in html
    assert "The end date cannot be before the start date." in html
    assert "<html" not in html
    assert not Initiative.objects.exists()


def test_form_page_has_no_inline_script_and_uses_htmx(coordinator_client, programme):
    url = reverse("programmes:initiative-create", args=[programme.municipality.code])
    html = coordinator_client.get(url).content.decode()
    assert 'hx-post="/programmes/' in html
    assert "<script>" not in html
    assert "style=" not in html


def test_report_is_added_and_shown(coordinator_client, initiative):
    url = reverse("programmes:report-create", args=[initiative.pk])
    response = coordinator_client.post(
        url,
        {
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
            "activities": "Kurs på alle skoler",
            "reach": "80",
            "results": "Færre fall",
        },
    )
    assert response.status_code == 302
    detail = coordinator_client.get(response["Location"]).content.decode()
    assert "Kurs på alle skoler" in detail


def test_duplicate_partner_name_is_refused_with_a_message(
    coordinator_client, programme
):
    url = reverse("programmes:partner-list", args=[programme.municipality.code])
    data = {"organisation": "Røde Kors", "kind": "ngo", "contribution": "Frivillige"}
    assert coordinator_client.post(url, data).status_code == 302
    response = coordinator_client.post(url, data)
    assert response.status_code == 400
    assert programme.partners.count() == 1


def test_meeting_with_minutes(coordinator_client, programme, media):
    url = reverse("programmes:meeting-create", args=[programme.municipality.code])
    response = coordinator_client.post(
        url,
        {
            "date": "2025-02-15",
            "decisions": "Handlingsplanen vedtatt",
            "minutes_upload": SimpleUploadedFile("referat.pdf", PDF),
        },
    )
    assert response.status_code == 302
    meeting = programme.meetings.get()
    assert meeting.minutes.original_name == "referat.pdf"
    assert meeting.minutes.municipality == programme.municipality
