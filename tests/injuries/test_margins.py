"""A line of sums beside protected lines (`protect_margin`): the figures of
all years beside each year's line.

Every line is protected against its own published total; the margin is
shown unless a small count needs it hidden. Set against everything shown
(each line's shown cells and total, "<5" as 1 to 4, the shown margin
figures), no small count and no small hidden margin figure is narrowed more
than "<5" narrows it, by exact linear programming.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from injuries.models import Registration
from injuries.statistics import county_report
from injuries.statistics.disclosure import PRIMARY, SECONDARY, SHOWN, protect_line
from injuries.statistics.margins import (
    WITHHELD,
    protect_margin,
    protect_margins_over_time,
)
from tests.factories.core import MunicipalityFactory
from tests.injuries.linear import Audit, Known
from tests.properties import examples

THRESHOLD = 5
KEYS = ["a", "b", "c", "d"]


def _statuses(rows):
    return [
        WITHHELD
        if 0 < sum(row) < THRESHOLD
        else protect_line(row, THRESHOLD, keys=KEYS[: len(row)])
        for row in rows
    ]


def _line_facts(rows, statuses):
    facts = []
    for r, (row, status) in enumerate(zip(rows, statuses, strict=True)):
        line = {(r, c): 1 for c in range(len(row))}
        if status == WITHHELD:
            facts.append(Known(line, 1, THRESHOLD - 1))  # the year's "<5"
            continue
        facts.append(Known(line, sum(row), sum(row)))
        for c, (value, cell) in enumerate(zip(row, status, strict=True)):
            if cell == SHOWN:
                facts.append(Known({(r, c): 1}, value, value))
            elif cell == PRIMARY:
                facts.append(Known({(r, c): 1}, 1, THRESHOLD - 1))
    return facts


def test_two_years_that_hide_the_same_cells_protect_each_other():
    # Each year hides a small count and a complementary cell in the same two
    # columns: moving one registration between the columns in one year and
    # back in the other keeps every figure, so the sums of all years can show.
    rows = [[3, 6, 20], [2, 7, 30]]
    statuses = _statuses(rows)
    assert statuses == [[PRIMARY, SECONDARY, SHOWN], [PRIMARY, SECONDARY, SHOWN]]
    assert protect_margin(rows, statuses, THRESHOLD, KEYS[:3]) == [SHOWN] * 3


def test_a_small_count_alone_in_its_column_keeps_its_sums_hidden():
    # Only one year hides anything: the figures of all years minus the other
    # years would give its hidden cells.
    rows = [[4, 8, 0], [7, 11, 0], [19, 19, 0]]
    margin = protect_margin(rows, _statuses(rows), THRESHOLD, KEYS[:3])
    assert margin == [SECONDARY, SECONDARY, SHOWN]


def test_a_small_year_hides_the_sums_of_its_registrations():
    rows = [[2, 1, 0], [20, 30, 40]]
    margin = protect_margin(rows, _statuses(rows), THRESHOLD, KEYS[:3])
    assert margin == [SECONDARY, SECONDARY, SHOWN]


def test_a_small_year_never_reads_small_on_two_of_its_codes():
    # One registration on each of two codes in a small year, none in the
    # others: "<5" on both beside the year's "<5" would cap each at 3.
    rows = [[9, 0, 0, 0], [0, 0, 1, 1]]
    margin = protect_margin(rows, _statuses(rows), THRESHOLD, KEYS)
    assert margin == [SHOWN, SHOWN, SECONDARY, SECONDARY]


ROWS = st.integers(min_value=2, max_value=3).flatmap(
    lambda n: st.lists(
        st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9]), min_size=4, max_size=4),
        min_size=n,
        max_size=n,
    )
)


@settings(max_examples=examples(60), deadline=None)
@given(rows=ROWS)
@example(rows=[[3, 6, 20, 0], [2, 7, 30, 0]])
@example(rows=[[0, 0, 0, 0], [0, 0, 1, 1]])
@example(rows=[[1, 5, 0, 0], [4, 5, 0, 0], [0, 9, 1, 4]])
def test_no_small_count_follows_from_the_lines_and_their_margin(rows):
    statuses = _statuses(rows)
    if any(status is None for status in statuses):
        return  # a line that cannot be protected is hidden whole
    margin = protect_margin(rows, statuses, THRESHOLD, KEYS)
    facts = _line_facts(rows, statuses)
    sums = [sum(row[c] for row in rows) for c in range(len(KEYS))]
    for c, status in enumerate(margin):
        column = {(r, c): 1 for r in range(len(rows))}
        if status == SHOWN:
            facts.append(Known(column, sums[c], sums[c]))
        elif status == PRIMARY:
            assert 0 < sums[c] < THRESHOLD
            facts.append(Known(column, 1, THRESHOLD - 1))
    audit = Audit(facts)
    small = [
        ({(r, c): 1}, value)
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if 0 < value < THRESHOLD
    ] + [
        ({(r, c): 1 for r in range(len(rows))}, sums[c])
        for c, status in enumerate(margin)
        if status != SHOWN and 0 < sums[c] < THRESHOLD
    ]
    complementary = [
        {(r, c): 1}
        for r, (row, status) in enumerate(zip(rows, statuses, strict=True))
        if status != WITHHELD
        for c, cell in enumerate(status)
        if cell == SECONDARY
    ]
    for form in complementary:  # never pinned to one value
        low, high = audit.bounds(form)
        assert high is None or high > low, (form, low, high)
    for form, value in small:
        low, high = audit.bounds(form)
        assert low <= value, (form, low, high)
        assert high is None or value <= high, (form, low, high)
        assert high is None or high - low >= THRESHOLD - 2, (form, value, low, high)


def test_the_year_that_ends_cannot_be_read_off_the_figures_of_all_years():
    """On the first day of a year the figures of all years take in the year
    just ended. Here its "<5" on code a would be 8 - 5 = 3 had both days
    shown code a's figure of all years; the figures published over time
    never show both."""
    rows = [[3, 12, 30], [2, 9, 30], [3, 9, 30]]
    statuses = _statuses(rows)
    assert [status[0] for status in statuses] == [PRIMARY] * 3
    before = protect_margins_over_time(rows[:2], statuses[:2], THRESHOLD, KEYS[:3])
    after = protect_margins_over_time(rows, statuses, THRESHOLD, KEYS[:3])
    # Without the earlier figures, the margin alone would show both days.
    assert protect_margin(rows[:2], statuses[:2], THRESHOLD, KEYS[:3])[0] == SHOWN
    assert protect_margin(rows, statuses, THRESHOLD, KEYS[:3])[0] == SHOWN
    assert before[0] == SHOWN
    assert after[0] != SHOWN


YEARS = st.integers(min_value=2, max_value=4).flatmap(
    lambda n: st.lists(
        st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9]), min_size=4, max_size=4),
        min_size=n,
        max_size=n,
    )
)


@settings(max_examples=examples(40), deadline=None)
@given(rows=YEARS)
@example(rows=[[3, 12, 30, 0], [2, 9, 30, 0], [3, 9, 30, 0]])
@example(rows=[[3, 6, 20, 0], [2, 7, 30, 0], [9, 9, 9, 9]])
def test_no_small_count_follows_from_the_figures_of_all_years_over_time(rows):
    """A reader who kept the figures of all years of every earlier day, one
    set more each year (the first year, the first two, ...), beside each
    year's line: no small count is narrowed more than "<5" narrows it."""
    statuses = _statuses(rows)
    if any(status is None for status in statuses):
        return  # a line that cannot be protected is hidden whole
    facts = _line_facts(rows, statuses)
    for n in range(1, len(rows) + 1):
        margin = protect_margins_over_time(rows[:n], statuses[:n], THRESHOLD, KEYS)
        for c, status in enumerate(margin):
            column = {(r, c): 1 for r in range(n)}
            total = sum(rows[r][c] for r in range(n))
            if status == SHOWN:
                facts.append(Known(column, total, total))
            elif status == PRIMARY:
                assert 0 < total < THRESHOLD
                facts.append(Known(column, 1, THRESHOLD - 1))
    audit = Audit(facts)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if statuses[r] != WITHHELD and statuses[r][c] == SECONDARY:
                low, high = audit.bounds({(r, c): 1})
                assert high is None or high > low, ((r, c), low, high)
            if 0 < value < THRESHOLD:
                low, high = audit.bounds({(r, c): 1})
                assert low <= value
                assert high is None or value <= high
                assert high is None or high - low >= THRESHOLD - 2, ((r, c), low, high)


