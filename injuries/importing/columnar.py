"""The column-at-a-time path for clean CSV files: the same checks, without a
Python loop per row.

Large registry extracts are almost always clean. This path parses such a file
with polars and checks whole columns against the same lookups `RowValidator`
builds (municipalities valid on the date, code lists and their validity,
ages or birth years, sexes, duplicate external ids, identity numbers), and a
named code book's codes the way the row-by-row path reads them, so a
register extract in its own layout (FMDS) takes this path as well. A code
the book does not map is a problem, so such a file goes row by row, which
counts the rows of each code. It answers only for
files it can vouch for: at the first cell it would judge differently from
the row-by-row path, or any cell that needs a row-level problem message, it
returns None and the caller runs the row-by-row path over the whole file, so
problems, their wording and their order never depend on which path ran.
"""

from __future__ import annotations

import codecs
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from injuries.models import CODE_FIELDS

from .files import FileRefused, decode_text, delimiter_of
from .rows import SEX_VALUES, RowValidator

# Characters that Python's str.strip() and polars' strip_chars() treat
# differently, quoting (Python's csv module is lenient with stray quotes) and
# line breaks the row-by-row reader counts differently: any of them sends the
# file to the row-by-row path.
_UNSURE = ('"', "\x1c", "\x1d", "\x1e", "\x1f", "\n\n")


@dataclass
class Columns:
    """A checked file: one frame in the writer's column order, and what it names."""

    frame: object  # polars.DataFrame with the columns of writer.ROW_FIELDS
    municipality_codes: list[str]

    @property
    def height(self) -> int:
        return self.frame.height

    def rows(self, limit: int | None = None) -> list[tuple]:
        """The first `limit` (or all) rows as the tuples the row-by-row path makes."""
        frame = self.frame if limit is None else self.frame.head(limit)
        return frame.rows()

    def id_pairs(self):
        """(municipality id, external id) of every row, without whole rows."""
        ids = self.frame.select("municipality_id", "external_id")
        return ids.iter_rows()


_UNSURE_BYTES = tuple(mark.encode() for mark in _UNSURE)
_VISIBLE = re.compile(rb"\S")


def _body(data: bytes) -> tuple[str, bytes, int] | None:
    """The header line, the bytes polars reads and the lines to skip in them,
    when the fast path reads the file as the row-by-row path does.

    A UTF-8 file with plain line ends is read where it lies (no decoded copy,
    which for 300,000 rows is about 100 MB less at the peak); other
    encodings and CRLF line ends are decoded and re-encoded first."""
    if any(mark in data for mark in _UNSURE_BYTES):
        return None
    try:
        if not data.isascii():
            data.decode("utf-8")  # only whether it is UTF-8: the text is not kept
    except UnicodeDecodeError:
        return _decoded_body(data)
    if b"\r" in data and (
        data.count(b"\r") != data.count(b"\r\n") or b"\n\r\n" in data
    ):
        return _decoded_body(data)
    # Windows line ends (CRLF, as Excel and Python's csv module write them)
    # are read where they lie too: polars ends a line at either.
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    newline = data.find(b"\n", start)
    if newline < 0 or not _VISIBLE.search(data, newline + 1):
        return None
    header = data[start:newline].decode().removesuffix("\r")
    return header, data, 1


def _decoded_body(data: bytes) -> tuple[str, bytes, int] | None:
    try:
        text = decode_text(data)
    except FileRefused:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if any(mark in text for mark in _UNSURE):
        return None
    newline = text.find("\n")
    if newline < 0 or not text[newline + 1 :].strip():
        return None
    return text[:newline], text[newline + 1 :].encode(), 0


