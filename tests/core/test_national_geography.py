"""The national map: every Norwegian municipality since 1990 with its history,
every Swedish municipality and län, loaded by `migrate`."""

import datetime
import json
import shutil

import pytest
from django.db.models import Q
from django.urls import reverse
from tablib import Dataset

from safecommunity.core.admin import MunicipalityResource
from safecommunity.core.geography import DATA_DIR, national_geography_load
from safecommunity.core.lineage import successor_on
from safecommunity.core.models import County, Municipality, Role
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2026, 1, 1)


def _valid_on(queryset, day):
    return queryset.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def _get(country, code):
    return Municipality.objects.get(country__code=country, code=code)


def _successors(municipality):
    return sorted(municipality.successors.values_list("code", flat=True))


def test_the_map_of_2026_after_migrate():
    municipalities = Municipality.objects.all()
    counties = County.objects.all()

    assert _valid_on(municipalities.filter(country__code="NO"), DAY).count() == 357
    assert _valid_on(municipalities.filter(country__code="SE"), DAY).count() == 290
    assert _valid_on(counties.filter(country__code="NO"), DAY).count() == 15
    assert _valid_on(counties.filter(country__code="SE"), DAY).count() == 21
    # 2017: 426 municipalities; 2020: 356
    assert (
        _valid_on(municipalities.filter(country__code="NO"), D(2017, 6, 1)).count()
        == 426
    )
    assert (
        _valid_on(municipalities.filter(country__code="NO"), D(2020, 6, 1)).count()
        == 356
    )


def test_re_merged_into_tonsberg_which_was_renumbered():
    re = _get("NO", "0716")
    tonsberg_2020 = _get("NO", "3803")
    tonsberg = _get("NO", "3905")

    # 0716 was Våle before 1990; Ramnes joined it as Re in 2002.
    assert (re.name, re.valid_from, re.valid_to) == ("Re", None, D(2019, 12, 31))
    assert _successors(_get("NO", "0718")) == ["0716"]
    assert _successors(re) == ["3803"]
    assert _successors(_get("NO", "0704")) == ["3803"]
    assert (tonsberg_2020.valid_from, tonsberg_2020.valid_to) == (
        D(2020, 1, 1),
        D(2023, 12, 31),
    )
    assert _successors(tonsberg_2020) == ["3905"]
    assert (tonsberg.valid_from, tonsberg.valid_to) == (D(2024, 1, 1), None)
    assert successor_on(re, D(2025, 6, 1)) == tonsberg
    assert successor_on(re, D(2021, 6, 1)) == tonsberg_2020


def test_a_municipality_is_in_its_county_of_the_time():
    assert _get("NO", "0716").county.code == "07"
    assert _get("NO", "3803").county.code == "38"
    assert _get("NO", "3905").county.code == "39"
    vestfold, vestfold_telemark, new_vestfold = (
        County.objects.get(country__code="NO", code=code) for code in ("07", "38", "39")
    )
    assert (vestfold.valid_from, vestfold.valid_to) == (None, D(2019, 12, 31))
    assert (vestfold_telemark.valid_from, vestfold_telemark.valid_to) == (
        D(2020, 1, 1),
        D(2023, 12, 31),
    )
    assert (new_vestfold.name, new_vestfold.valid_from, new_vestfold.valid_to) == (
        "Vestfold",
        D(2024, 1, 1),
        None,
    )


def test_faerder_and_the_split_of_alesund():
    assert _successors(_get("NO", "0722")) == ["0729"]
    faerder = _get("NO", "0729")
    assert (faerder.valid_from, faerder.valid_to) == (D(2018, 1, 1), D(2019, 12, 31))
    assert _successors(_get("NO", "1507")) == ["1508", "1580"]


def test_a_name_change_is_no_link_and_the_latest_name_wins():
    # Ringsaker gave land to Hamar in 1992 and went on until 2020 (3411).
    assert _successors(_get("NO", "0412")) == ["3411"]
    assert _get("NO", "0412").valid_to == D(2019, 12, 31)
    for municipality in Municipality.objects.filter(country__code="NO"):
        assert municipality.code not in _successors(municipality)


def test_placeholders_are_not_municipalities():
    assert not Municipality.objects.filter(code__startswith="99").exists()


def test_codes_shared_across_countries_are_two_municipalities():
    skiptvet, botkyrka = _get("NO", "0127"), _get("SE", "0127")

    assert (skiptvet.name, botkyrka.name) == ("Skiptvet", "Botkyrka")
    assert botkyrka.county.code == "01"
    assert botkyrka.county.country.code == "SE"
    assert _get("SE", "0780").county.name == "Kronobergs län"


