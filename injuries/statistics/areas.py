"""Today's municipalities and counties as sums of the codes data were recorded with.

Registrations and inhabitants keep the code they were recorded with. A
municipality's figure of a year adds up the codes that are its own in that
year (`core.lineage`): Tønsberg's 2016 counts Re's and old Tønsberg's
registrations over both populations. A county adds up its municipalities of
today the same way. Before a split the series breaks: those years are left
out, and the page names the split municipality instead of guessing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core.lineage import Lineage, lineages
from safecommunity.core.models import Country, County, Municipality


@dataclass(frozen=True)
class Area:
    """An area of today and the recorded codes it adds up, with their years."""

    key: str
    # (recorded municipality id, first year or None, last year or None)
    parts: tuple[tuple[int, int | None, int | None], ...]
    complete_from: int | None = None  # before it, a split breaks the series
    split_names: tuple[str, ...] = ()

    @property
    def municipality_ids(self) -> list[int]:
        return sorted({pk for pk, _first, _last in self.parts})

    def covers(self, municipality_id: int, year: int) -> bool:
        """True when records of `municipality_id` in `year` count here."""
        return any(
            pk == municipality_id
            and (first is None or first <= year)
            and (last is None or year <= last)
            for pk, first, last in self.parts
        )

    def ids_in(self, year: int) -> list[int]:
        """The recorded municipalities whose records of `year` count here."""
        return [
            pk
            for pk, first, last in self.parts
            if (first is None or first <= year) and (last is None or year <= last)
        ]

    def is_complete(self, year: int) -> bool:
        return self.complete_from is None or year >= self.complete_from

    @property
    def split_note(self) -> str:
        """What the pages say where a split broke the series; "" if none did."""
        if self.complete_from is None:
            return ""
        return _(
            "Figures start in %(year)s: before that, %(names)s was split between "
            "several municipalities, so its registrations and inhabitants belong "
            "to none of them."
        ) % {"year": self.complete_from, "names": ", ".join(self.split_names)}

    def complete_years(self, years: Iterable[int]) -> list[int]:
        """The years of a series this area can show (none before a split)."""
        return [year for year in years if self.is_complete(year)]

    def registrations(self) -> Q:
        """Registrations that count here, as a query filter on the date index."""
        condition = Q(pk__in=[])
        for pk, first, last in self.parts:
            part = Q(municipality_id=pk)
            if first is not None:
                part &= Q(injury_date__gte=datetime.date(first, 1, 1))
            if last is not None:
                part &= Q(injury_date__lt=datetime.date(last + 1, 1, 1))
            condition |= part
        return condition


def _from_lineage(key: str, found: Lineage) -> Area:
    return Area(
        key=key,
        parts=tuple(
            (part.municipality_id, part.first_year, part.last_year)
            for part in found.parts
        ),
        complete_from=found.complete_from,
        split_names=tuple(f"{part.name} ({part.code})" for part in found.split_from),
    )


def municipality_areas(
    municipalities: Iterable[Municipality | int],
) -> dict[int, Area]:
    """Each municipality as the sum of its own codes, keyed by id (two queries)."""
    return {
        pk: _from_lineage(str(pk), found)
        for pk, found in lineages(municipalities).items()
    }


def municipality_area(municipality: Municipality | int) -> Area:
    """One municipality as the sum of its own codes."""
    pk = municipality if isinstance(municipality, int) else municipality.pk
    return municipality_areas([pk])[pk]


def combined(key: str, parts: Iterable[Area]) -> Area:
    """Several areas added up (a county of its municipalities)."""
    parts = list(parts)
    starts = [a.complete_from for a in parts if a.complete_from is not None]
    return Area(
        key=key,
        parts=tuple(p for area in parts for p in area.parts),
        complete_from=max(starts) if starts else None,
        split_names=tuple(sorted({name for a in parts for name in a.split_names})),
    )


def area_owner(areas: Iterable[Area]) -> Callable[[int, int], str | None]:
    """The key of the area a record of (municipality id, year) counts in."""
    by_code: dict[int, list[Area]] = {}
    for area in areas:
        for pk in area.municipality_ids:
            by_code.setdefault(pk, []).append(area)

    def owner(municipality_id: int, year: int) -> str | None:
        for area in by_code.get(municipality_id, ()):
            if area.covers(municipality_id, year):
                return area.key
        return None

    return owner


def is_current(municipality: Municipality) -> bool:
    """Valid today (or with no end recorded)."""
    return (
        municipality.valid_to is None or municipality.valid_to >= timezone.localdate()
    )


def county_members(municipalities: Iterable[Municipality]) -> list[Municipality]:
    """A county's municipalities of today; all of them for a county that ceased."""
    municipalities = list(municipalities)
    current = [m for m in municipalities if is_current(m)]
    return current or municipalities


def county_municipalities(county: County) -> list[Municipality]:
    """The municipalities a county's figures add up, in code order."""
    return county_members(county.municipalities.order_by("code"))


@dataclass(frozen=True)
class CountryAreas:
    """A country's municipalities and counties as areas of today."""

    municipalities: dict[str, Area]  # municipality id -> its area (ceased too)
    counties: dict[str, tuple[str, ...]]  # county id -> member municipality ids
    county_areas: dict[str, Area]  # county id -> the sum of its members
    current_counties: frozenset[str]  # counties with a municipality of today

    def members(self, county_id: int | str) -> list[Area]:
        return [self.municipalities[pk] for pk in self.counties.get(str(county_id), ())]


def country_areas(country: Country) -> CountryAreas:
    """Every municipality of a country with its lineage, and its counties of today
    as the sums of their members (three queries)."""
    rows = list(
        Municipality.objects.filter(county__country=country).only(
            "id", "county_id", "valid_to"
        )
    )
    found = municipality_areas([m.pk for m in rows])
    by_county: dict[str, list[Municipality]] = {}
    for municipality in rows:
        by_county.setdefault(str(municipality.county_id), []).append(municipality)
    counties = {
        county_id: tuple(str(m.pk) for m in county_members(members))
        for county_id, members in by_county.items()
    }
    areas = {str(pk): area for pk, area in found.items()}
    return CountryAreas(
        municipalities=areas,
        counties=counties,
        county_areas={
            county_id: combined(county_id, (areas[pk] for pk in ids))
            for county_id, ids in counties.items()
        },
        current_counties=frozenset(
            county_id
            for county_id, members in by_county.items()
            if any(is_current(m) for m in members)
        ),
    )
