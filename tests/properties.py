"""Settings of the property-based tests.

By default they try the same examples on every run, so a run passes or fails
on the code alone. `HYPOTHESIS_PROFILE=explore` draws fresh examples, ten
times as many, to search for counterexamples; one found is then added to the
tests as an explicit example or a concrete test.
"""

from __future__ import annotations

import os

from hypothesis import settings

EXPLORE = os.environ.get("HYPOTHESIS_PROFILE") == "explore"


def load_hypothesis_profile() -> None:
    settings.register_profile("repeatable", derandomize=True, database=None)
    settings.register_profile("explore", database=None)
    settings.load_profile("explore" if EXPLORE else "repeatable")


def examples(n: int) -> int:
    """The number of examples a property test tries: `n`, or ten times `n` when
    exploring."""
    return n * 10 if EXPLORE else n
