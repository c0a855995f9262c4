"""Undoing an import: who may, until when, what it removes and what it records."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from injuries import services
from injuries.models import ImportJob, Registration
from safecommunity.core.models import AuditEntry, Role
from tests.factories.core import UserFactory
from tests.factories.injuries import RegistrationFactory

pytestmark = pytest.mark.django_db


def _import(client, files, name, ids):
    """Upload a file and confirm it, as a user does; the job."""
    rows = [files.row(external_id) for external_id in ids]
    client.post(
        reverse("injuries:import-upload"),
        {"file": SimpleUploadedFile(name, files.csv(rows))},
    )
    job = ImportJob.objects.get(original_name=name)
    client.post(reverse("injuries:import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done"
    return job


@pytest.fixture
def imported(client_for, coordinator, municipality, files):
    """The coordinator's import of 15 rows beside an earlier one of 3 rows and
    a registration entered in the form."""
    client = client_for(coordinator)
    earlier = _import(client, files, "earlier.csv", ["e1", "e2", "e3"])
    RegistrationFactory(municipality=municipality, external_id="typed")
    job = _import(client, files, "skader.csv", [f"n{i}" for i in range(15)])
    return client, job, earlier


def _detail(client, job) -> str:
    response = client.get(reverse("injuries:import-detail", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_own_import_is_offered_confirmed_and_undone_in_one_audited_step(
    imported, coordinator
):
    client, job, earlier = imported
    undo_url = reverse("injuries:import-undo", args=[job.pk])
    assert f'href="{undo_url}"' in _detail(client, job)

    confirm = client.get(undo_url)
    assert "15 registrations will be removed." in confirm.content.decode()
    assert Registration.objects.filter(import_job=job).count() == 15  # GET keeps

    response = client.post(undo_url, follow=True)
    page = response.content.decode()
    assert "The import was undone: 15 registrations were removed." in page
    assert "15 registrations were removed." in page
    assert f'href="{undo_url}"' not in page
    job.refresh_from_db()
    assert (job.status, job.undone_by, job.undone_count) == ("undone", coordinator, 15)
    assert job.undone_at is not None
    # Only this import's rows went; the earlier import and the typed row stay.
    assert not Registration.objects.filter(import_job=job).exists()
    assert Registration.objects.filter(import_job=earlier).count() == 3
    assert Registration.objects.filter(external_id="typed").exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.actor == coordinator
    assert entry.object_id == str(job.pk)
    assert entry.before["file"] == "skader.csv"
    assert entry.before["registrations"] == 15
    assert entry.comment.endswith("skader.csv, 15 registrations removed")


def test_undo_twice_removes_once(imported):
    client, job, earlier = imported
    undo_url = reverse("injuries:import-undo", args=[job.pk])
    client.post(undo_url)
    again = client.post(undo_url, follow=True)
    assert "This import has already been undone." in again.content.decode()
    assert client.get(undo_url).status_code == 200  # says why, offers nothing
    assert "Remove the registrations" not in client.get(undo_url).content.decode()
    assert AuditEntry.objects.filter(action="delete").count() == 1
    assert Registration.objects.filter(import_job=earlier).count() == 3


@pytest.mark.parametrize("who", ["colleague", "other_coordinator"])
def test_others_cannot_see_or_undo_the_import(
    imported, request, client_for, municipality, who
):
    _client, job, _earlier = imported
    if who == "colleague":  # another coordinator of the same municipality
        user = UserFactory(
            username="colleague", role=Role.COORDINATOR, municipalities=[municipality]
        )
    else:
        user = request.getfixturevalue(who)
    other = client_for(user)
    assert (
        other.get(reverse("injuries:import-detail", args=[job.pk])).status_code == 404
    )
    undo_url = reverse("injuries:import-undo", args=[job.pk])
    assert other.get(undo_url).status_code == 404
    assert other.post(undo_url).status_code == 404
    assert Registration.objects.filter(import_job=job).count() == 15


def test_the_secretariat_sees_why_it_cannot_undo_anothers_import(
    imported, client_for, secretariat
):
    _client, job, _earlier = imported
    admin = client_for(secretariat)
    page = _detail(admin, job)
    assert "Only the person who made the import can undo it." in page
    assert reverse("injuries:import-undo", args=[job.pk]) + '"' not in page
    admin.post(reverse("injuries:import-undo", args=[job.pk]))
    assert Registration.objects.filter(import_job=job).count() == 15


def test_after_the_days_the_page_says_until_when_it_could_be_undone(imported, settings):
    client, job, _earlier = imported
    settings.IMPORT_UNDO_DAYS = 3
    ImportJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=3, minutes=1)
    )
    page = _detail(client, job)
    assert "An import can be undone for 3 days" in page
    assert 'href="' + reverse("injuries:import-undo", args=[job.pk]) not in page
    refused = client.post(
        reverse("injuries:import-undo", args=[job.pk]), follow=True
    ).content.decode()
    assert "An import can be undone for 3 days" in refused
    assert Registration.objects.filter(import_job=job).count() == 15
    ImportJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert 'href="' + reverse("injuries:import-undo", args=[job.pk]) in _detail(
        client, job
    )


def test_a_user_who_lost_the_municipality_is_told_why(imported, coordinator):
    client, job, _earlier = imported
    coordinator.municipalities.clear()
    page = _detail(client, job)
    assert "You may no longer change the registrations of" in page
    client.post(reverse("injuries:import-undo", args=[job.pk]))
    assert Registration.objects.filter(import_job=job).count() == 15


def test_a_checked_file_offers_no_undo(client_for, coordinator, municipality, files):
    client = client_for(coordinator)
    client.post(
        reverse("injuries:import-upload"),
        {"file": SimpleUploadedFile("check.csv", files.csv([files.row("x")]))},
    )
    job = ImportJob.objects.get()
    assert "Undo this import" not in _detail(client, job)
    undo_url = reverse("injuries:import-undo", args=[job.pk])
    page = client.get(undo_url).content.decode()
    assert "Only a finished import can be undone." in page
    assert "Remove the registrations" not in page
    refused = client.post(undo_url, follow=True).content.decode()
    assert "Only a finished import can be undone." in refused
    job.refresh_from_db()
    assert job.status == "checked"


def test_rows_go_in_one_statement_per_chunk_without_being_read(
    imported, coordinator, monkeypatch
):
    _client, job, earlier = imported
    monkeypatch.setattr(services.imports, "UNDO_CHUNK", 4)
    table = Registration._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        removed = services.import_job_undo(actor=coordinator, job=job)
    assert removed == 15
    statements = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
    deletes = [s for s in statements if s.startswith("DELETE")]
    assert len(deletes) == 4  # 4 + 4 + 4 + 3
    # Apart from the count per municipality, no statement reads the rows.
    reads = [s for s in statements if s.startswith("SELECT")]
    assert len(reads) == 1
    assert "COUNT(" in reads[0]
    assert Registration.objects.filter(import_job=earlier).count() == 3


def test_the_statistics_data_version_moves_with_the_undo(imported, coordinator):
    from safecommunity.core.data_versions import INJURIES, data_stamp

    _client, job, _earlier = imported
    before = data_stamp(INJURIES)[INJURIES]
    services.import_job_undo(actor=coordinator, job=job)
    assert data_stamp(INJURIES)[INJURIES] != before
