"""Demo data and the coordinator's landing page."""

import pytest
from django.urls import reverse

from programmes import demo
from programmes.models import IndicatorValue, Initiative, Programme
from safecommunity.core import demo as core_demo
from safecommunity.core.models import User


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


def test_re_has_a_full_programme(seeded):
    re = Programme.objects.get(municipality__code="0716")
    assert re.initiatives.count() >= 20
    assert re.members.filter(role="chair", user__username="mayor").exists()
    assert re.members.filter(role="police").exists()
    assert {"SMART oppvekst", "Trafikk", "Fall blant eldre"} <= set(
        re.working_groups.values_list("name", flat=True)
    )
    assert re.partners.count() >= 4
    assert re.meetings.exists()
    assert all(i.reports.exists() for i in re.initiatives.exclude(status="planned"))
    lonely = IndicatorValue.objects.filter(
        municipality=re.municipality, indicator__key="ungdata-lonely", sex=""
    )
    assert lonely.get(year=2013).value == 25
    assert lonely.get(year=2017).value == 18
    bullied = IndicatorValue.objects.filter(
        municipality=re.municipality, indicator__key="ungdata-bullied", sex=""
    )
    assert bullied.get(year=2017).value * 2 <= bullied.get(year=2013).value


def test_tonsberg_has_its_own_programme(seeded):
    tonsberg = Programme.objects.get(municipality__code="0704")
    assert tonsberg.initiatives.exists()
    assert tonsberg.coordinators.filter(username="coordinator2").exists()


def test_coordinator_lands_on_the_programme_overview(seeded, client_for):
    client = client_for(User.objects.get(username="coordinator"))
    response = client.get(reverse("core:home"))
    assert response["Location"] == reverse(
        "programmes:programme-overview", args=["0716"]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert reverse("programmes:initiative-list", args=["0716"]).encode() in page.content


def test_demo_journey_mayor_reads_other_coordinator_gets_404(seeded, client_for):
    initiative = Initiative.objects.filter(programme__municipality__code="0716").first()
    detail = reverse("programmes:initiative-detail", args=[initiative.pk])
    edit = reverse("programmes:initiative-edit", args=[initiative.pk])
    mayor = client_for(User.objects.get(username="mayor"))
    assert mayor.get(detail).status_code == 200
    assert mayor.get(edit).status_code == 403
    other = client_for(User.objects.get(username="coordinator2"))
    assert other.get(detail).status_code == 404
