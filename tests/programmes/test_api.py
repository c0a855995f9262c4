"""A programme, its initiatives and reports through the API, for its readers."""

from __future__ import annotations

import pytest
from django.test import Client

from safecommunity.core.tokens import token_create
from tests.factories.programmes import (
    FocusAreaFactory,
    InitiativeFactory,
    InitiativeReportFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def _get(secret, url, **extra):
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}", **extra)


@pytest.fixture
def programme(municipality):
    programme = ProgrammeFactory(municipality=municipality, description="Trygg by")
    area = FocusAreaFactory(programme=programme, title="Fall", priority=1)
    initiative = InitiativeFactory(
        programme=programme, focus_area=area, title="Balanse"
    )
    InitiativeReportFactory(initiative=initiative, activities="Kurs")
    return programme


def test_a_reader_reads_programme_initiatives_and_reports(programme, mayor):
    _token, secret = token_create(actor=mayor, name="t")
    base = f"/api/v1/programmes/NO/{programme.municipality.code}"
    body = _get(secret, base).json()
    assert body["description"] == "Trygg by"
    assert body["focus_areas"] == [{"title": "Fall", "priority": 1}]
    initiatives = _get(secret, f"{base}/initiatives").json()
    assert [i["title"] for i in initiatives["items"]] == ["Balanse"]
    assert initiatives["items"][0]["focus_area"] == "Fall"
    reports = _get(secret, f"{base}/reports").json()
    assert reports["count"] == 1
    assert reports["items"][0]["activities"] == "Kurs"
    initiative = programme.initiatives.get()
    report = initiative.reports.get()
    assert reports["items"][0]["initiative"] == initiative.pk
    assert reports["items"][0]["period_start"] == report.period_start.isoformat()
    assert initiatives["items"][0]["start_date"] == initiative.start_date.isoformat()


def test_others_find_nothing(programme, other_coordinator):
    _token, secret = token_create(actor=other_coordinator, name="t")
    base = f"/api/v1/programmes/NO/{programme.municipality.code}"
    for url in (base, f"{base}/initiatives", f"{base}/reports"):
        response = _get(secret, url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_initiatives_are_read_in_few_queries(
    programme, coordinator, django_assert_max_num_queries
):
    InitiativeFactory.create_batch(30, programme=programme)
    _token, secret = token_create(actor=coordinator, name="t")
    url = f"/api/v1/programmes/NO/{programme.municipality.code}/initiatives"
    with django_assert_max_num_queries(10):
        assert _get(secret, url).json()["count"] == 31