def check_columns(
    *,
    data: bytes,
    headers: list[str],
    validator: RowValidator,
) -> Columns | None:
    """The whole file checked column by column, or None to use the row-by-row path."""
    try:
        import polars as pl
    except ImportError:  # pragma: no cover - polars is a pinned dependency
        return None
    body = _body(data)
    if body is None:
        return None
    header_line, source, skip = body
    del body
    try:
        raw = pl.read_csv(
            source,
            has_header=False,
            skip_lines=skip,
            separator=delimiter_of(header_line),
            quote_char=None,
            infer_schema=False,
            empty_string_is_null=False,
        )
        del source
        if raw.width < len(headers):
            return None
        # The frame is handed over, not kept here: _check drops each frame
        # once the next is made, so only two are alive at a time.
        handed = [raw]
        del raw
        return _check(pl, handed, validator)
    except pl.exceptions.PolarsError:
        return None  # ragged or otherwise unusual: the row-by-row path decides


def _check(pl, handed: list, validator: RowValidator) -> Columns | None:
    raw = handed.pop()
    cells = raw.select(pl.all().fill_null(""))
    del raw
    if _any(cells.select(pl.all_horizontal(pl.all() == "").any())):
        return None  # blank rows are skipped and counted differently
    if any(_maybe_identity(cells.get_column(name)) for name in cells.columns):
        return None  # the row-by-row path refuses the file with its message
    height = cells.height
    by_field = {
        field: cells.get_column(cells.columns[index])
        for field, index in validator.positions.items()
    }
    del cells  # the columns no field reads go with it
    column = by_field.get

    # Each column's distinct values are judged once, with the row-by-row
    # path's own rules; a value it would refuse sends the file there.
    day = _each(pl, column("injury_date"), _date_judge(validator), pl.Date)
    if day is None:
        return None
    if "birth_year" in validator.positions:
        age = _ages(pl, column("age"), column("birth_year"), day, height)
    else:
        age = _each(pl, column("age"), _age, pl.Int16)
    if age is None:
        return None
    sex = _each(pl, column("sex"), lambda raw: SEX_VALUES.get(raw.lower()), pl.String)
    if sex is None:
        return None
    municipality = _municipalities(pl, column("municipality"), day, validator)
    if municipality is None:
        return None
    codes = []
    for field in CODE_FIELDS:
        raw = column(field)
        if raw is None:  # only transport is optional
            raw = pl.repeat("", height, dtype=pl.String, eager=True)
        code = _codes(pl, raw, day, field, validator)
        if code is None:
            return None
        codes.append(code.alias(field))
    external = column("external_id")
    if external is None:
        external = pl.repeat(None, height, dtype=pl.String, eager=True)
    else:
        external = external.str.strip_chars()
    del by_field
    frame = pl.DataFrame(
        [
            municipality.alias("municipality_id"),
            day.alias("injury_date"),
            age.alias("age"),
            sex.alias("sex"),
            *codes,
            external.alias("external_id"),
        ]
    )
    frame = frame.with_columns(
        pl.when(pl.col("external_id") == "")
        .then(None)
        .otherwise(pl.col("external_id"))
        .alias("external_id")
    )
    ids = frame.select("municipality_id", "external_id").filter(
        pl.col("external_id").is_not_null()
    )
    if _any(ids.select((pl.col("external_id").str.len_chars() > 64).any())) or (
        _any(
            ids.select(
                pl.struct("municipality_id", "external_id").is_duplicated().any()
            )
        )
    ):
        return None
    found = frame.get_column("municipality_id").unique().to_list()
    found_codes = sorted({validator.codes_by_id[pk] for pk in found})
    validator.municipality_codes.update(found_codes)
    return Columns(frame=frame, municipality_codes=found_codes)


def _any(frame) -> bool:
    return bool(frame.item()) if frame.height else False


def _maybe_identity(cells) -> bool:
    """Whether a column has a cell the row-by-row identity check could refuse
    (or a few more): eleven characters or more, no letter, and eleven once
    spaces and hyphens are gone. Each test runs only on the cells the one
    before kept, so a column of short codes costs one pass over lengths."""
    cells = cells.filter(cells.str.len_chars() >= 11)
    if cells.is_empty():
        return False
    cells = cells.filter(~cells.str.contains(r"[A-Za-z]"))
    if cells.is_empty():
        return False
    return bool((cells.str.replace_all(r"[ \-]", "").str.len_chars() == 11).any())


