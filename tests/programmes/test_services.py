"""Writes: every one goes through a service and leaves an audit entry."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from programmes.models import Indicator, IndicatorValue, Initiative, InitiativeTag
from programmes.services import initiatives as initiative_services
from programmes.services import organisation as organisation_services
from programmes.services import programme as programme_services
from safecommunity.core.locking import StaleEditError
from safecommunity.core.models import AuditEntry, Document
from safecommunity.core.selectors import audit_entries_for


def _fields(focus_area, **overrides):
    """Everything the initiative form submits, with `overrides`."""
    fields = {
        "title": "Balance training",
        "focus_area": focus_area,
        "measure_type": "behaviour",
        "status": "planned",
        "start_date": datetime.date(2025, 1, 1),
        "end_date": None,
        "description": "",
        "working_group": None,
        "budget": None,
        "funding_source": "",
        "reach": None,
        "responsible_person": "",
        "target_codes": [],
        "partners": [],
        "arenas": ["home", "nursing_home"],
        "age_groups": ["80+"],
        "sectors": [],
        "smart_principles": [],
        "wellbeing_words": [],
    }
    fields.update(overrides)
    return fields


def test_create_and_update_write_before_and_after(coordinator, programme, focus_area):
    initiative = initiative_services.initiative_create(
        actor=coordinator, programme=programme, **_fields(focus_area)
    )
    assert initiative.created_by == coordinator
    updated = initiative_services.initiative_update(
        actor=coordinator,
        initiative=initiative,
        **_fields(focus_area, status="running", arenas=["home"]),
        expected_version=1,
    )
    assert updated.version == 2
    entry = audit_entries_for(obj=initiative).get(action="update")
    assert entry.before["status"] == "planned"
    assert entry.after["status"] == "running"
    assert entry.before["arenas"] == ["home", "nursing_home"]
    assert entry.after["arenas"] == ["home"]
    assert entry.municipality == programme.municipality
    assert ("status", "Planned", "Running") in entry.changed_fields()


def test_stale_version_is_refused_and_nothing_changes(coordinator, initiative):
    initiative_services.initiative_update(
        actor=coordinator,
        initiative=initiative,
        **_fields(initiative.focus_area, title="A"),
        expected_version=1,
    )
    with pytest.raises(StaleEditError):
        initiative_services.initiative_update(
            actor=coordinator,
            initiative=initiative,
            **_fields(initiative.focus_area, title="B"),
            expected_version=1,
        )
    initiative.refresh_from_db()
    assert initiative.title == "A"
    assert initiative.version == 2


def test_end_before_start_is_refused_by_the_service(coordinator, programme, focus_area):
    with pytest.raises(ValidationError):
        initiative_services.initiative_create(
            actor=coordinator,
            programme=programme,
            **_fields(
                focus_area,
                start_date=datetime.date(2025, 5, 1),
                end_date=datetime.date(2025, 4, 1),
            ),
        )
    assert not Initiative.objects.exists()


def test_unknown_tag_values_are_ignored(coordinator, programme, focus_area):
    initiative = initiative_services.initiative_create(
        actor=coordinator,
        programme=programme,
        **_fields(focus_area, arenas=["home", "moon"]),
    )
    assert initiative.tag_values(InitiativeTag.Kind.ARENA) == ["home"]


def test_refused_attachment_stores_nothing(coordinator, initiative, media):
    with pytest.raises(ValidationError):
        initiative_services.initiative_attach(
            actor=coordinator,
            initiative=initiative,
            upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00"),
        )
    assert not Document.objects.exists()
    assert not initiative.attachments.exists()


def test_report_update_refuses_stale_version(coordinator, initiative):
    values = {
        "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 6, 30),
        "activities": "Kurs",
    }
    report = initiative_services.report_create(
        actor=coordinator, initiative=initiative, **values
    )
    edited = {**values, "results": "", "obstacles": "", "next_steps": ""}
    initiative_services.report_update(
        actor=coordinator, report=report, **edited, reach=10, expected_version=1
    )
    with pytest.raises(StaleEditError):
        initiative_services.report_update(
            actor=coordinator, report=report, **edited, reach=20, expected_version=1
        )
    report.refresh_from_db()
    assert report.reach == 10


def test_organisation_writes_are_audited(coordinator, programme, media):
    member = organisation_services.member_create(
        actor=coordinator,
        programme=programme,
        name="Ordfører",
        role="chair",
        sector="other",
    )
    meeting = organisation_services.meeting_create(
        actor=coordinator,
        programme=programme,
        date=datetime.date(2025, 2, 1),
        attendees=[member],
        minutes_upload=SimpleUploadedFile("referat.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    group = organisation_services.working_group_create(
        actor=coordinator, programme=programme, name="Trafikk"
    )
    organisation_services.working_group_member_create(
        actor=coordinator,
        working_group=group,
        name="Eva",
        sector="police",
    )
    partner = organisation_services.partner_create(
        actor=coordinator, programme=programme, organisation="Gjensidige"
    )
    organisation_services.partner_update(
        actor=coordinator,
        partner=partner,
        organisation=partner.organisation,
        kind=partner.kind,
        contribution="Refleksvester",
        contact_person="",
    )
    assert list(meeting.attendees.all()) == [member]
    actions = AuditEntry.objects.filter(actor=coordinator).values_list(
        "action", flat=True
    )
    assert (
        list(actions).count("create") == 6
    )  # member, minutes, meeting, group, person, partner
    assert list(actions).count("update") == 1


def test_unchanged_save_writes_no_entry(coordinator, programme, focus_area):
    programme_services.focus_area_update(
        actor=coordinator,
        focus_area=focus_area,
        title=focus_area.title,
        priority=focus_area.priority,
        reason=focus_area.reason,
    )
    assert not AuditEntry.objects.filter(action="update").exists()


def test_programme_create_and_update(coordinator, municipality):
    programme = programme_services.programme_create(
        actor=coordinator, municipality=municipality, coordinators=[coordinator]
    )
    values = {
        "start_date": datetime.date(2025, 1, 1),
        "coordinators": [coordinator],
        "council_decision_date": None,
        "council_decision_reference": "",
        "description": "Trygg i hele kommunen",
    }
    programme_services.programme_update(
        actor=coordinator,
        programme=programme,
        **values,
        expected_version=programme.version,
    )
    programme.refresh_from_db()
    assert programme.status == "interested"
    assert programme.description == "Trygg i hele kommunen"
    entry = audit_entries_for(obj=programme).get(action="update")
    assert entry.after["start_date"] == "2025-01-01"
    with pytest.raises(StaleEditError):
        programme_services.programme_update(
            actor=coordinator, programme=programme, **values, expected_version=1
        )


def test_indicator_value_set_corrects_an_existing_value(coordinator, municipality):
    lonely = Indicator.objects.get(key="ungdata-lonely")
    for value in (25, 24):
        programme_services.indicator_value_set(
            actor=coordinator,
            indicator=lonely,
            municipality=municipality,
            year=2013,
            value=value,
            n=500,
        )
    assert IndicatorValue.objects.get().value == 24
    assert AuditEntry.objects.filter(action="update").count() == 1
