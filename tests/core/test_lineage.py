"""A municipality's figures follow it through mergers, renumberings and splits."""

import datetime

import pytest

from safecommunity.core.lineage import SuccessorError, lineage, lineages, successor_on
from tests.factories.core import CountryFactory, CountyFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _municipality(county, code, name, valid_from=None, valid_to=None, after=()):
    municipality = MunicipalityFactory(
        county=county, code=code, name=name, valid_from=valid_from, valid_to=valid_to
    )
    for predecessor in after:
        predecessor.successors.add(municipality)
    return municipality


@pytest.fixture
def vestfold():
    # A test-only country: the real Vestfold is on the national map too.
    test_country = CountryFactory(code="XX", name="Testland")
    old, mid, new = (
        CountyFactory(code=code, country=test_country) for code in ("07", "38", "39")
    )
    re = _municipality(old, "0716", "Re", D(2002, 1, 1), D(2019, 12, 31))
    old_tonsberg = _municipality(old, "0704", "Tønsberg", None, D(2019, 12, 31))
    tonsberg_2020 = _municipality(
        mid,
        "3803",
        "Tønsberg",
        D(2020, 1, 1),
        D(2023, 12, 31),
        after=[re, old_tonsberg],
    )
    tonsberg = _municipality(
        new, "3905", "Tønsberg", D(2024, 1, 1), after=[tonsberg_2020]
    )
    faerder = _municipality(new, "3911", "Færder", D(2024, 1, 1))
    return {
        "re": re,
        "0704": old_tonsberg,
        "3803": tonsberg_2020,
        "3905": tonsberg,
        "faerder": faerder,
    }


@pytest.fixture
def alesund():
    county = CountyFactory(
        code="15", country=CountryFactory(code="XX", name="Testland")
    )
    old = _municipality(county, "1504", "Ålesund", None, D(2019, 12, 31))
    haram = _municipality(county, "1534", "Haram", None, D(2019, 12, 31))
    merged = _municipality(
        county, "1507", "Ålesund", D(2020, 1, 1), D(2023, 12, 31), after=[old, haram]
    )
    new = _municipality(county, "1508", "Ålesund", D(2024, 1, 1), after=[merged])
    new_haram = _municipality(county, "1580", "Haram", D(2024, 1, 1), after=[merged])
    return {"1507": merged, "1508": new, "1580": new_haram, "1534": haram}


def test_a_merged_and_renumbered_municipality_owns_its_predecessors_years(vestfold):
    tonsberg = lineage(vestfold["3905"])

    assert {part.code for part in tonsberg.parts} == {"0716", "0704", "3803", "3905"}
    assert {part.code for part in tonsberg.parts_in(2016)} == {"0716", "0704"}
    assert [part.code for part in tonsberg.parts_in(2021)] == ["3803"]
    assert [part.code for part in tonsberg.parts_in(2025)] == ["3905"]
    assert tonsberg.complete_from is None
    assert tonsberg.is_complete(1995)


def test_a_neighbour_owns_nothing_of_tonsbergs_history(vestfold):
    faerder = lineage(vestfold["faerder"])

    assert faerder.municipality_ids == {vestfold["faerder"].pk}


def test_a_ceased_municipality_owns_only_its_own_and_its_predecessors_years(vestfold):
    re = lineage(vestfold["re"])

    assert [part.code for part in re.parts] == ["0716"]
    assert re.parts_in(2021) == []


def test_a_split_breaks_the_series_of_both_successors(alesund):
    found = lineages([alesund["1508"], alesund["1580"]])

    for code in ("1508", "1580"):
        series = found[alesund[code].pk]
        assert [part.code for part in series.parts] == [code]
        assert [part.code for part in series.split_from] == ["1507"]
        assert series.complete_from == 2024
        assert not series.is_complete(2023)


def test_a_ceased_code_counts_in_its_one_successor_valid_on_the_date(vestfold):
    assert successor_on(vestfold["re"], D(2018, 5, 1)) == vestfold["re"]
    assert successor_on(vestfold["re"], D(2022, 5, 1)) == vestfold["3803"]
    assert successor_on(vestfold["re"], D(2025, 5, 1)) == vestfold["3905"]


def test_a_ceased_code_split_in_two_names_both_successors(alesund):
    with pytest.raises(SuccessorError) as refused:
        successor_on(alesund["1534"], D(2024, 3, 1))

    assert [m.code for m in refused.value.successors] == ["1508", "1580"]


def test_lineages_of_many_municipalities_take_two_queries(
    vestfold, django_assert_num_queries
):
    with django_assert_num_queries(2):
        found = lineages(vestfold.values())

    assert len(found) == 5
