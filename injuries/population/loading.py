"""Checking a population file's figures against the map, and storing them.

Every figure is checked first; only a file without a single problem is
stored, in one transaction, replacing the figures of the same municipalities
and years. On PostgreSQL the figures go through COPY and one INSERT ... SELECT
per file; elsewhere through bulk_create.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from injuries.importing.files import FileRefused
from injuries.importing.rows import Problem
from injuries.models import Population
from safecommunity.core.models import Municipality

from .reading import TOTAL, UNKNOWN, Figure, read_population

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
        rows = Municipality.objects.filter(county__country__code=country).values_list(
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
    PostgreSQL (the database adds up repeated cells), a dict elsewhere."""

    def __init__(self) -> None:
        self.copy = connection.vendor == "postgresql"
        self.buffer = io.StringIO()
        self.cells: dict[tuple, int] = {}
        self.pairs: dict[int, set[int]] = {}  # year -> municipality ids

    def add(self, pk: int, year: int, sex: str, age, count: int) -> None:
        municipalities = self.pairs.get(year)
        if municipalities is None:
            municipalities = self.pairs[year] = set()
        municipalities.add(pk)
        if self.copy:
            age_text = "\\N" if age is None else age
            self.buffer.write(f"{pk}\t{year}\t{sex}\t{age_text}\t{count}\n")
        else:
            key = (pk, year, sex, age)
            self.cells[key] = self.cells.get(key, 0) + count


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
    places = _Map(read.country)
    sink = _Sink()
    deferred: list[Figure] = []
    individual_sex = individual_age = False
    zero_codes: set[str] = set()
    for figure in read.figures:
        if figure.age == TOTAL or (read.has_sex and figure.sex == TOTAL):
            deferred.append(figure)  # a sum: kept only if the file has no parts
            continue
        individual_age = True
        individual_sex = individual_sex or figure.sex != TOTAL
        _check(figure, places, sink, result, problems, zero_codes)
        if progress and read.rows % PROGRESS_EVERY == 0:
            progress(read.rows)
    for figure in deferred:
        if figure.sex == TOTAL and individual_sex:
            continue
        if figure.age == TOTAL and individual_age:
            continue
        _check(figure, places, sink, result, problems, zero_codes)
    result.rows = read.rows
    result.zero_skipped_codes = sorted(zero_codes)
    result.problems = list(problems)
    result.problem_count = problems.count
    if not problems.count and not sink.pairs:
        result.problems = [Problem(1, _("(file)"), "", _("the file has no figures"))]
        result.problem_count = 1
    if result.problem_count:
        return result
    result.years = sorted(sink.pairs)
    result.municipalities = len(set().union(*sink.pairs.values()))
    if dry_run:
        result.figures = len(sink.cells) if not sink.copy else 0
        return result
    with transaction.atomic():
        for year, municipality_ids in sink.pairs.items():
            Population.objects.filter(
                year=year, municipality_id__in=sorted(municipality_ids)
            ).delete()
        result.figures = _write(sink)
    return result


def _check(figure, places, sink, result, problems, zero_codes) -> None:
    found = places.resolve(figure.region, figure.year)
    if isinstance(found, str):
        if figure.count == 0:
            # Statbanks list every region of a table's whole period, with
            # zero persons in the years it did not exist.
            result.zero_skipped += 1
            zero_codes.add(figure.region)
            return
        reason = (
            _("unknown municipality code")
            if found == NOT_KNOWN
            else _("the municipality code was not in use in %(year)s")
            % {"year": figure.year}
        )
        problems.append(Problem(figure.row, _("region"), figure.region, reason))
        return
    sex = Population.BOTH if figure.sex == TOTAL else figure.sex
    age = None if figure.age in (UNKNOWN, TOTAL) else figure.age
    if sex == Population.BOTH:
        result.both_sexes = True
    if age is None:
        result.unknown_age += figure.count
    result.persons += figure.count
    sink.add(found, figure.year, sex, age, figure.count)


def _write(sink: _Sink) -> int:
    if not sink.copy:
        objects = [
            Population(municipality_id=pk, year=year, sex=sex, age=age, count=count)
            for (pk, year, sex, age), count in sink.cells.items()
        ]
        Population.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return len(objects)
    table = Population._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE population_import_rows (municipality_id bigint,"
            " year smallint, sex varchar(1), age smallint, count bigint)"
            " ON COMMIT DROP"
        )
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy("COPY population_import_rows FROM STDIN") as copy,
        ):
            copy.write(sink.buffer.getvalue())
        cursor.execute(
            f"INSERT INTO {table} (municipality_id, year, sex, age, count)"  # noqa: S608  # nosec B608 - identifiers from model meta
            " SELECT municipality_id, year, sex, age, sum(count)"
            " FROM population_import_rows GROUP BY municipality_id, year, sex, age"
        )
        written = cursor.rowcount
        cursor.execute("DROP TABLE population_import_rows")
    return written
