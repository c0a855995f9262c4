"""Reads of the API and the statistics pages go to the replica when one is set;
writes, reads inside a transaction and every other page stay on the primary.

The replica is a second alias on the same server (TEST MIRROR), so it sees
only committed rows: these tests use transactional_db.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from injuries.models import Registration
from safecommunity.core.replica import replica_reads
from safecommunity.core.tokens import token_create
from tests.factories.injuries import RegistrationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the replica alias is a mirror on the PostgreSQL server",
    ),
]


@pytest.fixture
def replica(settings):
    settings.REPLICA_DATABASE = "replica"
    return connections["replica"]


def _reads_of_registrations(queries) -> int:
    return sum(
        1
        for q in queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        and "injuries_registration" in q["sql"]
    )


def _get(path: str, client: Client, **headers):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as mirror,
    ):
        response = client.get(path, **headers)
    assert response.status_code == 200
    return primary.captured_queries, mirror.captured_queries


def _reads_of_injuries(queries) -> int:
    return sum(
        1
        for q in queries
        if q["sql"].lstrip().upper().startswith("SELECT") and "injuries_" in q["sql"]
    )


def test_the_api_and_the_statistics_page_read_from_the_replica(
    replica, municipality, coordinator, client_for
):
    RegistrationFactory.create_batch(12, municipality=municipality)
    _token, secret = token_create(actor=coordinator, name="replica")
    api = f"/api/v1/statistics/NO/{municipality.code}"
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    # The first request after the data changed builds the published tables:
    # a write, in a transaction, on the primary. Later ones only read.
    _get(api, Client(), **bearer)
    # Built reports are cached: each measured request builds its own, so it
    # shows where the registrations are read.
    cache.clear()
    primary, mirror = _get(api, Client(), **bearer)
    assert _reads_of_injuries(mirror) >= 1
    assert _reads_of_injuries(primary) == 0
    page = reverse("injuries:statistics", kwargs={"code": municipality.code})
    cache.clear()
    primary, mirror = _get(page, client_for(coordinator))
    assert _reads_of_injuries(mirror) >= 1
    assert _reads_of_injuries(primary) == 0
    # The session is always read on the primary.
    assert not any("django_session" in q["sql"] for q in mirror)


def test_other_pages_writes_and_transactions_stay_on_the_primary(
    replica, municipality, coordinator, client_for
):
    RegistrationFactory.create_batch(3, municipality=municipality)
    page = reverse("injuries:registration-list", kwargs={"code": municipality.code})
    primary, mirror = _get(page, client_for(coordinator))
    assert mirror == []
    assert _reads_of_registrations(primary) >= 1
    with CaptureQueriesContext(replica) as mirror, replica_reads():
        assert Registration.objects.count() == 3  # outside a transaction: replica
        with transaction.atomic():
            RegistrationFactory(municipality=municipality)
            assert Registration.objects.count() == 4  # sees its own write
    assert len(mirror.captured_queries) == 1


def test_without_a_replica_everything_uses_the_primary(
    settings, municipality, coordinator
):
    settings.REPLICA_DATABASE = ""
    RegistrationFactory.create_batch(2, municipality=municipality)
    _token, secret = token_create(actor=coordinator, name="primary")
    primary, mirror = _get(
        f"/api/v1/statistics/NO/{municipality.code}",
        Client(),
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert mirror == []
    assert primary
