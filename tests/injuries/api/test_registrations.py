"""Registrations through the API: the file importer's rules for JSON rows, and
a municipality's registrations page by page for those who register them."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from injuries import services
from injuries.models import ImportJob, Registration
from safecommunity.core.models import AuditEntry
from safecommunity.core.tokens import token_create
from tests.factories.injuries import RegistrationFactory

pytestmark = pytest.mark.django_db

COLUMNS = [
    "injury_date",
    "municipality",
    "age",
    "sex",
    "contact_cause",
    "place",
    "activity",
    "mechanism",
    "severity",
    "transport",
    "external_id",
]


def row(**changes) -> dict:
    values = {
        "injury_date": "2024-05-17",
        "municipality": "3999",
        "age": 34,
        "sex": "F",
        "contact_cause": "accident",
        "place": "home_inside",
        "activity": "sport_leisure",
        "mechanism": "F2",
        "severity": "minor",
        "transport": "",
        "external_id": None,
    }
    values.update(changes)
    return values


def post(secret, rows, **extra):
    return Client().post(
        "/api/v1/registrations",
        json.dumps(rows),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        **extra,
    )


@pytest.fixture
def secret(coordinator):
    return token_create(actor=coordinator, name="clinic")[1]


def test_rows_are_imported_and_audited(secret, municipality, coordinator):
    response = post(secret, [row(external_id="a1"), row(age=70, sex="M")])
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["created"], body["updated"]) == ("done", 2, 0)
    assert Registration.objects.filter(municipality=municipality).count() == 2
    assert response["Location"] == body["url"]
    job = ImportJob.objects.get(pk=body["id"])
    assert AuditEntry.objects.filter(
        action="import", object_id=str(job.pk), actor=coordinator
    ).exists()


def test_a_known_external_id_updates_instead_of_duplicating(secret, municipality):
    post(secret, [row(external_id="a1", age=30)])
    again = post(secret, [row(external_id="a1", age=31)])
    assert again.json()["updated"] == 1
    registration = Registration.objects.get(municipality=municipality)
    assert registration.age == 31


def test_any_problem_refuses_every_row_like_the_command(
    secret, municipality, tmp_path, capsys
):
    rows = [row(), row(age=200), row(place="moon", sex="X")]
    response = post(secret, rows)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert Registration.objects.count() == 0
    # The same rows as a file through import_injuries: the same problems,
    # the file's row N being the array's row N - 1.
    path = tmp_path / "rows.csv"
    lines = [",".join(COLUMNS)] + [
        ",".join("" if r[c] is None else str(r[c]) for c in COLUMNS) for r in rows
    ]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SystemExit):
        call_command("import_injuries", str(path))
    command_lines = capsys.readouterr().err.strip().splitlines()
    api_lines = [
        f"row {p['row'] + 1}, column {p['column']}: value {p['value']}: {p['reason']}"
        for p in problem["problems"]
    ]
    assert api_lines == command_lines
    assert problem["problem_count"] == len(command_lines) >= 3


def test_rows_of_a_municipality_the_user_may_not_edit_are_refused(
    secret, other_municipality
):
    response = post(secret, [row(municipality=other_municipality.code)])
    assert response.status_code == 422
    assert Registration.objects.count() == 0


def test_readers_cannot_register(mayor, municipality):
    _token, secret = token_create(actor=mayor, name="t")
    assert post(secret, [row()]).status_code == 404


def test_identity_numbers_are_refused_whole(secret):
    response = post(secret, [row(fnr="01019912345")])
    assert response.status_code == 422
    assert Registration.objects.count() == 0


def test_a_large_batch_is_queued_with_a_job_to_poll(
    secret, municipality, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services.import_runs, "SYNC_ROW_LIMIT", 2)
    rows = [row(external_id=f"r{n}") for n in range(5)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(secret, rows)
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued"
    assert Registration.objects.count() == 0
    poll = Client().get(body["url"], HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert poll.json()["status"] == "queued"
    for callback in callbacks:  # the worker's turn (eager in the tests)
        callback()
    done = Client().get(body["url"], HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert (done["status"], done["created"]) == ("done", 5)
    assert Registration.objects.count() == 5


def test_another_users_job_is_not_found(secret, other_coordinator):
    body = post(secret, [row()]).json()
    _token, theirs = token_create(actor=other_coordinator, name="t")
    response = Client().get(body["url"], HTTP_AUTHORIZATION=f"Bearer {theirs}")
    assert response.status_code == 404


def test_registrations_are_listed_page_by_page_and_audited(
    secret, municipality, coordinator
):
    made = RegistrationFactory.create_batch(5, municipality=municipality)
    client = Client()
    url = f"/api/v1/registrations/NO/{municipality.code}"
    seen, cursor = [], None
    for _page in range(4):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        response = client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {secret}")
        body = json.loads(b"".join(response.streaming_content))
        assert body["count"] == 5
        seen += [item["id"] for item in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == sorted(r.pk for r in made)
    assert (
        AuditEntry.objects.filter(
            action="export", municipality=municipality, actor=coordinator
        ).count()
        == 3
    )


def test_readers_do_not_see_registrations(mayor, municipality):
    RegistrationFactory(municipality=municipality)
    _token, secret = token_create(actor=mayor, name="t")
    response = Client().get(
        f"/api/v1/registrations/NO/{municipality.code}",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 404
