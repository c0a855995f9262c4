"""List pages run the same number of queries for 1 and 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.programmes import (
    InitiativeFactory,
    ManagementGroupMemberFactory,
    MeetingFactory,
    PartnerFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)


def _grow_initiatives(programme, focus_area, n):
    for _ in range(n):
        InitiativeFactory(
            programme=programme,
            focus_area=focus_area,
            tags={"arena": ["school", "traffic"], "age_group": ["5-14"]},
        )


def _grow_organisation(programme, n):
    for _ in range(n):
        ManagementGroupMemberFactory(programme=programme)
        MeetingFactory(programme=programme)
        group = WorkingGroupFactory(programme=programme)
        WorkingGroupMemberFactory(working_group=group)
        PartnerFactory(programme=programme)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "grow"),
    [
        ("initiative-list", "initiatives"),
        ("programme-overview", "initiatives"),
        ("focus-area-list", "initiatives"),
        ("management-group", "organisation"),
        ("working-group-list", "organisation"),
        ("partner-list", "organisation"),
    ],
)
def test_constant_queries_for_1_and_50_rows(
    client_for,
    coordinator,
    programme,
    focus_area,
    django_assert_num_queries,
    name,
    grow,
):
    def add(n):
        if grow == "initiatives":
            _grow_initiatives(programme, focus_area, n)
        else:
            _grow_organisation(programme, n)

    client = client_for(coordinator)
    url = reverse(f"programmes:{name}", args=[programme.municipality.code])
    add(1)
    client.get(url)  # warm caches (content types, sessions)
    one_row = _count(client, url)
    add(49)
    with django_assert_num_queries(one_row):
        assert client.get(url).status_code == 200


def test_filtered_list_is_constant_too(
    client_for, coordinator, programme, focus_area, django_assert_num_queries
):
    client = client_for(coordinator)
    url = reverse("programmes:initiative-list", args=[programme.municipality.code])
    query = {"arena": "school", "age_group": "5-14", "year": "2024", "q": "Init"}
    _grow_initiatives(programme, focus_area, 1)
    client.get(url, query)
    with CaptureQueriesContext(connection) as one:
        client.get(url, query)
    _grow_initiatives(programme, focus_area, 49)
    with django_assert_num_queries(len(one)):
        response = client.get(url, query)
    assert response.context["page_obj"].paginator.count == 50
