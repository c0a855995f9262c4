"""Checking a population file's figures against the map, and storing them.

Every figure is checked first; only a file without a single problem is
stored, in one transaction, replacing the figures of the same municipalities
and years. On PostgreSQL the figures go through COPY and one INSERT ... SELECT
per file; elsewhere through bulk_create.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from injuries.importing.files import FileRefused
from injuries.importing.rows import Problem
from injuries.models import Population
from safecommunity.core.models import Municipality

from .labels import count_value
from .reading import TOTAL, UNKNOWN, read_population

BATCH_SIZE = 5000
PROGRESS_EVERY = 20000
NOT_KNOWN = "not-known"
NOT_VALID = "not-valid"


@dataclass
class PopulationResult:
    """What an import read, stored, skipped and refused."""

    country: str = ""
    rows: int = 0
    figures: int = 0  # cells stored, after adding up figures of the same cell
    persons: int = 0
    municipalities: int = 0
    years: list[int] = field(default_factory=list)
    both_sexes: bool = False
    unknown_age: int = 0  # persons whose age the source does not know
    zero_skipped: int = 0
    zero_skipped_codes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def summary(self) -> dict:
        return {
            "country": self.country,
            "rows": self.rows,
            "figures": self.figures,
            "persons": self.persons,
            "municipalities": self.municipalities,
            "years": self.years,
            "both_sexes": self.both_sexes,
            "unknown_age": self.unknown_age,
            "zero_skipped": self.zero_skipped,
            "zero_skipped_codes": self.zero_skipped_codes,
        }


class _Map:
    """The municipalities of a country by code, and which one a code meant in a year."""

    def __init__(self, country: str) -> None:
        self.by_code: dict[str, list[tuple[int, object, object]]] = {}
        rows = Municipality.objects.filter(country__code=country).values_list(
            "pk", "code", "valid_from", "valid_to"
        )
        for pk, code, valid_from, valid_to in rows:
            self.by_code.setdefault(code, []).append((pk, valid_from, valid_to))
        self.cache: dict[tuple[str, int], int | str] = {}

    def resolve(self, code: str, year: int) -> int | str:
        key = (code, year)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._resolve(code, year)
        return found

    def _resolve(self, code: str, year: int) -> int | str:
        candidates = self.by_code.get(code)
        if not candidates:
            return NOT_KNOWN
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        for pk, start, end in candidates:
            if (start is None or start <= last) and (end is None or end >= first):
                return pk
        return NOT_VALID


class _Problems(list):
    """Keeps the first `limit` problems and counts the rest."""

    def __init__(self, limit: int | None, start: list[Problem]) -> None:
        super().__init__()
        self.limit = limit
        self.count = 0
        for problem in start:
            self.append(problem)

    def append(self, problem: Problem) -> None:
        self.count += 1
        if self.limit is None or len(self) < self.limit:
            super().append(problem)


class _Sink:
    """Where checked figures go before they are written: a COPY buffer on
    PostgreSQL, a dict elsewhere. A cell given twice (a band and its ages,
    say) is added up: by the database when the buffer has repeats."""

    SEXES = {"M": 0, "F": 1, Population.BOTH: 2}

    def __init__(self) -> None:
        self.copy = connection.vendor == "postgresql"
        self.parts: list[str] = []
        self.keys: set[int] = set()
        self.repeated = False
        self.cells: dict[tuple, int] = {}
        self.pairs: dict[int, set[int]] = {}  # year -> municipality ids

    def add_line(self, targets, years, sex: str, age, counts) -> None:
        """Figures of one line whose municipalities are known, one per year."""
        if self.copy:
            age_text = "\\N" if age is None else str(age)
            tail = f"\t{sex}\t{age_text}\t"
            # One integer per cell (municipality, year, sex, age) finds repeats.
            base = self.SEXES[sex] * 128 + (0 if age is None else age + 1)
            keys = self.keys
            for pk, year, count in zip(targets, years, counts, strict=True):
                key = (pk * 4096 + year) * 512 + base
                if key in keys:
                    self.repeated = True
                keys.add(key)
                self.parts.append(f"{pk}\t{year}{tail}{count}\n")
        else:
            for pk, year, count in zip(targets, years, counts, strict=True):
                cell = (pk, year, sex, age)
                self.cells[cell] = self.cells.get(cell, 0) + count
        for pk, year in zip(targets, years, strict=True):
            municipalities = self.pairs.get(year)
            if municipalities is None:
                municipalities = self.pairs[year] = set()
            municipalities.add(pk)

    def figures(self) -> int:
        return len(self.cells) if not self.copy else len(self.keys)


def population_import(
    *,
    data: bytes,
    country: str | None = None,
    dry_run: bool = False,
    max_problems: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> PopulationResult:
    """Check a population file and, unless `dry_run` or a problem is found,
    store it whole, replacing its municipalities' figures of its years."""
    result = PopulationResult()
    try:
        read = read_population(data, country=country)
    except FileRefused as exc:
        result.problems = [Problem(1, _("(file)"), "", str(exc))]
        result.problem_count = 1
        return result
    result.country = read.country
    problems = _Problems(max_problems, read.problems)
    read.problems = problems
    check = _Checker(_Map(read.country), _Sink(), result, problems)
    deferred: list = []
    individual_sex = individual_age = False
    reported = 0
    for line in read.lines:
        sex, age = line[2], line[3]
        if age == TOTAL or (read.has_sex and sex == TOTAL):
            deferred.append(line)  # a sum: kept only if the file has no parts
            continue
        individual_age = True
        individual_sex = individual_sex or sex != TOTAL
        check.line(line)
        if progress and read.rows - reported >= PROGRESS_EVERY:
            reported = read.rows
            progress(reported)
    for line in deferred:
        if line[2] == TOTAL and individual_sex:
            continue
        if line[3] == TOTAL and individual_age:
            continue
        check.line(line)
    sink = check.sink
    result.rows = read.rows
    result.zero_skipped_codes = sorted(check.zero_codes)
    result.problems = list(problems)
    result.problem_count = problems.count
    if not problems.count and not sink.pairs:
        result.problems = [Problem(1, _("(file)"), "", _("the file has no figures"))]
        result.problem_count = 1
    if result.problem_count:
        return result
    result.years = sorted(sink.pairs)
    result.municipalities = len(set().union(*sink.pairs.values()))
    result.figures = sink.figures()
    if dry_run:
        return result
    with transaction.atomic():
        for year, municipality_ids in sink.pairs.items():
            Population.objects.filter(
                year=year, municipality_id__in=sorted(municipality_ids)
            ).delete()
        result.figures = _write(sink)
    return result


