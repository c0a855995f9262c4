"""Shared fixtures: municipalities, one user per role, a real Celery worker."""

from __future__ import annotations

import importlib
import os

import pytest
from django.test import Client

from safecommunity.core.models import Role
from tests.factories.core import CountyFactory, MunicipalityFactory, UserFactory
from tests.properties import load_hypothesis_profile

PASSWORD = "pw-for-tests-123"

load_hypothesis_profile()


# Data migrations that seed reference tables, in dependency order, with the
# model whose emptiness shows they were flushed.
REFERENCE_SEEDS = (
    ("injuries.migrations.0002_seed_codes", "seed_codes", "injuries.Code"),
    ("injuries.migrations.0011_swedish_code_labels", "swedish_labels", None),
    (
        "injuries.migrations.0013_swedish_code_labels_in_registration_terms",
        "revise",
        None,
    ),
    (
        "certification.migrations.0002_seed_steps_and_checklists",
        "seed",
        "certification.Step",
    ),
    ("certification.migrations.0004_seed_swedish_texts", "seed", None),
    (
        "programmes.migrations.0003_seed_ungdata_indicators",
        "seed",
        "programmes.Indicator",
    ),
    (
        "programmes.migrations.0015_indicator_definitions_in_norwegian_and_swedish",
        "translate",
        None,
    ),
    (
        "programmes.migrations.0005_risikorydding_checklists",
        "seed_checklists",
        "walks.Checklist",
    ),
)


@pytest.fixture
def reference_data(transactional_db):
    """The national map, and the code lists, steps, indicators and checklists
    the data migrations seed.

    A transactional test flushes every table when it ends, so a later one
    finds them empty; this puts them back.
    """
    from django.apps import apps

    from safecommunity.core.geography import national_geography_load

    if not apps.get_model("core.Municipality").objects.exists():
        national_geography_load()

    restored = False
    for module, function, model in REFERENCE_SEEDS:
        if model is not None:
            restored = not apps.get_model(model).objects.exists()
        if restored:
            seed = getattr(importlib.import_module(module), function)
            seed(_AppsToday(), None)


class _AppsToday:
    """Today's models for a seed migration, found in the app they moved to
    (walks 0002 lists the models that left programmes)."""

    def get_model(self, app_label: str, model_name: str):
        from django.apps import apps

        try:
            return apps.get_model(app_label, model_name)
        except LookupError:
            moved = importlib.import_module(
                "walks.migrations.0002_content_types_follow_the_models"
            ).MOVED
            if app_label == "programmes" and model_name.lower() in moved:
                return apps.get_model("walks", model_name)
            raise


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """No cached figures or rate-limit counters carry over from another test."""
    from django.core.cache import caches

    from reports.dashboards.reference import forget_references

    caches["default"].clear()
    forget_references()
    # The rate-limit counters live in a database table here: a test's rollback
    # empties it, but a transactional test's flush does not.
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        caches["ratelimit"].clear()
    yield
    caches["default"].clear()
    forget_references()


@pytest.fixture
def county(db):
    return CountyFactory(code="39", name="Vestfold")


@pytest.fixture
def municipality(county):
    """The user's own municipality."""
    return MunicipalityFactory(county=county, code="3999", name="Egenby")


@pytest.fixture
def other_municipality(db):
    """A municipality in another county that the role users have nothing to do with."""
    return MunicipalityFactory(
        county=CountyFactory(code="46", name="Vestland"), code="4699", name="Annenby"
    )


@pytest.fixture
def secretariat(db):
    return UserFactory(username="secretariat", role=Role.SECRETARIAT)


@pytest.fixture
def coordinator(municipality):
    return UserFactory(
        username="coord", role=Role.COORDINATOR, municipalities=[municipality]
    )


@pytest.fixture
def other_coordinator(other_municipality):
    return UserFactory(
        username="coord2", role=Role.COORDINATOR, municipalities=[other_municipality]
    )


@pytest.fixture
def mayor(municipality):
    return UserFactory(
        username="mayor", role=Role.MANAGEMENT, municipalities=[municipality]
    )


@pytest.fixture
def certifier(db):
    return UserFactory(username="certifier", role=Role.CERTIFIER)


@pytest.fixture
def regional(county):
    return UserFactory(username="regional", role=Role.REGIONAL, county=county)


ROLE_FIXTURES = (
    "secretariat",
    "coordinator",
    "other_coordinator",
    "mayor",
    "certifier",
    "regional",
)


@pytest.fixture
def client_for():
    """A test client logged in as the given user."""

    def make(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def celery_worker_thread(transactional_db, settings):
    """A real Celery worker in a thread of the test process.

    Uses REDIS_URL when set (CI), otherwise Kombu's in-memory transport.
    Tasks sent while it runs are delivered through the broker, not run eagerly.
    """
    from celery.contrib.testing.worker import start_worker

    from safecommunity.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    broker = os.environ.get("REDIS_URL") or "memory://"
    app.conf.broker_url = broker
    app.conf.result_backend = os.environ.get("REDIS_URL") or "cache+memory://"
    with start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ) as worker:
        yield worker
    app.conf.task_always_eager = True
