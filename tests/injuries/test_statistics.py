"""Published figures: equal to a plain recount, never below the threshold, never
recoverable from the totals beside them."""

import datetime
import itertools
from collections import Counter

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from injuries.codes import age_band_for
from injuries.models import Population, Registration
from injuries.statistics import build_report, municipality_statistics
from injuries.statistics.disclosure import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    line_is_safe,
    protect_line,
)
from injuries.statistics.sums import summed_report
from tests.factories.injuries import PopulationFactory, RegistrationFactory
from tests.properties import examples

T = 5


def possible_values(counts, statuses, threshold):
    """Every assignment of the hidden cells that fits what a reader sees."""
    hidden = [i for i, s in enumerate(statuses) if s != SHOWN]
    total_hidden = sum(counts[i] for i in hidden)
    ranges = [
        range(1, threshold)
        if statuses[i] == PRIMARY
        else range(threshold, total_hidden + 1)
        for i in hidden
    ]
    seen = {i: set() for i in hidden}
    for values in itertools.product(*ranges):
        if sum(values) == total_hidden:
            for i, v in zip(hidden, values, strict=True):
                seen[i].add(v)
    return seen


@given(st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5))
def test_no_hidden_cell_can_be_worked_out_from_the_total(counts):
    statuses = protect_line(counts, T)
    if statuses is None:
        return  # such a line is never published with its total
    for count, status in zip(counts, statuses, strict=True):
        if status == SHOWN:
            assert count == 0 or count >= T
        if status == PRIMARY:
            assert 1 <= count < T
    for i, values in possible_values(counts, statuses, T).items():
        if statuses[i] == PRIMARY:
            assert values == set(range(1, T)), (counts, statuses)
        else:
            assert len(values) > 1, (counts, statuses)


def test_a_single_small_cell_takes_a_neighbour_with_it():
    assert protect_line([1, 30, 40], T) == [PRIMARY, SECONDARY, SHOWN]
    assert protect_line([12, 3, 9, 0], T) == [SHOWN, PRIMARY, SECONDARY, SHOWN]


def test_nothing_is_hidden_without_small_cells():
    assert protect_line([0, 5, 17], T) == [SHOWN, SHOWN, SHOWN]


def test_the_cheapest_complementary_cells_are_hidden_not_the_largest():
    # One 7 beside a "<5" could be narrowed down (it is at least 5); two 7s
    # protect it and cost 14 registrations, where hiding the 50 cost 50.
    assert protect_line([1, 7, 7, 7, 50], T) == [
        PRIMARY, SECONDARY, SECONDARY, SHOWN, SHOWN,
    ]  # fmt: skip
    # Two small cells protect each other: nothing else is hidden.
    assert protect_line([2, 6, 6, 100, 3], T) == [
        PRIMARY, SHOWN, SHOWN, SHOWN, PRIMARY,
    ]  # fmt: skip


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=6))
def test_no_cheaper_set_of_cells_would_protect_the_line(counts):
    """Least loss, checked against every other choice that protects the line
    (`line_is_safe`, itself checked against every assignment a reader could
    make in the test above)."""
    statuses = protect_line(counts, T)
    primary = [PRIMARY if 0 < c < T else SHOWN for c in counts]
    shown = [i for i, c in enumerate(counts) if primary[i] == SHOWN and c]
    safe_sets = []
    for size in range(len(shown) + 1):
        for chosen in itertools.combinations(shown, size):
            trial = [SECONDARY if i in chosen else s for i, s in enumerate(primary)]
            if line_is_safe(counts, trial, T):
                safe_sets.append(sum(counts[i] for i in chosen))
    if statuses is None:
        assert not safe_sets
        return
    assert line_is_safe(counts, statuses, T)
    assert sum(c for c, s in zip(counts, statuses, strict=True) if s == SECONDARY) == (
        min(safe_sets)
    )


def test_a_line_that_cannot_be_protected_is_refused():
    assert protect_line([1, 5], T) is None
    assert protect_line([3], T) is None


def _report(municipality, year=None):
    return build_report(
        scope="municipality",
        code=municipality.code,
        name=municipality.name,
        municipality_ids=[municipality.pk],
        year=year,
    )


def test_small_totals_are_withheld_whole(municipality):
    RegistrationFactory.create_batch(3, municipality=municipality)
    report = _report(municipality)
    assert report.withheld
    assert report.tables == ()
    assert report.total.count is None


