"""Reading a population file as the statbanks deliver it, into figures.

CSV (comma, semicolon or tab; any of the encodings `decode_text` reads;
quoted or not; long with a year and a value column, or wide with a column
per year) and JSON-stat 2 (the statbanks' APIs). Every figure comes out as
one `Figure` with the raw labels already understood; what is not understood
becomes a `Problem` with its row, column and value.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from operator import itemgetter

from django.utils.translation import gettext as _

from injuries.importing.files import FileRefused, decode_text
from injuries.importing.rows import Problem, normalise_header

from . import labels
from .labels import TOTAL, UNKNOWN

REGION_HEADERS = {"region", "kommune", "kommun", "municipality", "region/kommune"}
SEX_HEADERS = {"kjønn", "kjonn", "kön", "kon", "sex", "kjønn/sex"}
AGE_HEADERS = {"alder", "ålder", "age"}
YEAR_HEADERS = {"år", "ar", "year", "tid", "time", "statistikkvariabel/år"}
VALUE_WORDS = ("persons", "personer", "folkmängd", "folkmangd", "07459", "value")
SWEDISH_HEADERS = {"kön", "kon", "ålder", "folkmängd", "folkmangd"}
JSON_STAT_SWEDISH = {"kon", "statistics sweden", "scb"}


# One line of figures: (row, region code, sex, age, years, headers, raw values).
# `years` and `headers` are shared by every line of a wide file; a raw value
# is the cell's text (CSV), or a whole number or None (JSON-stat). Sex is "M",
# "F" or TOTAL (both sexes); age is whole years, UNKNOWN or TOTAL.
Line = tuple[int, str, str, "int | str", tuple, tuple, tuple]


@dataclass
class PopulationFile:
    """A file's lines of figures (read lazily), its problems, what it told us."""

    lines: Iterator[Line]
    problems: list[Problem] = field(default_factory=list)
    country: str = "NO"
    has_sex: bool = True
    rows: int = 0  # data rows read so far


class _Labels:
    """Cached answers to the labels of one file."""

    def __init__(self) -> None:
        self.regions: dict[str, str | None] = {}
        self.sexes: dict[str, str | None] = {}
        self.ages: dict[str, int | str | None] = {}

    def region(self, value: str) -> str | None:
        if value not in self.regions:
            self.regions[value] = labels.region_code(value)
        return self.regions[value]

    def sex(self, value: str) -> str | None:
        if value not in self.sexes:
            self.sexes[value] = labels.sex_code(value)
        return self.sexes[value]

    def age(self, value: str) -> int | str | None:
        if value not in self.ages:
            self.ages[value] = labels.age_years(value)
        return self.ages[value]


def read_population(data: bytes, *, country: str | None = None) -> PopulationFile:
    """The figures of a CSV or JSON-stat population file."""
    if b"\x00" in data[:8192] or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise FileRefused(_("The file is not a text (CSV or JSON-stat) file."))
    text = decode_text(data)
    if text.lstrip()[:1] in {"{", "["}:
        return _read_json_stat(text, country=country)
    return _read_csv(text, country=country)


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _csv_columns(headers: list[str]) -> tuple[dict, dict[int, int], list[Problem]]:
    """Positions of region, sex, age, year and value; the year columns; problems."""
    found: dict[str, int] = {}
    years: dict[int, int] = {}
    for index, header in enumerate(headers):
        name = normalise_header(header)
        in_name = labels.YEAR.findall(name)
        # "2019", "Persons 2019", "Folkmängd 2019"; not a title such as
        # "07459: ... befolkning (K) 1986 - 2024".
        year = in_name[0] if len(in_name) == 1 and name.endswith(in_name[0]) else None
        if name in REGION_HEADERS:
            found["region"] = index
        elif name in SEX_HEADERS:
            found["sex"] = index
        elif name in AGE_HEADERS:
            found["age"] = index
        elif name in YEAR_HEADERS:
            found["year"] = index
        elif year and (name == year or any(w in name for w in VALUE_WORDS)):
            years[index] = int(year)
        elif any(word in name for word in VALUE_WORDS):
            found["value"] = index
    problems = []
    for needed, header in (("region", _("region")), ("age", _("age"))):
        if needed not in found:
            problems.append(Problem(1, header, "", _("a required column is missing")))
    if not years and not ("year" in found and "value" in found):
        problems.append(
            Problem(
                1,
                _("year"),
                "",
                _(
                    "no year and figure columns, and no column per year "
                    "(such as 'Persons 2019' or '2019')"
                ),
            )
        )
    return found, years, problems