class _Checker:
    """Checks each line's figures against the map and hands the good ones on."""

    def __init__(self, places: _Map, sink: _Sink, result, problems) -> None:
        self.places = places
        self.sink = sink
        self.result = result
        self.problems = problems
        self.zero_codes: set[str] = set()
        self.targets: dict[tuple, tuple] = {}

    def line(self, line) -> None:
        number, region, sex, age, years, headers, raws = line
        key = (region, years)
        targets = self.targets.get(key)
        if targets is None:
            targets = self.targets[key] = tuple(
                self.places.resolve(region, year) for year in years
            )
        kept_targets, kept_years, counts = [], [], []
        result = self.result
        for target, year, header, raw in zip(
            targets, years, headers, raws, strict=True
        ):
            if raw.__class__ is int:
                count = raw
            else:
                try:
                    count = int(raw)
                except ValueError:
                    count = count_value(raw)
                    if count is None:
                        continue  # the statbanks' marks of a missing figure
                    if count == "":
                        self.problems.append(
                            Problem(
                                number, header, raw, _("not a whole number of persons")
                            )
                        )
                        continue
                if count < 0:
                    self.problems.append(
                        Problem(number, header, raw, _("not a whole number of persons"))
                    )
                    continue
            if target.__class__ is str:
                self._unplaced(number, region, year, target, count)
                continue
            kept_targets.append(target)
            kept_years.append(year)
            counts.append(count)
        if not counts:
            return
        persons = sum(counts)
        result.persons += persons
        stored_sex = Population.BOTH if sex == TOTAL else sex
        if stored_sex == Population.BOTH:
            result.both_sexes = True
        stored_age = None if age in (UNKNOWN, TOTAL) else age
        if stored_age is None:
            result.unknown_age += persons
        self.sink.add_line(kept_targets, kept_years, stored_sex, stored_age, counts)

    def _unplaced(self, number, region, year, reason, count) -> None:
        if count == 0:
            # Statbanks list every region of a table's whole period, with
            # zero persons in the years it did not exist.
            self.result.zero_skipped += 1
            self.zero_codes.add(region)
            return
        text = (
            _("unknown municipality code")
            if reason == NOT_KNOWN
            else _("the municipality code was not in use in %(year)s") % {"year": year}
        )
        self.problems.append(Problem(number, _("region"), region, text))


def _write(sink: _Sink) -> int:
    if not sink.copy:
        objects = [
            Population(municipality_id=pk, year=year, sex=sex, age=age, count=count)
            for (pk, year, sex, age), count in sink.cells.items()
        ]
        Population.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return len(objects)
    table = Population._meta.db_table
    columns = "municipality_id, year, sex, age, count"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if not sink.repeated:
            # Every cell once: straight into the table.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                _copy_parts(copy, sink.parts)
            return len(sink.keys)
        cursor.execute(
            "CREATE TEMPORARY TABLE population_import_rows (municipality_id bigint,"
            " year smallint, sex varchar(1), age smallint, count bigint)"
            " ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY population_import_rows FROM STDIN") as copy:
            _copy_parts(copy, sink.parts)
        cursor.execute(
            f"INSERT INTO {table} ({columns})"  # noqa: S608  # nosec B608 - identifiers from model meta
            " SELECT municipality_id, year, sex, age, sum(count)"
            " FROM population_import_rows GROUP BY municipality_id, year, sex, age"
        )
        written = cursor.rowcount
        cursor.execute("DROP TABLE population_import_rows")
    return written


def _copy_parts(copy, parts: list[str], chunk: int = 50_000) -> None:
    for start in range(0, len(parts), chunk):
        copy.write("".join(parts[start : start + chunk]))
