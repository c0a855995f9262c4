"""Real source files at speed: a statbank population file of every region, age
and sex over many years, and an FMDS-layout injury extract through a code book.
"""

from __future__ import annotations

import csv
import datetime
import random
import time
from pathlib import Path
from typing import Any

from .synthetic import CSV_HEADER, Vocabulary, synthetic_rows

OLDEST = 105
# The FMDS extract's names for the contract's columns (age becomes fodtAar).
FMDS_NAMES = {
    "injury_date": "skadeDato",
    "municipality": "skadeKommune",
    "age": "fodtAar",
    "sex": "kjonn",
    "contact_cause": "kontaktarsakSkade",
    "place": "skadeSted",
    "activity": "aktivitet",
    "mechanism": "skadeMekanisme",
    "severity": "alvorlighetsgrad",
    "transport": "fremkomstmiddel",
    "external_id": "lopenr",
}
FMDS_SEX = {"M": "1", "F": "2", "U": "9"}
BOOK = "BENCH-FMDS"


def write_population_file(path: Path, *, years: int, seed: int = 5) -> dict[str, Any]:
    """A wide file as the statbank delivers table 07459: every Norwegian region
    of the map (ceased ones too, with zeros in the years they did not exist),
    ages 0 to 105, both sexes together (as the shared 07459 download), one
    column per year: about a million figures for the whole map and twenty years."""
    from safecommunity.core.models import Municipality

    last = datetime.date.today().year - 1  # noqa: DTZ011 - a calendar year is enough
    span = list(range(last - years + 1, last + 1))
    regions = list(
        Municipality.objects.filter(country__code="NO")
        .order_by("code", "valid_from")
        .values_list("code", "name", "valid_from", "valid_to")
    )
    if not regions:
        raise RuntimeError("no Norwegian municipalities; is the map migrated?")
    rng = random.Random(seed)
    rows = 0
    with path.open("w", encoding="latin-1", errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["region", "alder", *(f"Personer {y}" for y in span)])
        for code, name, valid_from, valid_to in regions:
            alive = [
                (valid_from is None or valid_from.year <= y)
                and (valid_to is None or valid_to.year >= y)
                for y in span
            ]
            suffix = f" (-{valid_to.year})" if valid_to else ""
            for age in range(OLDEST + 1):
                label = f"{age} år" if age < OLDEST else f"{age} år eller eldre"
                writer.writerow(
                    [
                        f"{code} {name}{suffix}",
                        label,
                        *(rng.randint(1, 900) if a else 0 for a in alive),
                    ]
                )
                rows += 1
    return {
        "rows": rows,
        "regions": len(regions),
        "years": len(span),
        "figures": rows * len(span),
        "file_mb": round(path.stat().st_size / 1_048_576, 1),
    }


def write_population_long_file(
    path: Path, *, lines: int, seed: int = 7
) -> dict[str, Any]:
    """A long file as the statbank's "one figure per line" download: region,
    sex, age, year and the figure, men and women apart, English labels, the
    regions valid in each year from the oldest year on until `lines` is reached."""
    from safecommunity.core.models import Municipality

    regions = list(
        Municipality.objects.filter(country__code="NO")
        .order_by("code", "valid_from")
        .values_list("code", "name", "valid_from", "valid_to")
    )
    if not regions:
        raise RuntimeError("no Norwegian municipalities; is the map migrated?")
    rng = random.Random(seed)
    last = datetime.date.today().year - 1  # noqa: DTZ011 - a calendar year is enough
    written = 0
    years = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["region", "sex", "age", "year", "Persons"])
        year = last - 29
        while written < lines and year <= last:
            for code, name, valid_from, valid_to in regions:
                if (valid_from and valid_from.year > year) or (
                    valid_to and valid_to.year < year
                ):
                    continue
                for sex in ("Males", "Females"):
                    for age in range(OLDEST + 1):
                        if age == OLDEST:
                            label = f"{age} years or older"
                        else:
                            label = "1 year" if age == 1 else f"{age} years"
                        writer.writerow(
                            [f"{code} {name}", sex, label, year, rng.randint(1, 900)]
                        )
                        written += 1
                years.add(year)
                if written >= lines:
                    break
            year += 1
    return {
        "rows": written,
        "years": len(years),
        "file_mb": round(path.stat().st_size / 1_048_576, 1),
    }


