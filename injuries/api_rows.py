"""JSON rows for the one injury importer: checked for shape, then written as
the CSV the importer reads, so files and the API share every rule.

Only the shape is checked here (a list of flat objects of text, whole numbers
and nulls, within limits); every value is judged by the importer.
"""

from __future__ import annotations

import csv
import io
import json

from django.utils.translation import gettext as _

from safecommunity.core.problems import Problem

MAX_ROWS = 50_000
MAX_KEYS = 40
MAX_KEY_LENGTH = 60
MAX_VALUE_LENGTH = 200
MAX_BODY_BYTES = 32 * 1024 * 1024


def _shape_problem(row: int, column: str, reason: str) -> dict:
    return {"row": row, "column": column, "value": "", "reason": reason}


def read_body(request) -> bytes:
    """The request's body, refused above MAX_BODY_BYTES without reading it all."""
    if request.content_type not in {"application/json", ""}:
        raise Problem(415, _("Send the rows as JSON (Content-Type: application/json)."))
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise Problem(413, _("The request body is too large."))
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise Problem(413, _("The request body is too large."))
    return body


def parse_rows(body: bytes) -> list[dict]:
    """The rows of a JSON body: an array of objects, or {"rows": [...]}."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise Problem(
            400, _("The JSON is nested too deeply."), kind="invalid-json"
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise Problem(
            400, _("The body is not valid JSON."), kind="invalid-json"
        ) from None
    if isinstance(data, dict) and set(data) == {"rows"}:
        data = data["rows"]
    if not isinstance(data, list):
        raise Problem(
            422,
            _("Send a JSON array of rows, each an object with the import's columns."),
            kind="invalid-rows",
        )
    if not data:
        raise Problem(422, _("There are no rows."), kind="invalid-rows")
    if len(data) > MAX_ROWS:
        raise Problem(
            413,
            _("At most %(max)s rows in one request; send the rest in another.")
            % {"max": MAX_ROWS},
        )
    problems = []
    for number, row in enumerate(data, start=1):
        problems.extend(_row_problems(number, row))
        if len(problems) >= 100:
            break
    if problems:
        raise Problem(
            422,
            _("Some rows are not objects of plain values; nothing was saved."),
            kind="invalid-rows",
            problems=problems,
        )
    return data


def _row_problems(number: int, row) -> list[dict]:
    if not isinstance(row, dict):
        return [_shape_problem(number, "", _("a row must be an object"))]
    if not row:
        return [_shape_problem(number, "", _("the row is empty"))]
    if len(row) > MAX_KEYS:
        return [_shape_problem(number, "", _("too many columns"))]
    problems = []
    for key, value in row.items():
        column = key[:MAX_KEY_LENGTH]
        if len(key) > MAX_KEY_LENGTH:
            problems.append(_shape_problem(number, column, _("column name too long")))
        elif isinstance(value, bool) or not isinstance(value, str | int | None):
            problems.append(
                _shape_problem(
                    number, column, _("expected text, a whole number or null")
                )
            )
        elif len(str(value)) > MAX_VALUE_LENGTH:
            problems.append(_shape_problem(number, column, _("value too long")))
    return problems


def rows_as_csv(rows: list[dict]) -> bytes:
    """The rows as CSV with one column per key seen, in order of appearance."""
    headers: dict[str, None] = {}
    for row in rows:
        headers.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            ["" if row.get(key) is None else str(row[key]) for key in headers]
        )
    return out.getvalue().encode("utf-8")


def item_problems(problems: list[dict]) -> list[dict]:
    """The importer's problems with file rows turned into row numbers of the
    array (its first object is row 1; the file's header was row 1)."""
    return [
        {**p, "row": max(p["row"] - 1, 0) if isinstance(p.get("row"), int) else 0}
        for p in problems
    ]
