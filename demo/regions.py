"""Demo regional programme (CONTRACTS 3): Kronobergs län. Idempotent.

Kronoberg (Sweden, 8 municipalities, about 200,000 inhabitants) works as one
region: police, health care, schools, social services and voluntary
organisations share one model, one language and shared forms, inspired by
Scotland's GIRFEC. Each member municipality has a local group of the same
five parts; the regional management group draws its members from several
organisations. The user `kronoberg` coordinates the regional programme.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from injuries.models import Registration, Source
from injuries.synthetic import generate
from programmes.choices import MemberRole, Sector
from programmes.models import (
    ManagementGroupMember,
    Programme,
    WorkingGroup,
    WorkingGroupMember,
)
from programmes.services.regions import regional_programme_create
from safecommunity.core.models import County, Language, Municipality, Role, User

from .core import DEMO_PASSWORD
from .injuries import TOTALS, YEARS

COUNTY = ("SE", "07")
MEMBERS = ("0760", "0761", "0763", "0764", "0765", "0767", "0780", "0781")
USERNAME = "kronoberg"
# Fewer registrations per inhabitant than the Norwegian demo: enough for
# published figures in the larger municipalities, small cells in the rest.
INJURIES_PER_1000 = 12
SEED = 780

DESCRIPTION = (
    "Kronobergs län arbetar som en region med en gemensam modell, ett gemensamt "
    "språk och gemensamma blanketter för polis, hälso- och sjukvård, skola, "
    "socialtjänst och ideella organisationer, med Skottlands GIRFEC som förebild. "
    "Information delas bara när det är nödvändigt, relevant och proportionerligt, "
    "och varje delning anger varför."
)

# name, title, organisation, role, sector
MANAGEMENT = (
    ("Anna Berg", "Regionråd", "Region Kronoberg", MemberRole.CHAIR, Sector.HEALTH),
    (
        "Johan Ek",
        "Lokalpolisområdeschef",
        "Polisen, polisområde Kronoberg",
        MemberRole.POLICE,
        Sector.POLICE,
    ),
    (
        "Maria Lind",
        "Skoldirektör",
        "Växjö kommun",
        MemberRole.SECTOR_MANAGER,
        Sector.SCHOOL,
    ),
    (
        "Erik Holm",
        "Socialchef",
        "Ljungby kommun",
        MemberRole.SECTOR_MANAGER,
        Sector.CHILD_WELFARE,
    ),
    (
        "Sara Nyström",
        "Verksamhetsledare",
        "Röda Korset, Kronoberg",
        MemberRole.OTHER,
        Sector.VOLUNTARY,
    ),
    (
        "Karin Sjöberg",
        "Regional samordnare",
        "Länsstyrelsen i Kronobergs län",
        MemberRole.COORDINATOR,
        Sector.OTHER,
    ),
)

# title, organisation (with the municipality's name), sector
LOCAL_PARTS = (
    ("Kommunpolis", "Polisen, {name}", Sector.POLICE),
    ("Distriktssköterska", "Vårdcentralen {name}, Region Kronoberg", Sector.HEALTH),
    ("Rektor", "Skolförvaltningen, {name} kommun", Sector.SCHOOL),
    ("Enhetschef", "Socialtjänsten, {name} kommun", Sector.CHILD_WELFARE),
    ("Ordförande", "Röda Korset, {name}", Sector.VOLUNTARY),
)


@transaction.atomic
def seed(*, stdout=None) -> None:
    country, code = COUNTY
    county = County.objects.get(country__code=country, code=code, valid_to=None)
    members = list(
        Municipality.objects.filter(country__code=country, code__in=MEMBERS).order_by(
            "code"
        )
    )
    programme = Programme.objects.filter(county=county).first()
    if programme is None:
        programme = regional_programme_create(
            actor=None,
            county=county,
            members=members,
            status=Programme.Status.WORKING_TOWARDS,
            description=DESCRIPTION,
        )
    else:
        programme.member_municipalities.set(members)
    Programme.objects.filter(pk=programme.pk).update(
        start_date=datetime.date(2019, 1, 1)
    )
    user = _coordinator(county)
    programme.coordinators.add(user)
    for name, title, organisation, role, sector in MANAGEMENT:
        ManagementGroupMember.objects.update_or_create(
            programme=programme,
            name=name,
            defaults={
                "title": title,
                "organisation": organisation,
                "role": role,
                "sector": sector,
            },
        )
    for municipality in members:
        _local_group(programme, municipality)
    written = _registrations(members)
    if stdout:
        stdout.write(
            f"regions: {county.name} with {len(members)} municipalities; "
            f"{written} registrations added"
        )


def _coordinator(county: County) -> User:
    user, created = User.objects.get_or_create(username=USERNAME)
    user.role = Role.COORDINATOR
    user.first_name = "Regionkoordinator"
    user.last_name = "Kronoberg"
    user.email = f"{USERNAME}@trygg.invalid"
    user.county = county
    user.is_active = True
    if created:
        user.language = Language.SV  # a Swedish region's coordinator
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
    user.save()
    user.municipalities.clear()
    return user


def _local_group(programme: Programme, municipality: Municipality) -> None:
    group, _created = WorkingGroup.objects.update_or_create(
        programme=programme,
        name=f"Lokal grupp {municipality.name}",
        defaults={
            "local_municipality": municipality,
            "mandate": (
                "Samordnar polis, hälso- och sjukvård, skola, socialtjänst och "
                "ideella organisationer i kommunen efter regionens gemensamma modell."
            ),
        },
    )
    for index, (title, organisation, sector) in enumerate(LOCAL_PARTS):
        WorkingGroupMember.objects.update_or_create(
            working_group=group,
            organisation=organisation.format(name=municipality.name),
            defaults={
                "name": f"{title} {municipality.name}",
                "title": title,
                "sector": sector,
                "is_lead": index == 3,  # social services lead the local group
            },
        )


def _registrations(members: list[Municipality]) -> int:
    """Registrations for the members, once, in proportion to their inhabitants."""
    if Registration.objects.filter(
        source=Source.DEMO, municipality__in=members
    ).exists():
        return 0
    written = 0
    for year in YEARS:
        people = sum(
            TOTALS[("SE", m.code)][0]
            * (1 + TOTALS[("SE", m.code)][1]) ** (year - YEARS[0])
            for m in members
        )
        written += generate(
            rows=round(people * INJURIES_PER_1000 / 1000),
            seed=SEED + year,
            municipalities=members,
            years=[year],
            source=Source.DEMO,
        )
    return written
