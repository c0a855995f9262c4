"""The registration form's coded fields: labels in the user's language in,
codes stored; a clear error naming the field when nothing fits."""

import pytest
from django.urls import reverse

from injuries.forms import RegistrationForm
from injuries.models import Code, Registration

pytestmark = pytest.mark.django_db


def _post(client, municipality, language, **coded):
    client.cookies["django_language"] = language
    data = {
        "injury_date": "2024-02-03",
        "municipality": municipality.pk,
        "age": "30",
        "sex": "F",
        "contact_cause": "accident",
        "place": "home_inside",
        "activity": "other",
        "mechanism": "F2",
        "severity": "minor",
        **coded,
    }
    url = reverse("injuries:registration-create", kwargs={"code": municipality.code})
    return client.post(url, data)


@pytest.mark.parametrize(
    ("language", "coded", "stored"),
    [
        ("nb", {"contact_cause": "ulykke"}, {"contact_cause": "accident"}),
        ("nb", {"severity": "moderat"}, {"severity": "moderate"}),
        ("nb", {"severity": "  MODERAT (AIS 2) "}, {"severity": "moderate"}),
        (
            "nb",
            {"place": "Bolig ute", "transport": "elsparkesykkel"},
            {"place": "home_outside", "transport": "e_scooter"},
        ),
        (
            "sv",
            {"severity": "Måttlig", "place": "lekplats", "mechanism": "Fall från höjd"},
            {"severity": "moderate", "place": "playground", "mechanism": "F1"},
        ),
        (
            "sv",
            {"contact_cause": "olycksfall", "activity": "Idrott på fritiden"},
            {"contact_cause": "accident", "activity": "sport_leisure"},
        ),
        (
            "en",
            {"mechanism": "fall on same level", "severity": "serious"},
            {"mechanism": "F2", "severity": "serious"},
        ),
        (
            "en",
            {"place": "road_traffic", "mechanism": "p"},
            {"place": "road_traffic", "mechanism": "P"},
        ),
    ],
)
def test_labels_in_the_users_language_store_the_code(
    client_for, coordinator, municipality, language, coded, stored
):
    response = _post(client_for(coordinator), municipality, language, **coded)
    assert response.status_code == 302
    saved = Registration.objects.get()
    assert {field: getattr(saved, field) for field in stored} == stored


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "Alvorlighetsgrad: ingenting i listen passer med «svimmel»."),
        ("sv", "Svårighetsgrad: ingenting i listan passar med ”svimmel”."),
        ("en", "Severity: nothing in the list matches “svimmel”."),
    ],
)
def test_an_unknown_label_is_refused_naming_the_field(
    client_for, coordinator, municipality, language, expected
):
    response = _post(
        client_for(coordinator), municipality, language, severity="svimmel"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"severity"}
    assert expected in errors["severity"][0]
    assert expected in response.content.decode().replace("&quot;", '"')
    assert not Registration.objects.exists()


def test_a_word_that_fits_several_entries_names_them(
    client_for, coordinator, municipality
):
    response = _post(client_for(coordinator), municipality, "en", mechanism="fall")
    error = response.context["form"].errors["mechanism"][0]
    assert "Fall from height" in error
    assert "Fall on same level" in error
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("language", "option"),
    [("nb", "Moderat (AIS 2)"), ("sv", "Måttlig (AIS 2)"), ("en", "Moderate")],
)
def test_the_list_offers_labels_in_the_users_language(
    client_for, coordinator, municipality, language, option
):
    client = client_for(coordinator)
    client.cookies["django_language"] = language
    page = client.get(
        reverse("injuries:registration-create", kwargs={"code": municipality.code})
    ).content.decode()
    assert 'list="id_severity_list"' in page
    assert f'<option value="{option}"></option>' in page
    assert (
        "moderate" not in page.split('id="id_severity_list"')[1].split("</datalist>")[0]
    )


def test_a_stored_code_is_shown_as_its_label(municipality):
    from django.utils import translation

    from safecommunity.core.models import Municipality

    with translation.override("sv"):
        form = RegistrationForm(
            municipalities=Municipality.objects.all(), initial={"place": "school"}
        )
        assert 'value="Skola, förskola, fritidshem"' in str(form["place"])


def test_every_code_has_a_swedish_label():
    assert not Code.objects.filter(label_sv="").exists()