@pytest.mark.django_db
def test_a_county_hides_a_current_year_figure_its_municipalities_hide(county):
    """Two municipalities hide the same two places in the current year. Their
    hidden cells would protect each other within the year, but its county
    figures of the year's last day meet the municipalities' figures of all
    years the next day (`test_attacker.LAST_DAY_CHAIN`): the county shows a
    place only where every municipality shows its own, as in a complete year."""
    this_year = timezone.localdate().year
    Registration.objects.all().delete()
    municipalities = list(county.municipalities.order_by("code"))
    while len(municipalities) < 2:
        municipalities.append(MunicipalityFactory(county=county))
    lines = {municipalities[0]: (3, 6, 20), municipalities[1]: (2, 7, 30)}
    Registration.objects.bulk_create(
        Registration(
            municipality=member,
            injury_date=datetime.date(year, 1, 1),
            age=30,
            sex="F",
            contact_cause="accident",
            place=place,
            activity="other",
            mechanism="F2",
            severity="minor",
        )
        for year in (this_year - 1, this_year)
        for member, counts in lines.items()
        for place, n in zip(("road", "home_inside", "school"), counts, strict=True)
        for _ in range(n)
    )

    def places(report):
        table = next(t for t in report.tables if t.dimension == "place")
        return {cell.key: cell for cell in table.cells}

    for member in lines:
        own = places(_municipality_report(member, this_year))
        assert own["road"].display == "<5"
        assert own["home_inside"].display == "–"
        assert own["school"].count == lines[member][2]
    for year in (this_year, this_year - 1):
        figures = places(
            county_report(county=county, municipalities=municipalities, year=year)
        )
        assert figures["road"].display == "–"
        assert figures["home_inside"].display == "–"
        assert figures["school"].count == 50


def _municipality_report(member, year):
    from injuries.statistics import build_report
    from injuries.statistics.areas import municipality_area

    return build_report(
        scope="municipality",
        code=member.code,
        name=member.name,
        area=municipality_area(member),
        year=year,
    )