def _read_csv(text: str, *, country: str | None) -> PopulationFile:
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    headers = next(reader, None)
    if headers is None:
        raise FileRefused(_("The file is empty."))
    headers = [h.replace("\ufeff", "").strip() for h in headers]
    found, years, problems = _csv_columns(headers)
    if country is None:
        swedish = {normalise_header(h) for h in headers} & SWEDISH_HEADERS
        country = "SE" if swedish else "NO"
    result = PopulationFile(
        lines=iter(()), problems=problems, country=country, has_sex="sex" in found
    )
    if not problems:
        result.lines = _csv_lines(reader, headers, found, years, result)
    return result


def _csv_lines(reader, headers, found, years, result) -> Iterator[Line]:
    cache = _Labels()
    problems = result.problems
    region_at, age_at = found["region"], found["age"]
    sex_at = found.get("sex")
    if years:
        indexes = tuple(years)
        year_list = tuple(years.values())
        header_list = tuple(headers[i] for i in indexes)
        values_of = itemgetter(*indexes) if len(indexes) > 1 else None
    else:
        value_at, year_at = found["value"], found["year"]
        header_list = (headers[value_at],)
    width = max([*found.values(), *years]) + 1
    regions, ages = cache.regions, cache.ages
    for number, row in enumerate(reader, start=2):
        if len(row) < width:
            if any(cell.strip() for cell in row):
                problems.append(
                    Problem(number, _("(row)"), "", _("the row has too few columns"))
                )
            continue
        result.rows += 1
        raw_region, raw_age = row[region_at], row[age_at]
        region = regions.get(raw_region) or cache.region(raw_region)
        sex = TOTAL if sex_at is None else cache.sex(row[sex_at])
        age = ages[raw_age] if raw_age in ages else cache.age(raw_age)
        if region is None or sex is None or age is None:
            _label_problem(problems, number, headers, found, row, region, sex, age)
            continue
        if region == TOTAL:
            continue  # the country's or a county's sum
        if years:
            raws = values_of(row) if values_of else (row[indexes[0]],)
            yield (number, region, sex, age, year_list, header_list, raws)
            continue
        raw_year = row[year_at].strip()
        if labels.YEAR.fullmatch(raw_year) is None:
            problems.append(
                Problem(number, headers[year_at], raw_year, _("not a year"))
            )
            continue
        yield (
            number,
            region,
            sex,
            age,
            (int(raw_year),),
            header_list,
            (row[value_at],),
        )


def _label_problem(problems, number, headers, found, row, region, sex, age) -> None:
    if region is None:
        at, reason = found["region"], _("not a municipality code and name")
    elif sex is None:
        at, reason = found["sex"], _("not a sex (men, women or both)")
    else:
        at, reason = found["age"], _("not an age in years from 0 to 120")
    problems.append(Problem(number, headers[at], row[at], reason))


# JSON-stat 2 ------------------------------------------------------------------

JSON_REGION = {"region", "kommune", "kommun"}
JSON_SEX = {"kjonn", "kon", "kjønn", "kön", "sex"}
JSON_AGE = {"alder", "ålder", "age"}
JSON_TIME = {"tid", "time", "year", "år"}
JSON_CONTENTS = {"contentscode", "statistikkvariabel", "tabellinnehåll"}


def _json_dataset(text: str) -> dict:
    try:
        document = json.loads(text)
    except ValueError:
        raise FileRefused(_("The file is neither CSV nor valid JSON-stat.")) from None
    if isinstance(document, dict) and "dataset" in document:
        document = document["dataset"]  # a bundle of one dataset
    if not isinstance(document, dict) or not {"id", "size", "dimension", "value"} <= (
        document.keys()
    ):
        raise FileRefused(
            _(
                "The JSON file is not a JSON-stat 2 dataset (id, size, dimension, value)."
            )
        )
    return document


