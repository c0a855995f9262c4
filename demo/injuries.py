"""Demo population and injury registrations (CONTRACTS 3). Idempotent, deterministic.

The population figures are plausible approximations of the real totals
(Statistics Norway 07459 and SCB BE0101N1 orders of magnitude), spread over
sex and age with a simple pyramid; they are not the official figures. Load
the real ones with `manage.py import_population FILE`.
"""

from __future__ import annotations

from django.db import transaction

from injuries.models import Population, Registration, Source
from injuries.synthetic import generate
from safecommunity.core.models import Municipality

YEARS = list(range(2016, 2026))
# Inhabitants about 2016 and yearly growth, for every code the demo
# municipalities had in those years; approximate, see the module docstring.
# A code gets figures only for the years it was valid.
TOTALS: dict[tuple[str, str], tuple[int, float]] = {
    # Tønsberg: Re and old Tønsberg until 2019, 3803 2020-2023, 3905 since 2024
    ("NO", "0716"): (9_700, 0.006),
    ("NO", "0704"): (44_000, 0.008),
    ("NO", "3803"): (54_000, 0.008),
    ("NO", "3905"): (54_000, 0.008),
    # Færder: Nøtterøy and Tjøme until 2017, 0729 2018-2019, 3811, 3911
    ("NO", "0722"): (21_500, 0.004),
    ("NO", "0723"): (4_800, 0.002),
    ("NO", "0729"): (26_400, 0.004),
    ("NO", "3811"): (26_400, 0.004),
    ("NO", "3911"): (26_400, 0.004),
    # Horten: 0701, 3801, 3901
    ("NO", "0701"): (27_000, 0.004),
    ("NO", "3801"): (27_000, 0.004),
    ("NO", "3901"): (27_000, 0.004),
    # Holmestrand: 0702 and Hof until 2017, 0715 2018-2019, with Sande 3802, 3903
    ("NO", "0702"): (10_500, 0.008),
    ("NO", "0714"): (3_100, 0.004),
    ("NO", "0715"): (13_800, 0.007),
    ("NO", "0713"): (9_000, 0.006),
    ("NO", "3802"): (22_500, 0.007),
    ("NO", "3903"): (22_500, 0.007),
    # Kronobergs län
    ("SE", "0780"): (89_000, 0.012),
    ("SE", "0764"): (19_700, 0.006),
    ("SE", "0781"): (28_000, 0.005),
    ("SE", "0765"): (16_500, 0.010),
    ("SE", "0763"): (12_300, 0.001),
    ("SE", "0760"): (9_400, 0.002),
    ("SE", "0761"): (8_500, 0.004),
    ("SE", "0767"): (9_900, 0.004),
}
# Registrations in Tønsberg and its neighbours, about 25 per 1,000 inhabitants
# a year, each under the code valid on its date.
REGISTERING = (
    *("0716", "0704", "3803", "3905"),
    *("0722", "0723", "0729", "3811", "3911"),
    *("0701", "3801", "3901"),
    *("0702", "0714", "0715", "3802", "3903"),
)
INJURIES_PER_1000 = 25
SEED = 716


def _age_weight(age: int) -> float:
    return 1.0 if age < 60 else max(0.02, 1.0 - (age - 60) / 42)


def _valid_in(municipality: Municipality, year: int) -> bool:
    valid_from, valid_to = municipality.valid_from, municipality.valid_to
    return not (
        (valid_from and year < valid_from.year) or (valid_to and year > valid_to.year)
    )


def _population_rows(municipality: Municipality, total: int, growth: float):
    weights = [_age_weight(a) for a in range(101)]
    scale = sum(weights)
    for index, year in enumerate(YEARS):
        if not _valid_in(municipality, year):
            continue
        size = total * (1 + growth) ** index
        for age, weight in enumerate(weights):
            women = 0.5 + (0.08 if age >= 75 else 0.0)
            people = size * weight / scale
            for sex, share in (("F", women), ("M", 1 - women)):
                yield Population(
                    municipality=municipality,
                    year=year,
                    sex=sex,
                    age=age,
                    count=round(people * share),
                )


@transaction.atomic
def seed(*, stdout=None) -> None:
    """Population for the demo municipalities; registrations for Tønsberg and neighbours."""
    municipalities = {
        (m.county.country.code, m.code): m
        for m in Municipality.objects.select_related("county__country")
    }
    rows = []
    for key, (total, growth) in TOTALS.items():
        if key in municipalities:
            rows.extend(_population_rows(municipalities[key], total, growth))
    Population.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["municipality", "year", "sex", "age"],
        update_fields=["count"],
    )
    written = 0
    if not Registration.objects.filter(source=Source.DEMO).exists():
        chosen = [
            municipalities[("NO", c)]
            for c in REGISTERING
            if ("NO", c) in municipalities
        ]
        # Year by year, so that each year's rows go to the codes valid then,
        # in proportion to their inhabitants that year.
        for year in YEARS:
            valid = [m for m in chosen if _valid_in(m, year)]
            people = sum(
                TOTALS[("NO", m.code)][0]
                * (1 + TOTALS[("NO", m.code)][1]) ** (year - YEARS[0])
                for m in valid
            )
            written += generate(
                rows=round(people * INJURIES_PER_1000 / 1000),
                seed=SEED + year,
                municipalities=valid,
                years=[year],
                source=Source.DEMO,
            )
    if stdout:
        stdout.write(
            f"injuries: {len(rows)} population figures; {written} registrations added"
        )
