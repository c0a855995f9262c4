"""Code books: a source's own codes, read from its published list, mapped once
to ours, and the lookups an import uses.

The writes here follow the services' rules (keyword-only, `actor=`, atomic,
audited); the views and the importer call nothing else to change a book.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from safecommunity.core.models import User
from safecommunity.core.services import audit_record

from .importing.files import FileRefused, decode_text
from .importing.rows import COLUMNS, Problem, normalise_header
from .models import CODE_FIELDS, Code, CodeBook, CodeMapping, SourceCode

VARIABLE_HEADERS = {"variable", "variabel", "variabelnavn", "kolonne"}
CODE_HEADERS = {"code", "kode", "verdi", "value"}
LABEL_HEADERS = {"label", "tekst", "beskrivelse", "navn", "kodetekst", "text"}


@dataclass
class CodeBookResult:
    entries: int = 0
    new: int = 0
    ignored_variables: list[str] | None = None
    problems: list[Problem] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _field_of(variable: str) -> str | None:
    by_name = {name: field for field, names in COLUMNS.items() for name in names}
    field = by_name.get(normalise_header(variable))
    return field if field in CODE_FIELDS else None


def read_code_book(data: bytes) -> tuple[list[tuple[str, str, str, str]], list, list]:
    """(variable, our list, code, label) of a code book CSV, ignored variables,
    problems."""
    try:
        text = decode_text(data)
    except FileRefused as exc:
        return [], [], [Problem(1, _("(file)"), "", str(exc))]
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=counts.__getitem__) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [normalise_header(h) for h in next(reader, [])]
    at = {}
    for index, header in enumerate(headers):
        for role, names in (
            ("variable", VARIABLE_HEADERS),
            ("code", CODE_HEADERS),
            ("label", LABEL_HEADERS),
        ):
            if header in names and role not in at:
                at[role] = index
    problems = [
        Problem(1, role, "", _("a required column is missing"))
        for role in ("variable", "code", "label")
        if role not in at
    ]
    if problems:
        return [], [], problems
    entries, ignored = [], set()
    width = max(at.values()) + 1
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < width:
            problems.append(
                Problem(number, _("(row)"), "", _("the row has too few columns"))
            )
            continue
        variable, code = row[at["variable"]].strip(), row[at["code"]].strip()
        field = _field_of(variable)
        if field is None:
            ignored.add(variable)
            continue
        if not code or len(code) > 30:
            problems.append(
                Problem(number, "code", code, _("a code of 1 to 30 characters"))
            )
            continue
        entries.append((variable, field, code, row[at["label"]].strip()[:200]))
    return entries, sorted(ignored), problems


@transaction.atomic
def code_book_upload(
    *, actor: User, name: str, data: bytes, description: str = ""
) -> tuple[CodeBook | None, CodeBookResult]:
    """Create a code book, or add to one of the same name; mappings are kept."""
    entries, ignored, problems = read_code_book(data)
    result = CodeBookResult(ignored_variables=ignored, problems=problems)
    if problems:
        return None, result
    if not entries:
        result.problems = [
            Problem(1, "variable", "", _("no variable of a code list we know"))
        ]
        return None, result
    book, _created = CodeBook.objects.get_or_create(
        name=name, defaults={"created_by": actor, "description": description}
    )
    existing = {(e.field, e.code): e for e in book.entries.all()}
    for variable, field, code, label in entries:
        entry = existing.get((field, code))
        if entry is None:
            existing[(field, code)] = SourceCode.objects.create(
                code_book=book, variable=variable, field=field, code=code, label=label
            )
            result.new += 1
        elif label and entry.label != label:
            entry.label = label
            entry.save(update_fields=["label"])
    result.entries = len(entries)
    audit_record(
        actor=actor,
        action="import",
        obj=book,
        after={"entries": result.entries, "new": result.new},
    )
    return book, result


def current_mappings(book: CodeBook) -> dict[int, CodeMapping]:
    """The newest mapping of each source code of the book (one query)."""
    newest: dict[int, CodeMapping] = {}
    for mapping in CodeMapping.objects.filter(source_code__code_book=book).order_by(
        "source_code_id", "-version"
    ):
        newest.setdefault(mapping.source_code_id, mapping)
    return newest


def suggestions(entries) -> dict[int, str]:
    """A suggested code of ours for each source code, by its label or code."""
    labels: dict[str, dict[str, str]] = {field: {} for field in CODE_FIELDS}
    for code in Code.objects.all():
        for text in (code.label_nb, code.label_en, code.label_sv, code.code):
            if text:
                labels.setdefault(code.list_name, {})[text.strip().lower()] = code.code
    suggested = {}
    for entry in entries:
        known = labels.get(entry.field, {})
        for text in (entry.label.strip().lower(), entry.code.lower()):
            if text in known:
                suggested[entry.pk] = known[text]
                break
        else:
            close = difflib.get_close_matches(
                entry.label.strip().lower(), list(known), n=1, cutoff=0.6
            )
            if close:
                suggested[entry.pk] = known[close[0]]
    return suggested


@transaction.atomic
def code_mappings_save(*, actor: User, book: CodeBook, targets: dict[int, str]) -> int:
    """Map source codes to ours; each change is a new version, audited."""
    entries = {e.pk: e for e in book.entries.all()}
    valid = set(Code.objects.values_list("list_name", "code"))
    newest = current_mappings(book)
    versions = dict(
        CodeMapping.objects.filter(source_code__code_book=book)
        .values("source_code_id")
        .annotate(v=Max("version"))
        .values_list("source_code_id", "v")
    )
    changed = 0
    for pk, target in targets.items():
        entry = entries.get(pk)
        if entry is None or not target or (entry.field, target) not in valid:
            continue
        current = newest.get(pk)
        if current is not None and current.target == target:
            continue
        CodeMapping.objects.create(
            source_code=entry,
            target=target,
            version=versions.get(pk, 0) + 1,
            created_by=actor,
        )
        changed += 1
        audit_record(
            actor=actor,
            action="update",
            obj=entry,
            before={"target": current.target} if current else None,
            after={"target": target, "version": versions.get(pk, 0) + 1},
        )
    return changed


def mapping_lookups(book: CodeBook) -> dict[str, dict[str, str | None]]:
    """Per code list: the book's codes (lower case) -> our code, or None while
    the code has no mapping."""
    lookups: dict[str, dict[str, str | None]] = {field: {} for field in CODE_FIELDS}
    newest = current_mappings(book)
    for entry in book.entries.all():
        mapping = newest.get(entry.pk)
        lookups[entry.field][entry.code.lower()] = mapping.target if mapping else None
    return lookups


@transaction.atomic
def code_book_misses_record(
    *, book: CodeBook, misses: dict[tuple[str, str], int], variables: dict[str, str]
) -> None:
    """Record how many rows of the latest import used each unmapped code."""
    existing = {(e.field, e.code.lower()): e for e in book.entries.all()}
    for (field, code), rows in misses.items():
        entry = existing.get((field, code.lower()))
        if entry is None:
            SourceCode.objects.create(
                code_book=book,
                variable=variables.get(field, field),
                field=field,
                code=code[:30],
                rows_unmapped=rows,
            )
        else:
            entry.rows_unmapped = rows
            entry.save(update_fields=["rows_unmapped"])
