"""Small-cell suppression for one line of counts with its total shown beside it.

Primary suppression hides counts from 1 to threshold - 1 (shown as "<5").
Secondary suppression then hides further cells until no hidden cell can be
narrowed down from the total: every primary cell must still be able to take
every value from 1 to threshold - 1, and no secondary cell may be pinned to
one value. Secondary cells are shown differently from primary ones, so the
check assumes a reader knows they are at least the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    counts: Sequence[int], threshold: int, hidden: Sequence[bool] | None = None
) -> list[str] | None:
    """Status of each cell, or None when the line cannot be published with its total.

    `hidden` marks cells already withheld for another reason (a figure of a
    sum whose part hides it); they count as suppressed from the start.
    """
    statuses = [PRIMARY if 0 < c < threshold else SHOWN for c in counts]
    if hidden is not None:
        statuses = [
            SECONDARY if hide and status == SHOWN and count else status
            for status, hide, count in zip(statuses, hidden, counts, strict=True)
        ]
    while not line_is_safe(counts, statuses, threshold):
        candidates = sorted(
            (c, i) for i, c in enumerate(counts) if statuses[i] == SHOWN and c > 0
        )
        if not candidates:
            return None
        # The smallest cell that makes the line safe on its own; else the
        # largest, which widens the hidden range the most, and try again.
        chosen = candidates[-1][1]
        for _count, index in candidates:
            trial = list(statuses)
            trial[index] = SECONDARY
            if line_is_safe(counts, trial, threshold):
                chosen = index
                break
        statuses[chosen] = SECONDARY
    return statuses
