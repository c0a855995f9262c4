"""A municipality through its history: whose figures are its own, and when.

Data keep the code they were recorded with. A municipality's figures are its
own records plus those of every predecessor that went wholly into it (a
merger or a renumbering), recursively. A predecessor that was split between
several successors belongs to none of them: the series breaks there, and the
pages say so instead of guessing.

The whole graph is read in two queries and then walked in memory, so a
county's or a country's lineages cost the same as one municipality's.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Municipality


@dataclass(frozen=True)
class LineagePart:
    """Records under `code` in `first_year`..`last_year` count in the whole."""

    municipality_id: int
    code: str
    name: str
    first_year: int | None  # None: since the beginning of the data
    last_year: int | None  # None: still valid

    def covers(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )


@dataclass(frozen=True)
class Lineage:
    """A municipality with the parts of history that are its own."""

    municipality_id: int
    parts: tuple[LineagePart, ...]
    # Predecessors split between several successors: their records belong
    # to none of them, so the series is complete only from `complete_from`.
    split_from: tuple[LineagePart, ...] = ()
    complete_from: int | None = None

    @property
    def municipality_ids(self) -> set[int]:
        return {part.municipality_id for part in self.parts}

    def parts_in(self, year: int) -> list[LineagePart]:
        """The parts whose records of `year` count in this municipality."""
        return [part for part in self.parts if part.covers(year)]

    def is_complete(self, year: int) -> bool:
        return self.complete_from is None or year >= self.complete_from


class SuccessorError(ValueError):
    """A ceased code has no single successor on the date asked for."""

    def __init__(self, municipality, on_date, successors):
        super().__init__(f"{municipality.code}: {len(successors)} successors")
        self.municipality = municipality
        self.on_date = on_date
        self.successors = list(successors)


@dataclass
class _Graph:
    nodes: dict[int, Municipality] = field(default_factory=dict)
    successors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    predecessors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


def _graph() -> _Graph:
    graph = _Graph()
    edges = Municipality.successors.through.objects.values_list(
        "from_municipality_id", "to_municipality_id"
    )
    for old, new in edges:
        if old != new:
            graph.successors[old].add(new)
            graph.predecessors[new].add(old)
    return graph


def _load_nodes(graph: _Graph, ids: Iterable[int]) -> None:
    missing = set(ids) - graph.nodes.keys()
    if missing:
        for municipality in Municipality.objects.filter(pk__in=missing).only(
            "id", "code", "name", "valid_from", "valid_to", "county_id"
        ):
            graph.nodes[municipality.pk] = municipality


def _part(municipality: Municipality) -> LineagePart:
    return LineagePart(
        municipality_id=municipality.pk,
        code=municipality.code,
        name=municipality.name,
        first_year=municipality.valid_from.year if municipality.valid_from else None,
        last_year=municipality.valid_to.year if municipality.valid_to else None,
    )


def _ancestry(graph: _Graph, start: int) -> tuple[set[int], set[int]]:
    """Ids of the whole ancestors of `start` (itself included), and split ones."""
    whole, split = {start}, set()
    stack = [start]
    while stack:
        current = stack.pop()
        for predecessor in graph.predecessors.get(current, ()):
            if predecessor in whole or predecessor in split:
                continue
            if graph.successors[predecessor] == {current}:
                whole.add(predecessor)
                stack.append(predecessor)
            else:
                split.add(predecessor)
    return whole, split


def _lineage(graph: _Graph, municipality_id: int) -> Lineage:
    whole, split = _ancestry(graph, municipality_id)
    parts = tuple(
        sorted(
            (_part(graph.nodes[pk]) for pk in whole),
            key=lambda part: (part.first_year or 0, part.code),
        )
    )
    split_parts = tuple(
        sorted((_part(graph.nodes[pk]) for pk in split), key=lambda p: p.code)
    )
    ends = [part.last_year for part in split_parts if part.last_year is not None]
    return Lineage(
        municipality_id=municipality_id,
        parts=parts,
        split_from=split_parts,
        complete_from=max(ends) + 1 if ends else None,
    )


def lineages(municipalities: Iterable[Municipality | int]) -> dict[int, Lineage]:
    """The lineage of each municipality given, keyed by its id (two queries)."""
    ids = [m if isinstance(m, int) else m.pk for m in municipalities]
    graph = _graph()
    reach: set[int] = set()
    for pk in ids:
        whole, split = _ancestry(graph, pk)
        reach |= whole | split
    _load_nodes(graph, reach)
    return {pk: _lineage(graph, pk) for pk in ids}


def lineage(municipality: Municipality | int) -> Lineage:
    """The lineage of one municipality."""
    pk = municipality if isinstance(municipality, int) else municipality.pk
    return lineages([pk])[pk]


def successors_valid_on(
    municipality: Municipality, on_date: datetime.date
) -> list[Municipality]:
    """The municipalities valid on `on_date` that `municipality` went into,
    following renumberings, mergers and splits (empty while it is itself valid
    then, or when no successor is known)."""
    if municipality.valid_to is None or municipality.valid_to >= on_date:
        return []
    graph = _graph()
    found: dict[int, Municipality] = {}
    seen = {municipality.pk}
    frontier = set(graph.successors.get(municipality.pk, ()))
    while frontier:
        _load_nodes(graph, frontier)
        following: set[int] = set()
        for pk in frontier - seen:
            seen.add(pk)
            node = graph.nodes[pk]
            ceased = node.valid_to is not None and node.valid_to < on_date
            if not ceased and (node.valid_from is None or node.valid_from <= on_date):
                found[pk] = node
            elif ceased:
                following |= graph.successors.get(pk, set())
        frontier = following - seen
    return sorted(found.values(), key=lambda m: m.code)


def successor_on(municipality: Municipality, on_date: datetime.date) -> Municipality:
    """The municipality that `municipality`'s records of `on_date` belong to.

    Itself while it is valid; after it ceased, its one successor valid on that
    date (following renumberings and mergers). Raises SuccessorError when a
    split leaves several successors, or none is known.
    """
    if municipality.valid_to is None or municipality.valid_to >= on_date:
        return municipality
    found = successors_valid_on(municipality, on_date)
    if len(found) != 1:
        raise SuccessorError(municipality, on_date, found)
    return found[0]
