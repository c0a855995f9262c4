"""The administration deletes selections larger than a request may carry ids."""

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from injuries.models import Population, Registration, Source
from safecommunity.core.models import AuditEntry
from tests.factories.injuries import RegistrationFactory

pytestmark = pytest.mark.django_db

MANY = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 200


def _registrations(municipality, count, source):
    Registration.objects.bulk_create(
        RegistrationFactory.build(
            municipality=municipality, source=source, external_id=f"{source}{i}"
        )
        for i in range(count)
    )


def _select_all(client, url, model):
    """What the changelist posts after "Select all N": the page's ids, the
    flag, and the filters in the address."""
    page_ids = list(model.objects.order_by("-pk").values_list("pk", flat=True)[:100])
    return client.post(
        url,
        {
            "action": "delete_selected",
            "select_across": "1",
            "index": "0",
            ACTION_CHECKBOX_NAME: page_ids,
        },
    )


def test_deleting_all_imported_registrations_of_a_filter(
    client_for, secretariat, municipality
):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    _registrations(municipality, MANY, Source.IMPORT)
    _registrations(municipality, 5, Source.FORM)
    client = client_for(secretariat)
    url = reverse("admin:injuries_registration_changelist") + "?source__exact=import"

    confirmation = _select_all(client, url, Registration)
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert f"{MANY} injury registrations will be deleted" in page
    assert page.count(f'name="{ACTION_CHECKBOX_NAME}"') == 1  # not one per row
    assert Registration.objects.count() == MANY + 5  # nothing yet

    # The confirmation posts back what it rendered, to the same address.
    form = {
        ACTION_CHECKBOX_NAME: confirmation.context["selected"],
        "select_across": "1",
        "action": "delete_selected",
        "expected": str(MANY),
        "post": "yes",
    }
    done = client.post(url, form, follow=True)
    assert f"Successfully deleted {MANY} injury registrations." in (
        done.content.decode()
    )
    assert not Registration.objects.filter(source=Source.IMPORT).exists()
    assert Registration.objects.filter(source=Source.FORM).count() == 5
    entry = AuditEntry.objects.get(action="delete")
    assert (entry.actor, entry.before["rows"]) == (secretariat, MANY)
    assert entry.before["query"] == "source__exact=import"


def test_a_selection_that_changed_is_confirmed_again(
    client_for, secretariat, municipality
):
    _registrations(municipality, 30, Source.IMPORT)
    client = client_for(secretariat)
    url = reverse("admin:injuries_registration_changelist") + "?source__exact=import"
    form = {
        ACTION_CHECKBOX_NAME: [Registration.objects.first().pk],
        "select_across": "1",
        "action": "delete_selected",
        "expected": "29",
        "post": "yes",
    }
    again = client.post(url, form)
    assert "30 injury registrations will be deleted" in again.content.decode()
    assert Registration.objects.count() == 30


def test_a_few_checked_rows_delete_only_those(client_for, secretariat, municipality):
    _registrations(municipality, 10, Source.IMPORT)
    chosen = list(Registration.objects.values_list("pk", flat=True)[:3])
    client = client_for(secretariat)
    url = reverse("admin:injuries_registration_changelist")
    confirm = client.post(
        url,
        {"action": "delete_selected", "index": "0", ACTION_CHECKBOX_NAME: chosen},
    )
    assert "3 injury registrations will be deleted" in confirm.content.decode()
    client.post(
        url,
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: chosen,
            "expected": "3",
            "post": "yes",
        },
    )
    assert Registration.objects.count() == 7
    assert not Registration.objects.filter(pk__in=chosen).exists()


def test_population_figures_of_a_year_are_deleted_all_at_once(
    client_for, secretariat, municipality
):
    Population.objects.bulk_create(
        Population(municipality=municipality, year=year, sex=sex, age=age, count=9)
        for year in (2023, 2024)
        for sex in ("M", "F", "T")
        for age in range(121)
    )
    per_year = 3 * 121
    client = client_for(secretariat)
    url = reverse("admin:injuries_population_changelist") + "?year=2024"
    confirmation = _select_all(client, url, Population)
    assert f"{per_year} population figures will be deleted" in (
        confirmation.content.decode()
    )
    client.post(
        url,
        {
            ACTION_CHECKBOX_NAME: confirmation.context["selected"],
            "select_across": "1",
            "action": "delete_selected",
            "expected": str(per_year),
            "post": "yes",
        },
    )
    assert set(Population.objects.values_list("year", flat=True)) == {2023}


def test_a_coordinator_cannot_reach_the_action(client_for, coordinator, municipality):
    _registrations(municipality, 3, Source.IMPORT)
    response = client_for(coordinator).post(
        reverse("admin:injuries_registration_changelist"),
        {
            "action": "delete_selected",
            "select_across": "1",
            "index": "0",
            ACTION_CHECKBOX_NAME: [Registration.objects.first().pk],
        },
    )
    assert response.status_code in (302, 403, 404)
    assert Registration.objects.count() == 3


def test_an_imports_rows_are_reached_from_the_import_and_deleted(
    client_for, secretariat, municipality
):
    from tests.factories.injuries import ImportJobFactory

    job = ImportJobFactory(created_by=secretariat, status="done")
    _registrations(municipality, 20, Source.IMPORT)
    Registration.objects.filter(
        external_id__in=[f"import{i}" for i in range(12)]
    ).update(import_job=job)
    client = client_for(secretariat)
    jobs = client.get(reverse("admin:injuries_importjob_changelist")).content.decode()
    url = reverse("admin:injuries_registration_changelist") + (
        f"?import_job__id__exact={job.pk}"
    )
    assert f'href="{url}"' in jobs
    assert client.get(url).status_code == 200
    confirmation = _select_all(client, url, Registration)
    assert "12 injury registrations will be deleted" in confirmation.content.decode()
    client.post(
        url,
        {
            ACTION_CHECKBOX_NAME: confirmation.context["selected"],
            "select_across": "1",
            "action": "delete_selected",
            "expected": "12",
            "post": "yes",
        },
    )
    assert not Registration.objects.filter(import_job=job).exists()
    assert Registration.objects.count() == 8
