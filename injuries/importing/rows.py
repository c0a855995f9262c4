"""Validation of import rows against the code lists, in plain Python.

Code lists and municipalities are loaded once per file; each row is checked
with dictionary lookups only, so validation costs no SQL per row.
"""
# size: one row validator over every code list, kept whole so a row costs no SQL

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from injuries.models import CODE_FIELDS, EARLIEST_INJURY_DATE, Code
from safecommunity.core.geography import (
    HOME_COUNTRY,
    municipality_key,
    parse_municipality_key,
)
from safecommunity.core.lineage import SuccessorError, successor_on
from safecommunity.core.models import Municipality

# field -> accepted headers (compared in lower case); the first is the English one.
COLUMNS: dict[str, tuple[str, ...]] = {
    "injury_date": ("injury_date", "skadedato"),
    "municipality": ("municipality", "skadekommune"),
    "age": ("age", "alder"),
    "birth_year": ("birth_year", "fodtaar", "fødtår", "fødselsår"),
    "sex": ("sex", "kjønn", "kjonn"),
    "contact_cause": (
        "contact_cause",
        "kontaktårsak",
        "kontaktarsak",
        "kontaktarsakskade",
    ),
    "place": ("place", "skadested"),
    "activity": ("activity", "aktivitet", "aktivitetskade"),
    "mechanism": ("mechanism", "skademekanisme"),
    "severity": ("severity", "alvorlighetsgrad"),
    "transport": ("transport", "fremkomstmiddel"),
    "external_id": ("external_id", "løpenummer", "lopenummer", "lopenr"),
}
# The national register's FMDS extract names these columns as above
# (lopenr, skadeDato, kontaktarsakSkade, ..., fodtAar); headers are compared
# in lower case. A time of day is accepted and ignored: only the date is kept.
TIME_HEADERS = frozenset(
    {"skadetid", "skadetidspunkt", "klokkeslett", "tid", "time", "injury_time"}
)
OPTIONAL = {"transport", "external_id", "birth_year"}
REQUIRED = tuple(f for f in COLUMNS if f not in OPTIONAL)
IDENTITY_HEADERS = frozenset(
    {
        "fødselsnummer",
        "fodselsnummer",
        "foedselsnummer",
        "personnummer",
        "personnr",
        "fnr",
        "ssn",
        "pnr",
        "d-nummer",
        "national_id",
    }
)
SEX_VALUES = {
    "1": "M",
    "2": "F",
    "9": "U",
    "m": "M",
    "f": "F",
    "k": "F",
    "u": "U",
    "mann": "M",
    "male": "M",
    "kvinne": "F",
    "female": "F",
    "ukjent": "U",
    "unknown": "U",
}


@dataclass(frozen=True)
class Problem:
    """One problem in a file: where it is and what is wrong."""

    row: int
    column: str
    value: str
    reason: str

    def as_line(self) -> str:
        return (
            f"row {self.row}, column {self.column}: value {self.value}: {self.reason}"
        )

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


def normalise_header(header: str) -> str:
    return header.replace("\ufeff", "").strip().strip('"').strip().lower()


def is_identity_number(value: str) -> bool:
    """True for a value that looks like an 11-digit national identity number."""
    if len(value) < 11:
        return False
    digits = value.replace(" ", "").replace("-", "")
    return len(digits) == 11 and digits.isdigit()


def identity_header_problem(headers: list[str]) -> Problem | None:
    """A privacy problem when a header names a national identity number."""
    for header in headers:
        if normalise_header(header) in IDENTITY_HEADERS:
            return Problem(
                1,
                header,
                header,
                _(
                    "the file has a column for national identity numbers; "
                    "registrations are anonymous, so the whole file is refused"
                ),
            )
    return None


def identity_value_problem(row_number: int, headers: list[str], row: list[str]):
    """A privacy problem when any cell of the row holds an 11-digit number."""
    for index, value in enumerate(row):
        if len(value) >= 11 and is_identity_number(value):
            column = headers[index] if index < len(headers) else str(index + 1)
            return Problem(
                row_number,
                column,
                _("(hidden)"),
                _(
                    "the column holds 11-digit numbers that may be national "
                    "identity numbers; the whole file is refused"
                ),
            )
    return None