def test_each_year_stands_alone_and_the_total_waits_for_all(municipality):
    RegistrationFactory.create_batch(
        40, municipality=municipality, injury_date=datetime.date(2022, 6, 1)
    )
    RegistrationFactory.create_batch(
        2, municipality=municipality, injury_date=datetime.date(2023, 6, 1)
    )
    report = _report(municipality)
    years = {c.key: c.display for c in report.by_year.cells}
    # Each year stands alone (its own page shows 2022's 40), so hiding 2022
    # beside the small 2023 would not help: the total of all years is withheld.
    assert years == {"2022": "40", "2023": "<5"}
    assert report.by_year.total.count is None
    assert report.total.count is None
    assert _report(municipality, 2022).total.count == 40
    assert _report(municipality, 2023).withheld


def test_a_line_that_cannot_be_protected_hides_only_its_own_table(municipality):
    # Five injuries in three months: 3, 1 and 1 cannot be hidden among
    # themselves, so the months are all withheld, zeros too.
    for month, n in ((1, 3), (2, 1), (3, 1)):
        RegistrationFactory.create_batch(
            n, municipality=municipality, sex="M", age=30,
            injury_date=datetime.date(2021, month, 1),
        )  # fmt: skip
    assert protect_line([3, 1, 1] + [0] * 9, T) is None
    report = _report(municipality, 2021)
    assert not report.withheld
    tables = {t.dimension: t for t in report.tables}
    assert all(c.count is None for c in tables["month"].cells)
    assert all(c.display != "<5" for c in tables["month"].cells)
    assert {c.key: c.count for c in tables["sex"].cells}["M"] == 5
    assert report.total.count == 5
    # All years hide what the year hides and show what it shows.
    every = {t.dimension: t for t in _report(municipality).tables}
    assert all(c.count is None for c in every["month"].cells)
    assert {c.key: c.count for c in every["sex"].cells}["M"] == 5


def test_rates_use_the_matching_population_and_hide_with_the_count(municipality):
    when = datetime.date(2023, 3, 1)
    RegistrationFactory.create_batch(
        20, municipality=municipality, age=30, sex="M", injury_date=when
    )
    RegistrationFactory(municipality=municipality, age=81, sex="F", injury_date=when)
    RegistrationFactory.create_batch(
        9, municipality=municipality, age=40, sex="U", injury_date=when
    )
    PopulationFactory(municipality=municipality, year=2023, sex="M", age=30, count=2000)
    PopulationFactory(municipality=municipality, year=2023, sex="F", age=81, count=500)
    report = _report(municipality, 2023)
    assert report.total.count == 30
    assert report.total.rate == pytest.approx(30 * 1000 / 2500, abs=0.01)
    sexes = {c.key: c for c in report.tables[1].cells}
    assert (sexes["M"].count, sexes["M"].rate) == (20, pytest.approx(10.0))
    assert (sexes["F"].display, sexes["F"].rate) == ("<5", None)
    assert (sexes["U"].display, sexes["U"].rate) == ("–", None)  # protects F


def test_the_share_coded_unknown_hides_with_a_small_unknown_count(municipality):
    RegistrationFactory.create_batch(20, municipality=municipality, mechanism="F2")
    RegistrationFactory.create_batch(2, municipality=municipality, mechanism="U")
    report = _report(municipality)
    mechanism = next(t for t in report.tables if t.dimension == "mechanism")
    assert mechanism.unknown_share is None
    RegistrationFactory.create_batch(8, municipality=municipality, mechanism="U")
    report = _report(municipality)
    mechanism = next(t for t in report.tables if t.dimension == "mechanism")
    assert mechanism.unknown_share == pytest.approx(10 * 100 / 30, abs=0.1)


def test_other_municipalities_are_not_found(coordinator, other_municipality):
    from django.http import Http404

    with pytest.raises(Http404):
        municipality_statistics(user=coordinator, municipality=other_municipality)


REGISTRATIONS = st.lists(
    st.tuples(
        st.sampled_from([2021, 2022]),
        st.integers(min_value=1, max_value=12),
        st.integers(min_value=0, max_value=99),
        st.sampled_from(["M", "F", "U"]),
        st.sampled_from(["F1", "F2", "P", "U"]),
        st.sampled_from(["home_inside", "road", "sports_area"]),
    ),
    max_size=80,
)


