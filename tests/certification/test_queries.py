"""List pages run the same number of queries for 1 row as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification.models import CaseStatus
from tests.factories.certification import (
    AssignmentFactory,
    CaseFactory,
    CertificateFactory,
)
from tests.factories.programmes import FocusAreaFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _make_cases(n, certifier, *, certified=False):
    for _ in range(n):
        case = CaseFactory(
            status=CaseStatus.CERTIFIED if certified else CaseStatus.STEPS_IN_PROGRESS
        )
        FocusAreaFactory(programme=case.programme)
        AssignmentFactory(case=case, certifier=certifier)
        AssignmentFactory(case=case)
        if certified:
            CertificateFactory(case=case)


@pytest.mark.parametrize(
    ("url_name", "who", "certified"),
    [
        ("case-list", "secretariat", False),
        ("worklist", "certifier", False),
        ("register", "coordinator", True),
    ],
)
def test_list_query_count_does_not_grow(
    request,
    client_for,
    certifier,
    url_name,
    who,
    certified,
    django_assert_max_num_queries,
):
    client = client_for(request.getfixturevalue(who))
    url = reverse(f"certification:{url_name}")
    _make_cases(1, certifier, certified=certified)
    one = _queries(client, url)
    _make_cases(49, certifier, certified=certified)
    fifty = _queries(client, url)
    assert one == fifty
    with django_assert_max_num_queries(15):
        client.get(url)


def test_path_and_case_pages_have_a_fixed_query_budget(
    client_for, coordinator, case, programme, django_assert_max_num_queries
):
    from tests.factories.certification import complete_steps

    complete_steps(programme)
    client = client_for(coordinator)
    with django_assert_max_num_queries(20):
        client.get(reverse("certification:path", args=[programme.municipality.code]))
    with django_assert_max_num_queries(30):
        client.get(reverse("certification:case-detail", args=[case.pk]))
