"""Population files written as the statbanks deliver them, from a table of figures.

A table is {(code, name, year, sex, age): count}, with sex "M" or "F" and
age a whole number or None (unknown). `write_csv` and `write_json_stat`
lay it out in any of the statbanks' variants, so tests can check what was
stored against the table's own sums.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass

LANGUAGES = {
    "en": {
        "region": "region",
        "sex": "sex",
        "age": "age",
        "year": "year",
        "value": "Persons",
        "M": "Males",
        "F": "Females",
        "age_label": lambda a: f"{a} year" if a == 1 else f"{a} years",
        "oldest": lambda a: f"{a} years or older",
        "unknown": "unknown",
    },
    "nb": {
        "region": "region",
        "sex": "kjønn",
        "age": "alder",
        "year": "år",
        "value": "Personer",
        "M": "1 Menn",
        "F": "2 Kvinner",
        "age_label": lambda a: f"{a} år",
        "oldest": lambda a: f"{a} år eller eldre",
        "unknown": "uoppgitt",
    },
    "sv": {
        "region": "region",
        "sex": "kön",
        "age": "ålder",
        "year": "år",
        "value": "Folkmängd",
        "M": "män",
        "F": "kvinnor",
        "age_label": lambda a: f"{a} år",
        "oldest": lambda a: f"{a}+ år",
        "unknown": "uppgift saknas",
    },
}
OLDEST = 105


@dataclass(frozen=True)
class Layout:
    wide: bool = False
    separator: str = ","
    encoding: str = "utf-8"
    quoted: bool = False
    line_end: str = "\n"
    language: str = "en"
    with_sex: bool = True
    year_header: str = "label"  # "label" ("Persons 2019") or "bare" ("2019")


def _age_label(words: dict, age: int | None) -> str:
    if age is None:
        return words["unknown"]
    if age >= OLDEST:
        return words["oldest"](age)
    return words["age_label"](age)


def _sexless(table: dict) -> dict:
    merged: dict = defaultdict(int)
    for (code, name, year, _sex, age), count in table.items():
        merged[(code, name, year, "T", age)] += count
    return dict(merged)


def write_csv(table: dict, layout: Layout) -> bytes:
    """The table as a CSV file in `layout`."""
    words = LANGUAGES[layout.language]
    if not layout.with_sex:
        table = _sexless(table)
    years = sorted({key[2] for key in table})
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=layout.separator,
        quoting=csv.QUOTE_NONNUMERIC if layout.quoted else csv.QUOTE_MINIMAL,
        lineterminator=layout.line_end,
    )
    head = [words["region"]] + ([words["sex"]] if layout.with_sex else [])
    head.append(words["age"])

    def label_of(key):
        code, name, _year, sex, age = key
        cells = [f"{code} {name}"]
        if layout.with_sex:
            cells.append(words[sex])
        cells.append(_age_label(words, age))
        return cells

    if layout.wide:
        by_line: dict = defaultdict(dict)
        for (code, name, year, sex, age), count in table.items():
            by_line[(code, name, sex, age)][year] = count
        header_of = (
            (lambda y: f"{words['value']} {y}")
            if layout.year_header == "label"
            else str
        )
        writer.writerow(head + [header_of(y) for y in years])
        for (code, name, sex, age), counts in sorted(
            by_line.items(), key=lambda item: str(item[0])
        ):
            writer.writerow(
                label_of((code, name, 0, sex, age)) + [counts.get(y, 0) for y in years]
            )
    else:
        writer.writerow([*head, words["year"], words["value"]])
        for key, count in sorted(table.items(), key=lambda item: str(item[0])):
            writer.writerow([*label_of(key), str(key[2]), count])
    text = out.getvalue()
    if layout.encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    return text.encode(layout.encoding)


def write_json_stat(table: dict, *, with_sex: bool = True, swedish=False) -> bytes:
    """The table as a JSON-stat 2 dataset, as the statbanks' APIs answer."""
    if not with_sex:
        table = _sexless(table)
    regions = sorted({(k[0], k[1]) for k in table})
    years = sorted({k[2] for k in table})
    sexes = ["1", "2"]
    ages = sorted({k[4] for k in table}, key=lambda a: (a is None, a or 0))
    age_code = {a: ("us" if a is None else f"{a:03d}") for a in ages}
    words = LANGUAGES["sv" if swedish else "nb"]
    dimension_ids = ["Region", *(["Kon" if swedish else "Kjonn"] if with_sex else [])]
    dimension_ids += ["Alder", "ContentsCode", "Tid"]
    dimensions = {
        "Region": {
            "label": "region",
            "category": {
                "index": {code: i for i, (code, _n) in enumerate(regions)},
                "label": dict(regions),
            },
        },
        "Alder": {
            "label": "alder",
            "category": {
                "index": {age_code[a]: i for i, a in enumerate(ages)},
                "label": {age_code[a]: _age_label(words, a) for a in ages},
            },
        },
        "ContentsCode": {
            "label": "statistikkvariabel",
            "category": {"index": {"Personer1": 0}, "label": {"Personer1": "Personer"}},
        },
        "Tid": {
            "label": "år",
            "category": {
                "index": {str(y): i for i, y in enumerate(years)},
                "label": {str(y): str(y) for y in years},
            },
        },
    }
    if with_sex:
        dimensions[dimension_ids[1]] = {
            "label": "kjønn",
            "category": {
                "index": {"1": 0, "2": 1},
                "label": {"1": words["M"].split()[-1], "2": words["F"].split()[-1]},
            },
        }
    values = []
    for code, name in regions:
        for sex in sexes if with_sex else ["T"]:
            for age in ages:
                for year in years:
                    key = (code, name, year, "M" if sex == "1" else "F", age)
                    if not with_sex:
                        key = (code, name, year, "T", age)
                    values.append(table.get(key, 0))
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "label": "07459" if not swedish else "Folkmängd",
        "source": "Statistics Sweden" if swedish else "Statistisk sentralbyrå",
        "id": dimension_ids,
        "size": [len(dimensions[d]["category"]["index"]) for d in dimension_ids],
        "dimension": dimensions,
        "value": values,
    }
    return json.dumps(dataset, ensure_ascii=False).encode("utf-8")


def sums(table: dict, *, with_sex: bool = True) -> dict:
    """What the database should hold: (code, year, sex, age) -> persons."""
    stored: dict = defaultdict(int)
    for (code, _name, year, sex, age), count in table.items():
        stored[(code, year, sex if with_sex else "T", age)] += count
    return dict(stored)
