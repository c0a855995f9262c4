"""The API's skeleton: schema, docs under the CSP, pointers instead of bare 404s."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

from tests.factories.injuries import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_the_docs_page_loads_only_vendored_assets_under_a_strict_csp():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the page loads Swagger UI"
    for source in sources:
        assert source.startswith("/static/"), source
        assert finders.find(source.removeprefix("/static/")), source
    # No inline script: only the JSON settings block, which does not run.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attrs for attrs in inline)
    assert finders.find("vendor/swagger-ui-5.35.0/LICENSE")


def test_api_root_points_to_version_1():
    response = Client().get("/api/")
    assert response.status_code == 200
    body = response.json()
    assert body["versions"]["v1"].endswith("/api/v1/")
    assert body["docs"].endswith("/api/v1/docs")
    assert Client().get("/api/v1/").json()["openapi"].endswith("/api/v1/openapi.json")


def test_an_unknown_api_address_answers_problem_details():
    response = Client().get("/api/v2/municipalities")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404
    assert problem["instance"] == "/api/v2/municipalities"


def test_statistics_export_refuses_json(client_for, coordinator):
    municipality = coordinator.municipalities.get()
    RegistrationFactory.create_batch(12, municipality=municipality)
    url = reverse("injuries:statistics", kwargs={"code": municipality.code})
    client = client_for(coordinator)
    response = client.get(url, {"format": "json"})
    assert response.status_code == 400
    assert not response["Content-Type"].startswith("text/csv")
    assert client.get(url, {"format": "csv"})["Content-Type"].startswith("text/csv")


def _schemas(schema):
    yield from schema["components"]["schemas"].items()


def test_the_schema_describes_every_field_and_parameter():
    schema = Client().get("/api/v1/openapi.json").json()
    undescribed = []
    for name, component in _schemas(schema):
        for field, spec in component.get("properties", {}).items():
            if not spec.get("description"):
                undescribed.append(f"{name}.{field}")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not operation.get("description") or not operation.get("summary"):
                undescribed.append(f"{method} {path}")
            for parameter in operation.get("parameters", []):
                if not parameter.get("description"):
                    undescribed.append(f"{method} {path} {parameter['name']}")
            responses = operation["responses"]
            expected = {"422"}
            if operation.get("security"):
                expected |= {"401", "429"}
            if "{" in path:
                expected.add("404")
            for status in sorted(expected - set(responses)):
                undescribed.append(f"{method} {path} answers {status}?")
    assert undescribed == []


def test_every_answer_has_an_example():
    schema = Client().get("/api/v1/openapi.json").json()
    without = [
        name
        for name, component in _schemas(schema)
        if component.get("properties")
        and not any(
            "examples" in spec or "example" in spec
            for spec in component["properties"].values()
        )
    ]
    assert without == []


def test_cross_origin_requests_get_no_cors_permission():
    client = Client()
    response = client.get(
        "/api/v1/municipalities",
        {"country": "NO"},
        HTTP_ORIGIN="https://elsewhere.example",
    )
    assert "Access-Control-Allow-Origin" not in response
    preflight = client.options(
        "/api/v1/registrations",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in preflight
    assert "Access-Control-Allow-Methods" not in preflight
