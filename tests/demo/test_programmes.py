"""Demo data and the coordinator's landing page."""

import pytest
from django.urls import reverse

from demo import core as core_demo
from demo import programmes as demo
from programmes.models import IndicatorValue, Initiative, Programme
from safecommunity.core.models import Municipality, User


@pytest.fixture
def seeded(db):
    core_demo.seed()
    demo.seed()


def _counts():
    return (
        Programme.objects.count(),
        Initiative.objects.count(),
        IndicatorValue.objects.count(),
    )


def test_seed_is_idempotent(seeded):
    before = _counts()
    demo.seed()
    assert _counts() == before


def _municipality(code):
    return Municipality.objects.get(country__code="NO", code=code)


def test_tonsberg_carries_res_full_programme(seeded):
    re = Programme.objects.get(municipality=_municipality("3905"))
    assert re.start_date.year == 2006
    assert re.meetings.filter(date__year=2006).exists()
    assert re.initiatives.count() >= 20
    assert re.members.filter(role="chair", user__username="mayor").exists()
    assert re.members.filter(role="police").exists()
    assert {"SMART oppvekst", "Trafikk", "Fall blant eldre"} <= set(
        re.working_groups.values_list("name", flat=True)
    )
    assert re.partners.count() >= 4
    assert re.meetings.exists()
    assert all(i.reports.exists() for i in re.initiatives.exclude(status="planned"))
    assert re.initiatives.filter(
        title__icontains="SMART", start_date__year=2011
    ).exists()
    # The measured SMART results were surveyed in Re, under Re's code;
    # later surveys carry the code valid in their year.
    lonely = IndicatorValue.objects.filter(indicator__key="ungdata-lonely", sex="")
    assert lonely.get(municipality=_municipality("0716"), year=2013).value == 25
    assert lonely.get(municipality=_municipality("0716"), year=2017).value == 18
    assert lonely.filter(municipality=_municipality("3803"), year=2021).exists()
    assert lonely.filter(municipality=_municipality("3905"), year=2024).exists()
    bullied = IndicatorValue.objects.filter(
        municipality=_municipality("0716"), indicator__key="ungdata-bullied", sex=""
    )
    assert bullied.get(year=2017).value * 2 <= bullied.get(year=2013).value


def test_faerder_has_its_own_programme(seeded):
    faerder = Programme.objects.get(municipality=_municipality("3911"))
    assert faerder.initiatives.exists()
    assert faerder.coordinators.filter(username="coordinator2").exists()
    assert not Programme.objects.filter(
        municipality__code__in=["0716", "0704", "3803"]
    ).exists()


def test_coordinator_lands_on_the_programme_overview(seeded, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    response = client.get(reverse("core:home"))
    assert response["Location"] == reverse(
        "programmes:programme-overview", args=["3905"]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert reverse("programmes:initiative-list", args=["3905"]).encode() in page.content


def test_demo_journey_mayor_reads_other_coordinator_gets_404(seeded, client_for):
    initiative = Initiative.objects.filter(
        programme__municipality=_municipality("3905")
    ).first()
    detail = reverse("programmes:initiative-detail", args=[initiative.pk])
    edit = reverse("programmes:initiative-edit", args=[initiative.pk])
    mayor = client_for(User.objects.get(username="mayor"))
    assert mayor.get(detail).status_code == 200
    assert mayor.get(edit).status_code == 403
    other = client_for(User.objects.get(username="coordinator2"))
    assert other.get(detail).status_code == 404