@pytest.mark.django_db
@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(REGISTRATIONS)
def test_published_figures_equal_a_plain_recount(municipality, rows):
    Registration.objects.all().delete()
    Registration.objects.bulk_create(
        Registration(
            municipality=municipality,
            injury_date=datetime.date(year, month, 1),
            age=age,
            sex=sex,
            contact_cause="accident",
            place=place,
            activity="other",
            mechanism=mechanism,
            severity="minor",
        )
        for year, month, age, sex, mechanism, place in rows
    )
    for year in (None, 2021):
        chosen = [r for r in rows if year is None or r[0] == year]
        expected = {
            "month": Counter(str(r[1]) for r in chosen),
            "age_band": Counter(age_band_for(r[2]) for r in chosen),
            "sex": Counter(r[3] for r in chosen),
            "mechanism": Counter(r[4] for r in chosen),
            "place": Counter(r[5] for r in chosen),
        }
        report = _report(municipality, year)
        by_year = Counter(str(r[0]) for r in rows)
        tables = [report.by_year] if report.by_year else []
        for table in tables + list(report.tables):
            recount = (
                by_year if table.dimension == "year" else expected.get(table.dimension)
            )
            if recount is None:
                continue
            for cell in table.cells:
                true = recount.get(cell.key, 0)
                if cell.status == SHOWN:
                    assert cell.count == true
                    assert not 0 < true < T
                elif cell.status == PRIMARY:
                    assert 0 < true < T
                    assert cell.count is None
                else:
                    # a hidden figure hides any count, zeros too, when a line cannot be
                    # protected; it never shows one.
                    assert cell.count is None
            if table.total.count is None:
                # Withheld only where one year is small: the sum minus the
                # other years would give it.
                assert any(0 < n < T for n in by_year.values())
            else:
                assert table.total.count == sum(recount.values())
        if report.withheld:
            assert report.tables == ()
        if year is None and not report.withheld:
            # A figure of all years shows only where the years that hide it
            # protect each other: never where a single year hides it (it
            # would be the sum minus the other years), nor where a small
            # year has registrations in it.
            year_reports = {y: _report(municipality, y) for y in (2021, 2022)}
            for table in report.tables:
                for cell in table.cells:
                    if cell.status != SHOWN or not cell.count:
                        continue
                    hiding = 0
                    for each in year_reports.values():
                        part = next(
                            (t for t in each.tables if t.dimension == table.dimension),
                            None,
                        )
                        if part is None:
                            # A withheld year shows nothing but its zeros.
                            chosen = [r for r in rows if r[0] == each.year]
                            recount = {
                                "month": Counter(str(r[1]) for r in chosen),
                                "age_band": Counter(age_band_for(r[2]) for r in chosen),
                                "sex": Counter(r[3] for r in chosen),
                                "mechanism": Counter(r[4] for r in chosen),
                                "place": Counter(r[5] for r in chosen),
                            }.get(table.dimension)
                            if recount is not None:
                                assert recount.get(cell.key, 0) == 0
                            continue
                        own = next(c for c in part.cells if c.key == cell.key)
                        hiding += own.suppressed
                    assert hiding != 1


def test_county_report_has_a_protected_table_by_municipality(secretariat, county):
    from injuries.statistics import county_statistics
    from tests.factories.core import MunicipalityFactory

    big = MunicipalityFactory(county=county, code="3981", name="Stor")
    small = MunicipalityFactory(county=county, code="3982", name="Liten")
    middle = MunicipalityFactory(county=county, code="3983", name="Midt")
    RegistrationFactory.create_batch(40, municipality=big)
    RegistrationFactory.create_batch(2, municipality=small)
    RegistrationFactory.create_batch(9, municipality=middle)
    for municipality, people in ((big, 4000), (small, 500), (middle, 900)):
        PopulationFactory(municipality=municipality, year=2024, count=people)
    report = county_statistics(user=secretariat, county=county)
    table = next(t for t in report.tables if t.dimension == "municipality")
    cells = {c.label: c for c in table.cells}
    assert cells["Stor (3981)"].count == 40
    assert cells["Stor (3981)"].rate == pytest.approx(10.0)
    assert cells["Liten (3982)"].display == "<5"
    # Midt's 9 is on its own page; the county's 51 would give away Liten's 2.
    assert cells["Midt (3983)"].count == 9
    assert table.total.count is None
    assert report.total.count is None
    by_year = {c.key: c for c in report.by_year.cells}
    assert all(c.count is None for c in by_year.values() if c.key == "2024")


@pytest.mark.parametrize("year", [None, 2024])
def test_the_county_page_reads_the_same_queries_for_any_number_of_municipalities(
    client_for, secretariat, county, django_assert_num_queries, year
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories.core import MunicipalityFactory

    def add_municipalities(n: int) -> None:
        for _ in range(n):
            municipality = MunicipalityFactory(county=county)
            RegistrationFactory.create_batch(6, municipality=municipality)
            PopulationFactory(municipality=municipality, year=2024)

    client = client_for(secretariat)
    url = reverse("injuries:statistics-county", kwargs={"pk": county.pk})
    query = {"year": year} if year else {}
    add_municipalities(2)
    client.get(url, query)  # sessions and caches settle
    # The report is cached once built: each measured request builds it anew.
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        response = client.get(url, query)
    assert response.status_code == 200
    assert len(response.context["report"].tables[-1].cells) == 2
    add_municipalities(10)
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, query)
    assert len(response.context["report"].tables[-1].cells) == 12