def test_loading_again_changes_nothing():
    before = list(
        Municipality.objects.order_by("pk").values_list(
            "pk", "country", "county", "code", "name", "valid_from", "valid_to"
        )
    )
    links = Municipality.successors.through.objects.count()

    result = national_geography_load()

    assert not result.changed
    after = list(
        Municipality.objects.order_by("pk").values_list(
            "pk", "country", "county", "code", "name", "valid_from", "valid_to"
        )
    )
    assert after == before
    assert Municipality.successors.through.objects.count() == links


def test_a_newer_classification_version_adds_only_its_changes(tmp_path):
    directory = tmp_path / "geography"
    shutil.copytree(DATA_DIR, directory)
    versions = directory / "no-klass-131"
    latest = json.loads((versions / "versions-2024.json").read_text(encoding="utf-8"))
    items = [
        i for i in latest["classificationItems"] if i["code"] not in {"3905", "3911"}
    ]
    items.append({"code": "3912", "name": "Tønsberg og Færder"})
    (versions / "versions-2026.json").write_text(
        json.dumps({"validFrom": "2026-01-01", "classificationItems": items}),
        encoding="utf-8",
    )
    changes_file = versions / "changes-1971-2025.json"
    changes = json.loads(changes_file.read_text(encoding="utf-8"))
    for old, name in (("3905", "Tønsberg"), ("3911", "Færder")):
        changes["codeChanges"].append(
            {
                "oldCode": old,
                "oldName": name,
                "newCode": "3912",
                "newName": "Tønsberg og Færder",
                "changeOccurred": "2026-01-01",
            }
        )
    changes_file.write_text(json.dumps(changes), encoding="utf-8")
    count = Municipality.objects.count()

    result = national_geography_load(directory=directory)

    assert (result.created, result.updated, result.links_created) == (1, 2, 2)
    assert Municipality.objects.count() == count + 1
    assert _get("NO", "3905").valid_to == D(2025, 12, 31)
    assert _successors(_get("NO", "3905")) == ["3912"]
    assert _successors(_get("NO", "3911")) == ["3912"]
    assert _get("NO", "3912").valid_from == D(2026, 1, 1)
    assert _get("NO", "0716").valid_to == D(2019, 12, 31)


def test_admin_import_keys_on_country_and_code():
    dataset = Dataset(
        headers=["country", "code", "name", "county", "valid_from", "valid_to"]
    )
    dataset.append(["SE", "0127", "Botkyrka kommun", "01", "", ""])

    result = MunicipalityResource().import_data(dataset, dry_run=False)

    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert _get("SE", "0127").name == "Botkyrka kommun"
    assert _get("SE", "0127").county.country.code == "SE"
    assert _get("NO", "0127").name == "Skiptvet"


def test_urls_carry_the_country_where_the_code_alone_is_ambiguous(client, secretariat):
    client.force_login(secretariat)
    botkyrka, skiptvet = _get("SE", "0127"), _get("NO", "0127")

    assert reverse("core:municipality-detail", args=[botkyrka]).endswith("/SE-0127/")
    assert reverse("core:municipality-detail", args=[skiptvet]).endswith("/0127/")
    for key, name in (
        ("SE-0127", "Botkyrka"),
        ("NO-0127", "Skiptvet"),
        ("0127", "Skiptvet"),
        ("0780", "Växjö"),
    ):
        response = client.get(reverse("core:municipality-detail", args=[key]))
        assert response.status_code == 200, key
        assert response.context["municipality"].name == name
    assert (
        client.get(reverse("core:municipality-detail", args=["DK-0127"])).status_code
        == 404
    )


def test_the_list_marks_ceased_municipalities_and_can_hide_them(client_for):
    client = client_for(UserFactory(role=Role.SECRETARIAT))
    url = reverse("core:municipality-list")
    every = client.get(url, {"q": "Re"}, HTTP_ACCEPT_LANGUAGE="en")
    found = {m.code: m for m in every.context["page_obj"]}
    assert "0716" in found
    assert "Ceased 12/31/2019" in every.content.decode()
    current = client.get(url, {"q": "Re", "current": "on"})
    codes = {m.code for m in current.context["page_obj"]}
    assert "0716" not in codes
    assert codes  # Today's municipalities whose name holds "re" stay.
    assert all(m.valid_to is None for m in current.context["page_obj"])