def _categories(dimension: dict) -> list[tuple[str, str]]:
    """(code, label) of a dimension's categories, in index order."""
    category = dimension.get("category") or {}
    index = category.get("index")
    names = category.get("label") or {}
    if isinstance(index, list):
        codes = index
    elif isinstance(index, dict):
        codes = sorted(index, key=index.__getitem__)
    else:
        codes = list(names)
    return [(str(code), str(names.get(code, code))) for code in codes]


def _read_json_stat(text: str, *, country: str | None) -> PopulationFile:
    dataset = _json_dataset(text)
    ids = [str(i) for i in dataset["id"]]
    roles: dict[str, int] = {}
    problems: list[Problem] = []
    for position, name in enumerate(ids):
        lowered = name.lower()
        for role, names in (
            ("region", JSON_REGION),
            ("sex", JSON_SEX),
            ("age", JSON_AGE),
            ("year", JSON_TIME),
            ("contents", JSON_CONTENTS),
        ):
            if lowered in names:
                roles[role] = position
    for role in ("region", "age", "year"):
        if role not in roles:
            problems.append(
                Problem(1, role, "", _("the dataset has no dimension for this"))
            )
    if country is None:
        described = " ".join(
            str(dataset.get(key, "")) for key in ("source", "label", "note")
        ).lower()
        swedish = {n.lower() for n in ids} | {described}
        country = (
            "SE"
            if any(marker in " ".join(swedish) for marker in JSON_STAT_SWEDISH)
            else "NO"
        )
    result = PopulationFile(
        lines=iter(()), problems=problems, country=country, has_sex="sex" in roles
    )
    if not problems:
        result.lines = _json_lines(dataset, ids, roles, result)
    return result


def _json_lines(dataset, ids, roles, result) -> Iterator[Line]:
    dimensions = [_categories(dataset["dimension"].get(name, {})) for name in ids]
    values = dataset["value"]
    if isinstance(values, dict):  # the sparse form: index -> value
        values = {int(k): v for k, v in values.items()}
    cache = _Labels()
    problems = result.problems
    meaning: list[list] = []
    for position, categories in enumerate(dimensions):
        role = next((r for r, p in roles.items() if p == position), None)
        understood = []
        for code, label in categories:
            if role == "region":
                value = cache.region(code)
                if value is None:
                    value = cache.region(label)
            elif role == "sex":
                value = cache.sex(label)
                if value is None:
                    value = cache.sex(code)
            elif role == "age":
                value = cache.age(label)
                if value is None:
                    value = cache.age(code)
            elif role == "year":
                match = labels.YEAR.search(code) or labels.YEAR.search(label)
                value = int(match.group(1)) if match else None
            else:
                value = code
            if value is None:
                problems.append(
                    Problem(1, ids[position], code, _("a category not understood"))
                )
            understood.append(value)
        meaning.append(understood)
    if problems:
        return
    contents = roles.get("contents")
    if contents is not None and len(meaning[contents]) > 1:
        problems.append(
            Problem(
                1,
                ids[contents],
                ", ".join(str(c) for c in meaning[contents]),
                _("choose one content (the number of persons) for the download"),
            )
        )
        return
    cells = 1
    for categories in meaning:
        cells *= len(categories)
    if isinstance(values, list) and len(values) != cells:
        problems.append(
            Problem(
                1,
                "value",
                str(len(values)),
                _("the dataset should have %(cells)s values") % {"cells": cells},
            )
        )
        return
    for index, combination in enumerate(product(*meaning)):
        raw = values.get(index) if isinstance(values, dict) else values[index]
        result.rows += 1
        if raw is None:
            continue
        if not isinstance(raw, int | float) or raw < 0 or int(raw) != raw:
            problems.append(
                Problem(
                    index + 1, "value", str(raw), _("not a whole number of persons")
                )
            )
            continue
        region = combination[roles["region"]]
        if region == TOTAL:
            continue
        sex = combination[roles["sex"]] if "sex" in roles else TOTAL
        year = combination[roles["year"]]
        yield (
            index + 1,
            region,
            sex,
            combination[roles["age"]],
            (year,),
            ("value",),
            (int(raw),),
        )


__all__ = ["TOTAL", "UNKNOWN", "Line", "PopulationFile", "read_population"]
