"""Fixtures of the reports tests: private media in a temporary directory, dossier data."""

import pytest

from tests.factories.reports import documents_create, programme_with_data


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dossier_data(municipality):
    """The own municipality with a programme and a few attached documents."""
    programme = programme_with_data(municipality)
    documents_create(municipality, 3)
    return programme