COUNTY_ROWS = st.lists(
    st.tuples(
        st.sampled_from([0, 1, 2]),  # which municipality
        st.sampled_from([2021, 2022]),
        st.sampled_from(["F1", "F2", "P"]),
        st.sampled_from(["home_inside", "road"]),
    ),
    max_size=60,
)


@pytest.mark.django_db
@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(COUNTY_ROWS)
def test_the_county_shows_only_sums_of_figures_its_municipalities_show(county, rows):
    """No figure hidden in a municipality can be worked out from the county."""
    from injuries.statistics import county_report
    from injuries.statistics.areas import area_owner, combined, municipality_areas
    from tests.factories.core import MunicipalityFactory

    Registration.objects.all().delete()
    municipalities = list(county.municipalities.order_by("code"))
    while len(municipalities) < 3:
        municipalities.append(MunicipalityFactory(county=county))
    Registration.objects.bulk_create(
        Registration(
            municipality=municipalities[which],
            injury_date=datetime.date(year, 6, 1),
            age=30,
            sex="F",
            contact_cause="accident",
            place=place,
            activity="other",
            mechanism=mechanism,
            severity="minor",
        )
        for which, year, mechanism, place in rows
    )
    Population.objects.all().delete()
    for which, years in ((0, (2021, 2022)), (1, (2021, 2022)), (2, (2021,))):
        for year in years:
            PopulationFactory(municipality=municipalities[which], year=year, count=900)
    for year in (None, 2021):
        whole = county_report(county=county, municipalities=municipalities, year=year)
        parts = [_report(m, year) for m in municipalities]
        # Read in one go, the county equals its report checked against the
        # municipalities' reports built one by one.
        members = municipality_areas(municipalities)

        def county_of(year, members, threshold=None):
            return build_report(
                scope="county",
                code=county.code,
                name=county.name,
                area=combined(str(county.pk), members.values()),
                year=year,
                areas=[(str(m.pk), f"{m.name} ({m.code})") for m in municipalities],
                area_of=area_owner(members.values()),
                threshold=threshold,
            )

        assert whole == summed_report(
            county_of(year, members),
            county_of(year, members, threshold=1),
            {str(m.pk): part for m, part in zip(municipalities, parts, strict=True)},
        )
        for table in [whole.by_year, *whole.tables]:
            if table is None or table.dimension == "municipality":
                continue
            for cell in table.cells:
                if cell.suppressed:
                    assert cell.count is None
                    continue
                mine = []
                for part in parts:
                    part_table = (
                        part.by_year
                        if table.dimension == "year"
                        else next(
                            (t for t in part.tables if t.dimension == table.dimension),
                            None,
                        )
                    )
                    if part_table is None:
                        assert not part.withheld
                        assert part.total.count == 0
                        continue
                    mine.append(next(c for c in part_table.cells if c.key == cell.key))
                assert all(c.status == SHOWN for c in mine)
                assert cell.count == sum(c.count for c in mine)
        if whole.total.count is not None:
            # Each municipality's figure for the period, as its pages show it.
            totals = [
                part.total
                if year is None
                else next(c for c in part.by_year.cells if c.key == str(year))
                if any(c.key == str(year) for c in part.by_year.cells)
                else None
                for part in parts
            ]
            shown = [t for t in totals if t is not None]
            assert all(not t.suppressed for t in shown)
            assert whole.total.count == sum(t.count for t in shown)


def test_a_year_keeps_its_large_figures_when_small_ones_protect_it(
    client_for, mayor, municipality
):
    """One registration at a playground beside three places with 7 and a road
    with 50: the page hides two of the 7s (14 registrations), not the 50, and
    the year's total stays shown."""
    when = datetime.date(2023, 5, 1)
    for place, n in (
        ("playground", 1),
        ("home_inside", 7),
        ("school", 7),
        ("sports_area", 7),
        ("road", 50),
    ):
        RegistrationFactory.create_batch(
            n, municipality=municipality, place=place, injury_date=when
        )
    url = reverse("injuries:statistics", kwargs={"code": municipality.code})
    page = client_for(mayor).get(url, {"year": 2023})
    report = page.context["report"]
    places = {t.dimension: t for t in report.tables}["place"]
    shown = {c.key: c.display for c in places.cells}
    assert shown["road"] == "50"
    assert shown["playground"] == "<5"
    assert sorted(shown[k] for k in ("home_inside", "school", "sports_area")) == [
        "7",
        "–",
        "–",
    ]
    assert places.total.display == "72"
    html = page.content.decode()
    assert ">50<" in html
    assert ">72<" in html
