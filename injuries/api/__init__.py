"""The injury app in the API, split by group: population (public), published
statistics and registrations (with a token). Each endpoint names its
operation id, so the documented ids do not follow the module it lives in."""

from ninja import Router

from . import population, registrations, statistics
from .statistics import DIMENSIONS

router = Router()
# The groups in the order the API's documentation lists them.
router.add_router("", population.router)
router.add_router("", statistics.router)
router.add_router("", registrations.router)

__all__ = ["DIMENSIONS", "router"]
