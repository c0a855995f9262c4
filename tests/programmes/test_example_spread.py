"""A good example's measured results (published figures only) and the
schematic map of where it has spread."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from programmes.selectors.example_results import example_results
from programmes.selectors.spread import example_spread_map
from programmes.services.examples import example_adopt
from tests.factories.core import CountyFactory, MunicipalityFactory
from tests.factories.programmes import (
    GoodExampleFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(programme):
    return GoodExampleFactory(programme=programme)


def _adopt(example, secretariat, municipality):
    adopter = ProgrammeFactory(municipality=municipality)
    return example_adopt(actor=secretariat, example=example, programme=adopter)


def test_no_map_before_anyone_adopts(example):
    assert example_spread_map(example=example) is None


def test_the_map_numbers_the_origin_and_its_adopters_by_county(
    example, secretariat, municipality, county
):
    neighbour = MunicipalityFactory(county=county, name="Naboby")
    far = MunicipalityFactory(county=CountyFactory(code="46", name="Vestland"))
    ceased = MunicipalityFactory(county=county, valid_to=datetime.date(2019, 12, 31))
    _adopt(example, secretariat, neighbour)
    _adopt(example, secretariat, far)
    spread = example_spread_map(example=example)
    assert [box.name for box in spread.boxes] == [county.name, "Vestland"]
    assert [(d.number, d.name, d.origin) for d in spread.legend] == [
        (1, municipality.name, True),
        (2, far.name, False),
        (3, "Naboby", False),
    ]
    assert ceased.name not in {dot.name for dot in spread.dots}
    assert len(spread.lines) == 2
    # Every dot lies inside its county's box.
    for dot in spread.dots:
        assert any(
            box.x <= dot.x <= box.x + box.width and box.y <= dot.y <= box.y + box.height
            for box in spread.boxes
        )


def test_the_public_page_draws_the_map_without_outside_assets(
    example, secretariat, county
):
    _adopt(example, secretariat, MunicipalityFactory(county=county, name="Naboby"))
    response = Client().get(reverse("programmes:example-detail", args=[example.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert "Naboby" in html
    assert "tile" not in html
    assert "https://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_results_show_published_indicator_values_of_the_history(
    example, municipality, county
):
    predecessor = MunicipalityFactory(
        county=county, valid_to=datetime.date(2019, 12, 31)
    )
    predecessor.successors.add(municipality)
    lonely = IndicatorFactory(key="ungdata-lonely-test")
    IndicatorValueFactory(
        indicator=lonely, municipality=predecessor, year=2013, value=25, n=400
    )
    IndicatorValueFactory(
        indicator=lonely, municipality=municipality, year=2024, value=18, n=400
    )
    # Too few answers: never shown, not even as the latest value.
    IndicatorValueFactory(
        indicator=lonely, municipality=municipality, year=2025, value=3, n=2
    )
    results = example_results(example=example)
    [change] = results.indicators
    assert (change.first.year, float(change.first.value)) == (2013, 25.0)
    assert (change.latest.year, float(change.latest.value)) == (2024, 18.0)
    html = (
        Client()
        .get(reverse("programmes:example-detail", args=[example.pk]))
        .content.decode()
    )
    assert "2013" in html
    assert "(2025)" not in html


def test_an_example_without_published_figures_has_no_results(example):
    results = example_results(example=example)
    assert not results.any
