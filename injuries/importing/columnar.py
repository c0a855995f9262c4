"""The column-at-a-time path for clean CSV files: the same checks, without a
Python loop per row.

Large registry extracts are almost always clean. This path parses such a file
with polars and checks whole columns against the same lookups `RowValidator`
builds (municipalities valid on the date, code lists and their validity,
ages, sexes, duplicate external ids, identity numbers). It answers only for
files it can vouch for: at the first cell it would judge differently from
the row-by-row path, or any cell that needs a row-level problem message, it
returns None and the caller runs the row-by-row path over the whole file, so
problems, their wording and their order never depend on which path ran.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from injuries.models import CODE_FIELDS, EARLIEST_INJURY_DATE

from .files import FileRefused, decode_text, delimiter_of
from .rows import SEX_VALUES, RowValidator

# Characters that Python's str.strip() and polars' strip_chars() treat
# differently, quoting (Python's csv module is lenient with stray quotes) and
# line breaks the row-by-row reader counts differently: any of them sends the
# file to the row-by-row path.
_UNSURE = ('"', "\x1c", "\x1d", "\x1e", "\x1f", "\n\n")
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DOTTED_DATE = r"^[0-9]{2}\.[0-9]{2}\.[0-9]{4}$"


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
    if validator.source_codes is not None or "birth_year" in validator.positions:
        return None
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
    # Every cell stripped once; the checks below read the stripped cells.
    cells = raw.select(pl.all().fill_null("").str.strip_chars())
    del raw
    if _any(cells.select(pl.all_horizontal(pl.all() == "").any())):
        return None  # blank rows are skipped and counted differently
    # A stripped cell that could be an identity number was one before
    # stripping too, so this stays a superset of the row-by-row check.
    if any(_maybe_identity(cells.get_column(name)) for name in cells.columns):
        return None  # the row-by-row path refuses the file with its message
    names = cells.columns

    def column(field: str):
        index = validator.positions.get(field)
        if index is None:
            return pl.lit("")
        return pl.col(names[index])

    frame = cells.select(
        column("injury_date").alias("raw_date"),
        column("municipality").alias("raw_municipality"),
        column("age").alias("raw_age"),
        column("sex").alias("raw_sex"),
        *[column(field).alias(f"raw_{field}") for field in CODE_FIELDS],
        column("external_id").alias("external_id"),
    )
    del cells
    frame = frame.with_columns(_dates(pl), _ages(pl), _sexes(pl)).drop(
        "raw_date", "raw_age", "raw_sex"
    )
    today = validator.today
    if _any(
        frame.select(
            (
                pl.col("injury_date").is_null()
                | (pl.col("injury_date") > today)
                | (pl.col("injury_date") < EARLIEST_INJURY_DATE)
                | pl.col("age").is_null()
                | pl.col("sex").is_null()
            ).any()
        )
    ):
        return None
    frame = _municipalities(pl, frame, validator)
    if frame is None:
        return None
    for field in CODE_FIELDS:
        frame = _codes(pl, frame, field, validator)
        if frame is None:
            return None
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
    ordered = frame.select(
        "municipality_id",
        "injury_date",
        "age",
        "sex",
        *CODE_FIELDS,
        "external_id",
    )
    found = ordered.get_column("municipality_id").unique().to_list()
    codes = sorted({validator.codes_by_id[pk] for pk in found})
    validator.municipality_codes.update(codes)
    return Columns(frame=ordered, municipality_codes=codes)


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


def _dates(pl):
    raw = pl.col("raw_date")
    return (
        pl.when(raw.str.contains(ISO_DATE))
        .then(raw.str.to_date("%Y-%m-%d", strict=False))
        .when(raw.str.contains(DOTTED_DATE))
        .then(raw.str.to_date("%d.%m.%Y", strict=False))
        .otherwise(None)
        .alias("injury_date")
    )


def _ages(pl):
    raw = pl.col("raw_age")
    number = raw.cast(pl.Int32, strict=False)
    return (
        pl.when(raw.str.contains(r"^[0-9]{1,3}$") & (number <= 120))
        .then(number)
        .otherwise(None)
        .cast(pl.Int16)
        .alias("age")
    )


def _sexes(pl):
    return (
        pl.col("raw_sex")
        .str.to_lowercase()
        .replace_strict(SEX_VALUES, default=None, return_dtype=pl.String)
        .alias("sex")
    )


def _municipalities(pl, frame, validator: RowValidator):
    """Municipality ids, when every code is valid on its row's date and allowed."""
    raw = pl.col("raw_municipality")
    frame = frame.with_columns(
        pl.when(raw.str.contains(r"^[0-9]{3}$"))
        .then(pl.lit("0") + raw)
        .otherwise(raw)
        .str.to_uppercase()
        .alias("municipality_key")
    )
    keys = frame.get_column("municipality_key").unique().to_list()
    known = []
    for key in keys:
        candidates = validator.municipalities.get(key)
        if not candidates or len(candidates) != 1:
            return None
        pk, start, end = candidates[0]
        if validator.allowed is not None and pk not in validator.allowed:
            return None
        known.append((key, pk, start, end))
    # Looked up column by column rather than joined: a join would copy the
    # whole frame once more.
    key = pl.col("municipality_key")
    ids = {k: pk for k, pk, _start, _end in known}
    starts = {k: start for k, _pk, start, _end in known}
    ends = {k: end for k, _pk, _start, end in known}
    day = pl.col("injury_date")
    start = key.replace_strict(starts, default=None, return_dtype=pl.Date)
    end = key.replace_strict(ends, default=None, return_dtype=pl.Date)
    outside = (start.is_not_null() & (day < start)) | (end.is_not_null() & (day > end))
    if _any(frame.select(outside.any())):
        return None  # ceased codes move to successors; the row-by-row path says how
    return frame.with_columns(
        key.replace_strict(ids, return_dtype=pl.Int64).alias("municipality_id")
    ).drop("municipality_key", "raw_municipality")


def _codes(pl, frame, field: str, validator: RowValidator):
    """The list's code for each label or code, when every row has a valid one."""
    raw = pl.col(f"raw_{field}")
    frame = frame.with_columns(
        raw.str.to_lowercase()
        .replace_strict(validator.codes[field], default=None, return_dtype=pl.String)
        .alias(field)
    )
    if field == "transport":
        frame = frame.with_columns(
            pl.when(raw == "").then(pl.lit("")).otherwise(pl.col(field)).alias(field)
        )
    if _any(frame.select(pl.col(field).is_null().any())):
        return None
    periods = {
        code: period
        for (list_name, code), period in (validator.validity or {}).items()
        if list_name == field
    }
    used = set(frame.get_column(field).unique().to_list()) & set(periods)
    day = pl.col("injury_date")
    for code in used:
        start, end = periods[code]
        outside = pl.lit(False)
        if start is not None:
            outside = outside | (day < start)
        if end is not None:
            outside = outside | (day > end)
        if _any(frame.select(((pl.col(field) == code) & outside).any())):
            return None
    return frame.drop(f"raw_{field}")
