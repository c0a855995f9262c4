"""Coordinator screens of safety walks: permissions, merging, sorting, the board."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safecommunity.core.models import Document
from tests.factories.walks import (
    FindingFactory,
    SafetyWalkFactory,
    WalkParticipantFactory,
    make_link,
)
from walks.models import Finding, FindingPhoto, SafetyWalk, WalkParticipant


@pytest.fixture
def walk(programme):
    return SafetyWalkFactory(programme=programme, area="Sentrum")


@pytest.fixture
def other_walk(other_programme):
    return SafetyWalkFactory(programme=other_programme, area="Elsewhere")


def _urls(walk, finding, link):
    code = walk.programme.municipality.code
    return {
        "walk-list": (reverse("walks:walk-list", args=[code]), "read"),
        "walk-create": (reverse("walks:walk-create", args=[code]), "edit"),
        "finding-board": (reverse("walks:finding-board", args=[code]), "read"),
        "walk-detail": (reverse("walks:walk-detail", args=[walk.pk]), "read"),
        "walk-edit": (reverse("walks:walk-edit", args=[walk.pk]), "edit"),
        "finding-edit": (reverse("walks:finding-edit", args=[finding.pk]), "edit"),
    }


POSTS = ("walk-transition", "walk-link-create", "finding-merge", "walk-link-revoke")

# role -> expected status for (read, edit) pages of the own municipality
OWN = {
    "secretariat": (200, 200),
    "coordinator": (200, 200),
    "mayor": (200, 403),
    "regional": (200, 403),
    "certifier": (404, 404),
    "other_coordinator": (404, 404),
}


@pytest.mark.parametrize("role", sorted(OWN))
def test_pages_per_role_for_own_and_other_municipality(
    role, request, client_for, walk, other_walk, other_coordinator
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    own_finding, other_finding = (
        FindingFactory(walk=walk),
        FindingFactory(walk=other_walk),
    )
    own_link, _ = make_link(walk)
    other_link, _ = make_link(other_walk)
    for name, (url, kind) in _urls(walk, own_finding, own_link).items():
        expected = OWN[role][0 if kind == "read" else 1]
        assert client.get(url).status_code == expected, (role, name)
    for name, (url, _kind) in _urls(other_walk, other_finding, other_link).items():
        expected = 200 if role in {"secretariat", "other_coordinator"} else 404
        assert client.get(url).status_code == expected, (role, "other", name)
    posts = {
        "walk-transition": reverse("walks:walk-transition", args=[walk.pk]),
        "walk-link-create": reverse("walks:walk-link-create", args=[walk.pk]),
        "finding-merge": reverse("walks:finding-merge", args=[own_finding.pk]),
        "walk-link-revoke": reverse("walks:walk-link-revoke", args=[own_link.pk]),
    }
    for name, url in posts.items():
        status = client.post(url).status_code
        if OWN[role][1] == 200:
            assert status in {200, 302}, (role, name)
        else:
            assert status == OWN[role][1], (role, name)


def test_anonymous_users_go_to_the_login_page(walk):
    url = reverse("walks:walk-detail", args=[walk.pk])
    response = Client().get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_coordinator_plans_a_walk_and_adds_participants(
    client_for, coordinator, programme
):
    client = client_for(coordinator)
    response = client.post(
        reverse("walks:walk-create", args=[programme.municipality.code]),
        {
            "area": "Revetal",
            "starts_at": "2030-05-04T18:00",
            "leader": "Kari",
            "purpose": "School route",
        },
    )
    assert response.status_code == 302
    walk = SafetyWalk.objects.get(area="Revetal")
    detail = reverse("walks:walk-detail", args=[walk.pk])
    response = client.post(
        detail, {"name": "Ola", "email": "ola@example.org", "kind": "youth"}
    )
    assert response.status_code == 302
    participant = WalkParticipant.objects.get()
    assert participant.kind == WalkParticipant.Kind.YOUTH
    client.post(detail, {"remove": participant.pk})
    assert not WalkParticipant.objects.exists()


def test_a_walk_group_has_at_most_ten(client_for, coordinator, walk):
    WalkParticipantFactory.create_batch(10, walk=walk)
    response = client_for(coordinator).post(
        reverse("walks:walk-detail", args=[walk.pk]),
        {"name": "Eleventh", "email": "", "kind": "resident"},
    )
    assert response.status_code == 400
    assert "at most 10" in response.content.decode()
    assert walk.participants.count() == 10


def test_creating_a_link_shows_its_url_once(client_for, coordinator, walk):
    response = client_for(coordinator).post(
        reverse("walks:walk-link-create", args=[walk.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "/programmes/walk/" in html
    link = walk.links.get()
    detail = client_for(coordinator).get(reverse("walks:walk-detail", args=[walk.pk]))
    assert "/programmes/walk/" not in detail.content.decode()
    client_for(coordinator).post(reverse("walks:walk-link-revoke", args=[link.pk]))
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_merging_keeps_the_photos_on_the_finding_kept(
    client_for, coordinator, walk, media
):
    kept, duplicate = FindingFactory(walk=walk), FindingFactory(walk=walk)
    document = Document.objects.create(
        title="p", original_name="p.jpg", content_type="image/jpeg", size=1, sha256=""
    )
    FindingPhoto.objects.create(finding=duplicate, document=document)
    response = client_for(coordinator).post(
        reverse("walks:finding-merge", args=[duplicate.pk]), {"into": kept.pk}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert list(kept.photos.values_list("document", flat=True)) == [document.pk]
    board = client_for(coordinator).get(
        reverse("walks:finding-board", args=[walk.programme.municipality.code])
    )
    assert board.context["page_obj"].paginator.count == 1


def test_a_finding_cannot_be_merged_into_another_walks(
    client_for, coordinator, walk, programme
):
    finding = FindingFactory(walk=walk)
    elsewhere = FindingFactory(walk=SafetyWalkFactory(programme=programme))
    client_for(coordinator).post(
        reverse("walks:finding-merge", args=[finding.pk]), {"into": elsewhere.pk}
    )
    finding.refresh_from_db()
    assert finding.merged_into is None


def test_sorting_and_following_up_a_finding(
    client_for, coordinator, walk, initiative, other_initiative
):
    finding = FindingFactory(walk=walk)
    url = reverse("walks:finding-edit", args=[finding.pk])
    data = {
        "place": finding.place,
        "category": finding.category,
        "description": finding.description,
        "priority": "high",
        "term": "short",
        "responsible_body": "Roads office",
        "due_date": "2030-06-01",
        "status": "not_to_be_fixed",
        "status_reason": "",
        "initiative": initiative.pk,
    }
    client = client_for(coordinator)
    assert client.post(url, data).status_code == 400
    assert (
        client.post(url, {**data, "initiative": other_initiative.pk}).status_code == 400
    )
    data.update(status="fixed")
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[0][1] == 302
    # The walk's page, where the coordinator lands, says the save went through.
    assert re.search(r'role="status">\s*<p>Saved\.</p>', response.content.decode())
    finding.refresh_from_db()
    assert finding.status == Finding.Status.FIXED
    assert finding.fixed_on == timezone.localdate()
    assert finding.initiative == initiative
    assert finding.responsible_body == "Roads office"


def test_the_board_filters_by_status_and_overdue(client_for, mayor, walk):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    FindingFactory(walk=walk, place="Late", due_date=yesterday)
    FindingFactory(walk=walk, place="Fine", status=Finding.Status.PLANNED)
    FindingFactory(walk=walk, place="Done", status=Finding.Status.FIXED)
    url = reverse("walks:finding-board", args=[walk.programme.municipality.code])
    client = client_for(mayor)
    places = lambda r: [f.place for f in r.context["page_obj"]]  # noqa: E731
    assert sorted(places(client.get(url))) == ["Fine", "Late"]
    assert places(client.get(url, {"status": "fixed"})) == ["Done"]
    assert places(client.get(url, {"overdue": "on"})) == ["Late"]
    html = client.get(url).content.decode()
    assert "Overdue" in html
    assert 'href="/programmes/findings/' not in html  # readers get no edit links


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_board_query_count_is_the_same_for_1_and_50_rows(
    client_for, coordinator, walk, initiative, django_assert_max_num_queries
):
    def add(count):
        for i in range(count):
            FindingFactory(
                walk=walk,
                initiative=initiative if i % 2 else None,
                due_date=timezone.localdate(),
            )

    client = client_for(coordinator)
    url = reverse("walks:finding-board", args=[walk.programme.municipality.code])
    add(1)
    one = _queries(client, url)
    add(49)
    fifty = _queries(client, url)
    assert one == fifty
    with django_assert_max_num_queries(one):
        client.get(url)


def test_walk_detail_query_count_is_the_same_for_1_and_20_rows(
    client_for, coordinator, walk
):
    client = client_for(coordinator)
    url = reverse("walks:walk-detail", args=[walk.pk])
    FindingFactory(walk=walk)
    WalkParticipantFactory(walk=walk)
    make_link(walk)
    one = _queries(client, url)
    FindingFactory.create_batch(19, walk=walk)
    WalkParticipantFactory.create_batch(9, walk=walk)
    make_link(walk)
    assert _queries(client, url) == one


def test_navigation_shows_safety_walks_to_coordinators(
    client_for, coordinator, programme
):
    html = (
        client_for(coordinator)
        .get(reverse("walks:walk-list", args=[programme.municipality.code]))
        .content.decode()
    )
    assert "Safety walks" in html
    assert 'aria-current="page"' in html
