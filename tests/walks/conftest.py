"""Fixtures: the walks of a programme in the user's own municipality and another."""

from tests.programmes.conftest import (  # noqa: F401  (fixtures)
    focus_area,
    initiative,
    media,
    other_initiative,
    other_programme,
    programme,
)
