"""Demo geography and users (CONTRACTS 3). Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from .models import Country, County, Municipality, Role, User

# The documented demo password (CONTRACTS 3); seed_demo refuses to run with DEBUG off.
DEMO_PASSWORD = "trygg-demo"  # noqa: S105  # nosec B105

COUNTIES = [
    # country, code, name
    ("NO", "07", "Vestfold"),
    ("NO", "38", "Vestfold og Telemark"),
    ("SE", "07", "Kronobergs län"),
]

MUNICIPALITIES = [
    # country, county code, code, name, valid_from, valid_to
    ("NO", "07", "0716", "Re", None, None),
    ("NO", "07", "0704", "Tønsberg", None, None),
    ("NO", "07", "0701", "Horten", None, None),
    ("NO", "07", "0715", "Holmestrand", None, None),
    ("NO", "07", "0722", "Nøtterøy", None, datetime.date(2017, 12, 31)),
    ("NO", "07", "0723", "Tjøme", None, datetime.date(2017, 12, 31)),
    ("NO", "38", "3811", "Færder", datetime.date(2018, 1, 1), None),
    ("SE", "07", "0780", "Växjö", None, None),
    ("SE", "07", "0764", "Alvesta", None, None),
    ("SE", "07", "0781", "Ljungby", None, None),
    ("SE", "07", "0765", "Älmhult", None, None),
    ("SE", "07", "0763", "Tingsryd", None, None),
    ("SE", "07", "0760", "Uppvidinge", None, None),
    ("SE", "07", "0761", "Lessebo", None, None),
    ("SE", "07", "0767", "Markaryd", None, None),
]

MERGERS = [("0722", "3811"), ("0723", "3811")]

USERS = [
    # username, role, first, last, municipality codes, superuser
    ("admin", Role.SECRETARIAT, "Siri", "Sekretariat", [], True),
    ("coordinator", Role.COORDINATOR, "Kari", "Koordinator", ["0716"], False),
    ("coordinator2", Role.COORDINATOR, "Tor", "Tønsberg", ["0704"], False),
    ("mayor", Role.MANAGEMENT, "Ordfører", "Re", ["0716"], False),
    ("council", Role.CERTIFIER, "Sertifisør", "Rådet", [], False),
    ("regional", Role.REGIONAL, "Regional", "Vestfold", [], False),
]


def demo_municipality(code: str, country: str = "NO") -> Municipality:
    """A demo municipality by code and country (codes repeat across countries)."""
    return Municipality.objects.select_related("county__country").get(
        code=code, county__country__code=country
    )


@transaction.atomic
def seed(*, stdout=None) -> None:
    countries = {
        "NO": Country.objects.update_or_create(code="NO", defaults={"name": "Norge"})[
            0
        ],
        "SE": Country.objects.update_or_create(code="SE", defaults={"name": "Sverige"})[
            0
        ],
    }
    counties = {}
    for country, code, name in COUNTIES:
        counties[(country, code)] = County.objects.update_or_create(
            country=countries[country],
            code=code,
            valid_from=None,
            defaults={"name": name},
        )[0]
    by_code = {}
    for country, county, code, name, valid_from, valid_to in MUNICIPALITIES:
        by_code[code] = Municipality.objects.update_or_create(
            county=counties[(country, county)],
            code=code,
            defaults={"name": name, "valid_from": valid_from, "valid_to": valid_to},
        )[0]
    for old, new in MERGERS:
        by_code[old].successors.add(by_code[new])

    for username, role, first, last, codes, superuser in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.role = role
        user.first_name = first
        user.last_name = last
        user.email = f"{username}@trygg.invalid"
        user.is_superuser = superuser
        user.is_staff = superuser
        user.is_active = True
        if role == Role.REGIONAL:
            user.county = counties[("NO", "07")]
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
        user.save()
        if codes:
            user.municipalities.set([by_code[c] for c in codes])
    if stdout:
        stdout.write(f"geography: {len(by_code)} municipalities; users: {len(USERS)}")
