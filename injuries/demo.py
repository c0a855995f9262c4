"""Demo population and injury registrations (CONTRACTS 3). Idempotent, deterministic.

The population figures are plausible approximations of the real totals
(Statistics Norway 07459 and SCB BE0101N1 orders of magnitude), spread over
sex and age with a simple pyramid; they are not the official figures. Load
the real ones with `manage.py import_population FILE`.
"""

from __future__ import annotations

from django.db import transaction

from safecommunity.core.models import Municipality

from .models import Population, Registration, Source
from .synthetic import generate

YEARS = list(range(2016, 2026))
# Inhabitants about 2016 and yearly growth; approximate, see the module docstring.
TOTALS: dict[tuple[str, str], tuple[int, float]] = {
    ("NO", "0716"): (9_700, 0.006),
    ("NO", "0704"): (44_000, 0.008),
    ("NO", "0701"): (27_000, 0.004),
    ("NO", "0715"): (10_500, 0.008),
    ("NO", "0722"): (21_500, 0.004),
    ("NO", "0723"): (4_800, 0.002),
    ("NO", "0729"): (26_600, 0.005),
    ("NO", "3811"): (27_000, 0.005),
    ("SE", "0780"): (89_000, 0.012),
    ("SE", "0764"): (19_700, 0.006),
    ("SE", "0781"): (28_000, 0.005),
    ("SE", "0765"): (16_500, 0.010),
    ("SE", "0763"): (12_300, 0.001),
    ("SE", "0760"): (9_400, 0.002),
    ("SE", "0761"): (8_500, 0.004),
    ("SE", "0767"): (9_900, 0.004),
}
# Registrations for Re and its neighbours, about 25 per 1,000 inhabitants a year.
REGISTERING = ("0716", "0704", "0701", "0715")
INJURIES_PER_1000 = 25
SEED = 716


def _age_weight(age: int) -> float:
    return 1.0 if age < 60 else max(0.02, 1.0 - (age - 60) / 42)


def _population_rows(municipality: Municipality, total: int, growth: float):
    weights = [_age_weight(a) for a in range(101)]
    scale = sum(weights)
    for index, year in enumerate(YEARS):
        valid_from, valid_to = municipality.valid_from, municipality.valid_to
        if (valid_from and year < valid_from.year) or (
            valid_to and year > valid_to.year
        ):
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
    """Population for the demo municipalities and registrations for Re and neighbours."""
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
        people = sum(TOTALS[("NO", m.code)][0] for m in chosen)
        written = generate(
            rows=people * INJURIES_PER_1000 * len(YEARS) // 1000,
            seed=SEED,
            municipalities=chosen,
            years=YEARS,
            source=Source.DEMO,
        )
    if stdout:
        stdout.write(
            f"injuries: {len(rows)} population figures; {written} registrations added"
        )
