"""Disclosure control: the one place that decides which counts may be shown.

Every figure the portal publishes about few people goes through here: the
injury tables of this package, and the programmes' indicators and
Risikorydding answers (`enough`, `protect_parts`).

Primary suppression hides counts from 1 to threshold - 1 (shown as "<5").
Secondary suppression then hides further cells until no hidden cell can be
narrowed down from the total: every primary cell must still be able to take
every value from 1 to threshold - 1, and no secondary cell may be pinned to
one value. Secondary cells are shown differently from primary ones, so the
check assumes a reader knows they are at least the threshold.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from django.conf import settings
from django.db.models import Q

SHOWN = "shown"
PRIMARY = "primary"
SECONDARY = "secondary"


def _bounds(status: str, threshold: int) -> tuple[int, float]:
    if status == PRIMARY:
        return 1, threshold - 1
    return threshold, float("inf")


def line_is_safe(
    counts: Sequence[int], statuses: Sequence[str], threshold: int
) -> bool:
    """True when no suppressed cell can be narrowed down from the line's total."""
    hidden = [i for i, s in enumerate(statuses) if s != SHOWN]
    if not hidden:
        return True
    total_hidden = sum(counts[i] for i in hidden)
    bounds = {i: _bounds(statuses[i], threshold) for i in hidden}
    sum_low = sum(b[0] for b in bounds.values())
    finite_high = sum(b[1] for b in bounds.values() if b[1] != float("inf"))
    unbounded = sum(1 for b in bounds.values() if b[1] == float("inf"))
    for i in hidden:
        low, high = bounds[i]
        others_low = sum_low - low
        # inf - inf is not a number: count the unbounded cells instead.
        if high == float("inf"):
            others_high = float("inf") if unbounded > 1 else finite_high
        else:
            others_high = float("inf") if unbounded else finite_high - high
        can_low = max(low, total_hidden - others_high)
        can_high = min(high, total_hidden - others_low)
        if statuses[i] == PRIMARY:
            if can_low != 1 or can_high != threshold - 1:
                return False
        elif can_high <= can_low:
            return False
    return True


def protect_line(
    counts: Sequence[int],
    threshold: int,
    hidden: Sequence[bool] | None = None,
    keys: Sequence[str] | None = None,
) -> list[str] | None:
    """Status of each cell, or None when the line cannot be published with its total.

    `hidden` marks cells already withheld for another reason (a figure of a
    sum whose part hides it); they count as suppressed from the start.

    Secondary suppression loses as little as it can, as tau-ARGUS and
    sdcTable do with the cell value as its cost: of every set of shown cells
    that makes the line safe, it hides the one with the smallest sum (then
    the fewest cells), so the total and the large figures stay shown.
    Equal cells are told apart by their `keys`, not their order, so every
    page that publishes the same line hides the same cells: two pages that
    chose differently between two equal cells would show both between them.
    """
    statuses = [PRIMARY if 0 < c < threshold else SHOWN for c in counts]
    if hidden is not None:
        statuses = [
            SECONDARY if hide and status == SHOWN and count else status
            for status, hide, count in zip(statuses, hidden, counts, strict=True)
        ]
    if line_is_safe(counts, statuses, threshold):
        return statuses
    order = list(keys) if keys is not None else [str(i) for i in range(len(counts))]
    candidates = [
        (c, i)
        for c, _key, i in sorted(
            (c, order[i], i)
            for i, c in enumerate(counts)
            if statuses[i] == SHOWN and c > 0
        )
    ]
    chosen = _least_loss(counts, statuses, threshold, candidates)
    if chosen is None:
        return None
    for index in chosen:
        statuses[index] = SECONDARY
    return statuses


# Sets tried before settling for the smallest safe one found greedily; lines
# are short (months, code lists), so the exact search nearly always ends first.
_SEARCH_LIMIT = 5000


def _least_loss(
    counts: Sequence[int],
    statuses: list[str],
    threshold: int,
    candidates: list[tuple[int, int]],
) -> list[int] | None:
    """The indices of the cheapest set of candidates whose hiding makes the
    line safe: sets are tried in order of their sum (best first, each set
    reached once: the last member moves on one, or the next one joins)."""
    if not candidates:
        return None
    values = [c for c, _i in candidates]
    heap: list[tuple[int, int, tuple[int, ...]]] = [(values[0], 1, (0,))]
    for _step in range(_SEARCH_LIMIT):
        if not heap:
            return None
        _cost, _size, members = heapq.heappop(heap)
        trial = list(statuses)
        for member in members:
            trial[candidates[member][1]] = SECONDARY
        if line_is_safe(counts, trial, threshold):
            return [candidates[m][1] for m in members]
        last = members[-1]
        if last + 1 < len(candidates):
            moved = (*members[:-1], last + 1)
            grown = (*members, last + 1)
            heapq.heappush(heap, (sum(values[m] for m in moved), len(moved), moved))
            heapq.heappush(heap, (sum(values[m] for m in grown), len(grown), grown))
    # Not found within the limit: add the largest cells until the line is safe.
    trial = list(statuses)
    chosen = []
    for _count, index in reversed(candidates):
        trial[index] = SECONDARY
        chosen.append(index)
        if line_is_safe(counts, trial, threshold):
            return chosen
    return None


def enough(n: int) -> bool:
    """True when a figure about `n` people may be published on its own."""
    return n >= settings.SMALL_CELL_THRESHOLD


def enough_filter(field: str) -> Q:
    """A query filter keeping the rows whose `field` counts enough people."""
    return Q(**{f"{field}__gte": settings.SMALL_CELL_THRESHOLD})


def protect_parts(parts: Sequence[int]) -> list[bool]:
    """Which parts of a split whose total is published may be shown: small
    ones hidden, with the least complementary loss; all hidden when the split
    cannot be protected."""
    statuses = protect_line(parts, settings.SMALL_CELL_THRESHOLD)
    if statuses is None:
        return [False] * len(parts)
    return [status == SHOWN for status in statuses]
