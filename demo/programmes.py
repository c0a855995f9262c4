"""Demo programmes (CONTRACTS 3). Idempotent.

Tønsberg (3905) carries on Re's model programme: Re (0716) and old Tønsberg
(0704) merged into Tønsberg in 2020, and Re's programme, with its management
group since 2006 and SMART upbringing since 2011, is Tønsberg's history.
Færder (3911) has a young programme of its own.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from injuries.models import Code
from programmes.models import (
    FocusArea,
    Indicator,
    IndicatorValue,
    Initiative,
    InitiativeReport,
    InitiativeTag,
    ManagementGroupMember,
    Meeting,
    Partner,
    Programme,
    WorkingGroup,
    WorkingGroupMember,
)
from safecommunity.core.models import Municipality, User

from .core import NEIGHBOUR, PROTAGONIST, demo_municipality
from .programmes_data import (
    FAERDER_FOCUS,
    FAERDER_INITIATIVES,
    RE_FOCUS,
    RE_GROUPS,
    RE_INITIATIVES,
    RE_MEMBERS,
    RE_PARTNERS,
    RE_UNGDATA,
    D,
    R,
)
from .walks import seed_walks


@transaction.atomic
def seed(*, stdout=None) -> None:
    re = _programme(
        PROTAGONIST, "coordinator", Programme.Status.WORKING_TOWARDS, D(2006, 1, 1)
    )
    areas = _focus_areas(re, RE_FOCUS)
    members = [
        ManagementGroupMember.objects.update_or_create(
            programme=re,
            name=name,
            defaults={
                "title": title,
                "organisation": org,
                "role": role,
                "sector": sector,
                "term_start": D(2023, 10, 1),
                "term_end": D(2027, 9, 30),
                "user": User.objects.filter(username=username).first()
                if username
                else None,
            },
        )[0]
        for name, title, org, role, sector, username in RE_MEMBERS
    ]
    _meetings(re, members)
    groups = []
    for name, area, mandate, people in RE_GROUPS:
        group = WorkingGroup.objects.update_or_create(
            programme=re,
            name=name,
            defaults={"mandate": mandate, "focus_area": areas[area]},
        )[0]
        for person, sector, lead in people:
            WorkingGroupMember.objects.update_or_create(
                working_group=group,
                name=person,
                defaults={"sector": sector, "is_lead": lead},
            )
        groups.append(group)
    partners = [
        Partner.objects.update_or_create(
            programme=re,
            organisation=org,
            defaults={"kind": kind, "contribution": what},
        )[0]
        for org, kind, what in RE_PARTNERS
    ]
    _initiatives(re, areas, groups, partners, RE_INITIATIVES)
    _ungdata()
    seed_walks(re, stdout=stdout)

    faerder = _programme(
        NEIGHBOUR, "coordinator2", Programme.Status.WORKING_TOWARDS, D(2024, 1, 1)
    )
    _initiatives(
        faerder, _focus_areas(faerder, FAERDER_FOCUS), [], [], FAERDER_INITIATIVES
    )
    if stdout:
        stdout.write(
            f"programmes: {Programme.objects.count()} programmes, "
            f"{Initiative.objects.count()} initiatives"
        )


def _programme(
    code: str, username: str, status: str, start: datetime.date
) -> Programme:
    programme = Programme.objects.update_or_create(
        municipality=demo_municipality(code),
        defaults={
            "status": status,
            "start_date": start,
            "council_decision_date": start - datetime.timedelta(days=60),
            "council_decision_reference": f"{start.year - 1}/{code}-12",
            "description": "Trygge lokalsamfunn: langsiktig, tverrsektorielt skadeforebyggende arbeid.",
        },
    )[0]
    programme.coordinators.add(*User.objects.filter(username=username))
    return programme


def _focus_areas(programme: Programme, rows) -> dict[str, FocusArea]:
    return {
        key: FocusArea.objects.update_or_create(
            programme=programme,
            title=title,
            defaults={"priority": prio, "reason": reason},
        )[0]
        for key, prio, title, reason in rows
    }


def _meetings(programme: Programme, members: list[ManagementGroupMember]) -> None:
    today = datetime.date.today()  # noqa: DTZ011  # demo dates only
    dates = [D(y, m, 15) for y in (2023, 2024, 2025) for m in (2, 5, 9, 11)]
    if not programme.meetings.filter(date__gte=today).exists():
        dates.append(today + datetime.timedelta(days=21))
    # The management group was set up in Re in 2006; Tønsberg carries it on.
    Meeting.objects.get_or_create(
        programme=programme,
        date=D(2006, 3, 15),
        defaults={
            "location": "Re rådhus",
            "agenda": "Trygge lokalsamfunn i Re: mandat og sammensetning.",
            "decisions": "Styringsgruppen ble opprettet.",
        },
    )
    for index, date in enumerate(dates):
        meeting, created = Meeting.objects.get_or_create(
            programme=programme,
            date=date,
            defaults={
                "location": "Tønsberg rådhus",
                "agenda": "Status for tiltakene; Ungdata; årsrapport.",
                "decisions": "" if date > today else "Handlingsplanen ble vedtatt.",
            },
        )
        if created:
            meeting.attendees.set(members[: 4 + index % 3])


def _initiatives(programme, areas, groups, partners, rows) -> None:
    codes = {
        c.code: c for c in Code.objects.filter(list_name__in=["mechanism", "place"])
    }
    for number, row in enumerate(rows):
        (
            title,
            area,
            kind,
            status,
            start,
            end,
            arenas,
            ages,
            targets,
            group,
            partner_ix,
        ) = row
        initiative, _created = Initiative.objects.update_or_create(
            programme=programme,
            title=title,
            defaults={
                "description": f"{title}: gjennomføres i samarbeid på tvers av sektorer.",
                "focus_area": areas[area],
                "measure_type": kind,
                "status": status,
                "start_date": D(start, 1 + number % 9, 1),
                "end_date": D(end, 12, 31) if end else None,
                "budget": Decimal(25_000 + 5_000 * number),
                "funding_source": "Kommunalt budsjett"
                if number % 2
                else "Gjensidigestiftelsen",
                "reach": 40 + 15 * number,
                "responsible_person": "Kari Koordinator",
                "working_group": groups[group]
                if group is not None and groups
                else None,
            },
        )
        initiative.target_codes.set([codes[c] for c in targets if c in codes])
        initiative.partners.set([partners[i] for i in partner_ix])
        tags = [("arena", a) for a in arenas] + [("age_group", a) for a in ages]
        if area == R:
            tags += [
                ("smart", "strengths"),
                ("smart", "relations"),
                ("wellbeing", "included"),
            ]
        for kind_name, value in tags:
            InitiativeTag.objects.get_or_create(
                initiative=initiative, kind=kind_name, value=value
            )
        if status != "planned":
            _reports(initiative, start, end)


def _reports(initiative: Initiative, start: int, end: int | None) -> None:
    last = min(end or 2025, 2025)
    for year in range(max(start, last - 2), last + 1):
        InitiativeReport.objects.get_or_create(
            initiative=initiative,
            period_start=D(year, 1, 1),
            period_end=D(year, 12, 31),
            defaults={
                "activities": "Gjennomført som planlagt i alle skolekretser.",
                "reach": initiative.reach,
                "results": "Flere deltakere enn året før.",
                "obstacles": "Sykefravær i perioder.",
                "next_steps": "Videreføres neste år.",
            },
        )


def _ungdata_municipality(year: int) -> Municipality:
    """Each survey is recorded with the code of its year: Re until 2019."""
    if year <= 2019:
        return demo_municipality("0716")
    return demo_municipality("3803" if year <= 2023 else PROTAGONIST)


def _ungdata() -> None:
    for key, years in RE_UNGDATA.items():
        indicator = Indicator.objects.get(key=key)
        for year, (value, comparison) in years.items():
            municipality = _ungdata_municipality(year)
            IndicatorValue.objects.update_or_create(
                indicator=indicator,
                municipality=municipality,
                year=year,
                sex="",
                school_level="",
                defaults={
                    "value": Decimal(str(value)),
                    "n": 620 + year % 7 * 10,
                    "comparison_value": Decimal(str(comparison)),
                    "comparison_scope": "national",
                },
            )
            for sex, delta in (("F", 2), ("M", -2)):
                IndicatorValue.objects.update_or_create(
                    indicator=indicator,
                    municipality=municipality,
                    year=year,
                    sex=sex,
                    school_level="",
                    defaults={"value": Decimal(str(value + delta)), "n": 300},
                )