def _each(pl, cells, judge: Callable[[str], object], dtype):
    """`judge` applied to each distinct value once (stripped, as the
    row-by-row path reads a cell), its answers put back in every row; None
    when it has no answer for a value."""
    answers = {}
    for value in cells.unique().to_list():
        answer = judge(value.strip())
        if answer is None:
            return None
        answers[value] = answer
    return cells.replace_strict(answers, return_dtype=dtype)


def _date_judge(validator: RowValidator) -> Callable[[str], datetime.date | None]:
    def judge(raw: str) -> datetime.date | None:
        day = validator.parse_date(raw)  # a reason (str) when it is refused
        return day if isinstance(day, datetime.date) else None

    return judge


def _age(raw: str) -> int | None:
    if raw.isascii() and raw.isdigit() and int(raw) <= 120:
        return int(raw)
    return None


def _birth_year(raw: str) -> int | None:
    if raw.isascii() and raw.isdigit() and len(raw) == 4:
        return int(raw)
    return None


def _ages(pl, ages, births, day, height: int):
    """Ages where a file has a birth year too: a row's age where it has one,
    otherwise its age in the injury year from its birth year (as the
    row-by-row path reads them); None when a row would have a problem."""
    if ages is None:
        ages = pl.repeat("", height, dtype=pl.String, eager=True)
    # -1 marks a row without an age: its birth year decides.
    given = _each(pl, ages, lambda raw: _age(raw) if raw else -1, pl.Int16)
    if given is None:
        return None
    missing = given == -1
    if not missing.any():
        return given
    years = _each(pl, births.filter(missing), _birth_year, pl.Int16)
    if years is None:
        return None
    from_birth = day.filter(missing).dt.year() - years
    if ((from_birth < 0) | (from_birth > 120)).any():
        return None
    return given.scatter(missing.arg_true(), from_birth.cast(pl.Int16))


def _outside(day, rows, start, end) -> bool:
    """Whether a day of the selected rows lies outside [start, end]."""
    days = day.filter(rows)
    return bool(
        (start is not None and (days < start).any())
        or (end is not None and (days > end).any())
    )


def _municipalities(pl, cells, day, validator: RowValidator):
    """Municipality ids, when every code is valid on its row's date and allowed."""
    ids = {}
    periods = {}
    for raw in cells.unique().to_list():
        code = raw.strip()
        code = "0" + code if code.isdigit() and len(code) == 3 else code
        candidates = validator.municipalities.get(code.upper())
        if not candidates or len(candidates) != 1:
            return None
        pk, start, end = candidates[0]
        if validator.allowed is not None and pk not in validator.allowed:
            return None
        ids[raw] = pk
        if start is not None or end is not None:
            periods[raw] = (start, end)
    for raw, (start, end) in periods.items():
        if _outside(day, cells == raw, start, end):
            return None  # ceased codes move to successors; the row-by-row path says how
    return cells.replace_strict(ids, return_dtype=pl.Int64)


def _codes(pl, cells, day, field: str, validator: RowValidator):
    """The list's code for each label or code (or a named code book's code),
    when every row has a valid one."""
    lookup = validator.codes[field]
    books = validator.source_codes
    book = None if books is None else books.get(field, {})

    def judge(raw: str) -> str | None:
        if not raw:
            return "" if field == "transport" else None
        key = raw.lower()
        code = lookup.get(key)
        if book is not None and (key in book or code is None):
            # The book's own code wins; None: not mapped yet, a row problem.
            code = book.get(key)
        return code

    codes = _each(pl, cells, judge, pl.String)
    if codes is None:
        return None
    for (list_name, code), (start, end) in (validator.validity or {}).items():
        if list_name == field and _outside(day, codes == code, start, end):
            return None
    return codes
