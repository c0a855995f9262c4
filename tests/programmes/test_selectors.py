"""Reads: filters, scoping to the user, the overview, the annual report, indicators."""

import datetime

import pytest
from django.http import Http404

from programmes import indicators
from programmes.models import Indicator
from programmes.selectors import initiatives as initiative_selectors
from programmes.selectors import programme as programme_selectors
from tests.factories.programmes import (
    FocusAreaFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeReportFactory,
    MeetingFactory,
)

F = initiative_selectors.InitiativeFilters


@pytest.fixture
def catalogue(programme, focus_area):
    other_area = FocusAreaFactory(programme=programme, title="Traffic")
    return {
        "school": InitiativeFactory(
            programme=programme,
            focus_area=focus_area,
            title="School courses",
            status="running",
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2021, 12, 31),
            tags={"arena": ["school"], "age_group": ["5-14"]},
        ),
        "traffic": InitiativeFactory(
            programme=programme,
            focus_area=other_area,
            title="Reflective vests",
            status="completed",
            start_date=datetime.date(2023, 9, 1),
            responsible_person="Ola",
            tags={"arena": ["traffic"], "age_group": ["65-79", "80+"]},
        ),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (F(), {"school", "traffic"}),
        (F(q="vests"), {"traffic"}),
        (F(q="ola"), {"traffic"}),
        (F(status="running"), {"school"}),
        (F(arena="traffic"), {"traffic"}),
        (F(age_group="5-14"), {"school"}),
        (F(age_group="80+", arena="school"), set()),
        (F(year=2021), {"school"}),
        (F(year=2022), set()),
        (F(year=2025), {"traffic"}),
    ],
)
def test_initiative_filters(programme, catalogue, filters, expected):
    found = initiative_selectors.initiative_list(programme=programme, filters=filters)
    titles = {i.title for i in found}
    assert titles == {catalogue[k].title for k in expected}


def test_focus_area_filter(programme, catalogue):
    area = catalogue["traffic"].focus_area
    found = initiative_selectors.initiative_list(
        programme=programme, filters=F(focus_area=area.pk)
    )
    assert list(found) == [catalogue["traffic"]]


def test_initiative_list_for_user_is_scoped(
    coordinator, secretariat, initiative, other_initiative
):
    assert list(initiative_selectors.initiative_list_for_user(user=coordinator)) == [
        initiative
    ]
    assert set(initiative_selectors.initiative_list_for_user(user=secretariat)) == {
        initiative,
        other_initiative,
    }


def test_get_raises_404_for_other_municipality(coordinator, other_initiative):
    with pytest.raises(Http404):
        initiative_selectors.initiative_get(user=coordinator, pk=other_initiative.pk)
    with pytest.raises(Http404):
        programme_selectors.programme_get(
            user=coordinator, code=other_initiative.municipality.code
        )


def test_regional_contact_reads_the_county(regional, initiative, other_initiative):
    assert (
        initiative_selectors.initiative_get(user=regional, pk=initiative.pk)
        == initiative
    )
    with pytest.raises(Http404):
        initiative_selectors.initiative_get(user=regional, pk=other_initiative.pk)


def test_overview_shows_what_is_due(programme, focus_area):
    today = datetime.date(2025, 5, 1)
    unreported = InitiativeFactory(programme=programme, focus_area=focus_area)
    reported = InitiativeFactory(programme=programme, focus_area=focus_area)
    InitiativeReportFactory(
        initiative=reported,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
    )
    ending = InitiativeFactory(
        programme=programme, focus_area=focus_area, end_date=datetime.date(2025, 6, 1)
    )
    meeting = MeetingFactory(programme=programme, date=datetime.date(2025, 5, 20))
    overview = programme_selectors.programme_overview(programme=programme, today=today)
    assert set(overview.running_without_report) == {unreported, ending}
    assert overview.ending_soon == [ending]
    assert overview.next_meeting == meeting
    assert overview.counts["running"] == 3


