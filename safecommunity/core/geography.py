"""The national geography and the codes that identify a municipality.

`national_geography_load` builds every Norwegian municipality and county
valid at any time since 1990 (Statistics Norway, classification 131, its
versions and change table) and every Swedish municipality and län (SCB) from
the files under `data/geography/`; `migrate` runs it. `municipalities_import`
loads a classification CSV (code;name) by hand.

A municipality is identified by country and code together. Its key in URLs
and commands is the bare code for Norway (`0716`) and the code with its
country for the others (`SE-0127`); `NO-0127` is accepted too.
"""
# size: one loader of the national geography (Norway, Sweden) with its checks; split by country when a third joins

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from .models import HOME_COUNTRY, Country, County, Municipality

# Kept where the other key helpers are (models needs it without this module).
from .models import municipality_key as municipality_key

DATA_DIR = Path(__file__).resolve().parent / "data" / "geography"
COUNTRY_NAMES = {"NO": "Norge", "SE": "Sverige"}
KEY_PATTERN = r"(?:[A-Za-z]{2}-)?\d{4}"
_KEY = re.compile(r"^(?:(?P<country>[A-Za-z]{2})-)?(?P<code>\d{4})$")


def parse_municipality_key(key: str) -> tuple[str | None, str] | None:
    """(country or None, code) from `0716`, `SE-0127` or `no-0127`; None if neither."""
    match = _KEY.match(str(key).strip())
    if match is None:
        return None
    country = match.group("country")
    return (country.upper() if country else None), match.group("code")


def municipality_key_q(key: str, prefix: str = "") -> Q:
    """Municipalities a key can mean (a bare code may have several countries)."""
    parsed = parse_municipality_key(key)
    if parsed is None:
        return Q(pk__in=[])
    country, code = parsed
    q = Q(**{f"{prefix}code": code})
    if country:
        q &= Q(**{f"{prefix}country__code": country})
    return q


def pick_by_key(candidates: list, key: str, country_of=lambda m: m.country_code):
    """The one candidate a key means: a bare code shared across countries is
    the home country's; None when nothing (or nothing unique) matches."""
    if len(candidates) > 1:
        home = [c for c in candidates if country_of(c) == HOME_COUNTRY]
        candidates = home
    return candidates[0] if len(candidates) == 1 else None


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
        if code.startswith("99"):
            continue  # 9999 "Uoppgitt" and the like are placeholders, not places
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
        defaults={"name": COUNTRY_NAMES.get(country_code, country_code)},
    )
    created = updated = 0
    for code, name in parsed:
        county = (
            County.objects.filter(country=country, code=code[:2])
            .order_by("-valid_from")
            .first()
        ) or County.objects.create(
            country=country,
            code=code[:2],
            name=COUNTY_NAMES.get(country_code, {}).get(code[:2], code[:2]),
        )
        _obj, was_created = Municipality.objects.update_or_create(
            country=country, code=code, defaults={"name": name, "county": county}
        )
        created += was_created
        updated += not was_created
    return GeographyImportResult(created=created, updated=updated)


# The national geography ------------------------------------------------------


@dataclass
class Period:
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


@dataclass
class NationalGeography:
    """What the shipped files say, keyed by country code and code."""

    counties: dict[tuple[str, str], Period]
    municipalities: dict[tuple[str, str], Period]
    links: set[tuple[tuple[str, str], tuple[str, str]]]  # (old, new)


@dataclass
class GeographyLoadResult:
    counties_created: int = 0
    counties_updated: int = 0
    created: int = 0
    updated: int = 0
    links_created: int = 0

    @property
    def changed(self) -> bool:
        return any(vars(self).values())


def _is_placeholder(code: str) -> bool:
    return code.startswith("99")  # 9999 "Uoppgitt": not stated


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _periods(presence: dict[str, list[int]], dates: list[datetime.date]):
    """Validity from the versions a code appears in: from the version that
    introduced it (None if in the first one) to the day before the first
    version without it (None if in the latest)."""
    day = datetime.timedelta(days=1)
    periods = {}
    for code, indexes in presence.items():
        first, last = min(indexes), max(indexes)
        periods[code] = (
            None if first == 0 else dates[first],
            None if last == len(dates) - 1 else dates[last + 1] - day,
            last,
        )
    return periods


