"""The demo's regional programme: Kronobergs län, and its good examples."""

import pytest
from django.urls import reverse

from demo import core as core_demo
from demo import examples as examples_demo
from demo import programmes as programmes_demo
from demo import regions as demo
from programmes.models import GoodExample, Programme, WorkingGroup
from safecommunity.core.models import User


@pytest.fixture
def seeded(db):
    core_demo.seed()
    programmes_demo.seed()
    demo.seed()


def test_kronoberg_is_a_regional_programme_of_eight(seeded):
    programme = Programme.objects.get(county__country__code="SE", county__code="07")
    assert programme.member_municipalities.count() == 8
    groups = WorkingGroup.objects.filter(programme=programme)
    assert groups.count() == 8
    sectors = {m.sector for m in groups.first().members.all()}
    assert sectors == {"police", "health", "school", "child_welfare", "voluntary"}
    organisations = {m.organisation for m in programme.members.all()}
    assert len(organisations) >= 5


def test_seed_is_idempotent(seeded):
    counts = (WorkingGroup.objects.count(), Programme.objects.count())
    demo.seed()
    assert (WorkingGroup.objects.count(), Programme.objects.count()) == counts


def test_kronoberg_logs_in_to_the_region(seeded, client):
    user = User.objects.get(username="kronoberg")
    assert user.check_password(core_demo.DEMO_PASSWORD)
    client.force_login(user)
    assert client.get("/")["Location"] == reverse("programmes:region-list")
    programme = Programme.objects.get(county=user.county)
    page = client.get(
        reverse("reports:region-programme-dashboard", args=[programme.pk])
    )
    assert page.status_code == 200
    assert page.context["region"].total is not None


def test_examples_are_published_and_adopted_twice(seeded):
    from demo import certification as certification_demo

    certification_demo.seed()
    examples_demo.seed()
    examples_demo.seed()
    examples = GoodExample.objects.filter(status=GoodExample.Status.PUBLISHED)
    assert {e.title for e in examples} >= {
        "SMART oppvekst",
        "Tverrsektoriell organisering etter Re-modellen",
    }
    for example in examples:
        adopters = {i.programme.municipality.code for i in example.adoptions.all()}
        assert adopters == {"3911", "3901"}


def test_kronoberg_has_done_its_start_up_on_the_path(seeded, client):
    from demo import certification as certification_demo

    certification_demo.seed()
    programme = Programme.objects.get(county__country__code="SE", county__code="07")
    assert programme.focus_areas.count() == 3
    client.force_login(User.objects.get(username="kronoberg"))
    page = client.get(reverse("certification:region-path", args=[programme.pk]))
    assert page.status_code == 200
    assert page.context["done"] == 3


def test_kronoberg_edits_its_management_group_and_local_groups(seeded, client):
    user = User.objects.get(username="kronoberg")
    client.force_login(user)
    programme = Programme.objects.get(county=user.county)
    region_page = client.get(
        reverse("programmes:region-detail", args=[programme.pk]),
        HTTP_ACCEPT_LANGUAGE="sv",
    ).content.decode()
    member = programme.members.order_by("pk").first()
    group = WorkingGroup.objects.filter(programme=programme).order_by("pk").first()
    for name, args in (
        ("region-management-group", [programme.pk]),
        ("region-member-create", [programme.pk]),
        ("member-edit", [member.pk]),
        ("working-group-edit", [group.pk]),
        ("region-working-group-list", [programme.pk]),
    ):
        assert reverse(f"programmes:{name}", args=args) in region_page, name
    for url in (
        reverse("programmes:region-management-group", args=[programme.pk]),
        reverse("programmes:member-edit", args=[member.pk]),
        reverse("programmes:region-working-group-list", args=[programme.pk]),
        reverse("programmes:working-group-edit", args=[group.pk]),
    ):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="sv").status_code == 200, url
    response = client.post(
        reverse("programmes:working-group-edit", args=[group.pk]),
        {
            "name": group.name,
            "mandate": "Samordnar det lokala arbetet.",
            "local_municipality": group.local_municipality_id,
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.mandate == "Samordnar det lokala arbetet."
