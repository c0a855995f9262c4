"""Demo geography and users (CONTRACTS 3). Idempotent."""

from __future__ import annotations

from django.db import transaction

from safecommunity.core.geography import national_geography_load
from safecommunity.core.models import County, Language, Municipality, Role, User

# The documented demo password (CONTRACTS 3); seed_demo refuses to run with DEBUG off.
DEMO_PASSWORD = "trygg-demo"  # noqa: S105  # nosec B105

# The demo lives on the national map (`geography.national_geography_load`,
# run by `migrate`): its municipalities and counties are the real ones.
# Tønsberg (3905) carries on Re's work: Re (0716) and old Tønsberg (0704)
# merged into Tønsberg 3803 in 2020, renumbered 3905 in 2024.
PROTAGONIST = "3905"
NEIGHBOUR = "3911"  # Færder
REGIONAL_COUNTY = ("NO", "39")  # Vestfold since 2024

USERS = [
    # username, role, first, last, municipality codes, superuser
    ("admin", Role.SECRETARIAT, "Siri", "Sekretariat", [], True),
    ("coordinator", Role.COORDINATOR, "Kari", "Koordinator", [PROTAGONIST], False),
    ("coordinator2", Role.COORDINATOR, "Tor", "Færder", [NEIGHBOUR], False),
    ("mayor", Role.MANAGEMENT, "Ordfører", "Tønsberg", [PROTAGONIST], False),
    ("council", Role.CERTIFIER, "Sertifisør", "Rådet", [], False),
    ("regional", Role.REGIONAL, "Regional", "Vestfold", [], False),
]


def demo_municipality(code: str, country: str = "NO") -> Municipality:
    """A demo municipality by code and country (codes repeat across countries)."""
    return Municipality.objects.select_related("county__country").get(
        country__code=country, code=code
    )


@transaction.atomic
def seed(*, stdout=None) -> None:
    national_geography_load()
    county_country, county_code = REGIONAL_COUNTY
    regional_county = County.objects.get(
        country__code=county_country, code=county_code, valid_to=None
    )
    codes_used = {code for *_user, codes, _superuser in USERS for code in codes}
    by_code = {code: demo_municipality(code) for code in codes_used}

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
            user.county = regional_county
        if created:
            user.language = Language.NB  # a choice of their own is kept
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
        user.save()
        if codes:
            user.municipalities.set([by_code[c] for c in codes])
    if stdout:
        stdout.write(
            f"geography: {Municipality.objects.count()} municipalities; "
            f"users: {len(USERS)}"
        )