def map_headers(headers: list[str]) -> tuple[dict[str, int], list[Problem], list[str]]:
    """Column index per field, header problems, and the headers that are ignored."""
    by_name = {name: field for field, names in COLUMNS.items() for name in names}
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    ignored: list[str] = []
    for index, header in enumerate(headers):
        field = by_name.get(normalise_header(header))
        if field is None:
            if header.strip() and normalise_header(header) not in TIME_HEADERS:
                ignored.append(header)
            continue
        if field in positions:
            problems.append(
                Problem(1, header, header, _("the column appears more than once"))
            )
            continue
        positions[field] = index
    for field in REQUIRED:
        if field == "age" and "birth_year" in positions:
            continue  # the age in the injury year follows from the birth year
        if field not in positions:
            problems.append(Problem(1, field, "", _("a required column is missing")))
    return positions, problems, ignored


ParsedRow = tuple  # (municipality_id, date, age, sex, 6 codes, external_id)


class RowValidator:
    """Checks rows and turns them into tuples ready for the database."""

    def __init__(
        self,
        *,
        positions: dict[str, int],
        allowed_municipality_ids: set[int] | None,
        today: datetime.date,
        source_codes: dict[str, dict[str, str | None]] | None = None,
    ) -> None:
        self.positions = positions
        # A code book's codes -> ours (None: not mapped yet), when one is named.
        self.source_codes = source_codes
        # Codes the book does not map: (list, code) -> [first row, rows].
        self.misses: dict[tuple[str, str], list[int]] = {}
        self.allowed = allowed_municipality_ids
        self.today = today
        self.codes = code_lookups()
        self.validity = code_validity()
        # By key: a bare code is Norway's (the registry's), or the one
        # municipality elsewhere with that code; `SE-0780` names the country.
        self.municipalities: dict[str, list[tuple[int, object, object]]] = {}
        by_code: dict[str, list[str]] = {}
        allowed_by_code: dict[str, list[str]] = {}
        self.codes_by_id: dict[int, str] = {}
        for pk, country, code, valid_from, valid_to in Municipality.objects.values_list(
            "pk", "country__code", "code", "valid_from", "valid_to"
        ):
            self.municipalities[f"{country}-{code}"] = [(pk, valid_from, valid_to)]
            self.codes_by_id[pk] = municipality_key(country, code)
            by_code.setdefault(code, []).append(country)
            if self.allowed is None or pk in self.allowed:
                allowed_by_code.setdefault(code, []).append(country)
        for code, every in by_code.items():
            countries = allowed_by_code.get(code) or every
            owner = HOME_COUNTRY if HOME_COUNTRY in countries else None
            if owner is None and len(countries) == 1:
                owner = countries[0]
            if owner is not None:
                self.municipalities[code] = self.municipalities[f"{owner}-{code}"]
        self._dates: dict[str, datetime.date | str] = {}
        self._successors: dict[tuple[int, datetime.date], int | str] = {}
        self.seen_ids: dict[tuple[int, str], int] = {}
        self.municipality_codes: set[str] = set()
        # Rows on a code that had ceased by their date: {old code: {new: rows}}.
        self.moved: dict[str, dict[str, int]] = {}

    def _cell(self, row: list[str], field: str) -> str:
        index = self.positions.get(field)
        if index is None or index >= len(row):
            return ""
        return row[index].strip()

    def parse_date(self, raw: str) -> datetime.date | str:
        """The date, or the reason it is not acceptable."""
        cached = self._dates.get(raw)
        if cached is not None:
            return cached
        try:
            if len(raw) == 10 and raw[4] == "-":
                value: datetime.date | str = datetime.date.fromisoformat(raw)
            elif "." in raw:
                day, month, year = raw.split(".")
                if len(year) != 4:
                    raise ValueError(raw)
                value = datetime.date(int(year), int(month), int(day))
            else:
                raise ValueError(raw)
        except ValueError:
            value = _("not a date; use YYYY-MM-DD or DD.MM.YYYY")
        if isinstance(value, datetime.date):
            if value > self.today:
                value = _("the date is in the future")
            elif value < EARLIEST_INJURY_DATE:
                value = _("the date is before 1990")
        self._dates[raw] = value
        return value

    def municipality_for(self, code: str, day: datetime.date | None) -> int | str:
        """The municipality id, or the reason the code is not acceptable.

        A code valid on the date is taken as it is; one that had ceased by
        then counts in its one successor valid on that date (CONTRACTS 6).
        """
        if code.isdigit() and len(code) == 3:
            code = "0" + code  # a spreadsheet dropped the leading zero
        code = code.upper()
        candidates = self.municipalities.get(code)
        if not candidates:
            if parse_municipality_key(code) is None:
                return _("not a 4-digit municipality code")
            return _("unknown municipality")
        if day is None:
            found: int | str = candidates[0][0]
        else:
            found = self._on_date(code, candidates, day)
        if isinstance(found, str):
            return found
        if self.allowed is not None and found not in self.allowed:
            return _("not a municipality you may register injuries for")
        self.municipality_codes.add(self.codes_by_id[found])
        return found

    def _on_date(self, code: str, candidates, day: datetime.date) -> int | str:
        valid = [
            pk
            for pk, start, end in candidates
            if (start is None or start <= day) and (end is None or day <= end)
        ]
        if self.allowed is not None and len(valid) > 1:
            valid = [pk for pk in valid if pk in self.allowed] or valid
        if len(valid) == 1:
            return valid[0]
        if valid:
            return _("the municipality code is ambiguous for this date")
        ceased = [
            (end, pk) for pk, _start, end in candidates if end is not None and end < day
        ]
        if not ceased:
            return _("the municipality code was not yet in use on this date")
        found = self._successor(max(ceased)[1], day)
        if isinstance(found, int):
            moved = self.moved.setdefault(code, {})
            new_code = self.codes_by_id[found]
            moved[new_code] = moved.get(new_code, 0) + 1
        return found

    def _successor(self, pk: int, day: datetime.date) -> int | str:
        key = (pk, day)
        if key not in self._successors:
            municipality = Municipality.objects.get(pk=pk)
            try:
                self._successors[key] = successor_on(municipality, day).pk
            except SuccessorError as exc:
                codes = ", ".join(f"{m.code} {m.name}" for m in exc.successors)
                self._successors[key] = (
                    _(
                        "the municipality code had ceased by this date and was "
                        "split between %(codes)s; register the row on one of them"
                    )
                    % {"codes": codes}
                    if codes
                    else _("the municipality code had ceased by this date")
                )
        return self._successors[key]

    def _age_from_birth_year(self, row_number, row, day, problems) -> int | None:
        raw = self._cell(row, "birth_year")
        age = _birth_year_age(raw, day) if raw else _("a value is required")
        if isinstance(age, str):
            if day is not None or not raw:
                problems.append(Problem(row_number, "birth_year", raw, age))
            return None
        return age

    def validate(
        self, row_number: int, row: list[str], problems: list[Problem]
    ) -> ParsedRow | None:
        """The parsed row, or None after adding its problems to `problems`."""
        start = len(problems)
        cell = self._cell

        raw_date = cell(row, "injury_date")
        day = self.parse_date(raw_date) if raw_date else _("a value is required")
        if isinstance(day, str):
            problems.append(Problem(row_number, "injury_date", raw_date, day))
            day = None

        raw_municipality = cell(row, "municipality")
        municipality = (
            self.municipality_for(raw_municipality, day)
            if raw_municipality
            else _("a value is required")
        )
        if isinstance(municipality, str):
            problems.append(
                Problem(row_number, "municipality", raw_municipality, municipality)
            )

        raw_age = cell(row, "age")
        age: int | None = None
        if not raw_age and "birth_year" in self.positions:
            age = self._age_from_birth_year(row_number, row, day, problems)
        elif raw_age.isdigit() and int(raw_age) <= 120:
            age = int(raw_age)
        else:
            problems.append(
                Problem(
                    row_number,
                    "age",
                    raw_age,
                    _("a value is required")
                    if not raw_age
                    else _("not a whole number of years from 0 to 120"),
                )
            )

        raw_sex = cell(row, "sex")
        sex = SEX_VALUES.get(raw_sex.lower())
        if sex is None:
            problems.append(
                Problem(row_number, "sex", raw_sex, _("use M, F (or K) or U"))
            )

        codes = []
        unmapped = False
        for field in CODE_FIELDS:
            raw = cell(row, field)
            if not raw and field == "transport":
                codes.append("")
                continue
            code = self.codes[field].get(raw.lower()) if raw else None
            if self.source_codes is not None and raw:
                book = self.source_codes.get(field, {})
                if raw.lower() in book or code is None:
                    code = book.get(raw.lower())
                if code is None:
                    miss = self.misses.setdefault((field, raw), [row_number, 0])
                    miss[1] += 1
                    unmapped = True
                    codes.append(None)
                    continue
            period = self.validity.get((field, code)) if self.validity else None
            if (
                period
                and day
                and not (
                    (period[0] is None or period[0] <= day)
                    and (period[1] is None or day <= period[1])
                )
            ):
                problems.append(
                    Problem(
                        row_number, field, raw, _("the code is not valid on this date")
                    )
                )
                codes.append(None)
                continue
            if code is None:
                problems.append(
                    Problem(
                        row_number,
                        field,
                        raw,
                        _("a value is required")
                        if not raw
                        else _("not a code or label of this code list"),
                    )
                )
            codes.append(code)

        external_id = cell(row, "external_id") or None
        if external_id is not None and len(external_id) > 64:
            problems.append(
                Problem(
                    row_number,
                    "external_id",
                    external_id[:70],
                    _("longer than 64 characters"),
                )
            )
        elif external_id is not None and isinstance(municipality, int):
            key = (municipality, external_id)
            first = self.seen_ids.setdefault(key, row_number)
            if first != row_number:
                problems.append(
                    Problem(
                        row_number,
                        "external_id",
                        external_id,
                        _("the same external id is already on row %(row)s")
                        % {"row": first},
                    )
                )
        if len(problems) > start or unmapped:
            return None
        return (municipality, day, age, sex, *codes, external_id)

    def miss_problems(self, headers: list[str], book_name: str) -> list[Problem]:
        """One problem per code the named code book does not map."""
        found = []
        for (field, code), (first_row, rows) in sorted(
            self.misses.items(), key=lambda item: item[1][0]
        ):
            index = self.positions[field]
            found.append(
                Problem(
                    first_row,
                    headers[index] if index < len(headers) else field,
                    code,
                    _(
                        "the code book %(book)s has no mapping for this code "
                        "(used on %(rows)s rows); map it on the code book's page"
                    )
                    % {"book": book_name, "rows": rows},
                )
            )
        return found


