"""A country's reference: its counts by recorded municipality, year, sex and
age band, its municipalities and counties of today and the code labels, from
which the dashboards' county and national lines are published.

It is kept under the data version, so a page never scans all registrations
and never shows stale figures, and each process brings its latest one up to
date after a change from the counts that changed (`reference_get`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db import connections, router

from injuries import statistics
from injuries.models import Code, RegistrationCount
from injuries.statistics import Rollup
from injuries.statistics.areas import Area, CountryAreas, country_areas
from safecommunity.core.data_versions import (
    INJURIES,
    INJURY_CONTEXT,
    DataStamp,
    data_stamp,
)
from safecommunity.core.models import Country, Municipality

CACHE_SECONDS = 24 * 3600  # keys carry the data version, so this only frees memory


@dataclass(frozen=True)
class Reference:
    """A country's rollup by recorded municipality, its municipalities and
    counties of today (each the sum of its codes of each year) and the code
    labels."""

    rollup: Rollup
    codes: tuple[Code, ...]
    areas: CountryAreas

    def labels(self, list_name: str) -> list[tuple[str, str]]:
        return [(c.code, c.label) for c in self.codes if c.list_name == list_name]

    def parts(self, county_id: int) -> list[Area]:
        """The municipalities of a county, as areas of today."""
        return self.areas.members(county_id)

    def nation_parts(self) -> list[Area]:
        """Every municipality of today, as areas (the nation's parts)."""
        return [
            area
            for county_id in sorted(self.areas.counties)
            for area in self.areas.members(county_id)
        ]

    def area(self, municipality: Municipality) -> Area:
        """A municipality as the sum of its codes of each year."""
        return self.areas.municipalities[str(municipality.pk)]


def reference_get(*, country: Country, versions: DataStamp | None = None) -> Reference:
    """The country's counts by municipality, year, sex and age band, under
    the data version (`versions` holds INJURIES and INJURY_CONTEXT; read if
    not given).

    Each process keeps the country's latest reference. After a change to the
    registrations it is brought up to date from the counts that changed
    (`statistics.rollup_patch`) instead of being built again, as long as the
    population, code lists and map stay as they were. Only what the database
    has committed is kept so: a reader inside a transaction (which may yet
    roll back) uses the shared cache under the data version, as on SQLite.
    """
    if versions is None or INJURY_CONTEXT not in versions:
        versions = data_stamp(INJURIES, INJURY_CONTEXT)
    version, context = versions[INJURIES], versions[INJURY_CONTEXT]
    alias = router.db_for_read(RegistrationCount)
    if connections[alias].vendor != "postgresql" or connections[alias].in_atomic_block:
        return _shared_reference(country, versions.token(INJURIES))
    kept = _LATEST.get(country.pk)
    if kept is not None and kept.version == version:
        return kept.reference
    reference = None
    if kept is not None and kept.context == context:
        rollup = statistics.rollup_patch(kept.reference.rollup, country=country)
        if rollup is not None:
            reference = replace(kept.reference, rollup=rollup)
    if reference is None:
        reference = _reference_build(country, patchable=True)
    _LATEST[country.pk] = _Kept(version, context, reference)
    return reference


@dataclass(frozen=True)
class _Kept:
    version: int
    context: int
    reference: Reference


# The latest reference of each country in this process (`reference_get`).
_LATEST: dict[int, _Kept] = {}


def forget_references() -> None:
    """Drops the references this process keeps (a test's database is emptied
    between tests, and its versions start again)."""
    _LATEST.clear()


def _reference_build(country: Country, *, patchable: bool = False) -> Reference:
    return Reference(
        rollup=statistics.rollup_build(
            country=country, by="municipality", patchable=patchable
        ),
        codes=tuple(Code.objects.filter(list_name__in=["place", "mechanism"])),
        areas=country_areas(country),
    )


def _shared_reference(country: Country, token: str) -> Reference:
    key = f"reports:dashboard:reference:v4:{country.pk}:{token}"
    reference = cache.get(key)
    if reference is None:
        reference = _reference_build(country)
        cache.set(key, reference, CACHE_SECONDS)
    return reference


def years_get(*, country: Country, versions: DataStamp) -> list[int]:
    """Years with registrations in the country (small; read on every page)."""
    key = f"reports:dashboard:years:v2:{country.pk}:{versions.token(INJURIES)}"
    years = cache.get(key)
    if years is None:
        years = reference_get(country=country, versions=versions).rollup.years
        cache.set(key, years, CACHE_SECONDS)
    return years
