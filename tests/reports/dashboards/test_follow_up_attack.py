"""The follow-up attack: two initiatives with the same targets and start
years a year apart once gave the rest of the county's counts of two windows
whose difference was a small count in a municipality the coordinator may not
read. The follow-up now adds up cells the yearly tables publish, so no two
of its figures differ by a hidden count."""

from __future__ import annotations

import datetime
import itertools

from django.urls import reverse
from django.utils import timezone

from injuries.models import Code
from tests.factories.core import MunicipalityFactory
from tests.factories.programmes import InitiativeFactory, ProgrammeFactory
from tests.reports.dashboards.test_dashboard import inhabit, register


def test_two_start_years_a_year_apart_give_no_hidden_count(
    client_for, coordinator, municipality
):
    this_year = timezone.localdate().year
    neighbour = MunicipalityFactory(county=municipality.county, code="3998")
    third = MunicipalityFactory(county=municipality.county, code="3997")
    years = range(this_year - 6, this_year)
    for m in (municipality, neighbour, third):
        inhabit(m, years)
        for year in years:
            register(m, year, 20)
            if m == third:
                register(m, year, 5, place="road")
    # Two registrations in one year at a municipality the coordinator may
    # not read: the count the attack recovered.
    register(neighbour, this_year - 3, 2, place="road")
    programme = ProgrammeFactory(municipality=municipality)
    client = client_for(coordinator)
    obtained = []
    for start in range(this_year - 4, this_year):
        initiative = InitiativeFactory(
            programme=programme, start_date=datetime.date(start, 3, 1)
        )
        initiative.target_codes.set(Code.objects.filter(list_name="place", code="road"))
        page = client.get(
            reverse("reports:initiative-follow-up", kwargs={"pk": initiative.pk})
        )
        assert page.status_code == 200
        for line in page.context["follow_up"].lines:
            obtained += [c.count for c in line.cells.values() if c.count is not None]
    # The rest of the county shows sums of the third municipality's 5 a year
    # (windows that include the neighbour's year are hidden): no figure, and
    # no difference of two figures, gives the hidden 2.
    assert any(obtained)
    assert all(a - b not in range(1, 5) for a, b in itertools.permutations(obtained, 2))
    assert 2 not in obtained