def _birth_year_age(raw: str, day: datetime.date | None) -> int | str:
    """The age in the injury year, or the reason it cannot be had."""
    if not (raw.isdigit() and len(raw) == 4):
        return _("not a year of birth (four digits)")
    if day is None:
        return _("the age needs a valid injury date")
    age = day.year - int(raw)
    if not 0 <= age <= 120:
        return _("gives an age outside 0 to 120 in the injury year")
    return age


def code_validity() -> dict[tuple[str, str], tuple]:
    """(list, code) -> (valid from, valid to) for codes with a limited validity."""
    rows = Code.objects.exclude(valid_from=None, valid_to=None).values_list(
        "list_name", "code", "valid_from", "valid_to"
    )
    return {(list_name, code): (start, end) for list_name, code, start, end in rows}


def code_lookups() -> dict[str, dict[str, str]]:
    """Per code list: lower-case code, Norwegian, English and Swedish label -> code."""
    lookups: dict[str, dict[str, str]] = {field: {} for field in CODE_FIELDS}
    rows = Code.objects.values_list(
        "list_name", "code", "label_nb", "label_en", "label_sv"
    ).order_by("list_name", "-sort_order")
    for list_name, code, *labels in rows:
        table = lookups.setdefault(list_name, {})
        for label in labels:
            if label:
                table[label.strip().lower()] = code
    for list_name, code, *_labels in rows:
        lookups[list_name][code.lower()] = code  # a code wins over a label
    return lookups
