"""A good example's measured results, read only from published figures.

Outcome indicators: the published yearly totals (n at or above the
threshold, `programmes.indicators`) of the example's municipality and the
predecessors whose records are its own (`core.lineage`), the first and the
latest. Injuries: for an example of an initiative with targeted places or
mechanisms, the initiative follow-up's sums of published cells
(`injuries.statistics.follow_up_lines`), before the start and after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from injuries import statistics
from injuries.statistics.disclosure import enough_filter
from safecommunity.core.lineage import lineage

from ..models import GoodExample, IndicatorValue

WINDOW_YEARS = 3


@dataclass(frozen=True)
class IndicatorChange:
    name: str
    unit: str
    first: IndicatorValue
    latest: IndicatorValue


@dataclass
class ExampleResults:
    indicators: list[IndicatorChange] = field(default_factory=list)
    injuries: list = field(default_factory=list)  # statistics.FollowUpLine
    before: tuple[int, int] | None = None
    after: tuple[int, int] | None = None

    @property
    def any(self) -> bool:
        return bool(self.indicators or self.injuries)


def example_results(*, example: GoodExample) -> ExampleResults:
    """The example's published indicator values and injury figures."""
    municipality = example.programme.municipality
    results = ExampleResults()
    if municipality is None:
        return results
    history = lineage(municipality)
    values = (
        IndicatorValue.objects.filter(
            enough_filter("n"),
            municipality_id__in=history.municipality_ids,
            sex="",
            school_level="",
        )
        .select_related("indicator")
        .order_by("indicator__sort_order", "indicator__key", "year")
    )
    by_indicator: dict[int, list[IndicatorValue]] = {}
    parts = {part.municipality_id: part for part in history.parts}
    for value in values:
        if parts[value.municipality_id].covers(value.year):
            by_indicator.setdefault(value.indicator_id, []).append(value)
    for series in by_indicator.values():
        if len(series) > 1:
            results.indicators.append(
                IndicatorChange(
                    name=series[0].indicator.name,
                    unit=series[0].indicator.get_unit_display(),
                    first=series[0],
                    latest=series[-1],
                )
            )
    _injuries(example, results)
    return results


def _injuries(example: GoodExample, results: ExampleResults) -> None:
    initiative = example.initiative
    municipality = example.programme.municipality
    if initiative is None or initiative.start_date is None or municipality is None:
        return  # a regional programme's injuries are its members' own pages
    targets = [
        (code.list_name, code.code, code.label)
        for code in initiative.target_codes.all()
        if code.list_name in ("mechanism", "place")
    ]
    start = initiative.start_date.year
    after_end = min(start + WINDOW_YEARS - 1, timezone.localdate().year - 1)
    if not targets or after_end < start:
        return
    results.before = (start - WINDOW_YEARS, start - 1)
    results.after = (start, after_end)
    results.injuries = statistics.follow_up_lines(
        municipality=municipality,
        targets=targets,
        before=results.before,
        after=results.after,
    )