def test_annual_report_gathers_the_years_reports(programme, focus_area):
    initiative = InitiativeFactory(programme=programme, focus_area=focus_area)
    in_year = InitiativeReportFactory(initiative=initiative, reach=30)
    InitiativeReportFactory(
        initiative=initiative,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 12, 31),
    )
    report = programme_selectors.annual_report(programme=programme, year=2024)
    assert report.sections == [(focus_area, [in_year])]
    assert report.total_reach == 30
    assert report.initiative_count == 1


def test_small_n_indicator_values_are_never_shown(municipality, settings):
    settings.SMALL_CELL_THRESHOLD = 5
    lonely = Indicator.objects.get(key="ungdata-lonely")
    IndicatorValueFactory(indicator=lonely, municipality=municipality, year=2013, n=4)
    shown = IndicatorValueFactory(
        indicator=lonely, municipality=municipality, year=2017, n=5, value=18
    )
    IndicatorValueFactory(
        indicator=lonely, municipality=municipality, year=2017, sex="F", n=2
    )
    assert list(indicators.indicator_values(municipality=municipality)) == [shown]
    series = {
        s.indicator.key: s
        for s in indicators.indicator_series(municipality=municipality)
    }
    assert [(p.year, p.n, p.value) for p in series["ungdata-lonely"].rows] == [
        (shown.year, shown.n, shown.value)
    ]
    assert series["ungdata-lonely"].breakdown == []
    assert series["ungdata-lonely"].suppressed_years == [2013]
    chart = indicators.chart_data(list(series.values()))
    assert chart["years"] == [2017]


def test_indicator_page_hides_small_n(client_for, mayor, municipality):
    lonely = Indicator.objects.get(key="ungdata-lonely")
    IndicatorValueFactory(
        indicator=lonely, municipality=municipality, year=2013, n=3, value="77.77"
    )
    IndicatorValueFactory(
        indicator=lonely, municipality=municipality, year=2017, n=500, value="18.00"
    )
    response = client_for(mayor).get(f"/programmes/{municipality.code}/indicators/")
    html = response.content.decode()
    assert "18,00" in html or "18.00" in html
    assert "77,77" not in html
    assert "77.77" not in html
    assert 'type="application/json"' in html


def test_ungdata_indicators_are_seeded(db):
    keys = set(Indicator.objects.values_list("key", flat=True))
    assert {"ungdata-bullied", "ungdata-lonely", "ungdata-safe-neighbourhood"} <= keys
    assert Indicator.objects.get(key="ungdata-safe-neighbourhood").better == "higher"


def test_sibling_of_a_hidden_breakdown_cell_is_hidden_too(municipality, settings):
    settings.SMALL_CELL_THRESHOLD = 5
    lonely = Indicator.objects.get(key="ungdata-lonely")
    IndicatorValueFactory(indicator=lonely, municipality=municipality, year=2017, n=40)
    IndicatorValueFactory(
        indicator=lonely, municipality=municipality, year=2017, sex="F", n=3
    )
    IndicatorValueFactory(
        indicator=lonely, municipality=municipality, year=2017, sex="M", n=37
    )
    level = IndicatorValueFactory(
        indicator=lonely,
        municipality=municipality,
        year=2017,
        school_level="lower_secondary",
        n=40,
    )
    series = {
        s.indicator.key: s
        for s in indicators.indicator_series(municipality=municipality)
    }
    # Boys alone beside the total would give the girls away.
    assert [(p.school_level, p.n) for p in series["ungdata-lonely"].breakdown] == [
        (level.school_level, level.n)
    ]


def test_overview_latest_changes_are_the_programmes_own(coordinator, programme):
    from programmes.services import organisation as organisation_services

    organisation_services.partner_create(
        actor=coordinator, programme=programme, organisation="Røde Kors"
    )
    overview = programme_selectors.programme_overview(programme=programme)
    assert [e.object_repr for e in overview.latest_changes] == ["Røde Kors"]
