"""Risikorydding: seeded checklists, anonymous completion, suppressed aggregates."""

import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from walks.models import Checklist, ChecklistResponse
from walks.selectors.checklists import checklist_aggregate
from walks.services.checklists import (
    checklist_link_renew,
    checklist_response_submit,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def link(programme, coordinator):
    return checklist_link_renew(actor=coordinator, programme=programme)


@pytest.fixture
def checklist(db):
    return Checklist.objects.get(title="Småbarnsfamilier og hjemmet")


def answer_all(programme, checklist, value_for_first: bool, times: int):
    questions = list(checklist.questions.all())
    for _ in range(times):
        answers = {q.pk: True for q in questions}
        answers[questions[0].pk] = value_for_first
        checklist_response_submit(
            programme=programme,
            checklist=checklist,
            client_uuid=uuid.uuid4(),
            answers=answers,
        )


def test_three_examples_are_seeded(db):
    assert Checklist.objects.filter(active=True).count() == 3
    assert {c.arena for c in Checklist.objects.all()} == {"home", "outdoors"}
    assert all(c.questions.count() >= 5 for c in Checklist.objects.all())


def test_anyone_with_the_link_completes_a_checklist_once(link, checklist):
    client = Client()
    listing = client.get(reverse("walks:checklist-public-list", args=[link.token]))
    assert listing.status_code == 200
    assert checklist.title in listing.content.decode()
    url = reverse("walks:checklist-public-form", args=[link.token, checklist.pk])
    form = client.get(url)
    assert form.status_code == 200
    first = checklist.questions.first()
    data = {"client_uuid": str(uuid.uuid4()), f"q_{first.pk}": "no"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double tap
    response = ChecklistResponse.objects.get()
    assert response.programme == link.programme
    assert list(response.answers.values_list("question", "answer")) == [
        (first.pk, False)
    ]


def test_an_empty_completion_is_refused(link, checklist):
    url = reverse("walks:checklist-public-form", args=[link.token, checklist.pk])
    response = Client().post(url, {"client_uuid": str(uuid.uuid4())})
    assert response.status_code == 400
    assert not ChecklistResponse.objects.exists()


def test_a_guessed_or_renewed_link_shows_nothing(link, programme, coordinator):
    old = link.token
    checklist_link_renew(actor=coordinator, programme=programme)
    for token in (old, "guessed"):
        response = Client().get(reverse("walks:checklist-public-list", args=[token]))
        assert response.status_code == 404
        assert "This link is no longer valid" in response.content.decode()
        assert programme.municipality.name not in response.content.decode()


def test_aggregates_are_suppressed_below_the_threshold(programme, checklist, settings):
    settings.SMALL_CELL_THRESHOLD = 5
    answer_all(programme, checklist, value_for_first=False, times=4)
    summary = next(
        s for s in checklist_aggregate(programme=programme) if s.checklist == checklist
    )
    assert summary.responses is None
    assert summary.rows == []


def test_aggregates_show_the_common_hazards_first(programme, checklist, settings):
    settings.SMALL_CELL_THRESHOLD = 5
    answer_all(programme, checklist, value_for_first=False, times=6)
    answer_all(programme, checklist, value_for_first=True, times=6)
    summary = next(
        s for s in checklist_aggregate(programme=programme) if s.checklist == checklist
    )
    assert summary.responses == 12
    top = summary.rows[0]
    assert top.question == checklist.questions.first()
    assert (top.answered, top.hazards, top.share) == (12, 6, 50)
    assert all(r.share == 0 for r in summary.rows[1:])


def test_a_small_cell_is_hidden_even_with_many_responses(
    programme, checklist, settings
):
    settings.SMALL_CELL_THRESHOLD = 5
    answer_all(programme, checklist, value_for_first=False, times=2)
    answer_all(programme, checklist, value_for_first=True, times=8)
    summary = next(
        s for s in checklist_aggregate(programme=programme) if s.checklist == checklist
    )
    first = next(r for r in summary.rows if r.question == checklist.questions.first())
    assert first.answered == 10
    assert first.hazards is None
    assert first.share is None


def test_answers_of_another_municipality_are_not_counted(
    programme, other_programme, checklist, settings
):
    settings.SMALL_CELL_THRESHOLD = 1
    answer_all(other_programme, checklist, value_for_first=False, times=3)
    summary = next(
        s for s in checklist_aggregate(programme=programme) if s.checklist == checklist
    )
    assert summary.responses is None or summary.responses == 0


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("secretariat", 200, 302),
        ("coordinator", 200, 302),
        ("mayor", 200, 403),
        ("regional", 200, 403),
        ("certifier", 404, 404),
        ("other_coordinator", 404, 404),
    ],
)
def test_overview_per_role(role, get, post, request, client_for, programme, link):
    client = client_for(request.getfixturevalue(role))
    url = reverse("walks:checklist-overview", args=[programme.municipality.code])
    response = client.get(url)
    assert response.status_code == get
    if get == 200:
        html = response.content.decode()
        assert (link.token in html) == (role in {"secretariat", "coordinator"})
    assert client.post(url).status_code == post
