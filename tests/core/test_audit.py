"""The audit trail: recorded by services, readable by the secretariat, never editable."""

import pytest
from django.urls import reverse

from safecommunity.core.models import AuditEntry
from safecommunity.core.services import audit_record, model_snapshot


@pytest.fixture
def entry(coordinator, municipality):
    before = model_snapshot(municipality)
    municipality.name = "Nytt navn"
    municipality.save()
    return audit_record(
        actor=coordinator,
        action=AuditEntry.Action.UPDATE,
        obj=municipality,
        before=before,
        after=model_snapshot(municipality),
        municipality=municipality,
    )


@pytest.fixture
def admin_user(secretariat):
    secretariat.is_staff = True
    secretariat.is_superuser = True
    secretariat.save()
    return secretariat


def test_entry_records_who_and_what_changed(entry, coordinator):
    assert entry.actor == coordinator
    assert [(str(label), old, new) for label, old, new in entry.changed_fields()] == [
        ("name", "Egenby", "Nytt navn")
    ]


def test_secretariat_reads_the_trail(client_for, admin_user, entry):
    client = client_for(admin_user)
    listing = client.get(reverse("admin:core_auditentry_changelist"))
    assert listing.status_code == 200
    assert "Nytt navn" in listing.content.decode()


def test_the_trail_cannot_be_changed_or_deleted(client_for, admin_user, entry):
    client = client_for(admin_user)
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    response = client.post(change, {"comment": "tampered"})
    assert response.status_code == 403
    delete = client.post(
        reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    entry.refresh_from_db()
    assert entry.comment == ""
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("fixture", ["coordinator", "mayor", "regional", "certifier"])
def test_other_roles_do_not_reach_the_trail(request, client_for, entry, fixture):
    client = client_for(request.getfixturevalue(fixture))
    response = client.get(reverse("admin:core_auditentry_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_secretariat_role_reaches_the_administration_without_staff_flag(
    client_for, secretariat
):
    assert not secretariat.is_staff
    client = client_for(secretariat)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:core_municipality_changelist")).status_code == 200


def test_history_shows_field_labels_and_choice_labels(coordinator, municipality):
    from django.utils import translation

    coordinator_before = model_snapshot(coordinator)
    coordinator.role = "management"
    entry = audit_record(
        actor=coordinator,
        action=AuditEntry.Action.UPDATE,
        obj=coordinator,
        before=coordinator_before,
        after=model_snapshot(coordinator),
    )
    with translation.override("nb"):
        [(label, old, new)] = entry.changed_fields()
        assert (str(label), str(old), str(new)) == (
            "rolle",
            "Koordinator",
            "Ordfører / medlem av styringsgruppen",
        )
