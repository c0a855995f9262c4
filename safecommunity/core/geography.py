"""Loading geography code lists (Statistics Norway / SCB classification CSV)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Country, County, Municipality

COUNTY_NAMES = {
    "NO": {
        "03": "Oslo",
        "11": "Rogaland",
        "15": "Møre og Romsdal",
        "18": "Nordland",
        "31": "Østfold",
        "32": "Akershus",
        "33": "Buskerud",
        "34": "Innlandet",
        "39": "Vestfold",
        "40": "Telemark",
        "42": "Agder",
        "46": "Vestland",
        "50": "Trøndelag",
        "55": "Troms",
        "56": "Finnmark",
        "07": "Vestfold (before 2020)",
    },
}


@dataclass
class GeographyImportResult:
    created: int
    updated: int


class GeographyImportError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GeographyImportError([_("The file is neither UTF-8 nor Windows-1252 text.")])


@transaction.atomic
def municipalities_import(
    *, raw: bytes, country_code: str = "NO"
) -> GeographyImportResult:
    """Create or update municipalities from a classification CSV (code;name)."""
    text = _decode(raw)
    dialect = csv.Sniffer().sniff(
        text.splitlines()[0] if text else ",", delimiters=",;\t"
    )
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        raise GeographyImportError([_("The file is empty.")])
    header = [h.strip().strip('"').lower() for h in rows[0]]
    try:
        code_col = header.index("code")
        name_col = header.index("name")
    except ValueError:
        raise GeographyImportError(
            [_("The header must have the columns code and name.")]
        ) from None
    problems = []
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = row[code_col].strip() if len(row) > code_col else ""
        name = row[name_col].strip() if len(row) > name_col else ""
        if len(code) == 3 and code.isdigit():
            code = "0" + code  # spreadsheets drop the leading zero
        if not (len(code) == 4 and code.isdigit()):
            problems.append(
                _("row %(row)s: code %(code)r is not four digits")
                % {"row": number, "code": code}
            )
            continue
        if not name:
            problems.append(_("row %(row)s: the name is missing") % {"row": number})
            continue
        parsed.append((code, name))
    if problems:
        raise GeographyImportError(problems)
    country, _created = Country.objects.get_or_create(
        code=country_code,
        defaults={
            "name": {"NO": "Norge", "SE": "Sverige"}.get(country_code, country_code)
        },
    )
    created = updated = 0
    for code, name in parsed:
        county, _c = County.objects.get_or_create(
            country=country,
            code=code[:2],
            valid_from=None,
            defaults={
                "name": COUNTY_NAMES.get(country_code, {}).get(code[:2], code[:2])
            },
        )
        _obj, was_created = Municipality.objects.update_or_create(
            county=county, code=code, defaults={"name": name}
        )
        created += was_created
        updated += not was_created
    return GeographyImportResult(created=created, updated=updated)
