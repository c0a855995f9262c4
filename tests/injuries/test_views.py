"""Pages: who reaches what (role x own/other municipality), forms, imports, exports."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from injuries.models import ImportJob, Registration
from safecommunity.core.models import AuditEntry
from tests.factories.injuries import ImportJobFactory, RegistrationFactory

ROLES = (
    "secretariat",
    "coordinator",
    "other_coordinator",
    "mayor",
    "certifier",
    "regional",
)


def _status(request, client_for, role, url):
    user = request.getfixturevalue(role)
    return client_for(user).get(url).status_code


# role -> expected status for the own municipality's objects
REGISTERING = {
    "secretariat": 200,
    "coordinator": 200,
    "other_coordinator": 404,
    "mayor": 404,
    "certifier": 404,
    "regional": 404,
}
READING = {**REGISTERING, "mayor": 200, "regional": 200}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("injuries:registration-list", REGISTERING),
        ("injuries:registration-create", REGISTERING),
        ("injuries:statistics", READING),
    ],
)
def test_municipality_pages_by_role(
    request, client_for, municipality, role, url_name, expected
):
    url = reverse(url_name, kwargs={"code": municipality.code})
    assert _status(request, client_for, role, url) == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_registration_edit_by_role(request, client_for, municipality, role):
    registration = RegistrationFactory(municipality=municipality)
    url = reverse("injuries:registration-update", kwargs={"pk": registration.pk})
    assert _status(request, client_for, role, url) == REGISTERING[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url_name", ["injuries:import-detail", "injuries:import-progress"]
)
def test_an_upload_is_seen_by_its_uploader_and_the_secretariat(
    request, client_for, coordinator, role, url_name
):
    job = ImportJobFactory(created_by=coordinator, status="checked")
    url = reverse(url_name, kwargs={"pk": job.pk})
    expected = 200 if role in {"secretariat", "coordinator"} else 404
    assert _status(request, client_for, role, url) == expected


@pytest.mark.parametrize("role", ROLES)
def test_county_and_country_statistics_by_role(request, client_for, county, role):
    from tests.factories.core import MunicipalityFactory

    municipality = request.getfixturevalue("municipality")
    MunicipalityFactory(county=county, code="3981")  # not the coordinator's
    assert municipality.county == county
    county_url = reverse("injuries:statistics-county", kwargs={"pk": county.pk})
    country_url = reverse("injuries:statistics-country", kwargs={"code": "NO"})
    county_expected = 200 if role in {"secretariat", "regional"} else 404
    assert _status(request, client_for, role, county_url) == county_expected
    country_expected = 200 if role == "secretariat" else 404
    assert _status(request, client_for, role, country_url) == country_expected


def test_posting_to_another_municipality_is_not_found(
    client_for, coordinator, other_municipality
):
    registration = RegistrationFactory(municipality=other_municipality, age=50)
    client = client_for(coordinator)
    url = reverse("injuries:registration-update", kwargs={"pk": registration.pk})
    assert client.post(url, {"age": "1"}).status_code == 404
    registration.refresh_from_db()
    assert registration.age == 50


def test_the_list_costs_the_same_queries_for_1_and_50_rows(
    client_for, coordinator, municipality, django_assert_num_queries
):
    client = client_for(coordinator)
    url = reverse("injuries:registration-list", kwargs={"code": municipality.code})
    RegistrationFactory(municipality=municipality)
    client.get(url)  # warm up session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url + "?sex=F&place=home_inside").status_code == 200
    RegistrationFactory.create_batch(49, municipality=municipality)
    with django_assert_num_queries(len(one)):
        response = client.get(url + "?sex=F&place=home_inside")
    assert len(response.context["page_obj"].object_list) == 50


def test_list_filters_show_only_matching_rows(client_for, coordinator, municipality):
    RegistrationFactory(municipality=municipality, age=85, mechanism="F2")
    RegistrationFactory(municipality=municipality, age=10, mechanism="P")
    RegistrationFactory(municipality=municipality, age=12, mechanism="F2")
    client = client_for(coordinator)
    url = reverse("injuries:registration-list", kwargs={"code": municipality.code})
    response = client.get(url, {"age_band": "5-14", "mechanism": "F2"})
    assert [r.age for r in response.context["page_obj"].object_list] == [12]


def test_the_form_registers_with_defaults_and_labels(
    client_for, coordinator, municipality
):
    client = client_for(coordinator)
    url = reverse("injuries:registration-create", kwargs={"code": municipality.code})
    page = client.get(url)
    form = page.context["form"]
    assert form["municipality"].value() == municipality.pk
    assert form["injury_date"].value() is not None
    assert b"<datalist" in page.content
    assert '<option value="Fall on same level">' in page.content.decode()
    response = client.post(
        url,
        {
            "injury_date": "2024-02-03",
            "municipality": municipality.pk,
            "age": "7",
            "sex": "M",
            "contact_cause": "Accident",
            "place": "lekeplass",
            "activity": "other",
            "mechanism": "f1",
            "severity": "Liten (AIS 1)",
            "another": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    saved = Registration.objects.get()
    assert (saved.place, saved.mechanism, saved.severity) == (
        "playground",
        "F1",
        "minor",
    )
    assert (saved.source, saved.created_by) == ("form", coordinator)
    assert AuditEntry.objects.filter(action="create").count() == 1


def test_the_form_refuses_future_dates_unknown_codes_and_identity_numbers(
    client_for, coordinator, municipality, other_municipality
):
    url = reverse("injuries:registration-create", kwargs={"code": municipality.code})
    response = client_for(coordinator).post(
        url,
        {
            "injury_date": "2999-01-01",
            "municipality": other_municipality.pk,
            "age": "7",
            "sex": "M",
            "contact_cause": "no such thing",
            "place": "road",
            "activity": "other",
            "mechanism": "F1",
            "severity": "minor",
            "external_id": "010199 12345",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {
        "injury_date",
        "municipality",
        "contact_cause",
        "external_id",
    }
    assert Registration.objects.count() == 0


def _upload(client, name, data):
    url = reverse("injuries:import-upload")
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_web_import_checks_previews_and_imports_on_confirmation(
    client_for, coordinator, municipality, files
):
    client = client_for(coordinator)
    rows = [files.row(str(i)) for i in range(15)]
    response = _upload(client, "skader.csv", files.csv(rows))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("injuries:import-detail", args=[job.pk])
    assert (job.status, job.created_count, job.rows_total) == ("checked", 15, 15)
    assert Registration.objects.count() == 0
    page = client.get(response["Location"])
    assert (
        page.content.decode().count("<code>sport_leisure</code>") == 10
    )  # first rows only
    client.post(reverse("injuries:import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 15)
    assert Registration.objects.filter(import_job=job).count() == 15
    second = client.post(reverse("injuries:import-confirm", args=[job.pk]))
    assert second.status_code == 302
    assert Registration.objects.count() == 15  # confirming twice imports once


def test_web_import_lists_problems_and_offers_the_file_back(
    client_for, coordinator, municipality, files
):
    client = client_for(coordinator)
    rows = [files.row("1"), files.row("2", age="=1+1"), files.row("3", sex="?")]
    response = _upload(client, "skader.csv", files.csv(rows))
    job = ImportJob.objects.get()
    assert job.error_count == 2
    page = client.get(response["Location"]).content.decode()
    assert "=1+1" in page
    assert 'action="/injuries/imports/' not in page  # no confirm button
    download = client.get(reverse("injuries:import-errors", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    lines = list(csv.reader(io.StringIO(download.content.decode())))
    assert lines[0][-1] == "error"
    assert lines[1][-1] == ""
    assert lines[2][2] == "'=1+1"  # a spreadsheet will not run it
    assert lines[2][-1].startswith("age:")
    assert lines[3][-1].startswith("sex:")
    assert (
        client.post(reverse("injuries:import-confirm", args=[job.pk])).status_code
        == 302
    )
    assert Registration.objects.count() == 0


def test_a_refused_file_is_never_offered_back(
    client_for, coordinator, municipality, files
):
    client = client_for(coordinator)
    data = files.csv([[*files.row("1"), "01019912345"]], header=[*files.header, "fnr"])
    _upload(client, "skader.csv", data)
    job = ImportJob.objects.get()
    assert job.error_count == 1
    assert (
        client.get(reverse("injuries:import-errors", args=[job.pk])).status_code == 404
    )


def test_uploads_of_other_types_are_refused_before_reading(client_for, coordinator):
    client = client_for(coordinator)
    response = _upload(client, "makro.xlsm", b"PK\x03\x04")
    assert response.status_code == 200
    assert response.context["form"].errors
    response = _upload(client, "fake.xlsx", b"not a zip")
    assert response.context["form"].errors
    assert ImportJob.objects.count() == 0


def test_roles_without_municipalities_cannot_import(client_for, mayor, files):
    assert (
        _upload(client_for(mayor), "a.csv", files.csv([files.row()])).status_code == 404
    )


def test_export_is_suppressed_neutralised_and_audited(client_for, coordinator, county):
    from tests.factories.core import MunicipalityFactory

    risky = MunicipalityFactory(county=county, code="3998", name="=HYPERLINK(1)")
    coordinator.municipalities.add(risky)
    RegistrationFactory.create_batch(30, municipality=risky, sex="F")
    RegistrationFactory.create_batch(2, municipality=risky, sex="M")
    client = client_for(coordinator)
    url = reverse("injuries:statistics", kwargs={"code": "3998"})
    response = client.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(1)"
    counts = [row[4] for row in rows[1:]]
    assert "<5" in counts
    assert not any(c.isdigit() and 0 < int(c) < 5 for c in counts)
    xlsx = client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "'=HYPERLINK(1)"
    exports = AuditEntry.objects.filter(action="export", municipality=risky)
    assert exports.count() == 2


def test_statistics_page_has_a_chart_and_a_table_per_dimension(
    client_for, mayor, municipality
):
    RegistrationFactory.create_batch(30, municipality=municipality)
    url = reverse("injuries:statistics", kwargs={"code": municipality.code})
    page = client_for(mayor).get(url).content.decode()
    assert page.count('<canvas class="injury-chart"') == page.count("<caption>")
    assert 'type="application/json"' in page
    assert "<script>" not in page  # the CSP forbids inline scripts


def test_an_external_id_used_twice_is_a_form_error_not_a_crash(
    client_for, coordinator, municipality
):
    RegistrationFactory(municipality=municipality, external_id="LV-1")
    url = reverse("injuries:registration-create", kwargs={"code": municipality.code})
    response = client_for(coordinator).post(
        url,
        {
            "injury_date": "2024-02-03",
            "municipality": municipality.pk,
            "age": "7",
            "sex": "M",
            "contact_cause": "accident",
            "place": "road",
            "activity": "other",
            "mechanism": "F1",
            "severity": "minor",
            "external_id": "LV-1",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Registration.objects.count() == 1


def test_editing_keeps_an_audit_trail(client_for, coordinator, municipality):
    registration = RegistrationFactory(municipality=municipality, age=40)
    url = reverse("injuries:registration-update", kwargs={"pk": registration.pk})
    client = client_for(coordinator)
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(age="41", injury_date="2024-03-14")
    assert client.post(url, data).status_code == 302
    registration.refresh_from_db()
    assert (registration.age, registration.updated_by) == (41, coordinator)
    entry = AuditEntry.objects.get(action="update")
    assert (entry.before["age"], entry.after["age"]) == (40, 41)


def test_old_upload_files_are_purged_but_the_job_stays(
    client_for, coordinator, municipality, files
):
    import datetime

    from django.utils import timezone

    from injuries.tasks import import_files_purge_task

    _upload(client_for(coordinator), "skader.csv", files.csv([files.row("1")]))
    job = ImportJob.objects.get()
    stored = job.file.path
    assert import_files_purge_task.delay(days=7).get() == 0
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert import_files_purge_task.delay(days=7).get() == 1
    job.refresh_from_db()
    assert not job.file
    import os

    assert not os.path.exists(stored)
    download = client_for(coordinator).get(
        reverse("injuries:import-errors", args=[job.pk])
    )
    assert download.status_code == 404
