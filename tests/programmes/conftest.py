"""Fixtures: a programme in the user's own municipality and one in another."""

import pytest

from tests.factories.programmes import (
    FocusAreaFactory,
    InitiativeFactory,
    ProgrammeFactory,
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def programme(municipality):
    return ProgrammeFactory(municipality=municipality)


@pytest.fixture
def other_programme(other_municipality):
    return ProgrammeFactory(municipality=other_municipality)


@pytest.fixture
def focus_area(programme):
    return FocusAreaFactory(programme=programme, title="Falls among the elderly")


@pytest.fixture
def initiative(programme, focus_area):
    return InitiativeFactory(
        programme=programme, focus_area=focus_area, title="Balance training"
    )


@pytest.fixture
def other_initiative(other_programme):
    return InitiativeFactory(programme=other_programme, title="Elsewhere")
