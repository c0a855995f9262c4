"""Population denominators from Statistics Norway table 07459 and SCB BE0101N1.

Both are accepted in their CSV downloads, long ("region";"kjønn";"alder";"år";
"07459: Personer") or wide (one column per year, as SCB offers), e.g.

    "region";"kjønn";"alder";"år";"07459: Personer"
    "0716 Re";"1 Menn";"025 25 år";"2019";61

    "region","ålder","kön","2019","2020"
    "0780 Växjö","25 år","män",812,830
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from safecommunity.core.models import Municipality

from .importing.files import decode_text
from .importing.rows import Problem
from .models import Population

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
NUMBER = re.compile(r"\d+")
MUNICIPALITY = re.compile(r"(?<!\d)(\d{4})(?!\d)")
TOTAL_WORDS = ("i alt", "totalt", "total", "begge kjønn", "alle")


@dataclass
class PopulationResult:
    rows: int = 0
    cells: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sex(value: str) -> str | None:
    lowered = value.strip().lower()
    if lowered.startswith("2") or any(
        w in lowered for w in ("kvinn", "women", "female", "kvinnor")
    ):
        return "F"
    if lowered.startswith("1") or any(
        w in lowered for w in ("menn", "män", "men", "male", "mann")
    ):
        return "M"
    return None


def _age(value: str) -> int | None:
    numbers = NUMBER.findall(value)
    if not numbers:
        return None
    return min(int(numbers[-1]), 120)


def _count(value: str) -> int | None:
    digits = value.replace(" ", "").replace("\u00a0", "")
    return int(digits) if digits.isdigit() else None


def _columns(headers: list[str]) -> dict:
    lowered = [h.strip().strip('"').lower() for h in headers]
    found: dict = {"years": {}}
    for index, header in enumerate(lowered):
        if header == "region":
            found["region"] = index
        elif header in {"kjønn", "kön", "kjonn", "sex"}:
            found["sex"] = index
        elif header in {"alder", "ålder", "age"}:
            found["age"] = index
        elif header in {"år", "year", "tid"}:
            found["year"] = index
        elif "07459" in header or "personer" in header or "folkmängd" in header:
            if YEAR.search(header) and "07459" not in header:
                found["years"][index] = int(YEAR.search(header).group(1))
            else:
                found["value"] = index
        elif YEAR.fullmatch(header):
            found["years"][index] = int(header)
    return found


def parse_population(data: bytes) -> tuple[dict, list[Problem], str]:
    """Population counts keyed (municipality code, year, sex, age), problems, country."""
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = next(reader, [])
    columns = _columns(headers)
    country = (
        "SE" if any(h.strip().lower() in {"kön", "ålder"} for h in headers) else "NO"
    )
    problems: list[Problem] = []
    for needed in ("region", "sex", "age"):
        if needed not in columns:
            problems.append(Problem(1, needed, "", _("a required column is missing")))
    long_format = "year" in columns and "value" in columns
    if not long_format and not columns["years"]:
        problems.append(
            Problem(1, _("year"), "", _("no year column and no column per year"))
        )
    if problems:
        return {}, problems, country
    counts: dict[tuple[str, int, str, int], int] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        region = row[columns["region"]]
        match = MUNICIPALITY.search(region)
        sex = _sex(row[columns["sex"]])
        age = _age(row[columns["age"]])
        if not match or sex is None or age is None:
            labels = " ".join(row[columns[c]] for c in ("region", "sex", "age"))
            if any(word in labels.lower() for word in TOTAL_WORDS):
                continue  # totals are not needed
            column = "region" if not match else ("sex" if sex is None else "age")
            problems.append(
                Problem(number, column, row[columns[column]], _("not understood"))
            )
            continue
        if long_format:
            pairs = [(row[columns["year"]], row[columns["value"]])]
        else:
            pairs = [
                (str(year), row[index]) for index, year in columns["years"].items()
            ]
        for raw_year, raw_count in pairs:
            count = _count(raw_count)
            if count is None or not YEAR.fullmatch(raw_year.strip()):
                continue  # ".." and ":" mark missing figures
            key = (match.group(1), int(raw_year), sex, age)
            counts[key] = counts.get(key, 0) + count
    return counts, problems, country


@transaction.atomic
def population_import(*, data: bytes) -> PopulationResult:
    """Load (replace) population figures from a 07459 or BE0101N1 file; all or nothing."""
    counts, problems, country = parse_population(data)
    result = PopulationResult(rows=len(counts), problems=problems)
    if problems:
        return result
    by_code = dict(
        Municipality.objects.filter(county__country__code=country).values_list(
            "code", "pk"
        )
    )
    missing = sorted({code for code, *_rest in counts if code not in by_code})
    if missing:
        result.problems = [
            Problem(1, "region", code, _("unknown municipality")) for code in missing
        ]
        return result
    objects = [
        Population(
            municipality_id=by_code[code], year=year, sex=sex, age=age, count=count
        )
        for (code, year, sex, age), count in counts.items()
    ]
    Population.objects.bulk_create(
        objects,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["municipality", "year", "sex", "age"],
        update_fields=["count"],
    )
    result.cells = len(objects)
    return result