def measure_population_long(workdir: Path, *, lines: int) -> dict[str, Any]:
    """A long file of `lines` figures through the same importer: time and queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from injuries.population import population_import

    path = workdir / "07459-long.csv"
    written = write_population_long_file(path, lines=lines)
    data = path.read_bytes()
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = population_import(data=data)
        seconds = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError(f"population file refused: {result.problems[0].as_line()}")
    return {
        **written,
        "seconds": round(seconds, 3),
        "rows_per_s": round(written["rows"] / seconds),
        "stored": result.figures,
        "queries": len(queries),
    }


def measure_population(workdir: Path, *, years: int) -> dict[str, Any]:
    """Write the file, then import it through the importer the command and the
    web page share; time, SQL queries and what was stored."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from injuries.population import population_import

    path = workdir / "07459-wide.csv"
    written = write_population_file(path, years=years)
    data = path.read_bytes()
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = population_import(data=data)
        seconds = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError(f"population file refused: {result.problems[0].as_line()}")
    return {
        **written,
        "seconds": round(seconds, 3),
        "rows_per_s": round(written["rows"] / seconds),
        "figures_per_s": round(written["figures"] / seconds),
        "stored": result.figures,
        "zero_skipped": result.zero_skipped,
        "queries": len(queries),
    }


def _code_book(vocabulary: Vocabulary) -> None:
    """A code book whose own codes ("S-" + ours) map to ours, one version each."""
    from injuries.models import CodeBook, CodeMapping, SourceCode

    CodeBook.objects.filter(name=BOOK).delete()
    book = CodeBook.objects.create(name=BOOK)
    for field, codes in vocabulary.codes.items():
        for code in codes:
            entry = SourceCode.objects.create(
                code_book=book, variable=field, field=field, code=f"S-{code}"
            )
            CodeMapping.objects.create(source_code=entry, target=code, version=1)


def write_fmds_file(path: Path, vocabulary: Vocabulary, rows: int) -> None:
    """The synthetic rows in the FMDS layout: its column names, its sex codes,
    a birth year for the age, a time column, and the code book's codes."""
    at = {name: i for i, name in enumerate(CSV_HEADER)}
    coded = [name for name in vocabulary.codes if name in at]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["skadeTid", *(FMDS_NAMES[n] for n in CSV_HEADER)])
        for row in synthetic_rows(vocabulary, rows, seed=21, id_prefix="f"):
            values = list(row)
            values[at["age"]] = str(
                int(row[at["injury_date"]][:4]) - int(row[at["age"]])
            )
            values[at["sex"]] = FMDS_SEX[row[at["sex"]]]
            for name in coded:
                if values[at[name]]:
                    values[at[name]] = f"S-{values[at[name]]}"
            writer.writerow(["12:00", *values])


def measure_fmds(vocabulary: Vocabulary, rows: int, workdir: Path) -> dict[str, Any]:
    """An FMDS-layout file with its code book, through the same importer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from injuries import services
    from injuries.models import CodeBook

    _code_book(vocabulary)
    path = workdir / "fmds.csv"
    write_fmds_file(path, vocabulary, rows)
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = services.registrations_import_file(
            data=path.read_bytes(),
            filename=path.name,
            actor=None,
            code_book=CodeBook.objects.get(name=BOOK),
        )
        seconds = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError(f"FMDS file refused: {result.problems[0].as_line()}")
    return {
        "rows": result.rows_total,
        "seconds": round(seconds, 3),
        "rows_per_s": round(result.rows_total / seconds),
        "queries": len(queries),
    }
