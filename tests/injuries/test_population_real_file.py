"""The real Statistics Norway 07459 download imports as it is (on the map that
`migrate` loads: every Norwegian municipality since 1990)."""

from __future__ import annotations

from pathlib import Path

from django.db.models import Sum

from injuries.models import Population
from injuries.population import population_import

REAL_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "ssb-07459-persons-2019.csv"
)


def test_the_real_07459_file_imports_as_it_is_and_re_had_9730_inhabitants(db):
    result = population_import(data=REAL_FILE.read_bytes())
    assert result.ok, [p.as_line() for p in result.problems[:5]]
    assert result.country == "NO"
    assert result.persons == 5_328_212  # the file's own sum
    assert result.years == [2019]
    assert result.both_sexes  # no sex column: both sexes together
    # Rindal (-2018) is listed with zeros for 2019, when it belonged elsewhere.
    assert result.zero_skipped_codes == ["1567"]
    assert result.zero_skipped == 106
    re = Population.objects.filter(
        municipality__code="0716", municipality__country__code="NO", year=2019
    )
    assert re.aggregate(n=Sum("count"))["n"] == 9730
    assert set(re.values_list("sex", flat=True)) == {Population.BOTH}
