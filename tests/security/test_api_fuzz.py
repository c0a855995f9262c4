"""Hostile JSON to POST /api/v1/registrations: only 4xx answers with problem
details, never a 500, never a row written."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from injuries.models import Registration
from safecommunity.core.tokens import token_create
from tests.factories.core import UserFactory
from tests.properties import examples
from tests.security.test_fuzz import HOSTILE

SETTINGS = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
GOOD = {
    "injury_date": "2024-05-17",
    "municipality": "3999",
    "age": 34,
    "sex": "F",
    "contact_cause": "accident",
    "place": "home_inside",
    "activity": "sport_leisure",
    "mechanism": "F2",
    "severity": "minor",
}
SCALARS = st.one_of(
    HOSTILE,
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=12), inner, max_size=4),
    ),
    max_leaves=12,
)


@pytest.fixture
def secret(municipality):
    user = UserFactory(
        username="fuzz", role="coordinator", municipalities=[municipality]
    )
    return token_create(actor=user, name="fuzz")[1]


def _post(secret, body: bytes | str):
    return Client().post(
        "/api/v1/registrations",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def _refused(response) -> None:
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == response.status_code
    assert problem["title"]
    assert Registration.objects.count() == 0


@SETTINGS
@given(body=JSON)
def test_any_json_document_is_refused_or_imported_whole(secret, body):
    response = _post(secret, json.dumps(body))
    if response.status_code == 201:  # a valid batch after all: all of it saved
        Registration.objects.all().delete()
        return
    _refused(response)


@SETTINGS
@given(
    field=st.sampled_from(sorted(GOOD)),
    value=st.one_of(
        SCALARS,
        st.lists(SCALARS, max_size=3),
        st.dictionaries(st.text(max_size=5), SCALARS, max_size=2),
    ),
)
def test_wrong_types_and_hostile_values_in_a_good_batch(secret, field, value):
    rows = [dict(GOOD), {**GOOD, field: value}]
    response = _post(secret, json.dumps(rows))
    if response.status_code == 201:  # the value happened to be valid
        Registration.objects.all().delete()
        return
    _refused(response)


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,  # deep nesting
        '{"rows": ' + "[" * 5000 + "]" * 5000 + "}",
        "not json",
        "",
        "null",
        "{}",
        "[]",
        "[1, 2, 3]",
        '"3999"',
        json.dumps([[GOOD]]),
        json.dumps([{"municipality": {"code": "3999"}}]),
        json.dumps([{**GOOD, "age": "thirty-four"}]),
        json.dumps([{**GOOD, "municipality": 3999.5}]),
        json.dumps([{**GOOD, "mechanism": "'; DROP TABLE injuries_registration; --"}]),
        json.dumps([{**GOOD, "x" * 1000: "1"}]),
        json.dumps([{**GOOD, "age": 10**300}]),
        "[" + ",".join(["{}"] * 60_000) + "]",  # more rows than one request takes
        json.dumps([GOOD] * 3 + [{**GOOD, "sex": None}]),
    ],
)
def test_hostile_bodies(secret, body):
    _refused(_post(secret, body))


def test_a_huge_body_is_refused_before_it_is_read(secret):
    response = Client().post(
        "/api/v1/registrations",
        b"[" + b" " * (33 * 1024 * 1024) + b"]",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    _refused(response)
    assert response.status_code == 413


def test_other_media_types_are_refused(secret):
    response = Client().post(
        "/api/v1/registrations",
        "injury_date,municipality\n",
        content_type="text/csv",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 415
    _refused(response)
