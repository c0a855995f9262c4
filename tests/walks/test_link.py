"""The public walk link: scope, expiry, revocation, rate limit, double taps."""

import datetime
import uuid

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories.walks import FindingFactory, SafetyWalkFactory, make_link
from walks.models import Finding, SafetyWalk
from walks.models.walks import token_hash
from walks.services.walks import walk_link_create

INVALID = "This link is no longer valid"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def walk(programme):
    return SafetyWalkFactory(
        programme=programme,
        area="Sentrum",
        starts_at=timezone.now() + datetime.timedelta(hours=1),
    )


@pytest.fixture
def link_token(walk):
    return make_link(walk)


def url(token):
    return reverse("walks:walk-link", args=[token])


def finding_data(**extra):
    return {
        "client_uuid": str(uuid.uuid4()),
        "place": "Storgata 1",
        "category": Finding.Category.LIGHTING,
        "description": "The street light is out.",
        "suggestion": "Replace the bulb.",
        "priority": Finding.Priority.HIGH,
        **extra,
    }


def test_link_opens_the_walk_form_without_an_account(link_token):
    _link, token = link_token
    response = Client().get(url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sentrum" in html
    assert 'name="client_uuid"' in html
    assert "js/walk-finding.js" in html
    assert "<script>" not in html  # no inline scripts under the CSP


def test_only_the_hash_of_the_token_is_stored(walk, coordinator):
    link, token, invited = walk_link_create(actor=coordinator, walk=walk)
    assert invited == 0
    assert len(token) >= 40
    assert link.token_hash == token_hash(token)
    assert token not in link.token_hash
    assert link.expires_at == walk.starts_at + datetime.timedelta(days=7)


def test_a_finding_is_saved_with_the_link_and_shown_to_its_finder(link_token):
    link, token = link_token
    client = Client()
    response = client.post(url(token), finding_data())
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.link == link
    assert finding.walk == link.walk
    assert finding.status == Finding.Status.OPEN
    page = client.get(response["Location"]).content.decode()
    assert "Storgata 1" in page
    assert "The finding was saved" in page


def test_the_page_shows_only_the_finders_own_entries(link_token):
    link, token = link_token
    FindingFactory(walk=link.walk, link=link, place="Someone else's place")
    client = Client()
    client.post(url(token), finding_data(place="My place"))
    html = client.get(url(token)).content.decode()
    assert "My place" in html
    assert "Someone else&#x27;s place" not in html
    assert "Someone else's place" not in html
    html_stranger = Client().get(url(token)).content.decode()
    assert "My place" not in html_stranger


def test_a_double_tap_stores_one_finding(link_token):
    _link, token = link_token
    client = Client()
    data = finding_data()
    assert client.post(url(token), data).status_code == 302
    assert client.post(url(token), data).status_code == 302
    assert Finding.objects.count() == 1


def test_a_link_to_one_walk_never_writes_to_another(programme, link_token):
    other_walk = SafetyWalkFactory(programme=programme)
    _link, token = link_token
    Client().post(url(token), finding_data())
    assert not Finding.objects.filter(walk=other_walk).exists()


@pytest.mark.parametrize("token", ["guessed-token", "x" * 43, "a" * 200])
def test_a_guessed_token_gets_the_plain_invalid_page(link_token, token):
    for method in ("get", "post"):
        response = getattr(Client(), method)(url(token), finding_data())
        assert response.status_code == 404
        html = response.content.decode()
        assert INVALID in html
        assert "Sentrum" not in html
    assert Finding.objects.count() == 0


def test_the_link_stops_working_after_a_week(walk, link_token):
    _link, token = link_token
    with time_machine.travel(walk.starts_at + datetime.timedelta(days=6, hours=23)):
        assert Client().get(url(token)).status_code == 200
    with time_machine.travel(walk.starts_at + datetime.timedelta(days=7, seconds=1)):
        response = Client().post(url(token), finding_data())
        assert response.status_code == 404
        assert INVALID in response.content.decode()
        assert "Sentrum" not in response.content.decode()
    assert Finding.objects.count() == 0


def test_a_revoked_link_stops_working(link_token):
    link, token = link_token
    link.revoked_at = timezone.now()
    link.save()
    response = Client().get(url(token))
    assert response.status_code == 404
    assert INVALID in response.content.decode()


def test_a_reported_walk_takes_no_more_findings(walk, link_token):
    _link, token = link_token
    SafetyWalk.objects.filter(pk=walk.pk).update(status=SafetyWalk.Status.REPORTED)
    assert Client().get(url(token)).status_code == 404


def test_posts_are_rate_limited_per_ip_and_link(link_token):
    _link, token = link_token
    client = Client()
    for _ in range(30):
        assert client.post(url(token), {}).status_code == 400
    assert client.post(url(token), finding_data()).status_code == 429
    assert Finding.objects.count() == 0
    other_ip = Client(REMOTE_ADDR="10.0.0.9")
    assert other_ip.post(url(token), finding_data()).status_code == 302


def test_coordinates_must_come_in_pairs(link_token):
    _link, token = link_token
    response = Client().post(url(token), finding_data(latitude="59.2"))
    assert response.status_code == 400
    assert Finding.objects.count() == 0
    response = Client().post(
        url(token), finding_data(latitude="59.281234", longitude="10.411234")
    )
    assert response.status_code == 302
    assert str(Finding.objects.get().latitude) == "59.281234"


def test_creating_a_link_e_mails_it_to_the_participants_once(
    walk, coordinator, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories.walks import WalkParticipantFactory
    from walks.tasks import walk_invitations_send_task

    WalkParticipantFactory(walk=walk, email="ola@example.org")
    WalkParticipantFactory(walk=walk, email="kari@example.org")
    WalkParticipantFactory(walk=walk, email="")  # no address: not invited
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("walks:walk-link-create", args=[walk.pk]), {"invite": "1"}
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The link is being e-mailed to 2 participants." in html
    assert sorted(m.to[0] for m in mailoutbox) == [
        "kari@example.org",
        "ola@example.org",
    ]
    link_url = mailoutbox[0].body.split()[-1]
    assert "/programmes/walk/" in link_url
    assert Client().get(link_url).status_code == 200  # the e-mailed link works
    # A second delivery of the same task sends nothing more.
    link = walk.links.get()
    assert walk_invitations_send_task(link_id=link.pk, url=link_url) == 0
    assert len(mailoutbox) == 2


def test_no_invitations_unless_asked(walk, coordinator, client_for, mailoutbox):
    from tests.factories.walks import WalkParticipantFactory

    WalkParticipantFactory(walk=walk, email="ola@example.org")
    response = client_for(coordinator).post(
        reverse("walks:walk-link-create", args=[walk.pk])
    )
    assert response.status_code == 200
    assert mailoutbox == []


def test_behind_a_proxy_posts_are_counted_per_forwarded_client(link_token, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _link, token = link_token
    busy = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(30):
        assert busy.post(url(token), {}).status_code == 400
    assert busy.post(url(token), finding_data()).status_code == 429
    # Another participant behind the same proxy is not held back.
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other.post(url(token), finding_data()).status_code == 302
