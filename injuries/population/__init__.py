"""Population denominators from Statistics Norway table 07459 and SCB's
population table, as their statbanks deliver them (CONTRACTS 5)."""

from .loading import PopulationResult, population_import
from .reading import read_population

__all__ = ["PopulationResult", "population_import", "read_population"]