def read_national_geography(directory: Path = DATA_DIR) -> NationalGeography:
    """Parse the shipped classification files (no database access)."""
    versions = []
    for path in sorted((directory / "no-klass-131").glob("versions-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = {
            item["code"]: item["name"]
            for item in data["classificationItems"]
            if not _is_placeholder(item["code"])
        }
        versions.append((datetime.date.fromisoformat(data["validFrom"]), items))
    versions.sort(key=lambda version: version[0])
    dates = [valid_from for valid_from, _items in versions]
    presence: dict[str, list[int]] = {}
    county_presence: dict[str, list[int]] = {}
    for index, (_valid_from, items) in enumerate(versions):
        for code in items:
            presence.setdefault(code, []).append(index)
            county_presence.setdefault(code[:2], []).append(index)

    municipalities = {}
    for code, (valid_from, valid_to, last) in _periods(presence, dates).items():
        municipalities[("NO", code)] = Period(
            versions[last][1][code], valid_from, valid_to
        )
    county_names = {
        row["county_code"]: row["county_name"]
        for row in _read_csv(directory / "no-county-names.csv")
    }
    counties = {
        ("NO", code): Period(county_names.get(code, code), valid_from, valid_to)
        for code, (valid_from, valid_to, _last) in _periods(
            county_presence, dates
        ).items()
    }

    # Links: a row whose old code ceased on the day of the change, between two
    # municipalities of the period. The same code on both sides is a change
    # of name or boundary; an old code still valid afterwards gave up land.
    changes = json.loads(
        (directory / "no-klass-131" / "changes-1971-2025.json").read_text(
            encoding="utf-8"
        )
    )["codeChanges"]
    day = datetime.timedelta(days=1)
    links = set()
    for row in changes:
        old, new = row["oldCode"], row["newCode"]
        if old == new or ("NO", old) not in municipalities:
            continue
        if ("NO", new) not in municipalities:
            continue
        occurred = datetime.date.fromisoformat(row["changeOccurred"])
        if municipalities[("NO", old)].valid_to != occurred - day:
            continue
        links.add((("NO", old), ("NO", new)))

    for row in _read_csv(directory / "se" / "counties.csv"):
        counties[("SE", row["county_code"])] = Period(row["county_name"], None, None)
    for row in _read_csv(directory / "se" / "municipalities.csv"):
        municipalities[("SE", row["municipality_code"])] = Period(
            row["municipality_name_short"], None, None
        )
    return NationalGeography(counties, municipalities, links)


def national_geography_load(
    *, models: tuple | None = None, directory: Path = DATA_DIR
) -> GeographyLoadResult:
    """Create or bring up to date every municipality and county of the shipped
    files, and add the links between predecessors and successors.

    Idempotent: a second run changes nothing, and a newer classification
    version only brings its changes. Nothing is deleted. `models` are
    (Country, County, Municipality), historical ones during `migrate`.
    """
    country_model, county_model, municipality_model = models or (
        Country,
        County,
        Municipality,
    )
    geography = read_national_geography(directory)
    result = GeographyLoadResult()
    with transaction.atomic(using=country_model.objects.db):
        countries = {}
        for code, name in COUNTRY_NAMES.items():
            countries[code] = country_model.objects.get_or_create(
                code=code, defaults={"name": name}
            )[0]
        country_ids = {code: country.pk for code, country in countries.items()}

        # Counties, keyed by country and code (the latest if several).
        existing_counties = {}
        for county in county_model.objects.filter(
            country_id__in=country_ids.values()
        ).order_by(F("valid_from").asc(nulls_first=True)):
            existing_counties[(county.country_id, county.code)] = county
        new, changed = [], []
        for (country, code), period in geography.counties.items():
            county = existing_counties.get((country_ids[country], code))
            if county is None:
                new.append(
                    county_model(
                        country_id=country_ids[country],
                        code=code,
                        name=period.name,
                        valid_from=period.valid_from,
                        valid_to=period.valid_to,
                    )
                )
            elif _differs(county, period):
                _assign(county, period)
                changed.append(county)
        county_model.objects.bulk_create(new)
        county_model.objects.bulk_update(changed, ["name", "valid_from", "valid_to"])
        result.counties_created, result.counties_updated = len(new), len(changed)
        county_ids = {
            (county.country_id, county.code): county.pk
            for county in county_model.objects.filter(
                country_id__in=country_ids.values()
            ).order_by(F("valid_from").asc(nulls_first=True))
        }

        existing = {
            (m.country_id, m.code): m
            for m in municipality_model.objects.filter(
                country_id__in=country_ids.values()
            )
        }
        new, changed = [], []
        for (country, code), period in geography.municipalities.items():
            key = (country_ids[country], code)
            county_id = county_ids[(country_ids[country], code[:2])]
            municipality = existing.get(key)
            if municipality is None:
                new.append(
                    municipality_model(
                        country_id=key[0],
                        county_id=county_id,
                        code=code,
                        name=period.name,
                        valid_from=period.valid_from,
                        valid_to=period.valid_to,
                    )
                )
            elif _differs(municipality, period) or municipality.county_id != county_id:
                _assign(municipality, period)
                municipality.county_id = county_id
                changed.append(municipality)
        municipality_model.objects.bulk_create(new)
        municipality_model.objects.bulk_update(
            changed, ["name", "county", "valid_from", "valid_to"]
        )
        result.created, result.updated = len(new), len(changed)

        ids = {
            (country_code, code): pk
            for country_code, code, pk in municipality_model.objects.filter(
                country_id__in=country_ids.values()
            ).values_list("country__code", "code", "pk")
        }
        through = municipality_model.successors.through
        present = set(
            through.objects.values_list("from_municipality_id", "to_municipality_id")
        )
        wanted = {(ids[old], ids[new]) for old, new in geography.links}
        missing = sorted(wanted - present)
        through.objects.bulk_create(
            [through(from_municipality_id=a, to_municipality_id=b) for a, b in missing]
        )
        result.links_created = len(missing)
    return result


def _differs(obj, period: Period) -> bool:
    return (obj.name, obj.valid_from, obj.valid_to) != (
        period.name,
        period.valid_from,
        period.valid_to,
    )


def _assign(obj, period: Period) -> None:
    obj.name = period.name
    obj.valid_from = period.valid_from
    obj.valid_to = period.valid_to


def load_after_migrate(sender, *, apps=None, verbosity=1, **kwargs):
    """post_migrate (after `migrate` and `flush`): the national geography."""
    if apps is None:
        from django.apps import apps
    try:
        models = tuple(
            apps.get_model("core", name)
            for name in ("Country", "County", "Municipality")
        )
    except LookupError:
        return
    if "country" not in {field.name for field in models[2]._meta.get_fields()}:
        return  # migrated only part of the way
    result = national_geography_load(models=models)
    if verbosity >= 2 and result.changed:
        print(f"  National geography: {result}")
