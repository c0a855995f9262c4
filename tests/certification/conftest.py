"""Fixtures for certification: programmes, cases and certifiers around the role users."""

import pytest

from tests.factories.certification import (
    AssignmentFactory,
    CaseFactory,
    CertifierFactory,
)
from tests.factories.programmes import FocusAreaFactory, ProgrammeFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def programme(municipality):
    programme = ProgrammeFactory(municipality=municipality)
    FocusAreaFactory(
        programme=programme, title="Fall blant eldre", reason="Flest skader"
    )
    return programme


@pytest.fixture
def other_programme(other_municipality):
    return ProgrammeFactory(municipality=other_municipality)


@pytest.fixture
def case(programme):
    return CaseFactory(programme=programme)


@pytest.fixture
def other_case(other_programme):
    return CaseFactory(programme=other_programme)


@pytest.fixture
def assigned(case, certifier):
    """The `certifier` role user, assigned to `case` and accepted."""
    return AssignmentFactory(case=case, certifier=certifier)


@pytest.fixture
def second_certifier(db):
    return CertifierFactory(username="certifier2")
