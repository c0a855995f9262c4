"""Good examples: proposed, reviewed, published on public pages with search and a
feed, adopted by another municipality, and showing where they have spread."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from programmes.models import GoodExample, Initiative
from safecommunity.core.models import AuditEntry, Role
from tests.factories.core import MunicipalityFactory, UserFactory
from tests.factories.programmes import (
    GoodExampleFactory,
    InitiativeFactory,
    ProgrammeFactory,
)

PDF = b"%PDF-1.4\nmaterial\n%%EOF\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return UserFactory(role=Role.SECRETARIAT)


def test_propose_review_publish_and_read_without_login(
    client_for, coordinator, secretariat, programme, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    initiative = InitiativeFactory(programme=programme, title="SMART oppvekst")
    client = client_for(coordinator)
    response = client.post(
        reverse("programmes:example-propose", args=[programme.municipality.code]),
        {
            "initiative": initiative.pk,
            "title": "SMART oppvekst",
            "summary": "Ressursfokus i hele oppveksten",
            "story": "Re begynte i 2011.",
            "results": "Færre skader i skolen.",
            "focus_area": "Barn og unge",
            "target_group": "5-14",
            "arena": "school",
            "material_uploads": [SimpleUploadedFile("veileder.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    example = GoodExample.objects.get()
    assert example.status == GoodExample.Status.PROPOSED
    assert example.materials.count() == 1
    detail = reverse("programmes:example-detail", args=[example.pk])
    assert Client().get(detail).status_code == 404  # not before review

    reviewer = client_for(secretariat)
    response = reviewer.post(
        reverse("programmes:example-review", args=[example.pk]),
        {"decision": "publish", "note": ""},
    )
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.status == GoodExample.Status.PUBLISHED
    trail = AuditEntry.objects.filter(
        object_id=str(example.pk), content_type__model="goodexample"
    )
    assert [e.action for e in trail] == [
        "update",
        "create",
    ]

    public = Client()
    page = public.get(detail).content.decode()
    assert "Re begynte i 2011." in page
    document = example.materials.get()
    material = public.get(
        reverse("programmes:example-material", args=[example.pk, document.pk])
    )
    assert material.status_code == 200
    assert b"".join(material.streaming_content) == PDF


def test_returning_needs_a_note(client_for, secretariat, programme):
    example = GoodExampleFactory(
        programme=programme, status=GoodExample.Status.PROPOSED, published_at=None
    )
    client = client_for(secretariat)
    url = reverse("programmes:example-review", args=[example.pk])
    assert client.post(url, {"decision": "return", "note": ""}).status_code == 400
    assert (
        client.post(url, {"decision": "return", "note": "Legg til resultater."})
    ).status_code == 302
    example.refresh_from_db()
    assert example.status == GoodExample.Status.RETURNED


def test_a_material_of_another_example_is_not_served(programme, settings, tmp_path):
    from safecommunity.core.services import document_create

    settings.MEDIA_ROOT = tmp_path
    example = GoodExampleFactory(programme=programme)
    private = document_create(
        actor=None,
        upload=SimpleUploadedFile("privat.pdf", PDF),
        municipality=programme.municipality,
    )
    response = Client().get(
        reverse("programmes:example-material", args=[example.pk, private.pk])
    )
    assert response.status_code == 404


def test_search_by_focus_area_target_group_and_arena():
    GoodExampleFactory(
        title="Trygg skolevei",
        focus_area="Trafikk",
        arena="traffic",
        target_group="5-14",
    )
    GoodExampleFactory(
        title="Fallforebygging", focus_area="Eldre", arena="home", target_group="80+"
    )
    GoodExampleFactory(
        title="Ikke publisert", status=GoodExample.Status.PROPOSED, published_at=None
    )
    client = Client()
    url = reverse("programmes:example-list")

    def titles(**query):
        html = client.get(url, query).content.decode()
        return {
            t
            for t in ("Trygg skolevei", "Fallforebygging", "Ikke publisert")
            if t in html
        }

    assert titles() == {"Trygg skolevei", "Fallforebygging"}
    assert titles(focus_area="trafikk") == {"Trygg skolevei"}
    assert titles(arena="home") == {"Fallforebygging"}
    assert titles(target_group="5-14") == {"Trygg skolevei"}
    assert titles(q="fall") == {"Fallforebygging"}


def test_atom_feed_lists_published_examples():
    GoodExampleFactory(title="SMART oppvekst")
    GoodExampleFactory(
        title="Utkast", status=GoodExample.Status.PROPOSED, published_at=None
    )
    response = Client().get(reverse("programmes:example-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [
        e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)
    ] == ["SMART oppvekst"]


def test_another_municipality_adopts_and_the_example_shows_where_it_spread(
    client_for, programme
):
    origin = InitiativeFactory(programme=programme, measure_type="behaviour")
    example = GoodExampleFactory(programme=programme, initiative=origin)
    other = ProgrammeFactory(municipality=MunicipalityFactory(name="Færder"))
    coordinator2 = UserFactory(
        role=Role.COORDINATOR, municipalities=[other.municipality]
    )
    client = client_for(coordinator2)
    url = reverse("programmes:example-adopt", args=[example.pk])
    page = client.get(url).content.decode()
    assert programme.municipality.name not in page.split("<form")[1]  # not its own
    response = client.post(url, {"programme": other.pk})
    assert response.status_code == 302
    adopted = Initiative.objects.get(programme=other)
    assert adopted.adopted_from == example
    assert adopted.measure_type == "behaviour"
    assert adopted.status == Initiative.Status.PLANNED
    public = Client().get(reverse("programmes:example-detail", args=[example.pk]))
    assert "Færder" in public.content.decode()
    listing = Client().get(reverse("programmes:example-list")).content.decode()
    assert "Adopted by 1 municipality" in listing


def test_adopting_into_a_programme_one_cannot_change_is_refused(
    client_for, coordinator, programme
):
    example = GoodExampleFactory()
    stranger = ProgrammeFactory()
    response = client_for(coordinator).post(
        reverse("programmes:example-adopt", args=[example.pk]),
        {"programme": stranger.pk},
    )
    assert response.status_code == 400
    assert not Initiative.objects.filter(programme=stranger).exists()


def test_an_initiative_that_is_an_example_is_not_deleted(
    client_for, coordinator, programme
):
    initiative = InitiativeFactory(programme=programme)
    GoodExampleFactory(programme=programme, initiative=initiative)
    response = client_for(coordinator).post(
        reverse("programmes:initiative-delete", args=[initiative.pk]),
        {"confirm": "yes"},
    )
    assert response.status_code == 409
    assert Initiative.objects.filter(pk=initiative.pk).exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_public_list_reads_in_constant_queries(django_assert_max_num_queries, rows):
    GoodExampleFactory.create_batch(rows)
    with django_assert_max_num_queries(3):
        response = Client().get(reverse("programmes:example-list"))
    assert response.content.decode().count("<article>") == rows
