"""Where a good example has spread, as a schematic map drawn on the server.

No map tiles or outlines: each county involved is a box with a dot for every
municipality of today in it; the example's own municipality and those that
adopted it are numbered, and a line runs from the origin to each adopter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from safecommunity.core.models import County, Municipality

from ..models import GoodExample

STEP = 34  # distance between dots
PAD = 14  # inside a county box
TITLE = 26  # room for the county's name above its dots
GAP = 28  # between county boxes


@dataclass(frozen=True)
class Dot:
    x: int
    y: int
    name: str
    number: int | None  # numbered: the origin (1) and the adopters
    origin: bool = False


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int
    name: str


@dataclass(frozen=True)
class SpreadMap:
    width: int
    height: int
    boxes: list[Box]
    dots: list[Dot]
    lines: list[tuple[Dot, Dot]]
    legend: list[Dot]


def example_spread_map(*, example: GoodExample) -> SpreadMap | None:
    """The schematic of the example's municipality and its adopters; None when
    no other municipality has adopted it yet."""
    origin = example.programme.municipality
    adopters = [
        initiative.programme.municipality
        for initiative in example.adoptions.all()
        if initiative.programme.municipality is not None
    ]
    if origin is None or not adopters:
        return None
    numbered = {origin.pk: 1}
    for municipality in adopters:
        numbered.setdefault(municipality.pk, len(numbered) + 1)
    county_ids = {origin.county_id, *(m.county_id for m in adopters)}
    today = timezone.localdate()
    municipalities = list(
        Municipality.objects.filter(county_id__in=county_ids)
        .filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today) | Q(pk__in=list(numbered))
        )
        .order_by("code")
    )
    counties = County.objects.filter(pk__in=county_ids).order_by(
        "country__code", "code"
    )
    boxes, dots = [], []
    x = 0
    height = 0
    for county in counties:
        members = [m for m in municipalities if m.county_id == county.pk]
        columns = max(1, math.ceil(math.sqrt(len(members))))
        rows = max(1, math.ceil(len(members) / columns))
        width = max(columns * STEP + 2 * PAD, 9 * len(county.name) + 2 * PAD)
        box_height = TITLE + rows * STEP + 2 * PAD
        boxes.append(Box(x=x, y=0, width=width, height=box_height, name=county.name))
        for index, municipality in enumerate(members):
            dots.append(
                Dot(
                    x=x + PAD + (index % columns) * STEP + STEP // 2,
                    y=TITLE + PAD + (index // columns) * STEP + STEP // 2,
                    name=municipality.name,
                    number=numbered.get(municipality.pk),
                    origin=municipality.pk == origin.pk,
                )
            )
        x += width + GAP
        height = max(height, box_height)
    legend = sorted((d for d in dots if d.number), key=lambda d: d.number or 0)
    start = next(d for d in legend if d.origin)
    lines = [(start, dot) for dot in legend if not dot.origin]
    return SpreadMap(
        width=max(x - GAP, 1),
        height=height,
        boxes=boxes,
        dots=dots,
        lines=lines,
        legend=legend,
    )
