"""A line of sums beside protected lines: the figures of all years beside
each year's line, published wherever the hidden cells still protect each
other.

The lines are a table whose rows each have a published total, and the
sums over the rows are a margin row beside them. A reader who sets the
published margin figures against the lines can move a hidden count only
along a cycle of hidden cells (in a table with margins, a hidden cell is
pinned exactly when its edge is a bridge of the graph of hidden cells,
rows against columns), and only as far as the other cells of the cycle
allow ("<5" between 1 and threshold - 1, any other hidden figure from 0
up). So a count marked "<5" must still be able to take every value from 1
to threshold - 1, a small hidden margin figure threshold - 1 values around
its own, and a complementary cell more than one value: the least and
greatest values are a flow through the hidden cells (`_Network`), exact
for such a table, with every row total and the margin's total taken as
known (which can only narrow them).

A margin figure is published unless a hidden cell needs it: the check runs
row by row, and a cell that the cycles through other rows cannot protect
hides the margin figures of its own row's hidden cells, the cheapest
first, until it is protected. Hiding all of them protects it for certain,
as its line's own protection does (`protect_line`), and hiding more never
narrows another figure, so one pass suffices.

A row that is withheld (a small year) hides the margin of every column it
has registrations in, and a row whose line could not be protected (zeros
hidden too) the whole margin: their figures are not published, and a
withheld row's move with its unknown total.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Sequence

from .disclosure import PRIMARY, SECONDARY, SHOWN

_UNBOUNDED = 10**12

WITHHELD = "withheld"  # a row whose figures are not published at all
ALL_HIDDEN = "all hidden"  # a row whose line could not be protected


class _Network:
    """The hidden cells of a table with a margin row as edges between a
    row's node and a column's node, with how far each can move up and down."""

    def __init__(self, rows: int, columns: int):
        self.rows = rows
        self.margin = rows  # the node of the margin row
        self.nodes = rows + 1 + columns
        self.ends: list[tuple[int, int]] = []
        self.up: list[int] = []  # how far the edge's signed value can rise
        self.down: list[int] = []  # and fall
        # Per node, its edges: (edge, the node at the other end, True at the
        # edge's row end, where flow leaving raises its signed value).
        self.adjacent: list[list[tuple[int, int, bool]]] = [
            [] for _ in range(self.nodes)
        ]

    def column(self, c: int) -> int:
        return self.rows + 1 + c

    def add(self, a: int, b: int, value: int, low: int, high: int) -> int:
        """An edge between row node `a` and column node `b`; a margin figure
        enters with its sign turned (every row and column then adds up to zero)."""
        if a == self.margin:
            up, down = value - low, high - value
        else:
            up, down = high - value, value - low
        self.ends.append((a, b))
        self.up.append(up)
        self.down.append(down)
        index = len(self.ends) - 1
        self.adjacent[a].append((index, b, True))
        self.adjacent[b].append((index, a, False))
        return index

    def flow(self, source: int, sink: int, without: int, wanted: int) -> int:
        """How much can flow from `source` to `sink` through the other edges,
        counted up to `wanted`."""
        if wanted <= 0:
            return 0
        up, down, adjacent = self.up, self.down, self.adjacent
        moved = [0] * len(up)  # positive: from the row to the column
        total = 0
        while total < wanted:
            # How each node was reached: (edge, rising, node before, room).
            previous: dict[int, tuple[int, bool, int, int]] = {
                source: (-1, True, source, 0)
            }
            queue = deque([source])
            while queue and sink not in previous:
                node = queue.popleft()
                for edge, other, rising in adjacent[node]:
                    if edge == without or other in previous:
                        continue
                    room = (
                        up[edge] - moved[edge] if rising else down[edge] + moved[edge]
                    )
                    if room > 0:
                        previous[other] = (edge, rising, node, room)
                        queue.append(other)
            if sink not in previous:
                break
            amount = wanted - total
            node = sink
            while node != source:
                _edge, _rising, node, room = previous[node]
                amount = min(amount, room)
            node = sink
            while node != source:
                edge, rising, node, _room = previous[node]
                moved[edge] += amount if rising else -amount
            total += amount
        return total

    def unpinned(self, edge: int, value: int) -> bool:
        """True when the figure on `edge` (a hidden figure that is not small)
        can still take more than one value while every other figure holds."""
        a, b = self.ends[edge]
        if a == self.margin:
            rise_from, fall_from = (a, b), (b, a)
        else:
            rise_from, fall_from = (b, a), (a, b)
        return self.flow(*rise_from, edge, 1) >= 1 or (
            value > 0 and self.flow(*fall_from, edge, 1) >= 1
        )

    def free(self, edge: int, value: int, threshold: int) -> bool:
        """True when the small figure on `edge` (`value`) is as uncertain as
        "<5" makes it: a count marked "<5" can still take every value from 1
        to threshold - 1, a hidden sum any threshold - 1 values around its own,
        while every other figure holds."""
        a, b = self.ends[edge]
        if a == self.margin:  # a margin figure rises as its signed value falls
            rise_from, fall_from = (a, b), (b, a)
        else:
            rise_from, fall_from = (b, a), (a, b)
        width = threshold - 2
        if self.up[edge] + self.down[edge] < _UNBOUNDED:  # marked "<5"
            rise, fall = threshold - 1 - value, value - 1
            return (
                self.flow(*rise_from, edge, rise) >= rise
                and self.flow(*fall_from, edge, fall) >= fall
            )
        rise = self.flow(*rise_from, edge, width)
        return (
            rise >= width or rise + self.flow(*fall_from, edge, width - rise) >= width
        )


def protect_margins_over_time(
    rows: Sequence[Sequence[int]],
    statuses: Sequence[Sequence[str] | str],
    threshold: int,
    keys: Sequence[str],
) -> list[str]:
    """The margin of all the rows, given that the margin of each first part
    of them (the first row, the first two, ...) was published before, as
    the figures of all years are: each year the year that ended joins them.

    A reader who kept the earlier figures of all years has, for each code,
    the sum of the years since the last one shown: the margin of each first
    part is decided against the ones shown before it (`protect_margin`'s
    `history`), so no difference of two of them pins a hidden count either.
    """
    history: list[list[int]] = [[] for _ in keys]
    if not rows:
        return protect_margin(rows, statuses, threshold, keys)
    margin: list[str] = []
    for n in range(1, len(rows) + 1):
        margin = protect_margin(rows[:n], statuses[:n], threshold, keys, history)
        for c, status in enumerate(margin):
            if status == SHOWN and n < len(rows):
                history[c].append(n)
    return margin


def protect_margin(
    rows: Sequence[Sequence[int]],
    statuses: Sequence[Sequence[str] | str],
    threshold: int,
    keys: Sequence[str],
    history: Sequence[Sequence[int]] | None = None,
) -> list[str]:
    """The statuses of the margin row (each column's sum over the rows).

    `statuses` gives each row's cell statuses as its own line protection
    decided them, or `WITHHELD` / `ALL_HIDDEN` for a row shown not at all.
    A hidden margin figure reads "<5" only when it is one row's own "<5"
    beside zeros (a sum of several "<5" would cap each of them, and so
    would a small year's "<5" two of its codes).

    `history` gives, for each column, the numbers of first rows whose sum
    was published before (ascending, each less than the rows): the column's
    rows between two such numbers then have a known sum, so each stretch is
    a column of its own, closed, and only the last stretch meets the margin.
    """
    columns = len(keys)
    hidden_in: list[list[int]] = []  # per row, the columns it hides
    forced: set[int] = set()
    for row, status in zip(rows, statuses, strict=True):
        if status == WITHHELD:
            hidden = [c for c in range(columns) if row[c]]
            forced.update(hidden)
        elif status == ALL_HIDDEN:
            hidden = list(range(columns))
            forced.update(hidden)
        else:
            hidden = [c for c in range(columns) if status[c] != SHOWN]
        hidden_in.append(hidden)
    hidden_columns = {c for hidden in hidden_in for c in hidden}
    if not hidden_columns:
        # No year hides anything: every figure of all years is a sum of
        # figures shown.
        return [SHOWN] * columns
    # Only a column with hidden cells can need its margin figure hidden; the
    # others are shown, and need no node in the network.
    bounds = {c: list(history[c]) if history else [] for c in hidden_columns}
    # The first row of each column's last (open) stretch: the rows after the
    # last sum published before.
    first_open = {c: bounds[c][-1] if bounds[c] else 0 for c in hidden_columns}
    # Column node of each (column, stretch); the last stretch is open.
    nodes: dict[tuple[int, int], int] = {}
    for c in sorted(hidden_columns):
        for stretch in range(len(bounds[c]) + 1):
            nodes[c, stretch] = len(nodes)

    def stretch_of(r: int, c: int) -> int:
        return bisect_right(bounds[c], r)

    def is_open(r: int, c: int) -> bool:
        return r >= first_open[c]

    sums = [sum(column) for column in zip(*rows, strict=True)]
    # What the margin adds to what the reader knows: the open stretch's sum.
    open_sums = {
        c: sum(row[c] for row in rows[first_open[c] :]) for c in hidden_columns
    }
    # A margin figure is hidden when it is small (and not all its parts are
    # shown), or forced by a row shown not at all.
    margin_hidden = [
        c in forced or (c in hidden_columns and 0 < sums[c] < threshold)
        for c in range(columns)
    ]

    # "<5" on a margin figure only where it is one row's own "<5": on a
    # withheld row's codes two of them would be capped by the row's "<5",
    # and on a row whose line could not be protected they would tell what
    # its hidden cells do not.
    marked = [
        c in hidden_columns
        and 0 < sums[c] < threshold
        and not bounds[c]
        and sum(1 for row in rows if row[c]) == 1
        and any(
            row[c] and not isinstance(status, str) and status[c] == PRIMARY
            for row, status in zip(rows, statuses, strict=True)
        )
        for c in range(columns)
    ]

    def margin_bounds(c: int) -> tuple[int, int]:
        if marked[c]:
            return 1, threshold - 1
        return 0, _UNBOUNDED

    net = _Network(len(rows), len(nodes))
    cell_edges: dict[tuple[int, int], int] = {}
    margin_edges: dict[int, int] = {}
    for r, (row, status) in enumerate(zip(rows, statuses, strict=True)):
        for c in hidden_in[r]:
            if not isinstance(status, str) and status[c] == PRIMARY:
                low, high = 1, threshold - 1
            else:
                low, high = 0, _UNBOUNDED
            column = net.column(nodes[c, stretch_of(r, c)])
            cell_edges[r, c] = net.add(r, column, row[c], low, high)

    def hide(c: int) -> None:
        margin_hidden[c] = True
        low, high = margin_bounds(c)
        column = net.column(nodes[c, len(bounds[c])])
        margin_edges[c] = net.add(net.margin, column, open_sums[c], low, high)

    for c in range(columns):
        if margin_hidden[c]:
            hide(c)

    def line_open(r: int) -> bool:
        # Every hidden cell of the row has its margin hidden, and no earlier
        # sum closes its column: the row's own line protection then holds.
        return not isinstance(statuses[r], str) and all(
            margin_hidden[c] and is_open(r, c) for c in hidden_in[r]
        )

    def protected(kind: str, r: int, c: int) -> bool:
        if kind == "cell":
            if line_open(r):
                return True
            if rows[r][c] >= threshold:  # a complementary cell: never pinned
                return net.unpinned(cell_edges[r, c], rows[r][c])
            return net.free(cell_edges[r, c], rows[r][c], threshold)
        if any(
            rows[other][c] and is_open(other, c) and line_open(other)
            for other in range(len(rows))
        ):
            return True
        return net.free(margin_edges[c], open_sums[c], threshold)

    def hide_until(kind: str, r: int, c: int, options: list[int]) -> None:
        """Hide margin figures of `options`, cheapest first, until the small
        figure is protected."""
        if protected(kind, r, c):
            return
        for other in sorted(options, key=lambda o: (sums[o], keys[o])):
            if margin_hidden[other]:
                continue
            hide(other)
            if protected(kind, r, c):
                return
        # Cannot happen beside a protected line; hide the whole margin to be sure.
        for other in hidden_columns:
            if not margin_hidden[other]:
                hide(other)

    for r, (row, status) in enumerate(zip(rows, statuses, strict=True)):
        if isinstance(status, str):
            continue  # moves with its unknown total; its columns are hidden
        for c in hidden_in[r]:
            if row[c]:
                hide_until("cell", r, c, hidden_in[r])
    for c in range(columns):
        if margin_hidden[c] and 0 < sums[c] < threshold:
            options = [
                other
                for r, row in enumerate(rows)
                if row[c] and not isinstance(statuses[r], str)
                for other in hidden_in[r]
            ]
            hide_until("margin", -1, c, options)
    result = []
    for c in range(columns):
        if not margin_hidden[c]:
            result.append(SHOWN)
        elif marked[c]:
            result.append(PRIMARY)
        else:
            result.append(SECONDARY)
    return result
