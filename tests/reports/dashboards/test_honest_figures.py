"""What the user sees is never misleading: a small count in the current year
does not hide the total of all years, a ranking keeps its true first place
with the hidden figure shown hidden, "no registrations" only for none, and
charts mark a hidden value."""

from __future__ import annotations

import json
import re

from django.urls import reverse
from django.utils import timezone

from tests.reports.dashboards.test_dashboard import inhabit, register


def test_one_small_count_in_the_current_year_never_hides_the_all_years_total(
    client_for, secretariat, municipality
):
    this_year = timezone.localdate().year
    inhabit(municipality, [this_year - 2, this_year - 1])
    register(municipality, this_year - 2, 20)
    register(municipality, this_year - 1, 25)
    register(municipality, this_year, 2)  # the first weeks of the year

    response = client_for(secretariat).get(
        reverse("injuries:statistics", kwargs={"code": municipality.key})
    )

    report = response.context["report"]
    assert report.by_year.total.count == 45
    assert report.by_year.total.label == "Total of the complete years"
    by_year = {c.key: c.display for c in report.by_year.cells}
    assert by_year[str(this_year)] == "<5"
    places = next(t for t in report.tables if t.dimension == "place")
    assert places.total.count == 45
    assert {c.key: c.count for c in places.cells}["home_inside"] == 45
    content = response.content.decode()
    assert "left out of the totals of all years" in content


def test_the_true_first_place_keeps_its_rank_and_is_shown_hidden(
    client_for, mayor, municipality
):
    inhabit(municipality, [2022])
    # Roads 30 and homes 3: the 3 is small, so the 30 is hidden beside it
    # (the total would give it away); roads are still the most common place.
    register(municipality, 2022, 30, place="road")
    register(municipality, 2022, 3, place="home_inside")

    response = client_for(mayor).get(
        reverse("reports:dashboard", kwargs={"code": municipality.key}),
        {"first_year": "2022", "last_year": "2022"},
    )

    places = next(t for t in response.context["dashboard"].tops if t.key == "place")
    assert [row.cell.key for row in places.rows] == ["road", "home_inside"]
    assert [row.cell.display for row in places.rows] == ["–", "<5"]
    content = response.content.decode()
    assert "No registrations in this period." not in content
    data = re.search(r'id="dashboard-chart-data"[^>]*>(.*?)</script>', content, re.S)
    charts = json.loads(data.group(1))
    assert charts["top-place"]["values"] == [None, None]
    assert charts["top-place"]["labels"][0].endswith("(hidden: –)")


def test_no_registrations_is_said_only_when_there_are_none(
    client_for, mayor, municipality
):
    inhabit(municipality, [2022])

    response = client_for(mayor).get(
        reverse("reports:dashboard", kwargs={"code": municipality.key}),
        {"first_year": "2022", "last_year": "2022"},
    )

    assert "No registrations in this period." in response.content.decode()
