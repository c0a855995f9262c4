"""Exact bounds of a linear form over what a reader knows, as a statistical
office's audit computes them: minimise and maximise one hidden figure subject
to every published figure (equalities, "<5" ranges) and non-negativity.

A small two-phase simplex on rationals (Bland's rule, so it never cycles),
enough for the few dozen cells of the attacker tests; no solver needed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction

Form = dict[Hashable, int]  # variable -> coefficient


@dataclass(frozen=True)
class Known:
    """A published fact: low <= sum(form) <= high (high None: no upper bound)."""

    form: Form
    low: int
    high: int | None


class Infeasible(Exception):
    """The published facts contradict each other (a bug in the test data)."""


def _presolve(facts: Sequence[Known]) -> tuple[dict, list[Known]]:
    """Variables whose value the facts fix on their own (a published zero over
    non-negative coefficients, a figure of one variable), and the remaining
    facts with those values put in, each once."""
    fixed: dict = {}
    changed = True
    while changed:
        changed = False
        for fact in facts:
            live = {v: c for v, c in fact.form.items() if v not in fixed and c}
            rest = sum(c * fixed[v] for v, c in fact.form.items() if v in fixed)
            if not live:
                continue
            if fact.high is not None and fact.high - rest == 0:
                if all(c > 0 for c in live.values()):
                    fixed.update(dict.fromkeys(live, 0))
                    changed = True
            elif fact.high == fact.low and len(live) == 1:
                ((v, c),) = live.items()
                fixed[v] = Fraction(fact.low - rest, c)
                changed = True
    reduced: dict = {}
    for fact in facts:
        form = {v: c for v, c in fact.form.items() if v not in fixed and c}
        rest = sum(c * fixed[v] for v, c in fact.form.items() if v in fixed)
        low, high = fact.low - rest, None if fact.high is None else fact.high - rest
        if not form:
            if low > 0 or (high is not None and high < 0):
                raise Infeasible(fact)
            continue
        key = tuple(sorted(form.items(), key=repr))
        known = reduced.get(key)
        if known is not None:  # the tighter of two ranges of the same form
            low = max(low, known.low)
            if known.high is not None:
                high = known.high if high is None else min(high, known.high)
        reduced[key] = Known(form, max(low, 0), high)
    return fixed, list(reduced.values())


class Audit:
    """The feasible region of what a reader knows, ready for many objectives."""

    def __init__(self, facts: Sequence[Known]):
        self.fixed, facts = _presolve(facts)
        self.variables = sorted({v for f in facts for v in f.form}, key=repr)
        index = {v: i for i, v in enumerate(self.variables)}
        rows: list[tuple[dict[int, Fraction], Fraction]] = []
        slacks = 0
        for fact in facts:
            coefficients = {index[v]: Fraction(c) for v, c in fact.form.items()}
            if fact.high is not None and fact.high == fact.low:
                rows.append((coefficients, Fraction(fact.low)))
                continue
            if fact.low > 0:  # form - s = low
                rows.append(({**coefficients, ("s", slacks): Fraction(-1)}, fact.low))
                slacks += 1
            if fact.high is not None:  # form + s = high
                rows.append(({**coefficients, ("s", slacks): Fraction(1)}, fact.high))
                slacks += 1
        n = len(self.variables)
        self.width = n + slacks
        self.index = index
        # Tableau rows: coefficients over [variables, slacks, artificials], rhs.
        m = len(rows)
        tableau = []
        for r, (coefficients, rhs) in enumerate(rows):
            line = [Fraction(0)] * (self.width + m + 1)
            for key, c in coefficients.items():
                column = key if isinstance(key, int) else n + key[1]
                line[column] = Fraction(c)
            line[-1] = Fraction(rhs)
            if line[-1] < 0:
                line = [-x for x in line]
            line[self.width + r] = Fraction(1)
            tableau.append(line)
        self.tableau = tableau
        self.basis = [self.width + r for r in range(m)]
        # Phase one: minimise the sum of the artificials.
        cost = [Fraction(0)] * (self.width + m + 1)
        for r in range(m):
            cost[self.width + r] = Fraction(1)
        self._optimise(cost, limit=self.width + m)
        if any(
            self.tableau[r][-1] != 0
            for r, b in enumerate(self.basis)
            if b >= self.width
        ):
            raise Infeasible("published figures contradict each other")
        self._drive_out_artificials()

    def _reduced(self, cost: list[Fraction], columns: int) -> list[Fraction]:
        z = list(cost)
        for r, b in enumerate(self.basis):
            if cost[b]:
                factor = cost[b]
                row = self.tableau[r]
                for j in range(columns):
                    if row[j]:
                        z[j] -= factor * row[j]
                z[-1] -= factor * row[-1]
        return z

    def _pivot(self, r: int, column: int) -> None:
        row = self.tableau[r]
        pivot = row[column]
        if pivot != 1:
            self.tableau[r] = row = [x / pivot for x in row]
        for i, other in enumerate(self.tableau):
            if i != r and other[column]:
                factor = other[column]
                self.tableau[i] = [
                    a - factor * b for a, b in zip(other, row, strict=False)
                ]
        self.basis[r] = column

    def _optimise(self, cost: list[Fraction], limit: int) -> Fraction | None:
        """Minimise cost over the first `limit` columns; None when unbounded."""
        while True:
            z = self._reduced(cost, limit)
            entering = next((j for j in range(limit) if z[j] < 0), None)
            if entering is None:
                return -z[-1]
            best = None
            for r, row in enumerate(self.tableau):
                if row[entering] > 0:
                    ratio = row[-1] / row[entering]
                    if (
                        best is None
                        or ratio < best[0]
                        or (ratio == best[0] and self.basis[r] < self.basis[best[1]])
                    ):
                        best = (ratio, r)
            if best is None:
                return None
            self._pivot(best[1], entering)

    def _drive_out_artificials(self) -> None:
        for r, b in enumerate(self.basis):
            if b < self.width:
                continue
            column = next(
                (j for j in range(self.width) if self.tableau[r][j] != 0), None
            )
            if column is not None:
                self._pivot(r, column)

    def bounds(self, form: Form) -> tuple[Fraction, Fraction | None]:
        """(least, greatest) value of the form; greatest None when unbounded."""
        live = {v: c for v, c in form.items() if v not in self.fixed}
        known = sum(c * self.fixed[v] for v, c in form.items() if v in self.fixed)
        if not live:
            return known, known
        if any(v not in self.index for v in live):
            return known, None  # a variable nothing published touches
        results = []
        saved = ([list(row) for row in self.tableau], list(self.basis))
        for sign in (1, -1):
            cost = [Fraction(0)] * (len(self.tableau[0]) if self.tableau else 1)
            for v, c in live.items():
                cost[self.index[v]] = Fraction(sign * c)
            value = self._optimise(cost, limit=self.width)
            results.append(None if value is None else known + sign * value)
            self.tableau, self.basis = [list(r) for r in saved[0]], list(saved[1])
        return results[0], results[1]
