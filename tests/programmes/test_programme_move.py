"""The secretariat carries a ceased municipality's programme over to its
successor in the administration; the move is audited and its case follows."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from programmes.models import Programme
from safecommunity.core.lineage import successors_valid_on
from safecommunity.core.models import AuditEntry
from tests.factories.core import CountryFactory, CountyFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "admin:programmes_programme_changelist"


@pytest.fixture
def merger():
    """Re and old Tønsberg became Tønsberg (3803) in 2020, renumbered 3905 in
    2024; Ålesund split in two in 2024 (a test country, so the real map stays)."""
    country = CountryFactory(code="XX", name="Testland")
    county = CountyFactory(code="39", country=country)
    make = MunicipalityFactory
    re = make(county=county, code="0716", name="Re", valid_to=D(2019, 12, 31))
    old = make(county=county, code="0704", name="Tønsberg", valid_to=D(2019, 12, 31))
    mid = make(
        county=county,
        code="3803",
        name="Tønsberg",
        valid_from=D(2020, 1, 1),
        valid_to=D(2023, 12, 31),
    )
    today = make(county=county, code="3905", name="Tønsberg", valid_from=D(2024, 1, 1))
    re.successors.add(mid)
    old.successors.add(mid)
    mid.successors.add(today)
    split = make(county=county, code="1507", name="Ålesund", valid_to=D(2023, 12, 31))
    halves = [
        make(county=county, code=code, name=name, valid_from=D(2024, 1, 1))
        for code, name in (("1508", "Ålesund"), ("1580", "Haram"))
    ]
    split.successors.add(*halves)
    return {"re": re, "today": today, "split": split, "halves": halves, "mid": mid}


def _move(client, programme, **data):
    return client.post(
        reverse(URL),
        {"action": "move_to_successor", ACTION_CHECKBOX_NAME: [programme.pk], **data},
    )


def test_successors_follow_renumberings_and_splits(merger):
    on = D(2026, 1, 1)
    assert successors_valid_on(merger["re"], on) == [merger["today"]]
    assert [m.code for m in successors_valid_on(merger["split"], on)] == [
        "1508",
        "1580",
    ]
    assert successors_valid_on(merger["today"], on) == []
    assert successors_valid_on(merger["re"], D(2021, 6, 1)) == [merger["mid"]]


def test_the_secretariat_moves_re_s_programme_to_tonsberg(
    merger, secretariat, client_for
):
    programme = Programme.objects.create(municipality=merger["re"], status="certified")
    client = client_for(secretariat)
    asked = _move(client, programme)
    assert asked.status_code == 200
    assert "3905" in asked.content.decode()

    done = _move(
        client, programme, apply="1", successor=merger["today"].pk, comment="Merger"
    )
    assert done.status_code == 302
    programme.refresh_from_db()
    assert programme.municipality == merger["today"]
    assert programme.status == "certified"
    entry = AuditEntry.objects.get(object_id=str(programme.pk), comment="Merger")
    assert entry.actor == secretariat
    assert entry.municipality == merger["today"]
    assert entry.before["municipality"] == "XX-0716 Re"
    assert entry.after["municipality"] == "XX-3905 Tønsberg"


def test_a_split_asks_which_half_and_refuses_anything_else(
    merger, secretariat, client_for
):
    programme = Programme.objects.create(municipality=merger["split"])
    client = client_for(secretariat)
    page = _move(client, programme).content.decode()
    assert "1508" in page
    assert "1580" in page
    refused = _move(client, programme, apply="1", successor=merger["today"].pk)
    assert refused.status_code == 200  # the form again, with its error
    programme.refresh_from_db()
    assert programme.municipality == merger["split"]
    _move(client, programme, apply="1", successor=merger["halves"][1].pk)
    programme.refresh_from_db()
    assert programme.municipality.code == "1580"


def test_nothing_moves_onto_a_programme_or_from_a_living_municipality(
    merger, secretariat, client_for
):
    Programme.objects.create(municipality=merger["today"])
    re_programme = Programme.objects.create(municipality=merger["re"])
    client = client_for(secretariat)
    response = _move(client, re_programme, apply="1", successor=merger["today"].pk)
    assert response.status_code == 302
    re_programme.refresh_from_db()
    assert re_programme.municipality == merger["re"]
    living = Programme.objects.get(municipality=merger["today"])
    followed = client.get(response.url)
    assert "already has a programme" in followed.content.decode()
    _move(client, living, apply="1", successor=merger["today"].pk)
    assert Programme.objects.get(pk=living.pk).municipality == merger["today"]
    assert not AuditEntry.objects.filter(comment__startswith="Moved").exists()


def test_only_the_secretariat_reaches_it(merger, coordinator, client_for):
    programme = Programme.objects.create(municipality=merger["re"])
    response = _move(
        client_for(coordinator), programme, apply="1", successor=merger["today"].pk
    )
    assert response.status_code == 302
    assert "/login/" in response.url
    programme.refresh_from_db()
    assert programme.municipality == merger["re"]
