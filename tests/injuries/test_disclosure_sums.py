"""Sums against their parts: a period against its years, a county against
its municipalities. The sum tells nothing the parts do not.

Any single year can be chosen as a period, and a regional contact reads every
municipality of the county. If a period's or a county's figure were shown
where one part hides its figure, that figure would be the sum minus the other
parts. `rollup_sum_table` shows a figure of a sum only where every part shows
its own, so every published sum is a sum of figures already published.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from injuries.statistics import Rollup, rollup_sum_table, rollup_table
from injuries.statistics.areas import Area
from injuries.statistics.disclosure import SHOWN
from tests.properties import examples

YEARS = [2020, 2021, 2022]
AREAS = ["1", "2", "3", "4"]
KEYS = [(str(y), str(y)) for y in YEARS]


def _rollup(grid: dict[tuple[str, int, str], int]) -> Rollup:
    counts = {(area, year, sex, "25-44"): n for (area, year, sex), n in grid.items()}
    population = {
        (area, year, sex, "25-44"): 1000
        for area in AREAS
        for year in YEARS
        for sex in ("F", "M")
    }
    return Rollup(counts=counts, population=population)


GRIDS = st.dictionaries(
    st.tuples(st.sampled_from(AREAS), st.sampled_from(YEARS), st.sampled_from("FM")),
    st.integers(min_value=0, max_value=12),
    max_size=24,
)


def _area(key: str) -> Area:
    """A municipality with no history: its own code in every year."""
    return Area(key=key, parts=((int(key), None, None),))


def _single(rollup: Rollup, area: str, year: int, sex: str):
    """What the part shows for one year alone: its cell, or None when hidden."""
    line = rollup_table(
        rollup=rollup,
        dimension="year",
        keys_labels=[(str(year), str(year))],
        years=[year],
        areas=[_area(area)],
        sex=sex,
    )
    return None if line is None else line.cells[0]


@settings(max_examples=examples(300), deadline=None)
@given(GRIDS, st.sampled_from(["", "F", "M"]), st.booleans())
def test_every_published_sum_is_a_sum_of_published_parts(grid, sex, county_wide):
    rollup = _rollup(grid)
    areas = AREAS if county_wide else ["1"]
    whole = rollup_sum_table(
        rollup=rollup,
        dimension="year",
        keys_labels=KEYS,
        years=YEARS,
        areas=[_area(a) for a in areas],
        by_area=True,
        sex=sex,
    )
    for cell in whole.cells:
        parts = [_single(rollup, area, int(cell.key), sex) for area in areas]
        if cell.status != SHOWN:
            assert cell.count is None
            assert cell.rate is None
            continue
        assert all(part is not None and part.status == SHOWN for part in parts)
        assert cell.count == sum(part.count for part in parts)
        assert cell.count == 0 or cell.count >= 5
    if whole.total.count is not None:
        parts = [_single(rollup, a, y, sex) for a in areas for y in YEARS]
        assert all(part is not None and not part.suppressed for part in parts)
        assert whole.total.count == sum(part.count for part in parts)


def test_the_county_minus_the_others_no_longer_gives_a_small_count():
    # 2021: three municipalities have 20, 30 and 40, the fourth has 3.
    grid = {("1", 2021, "F"): 20, ("2", 2021, "F"): 30, ("3", 2021, "F"): 40}
    grid[("4", 2021, "F")] = 3
    grid.update({(area, 2022, "F"): 10 for area in AREAS})
    grid[("4", 2020, "F")] = 10
    rollup = _rollup(grid)
    assert _single(rollup, "4", 2021, "") is None
    others = sum(_single(rollup, a, 2021, "").count for a in ("1", "2", "3"))
    assert others == 90  # each is public on its own dashboard
    county = rollup_sum_table(
        rollup=rollup,
        dimension="year",
        keys_labels=KEYS,
        years=YEARS,
        areas=[_area(a) for a in AREAS],
        by_area=True,
    )
    by_year = {c.key: c for c in county.cells}
    assert by_year["2021"].count is None  # not 93, which would give away the 3
    assert by_year["2021"].display == "–"
    assert by_year["2022"].count == 40  # every municipality shows its 10
    assert by_year["2020"].count == 10  # each year stands alone: 4's 10 is public
    assert county.total.count is None  # 143 - 50 would give 93 again


def test_a_filtered_line_hides_a_second_cell_beside_its_public_total():
    """Road: 10 women and 2 men; home: 10 and 10. Under the women filter the
    road's 10 is hidden (it would give the men's 2 as 12 - 10); the home's 10
    must go too, or the road's would follow from the women's total of 20."""
    counts = {
        ("1", 2022, "F", "25-44", "road", "P", "0"): 10,
        ("1", 2022, "M", "25-44", "road", "P", "0"): 2,
        ("1", 2022, "F", "25-44", "home_inside", "F2", "0"): 10,
        ("1", 2022, "M", "25-44", "home_inside", "F2", "0"): 10,
    }
    rollup = Rollup(counts=counts, population={})
    places = [("road", "Road"), ("home_inside", "Home")]

    def line(sex: str, dimension: str = "place", keys=places):
        return rollup_sum_table(
            rollup=rollup, dimension=dimension, keys_labels=keys, years=[2022], sex=sex
        )

    assert {c.key: c.count for c in line("").cells} == {"road": 12, "home_inside": 20}
    women_total = line("F", "year", [("2022", "2022")]).total
    assert women_total.count == 20  # public: the year's line for women
    women = {c.key: c.count for c in line("F").cells}
    assert women == {"road": None, "home_inside": None}
    men = {c.key: c for c in line("M").cells}
    assert men["road"].count is None  # hidden without "<5", which could be pinned
    assert men["home_inside"].count in {10, None}


def test_a_lone_hidden_cell_beside_its_total_is_never_safe():
    from injuries.statistics.disclosure import SECONDARY, line_is_safe, protect_line

    assert not line_is_safe([10, 7], [SECONDARY, "shown"], 5)  # 10 = total - 7
    assert line_is_safe([10, 7], [SECONDARY, SECONDARY], 5)
    assert protect_line([10, 7], 5, hidden=[True, False]) == [SECONDARY, SECONDARY]


PLACES = [("road", "Road"), ("home_inside", "Home"), ("school", "School")]
PLACE_GRIDS = st.dictionaries(
    st.tuples(st.sampled_from([p for p, _l in PLACES]), st.sampled_from("FMU")),
    st.integers(min_value=0, max_value=14),
    max_size=9,
)


@settings(max_examples=examples(300), deadline=None)
@given(PLACE_GRIDS)
def test_no_small_figure_under_a_filter_follows_from_a_public_total(grid):
    """Places by sex in one year: the places' totals and the sexes' totals are
    public. A small figure must never be the one figure a line with a public
    total hides (it would be the total minus the others), and no figure
    shown is small."""
    counts = {
        ("1", 2022, sex, "25-44", place, "P", "0"): n
        for (place, sex), n in grid.items()
    }
    rollup = Rollup(counts=counts, population={})

    def line(dimension, keys, sex=""):
        return rollup_sum_table(
            rollup=rollup, dimension=dimension, keys_labels=keys, years=[2022], sex=sex
        )

    places = {c.key: c for c in line("place", PLACES).cells}
    sexes = {s: line("year", [("2022", "2022")], s).cells[0] for s in ("F", "M")}
    by_sex = {s: {c.key: c for c in line("place", PLACES, s).cells} for s in "FM"}
    true = {(p, s): grid.get((p, s), 0) for p, _l in PLACES for s in "FMU"}
    for s in ("F", "M"):
        for cell in by_sex[s].values():
            assert cell.count is None or not 0 < cell.count < 5
        if sexes[s].count is not None:  # the women's (men's) line and its total
            hidden = [p for p, c in by_sex[s].items() if c.count is None and true[p, s]]
            assert not (len(hidden) == 1 and 0 < true[hidden[0], s] < 5)
    for place, total in places.items():
        if total.count is None or true[place, "U"]:
            continue  # the U share is never shown: it hides the rest
        hidden = [s for s in "FM" if by_sex[s][place].count is None and true[place, s]]
        assert not (len(hidden) == 1 and 0 < true[place, hidden[0]] < 5)


TWO_PLACES = PLACES[:2]
SMALL_GRIDS = st.dictionaries(
    st.tuples(st.sampled_from([p for p, _l in TWO_PLACES]), st.sampled_from("FM")),
    st.integers(min_value=0, max_value=7),
    max_size=4,
)


@settings(max_examples=examples(120), deadline=None)
@given(SMALL_GRIDS)
def test_a_reader_who_combines_every_published_figure_pins_no_small_count(grid):
    """Exact check on small tables: enumerate every table of counts that agrees
    with all the figures published for one year (places, sexes, and places
    under each sex filter) and make sure no small count has a single value."""
    from itertools import product

    counts = {
        ("1", 2022, sex, "25-44", place, "P", "0"): n
        for (place, sex), n in grid.items()
    }
    rollup = Rollup(counts=counts, population={})
    year = [("2022", "2022")]

    def line(dimension, keys, sex=""):
        return rollup_sum_table(
            rollup=rollup, dimension=dimension, keys_labels=keys, years=[2022], sex=sex
        )

    places = line("place", TWO_PLACES)
    total = line("year", year).cells[0]
    sexes = {s: line("year", year, s).cells[0] for s in "FM"}
    under = {s: {c.key: c for c in line("place", TWO_PLACES, s).cells} for s in "FM"}
    # Each cell holds at most 7, so every row and column at most 14: a reader
    # who knew that bound too would know more than a real one.
    limit = 14

    def candidates(cell) -> range | tuple:
        if cell.count is not None:
            return (cell.count,)
        if cell.display.startswith("<"):
            return range(1, 5)
        return range(limit + 1)  # hidden: any count, zero included

    keys = [(p, s) for p, _l in TWO_PLACES for s in "FM"]
    feasible = {key: set() for key in keys}
    for values in product(*(candidates(under[s][p]) for p, s in keys)):
        x = dict(zip(keys, values, strict=True))
        ok = True
        for cell in places.cells:
            row = x[cell.key, "F"] + x[cell.key, "M"]
            ok &= cell.count is None or row == cell.count
            ok &= not cell.display.startswith("<") or 1 <= row <= 4
        for s, cell in sexes.items():
            column = sum(x[p, s] for p, _l in TWO_PLACES)
            ok &= cell.count is None or column == cell.count
        ok &= total.count is None or sum(values) == total.count
        if ok:
            for key, value in x.items():
                feasible[key].add(value)
    for key, values in feasible.items():
        true = grid.get(key, 0)
        assert true in values
        if 0 < true < 5:
            assert len(values) > 1, (key, true, sorted(values))
