"""Demo programmes (CONTRACTS 3): Re's model programme and Tønsberg's. Idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from injuries.models import Code
from safecommunity.core.demo import demo_municipality
from safecommunity.core.models import User

from .choices import MeasureType, MemberRole, PartnerKind, Sector
from .models import (
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

D = datetime.date
R, T, F, H = "smart", "traffic", "falls", "home"

RE_FOCUS = [
    (R, 1, "Barn og unge – SMART oppvekst", "Ungdata viste mobbing og ensomhet."),
    (T, 2, "Trafikksikkerhet", "Mange sykkel- og fotgjengerskader på skoleveien."),
    (F, 3, "Fall blant eldre", "Fall er den vanligste skaden blant eldre i Re."),
    (
        H,
        4,
        "Trygg hjemme og i fritiden",
        "Brann og drukning gir de alvorligste skadene.",
    ),
]
RE_MEMBERS = [
    # name, title, organisation, role, sector, username
    ("Ordfører Re", "Ordfører", "Re kommune", MemberRole.CHAIR, Sector.OTHER, "mayor"),
    (
        "Anne Bakke",
        "Kommunestyrerepresentant",
        "Re kommunestyre",
        MemberRole.COUNCILLOR,
        Sector.OTHER,
        None,
    ),
    (
        "Per Lie",
        "Kommunalsjef oppvekst",
        "Re kommune",
        MemberRole.MUNICIPAL_DIRECTOR,
        Sector.SCHOOL,
        None,
    ),
    (
        "Siri Dahl",
        "Kommunalsjef helse og omsorg",
        "Re kommune",
        MemberRole.MUNICIPAL_DIRECTOR,
        Sector.HEALTH,
        None,
    ),
    (
        "Ola Nordby",
        "Lensmann",
        "Sør-Øst politidistrikt",
        MemberRole.POLICE,
        Sector.POLICE,
        None,
    ),
    (
        "Kari Koordinator",
        "Folkehelsekoordinator",
        "Re kommune",
        MemberRole.COORDINATOR,
        Sector.HEALTH,
        "coordinator",
    ),
]
RE_GROUPS = [
    (
        "SMART oppvekst",
        R,
        "Styrkebasert oppvekst: skoler, barnehager, helsestasjon og barnevern.",
        [
            ("Per Lie", Sector.SCHOOL, True),
            ("Line Berg", Sector.KINDERGARTEN, False),
            ("Jon Moe", Sector.CHILD_WELFARE, False),
        ],
    ),
    (
        "Trafikk",
        T,
        "Trygg skolevei, sykkelopplæring og trafikksikre kryss.",
        [("Eva Strand", Sector.TECHNICAL, True), ("Ola Nordby", Sector.POLICE, False)],
    ),
    (
        "Fall blant eldre",
        F,
        "Fallforebygging hjemme og på sykehjem.",
        [("Siri Dahl", Sector.HEALTH, True), ("Bjørn Vik", Sector.VOLUNTARY, False)],
    ),
]
RE_PARTNERS = [
    ("Gjensidige", PartnerKind.INSURER, "Midler til refleksvester og røykvarslere."),
    (
        "Sør-Øst politidistrikt",
        PartnerKind.POLICE,
        "Forebyggende patrulje og trafikkontroller.",
    ),
    ("Røde Kors Re", PartnerKind.NGO, "Frivillige på natteravn og besøkstjeneste."),
    (
        "Universitetet i Sørøst-Norge",
        PartnerKind.UNIVERSITY,
        "Evaluering av SMART oppvekst.",
    ),
    ("Re frivilligsentral", PartnerKind.NGO, "Fixit-tjeneste for eldre."),
]
# title, focus, measure type, status, start year, end year, arenas, ages, codes, group, partners
RE_INITIATIVES = [
    (
        "SMART-skolering av alle lærere",
        R,
        MeasureType.BEHAVIOUR,
        "running",
        2014,
        None,
        ["school"],
        ["5-14", "15-24"],
        [],
        0,
        [3],
    ),
    (
        "Styrkebaserte foreldremøter",
        R,
        MeasureType.ATTITUDE,
        "running",
        2015,
        None,
        ["school", "kindergarten"],
        ["0-4", "5-14"],
        [],
        0,
        [],
    ),
    (
        "Elevmedvirkning i skolemiljøutvalg",
        R,
        MeasureType.STRUCTURAL,
        "running",
        2016,
        None,
        ["school"],
        ["5-14"],
        [],
        0,
        [],
    ),
    (
        "Vennskapsgrupper mot ensomhet",
        R,
        MeasureType.BEHAVIOUR,
        "completed",
        2014,
        2018,
        ["school", "leisure"],
        ["15-24"],
        [],
        0,
        [2],
    ),
    (
        "SMART i barnehagen",
        R,
        MeasureType.BEHAVIOUR,
        "running",
        2017,
        None,
        ["kindergarten"],
        ["0-4"],
        ["F1"],
        0,
        [],
    ),
    (
        "Natteravner i sentrum",
        R,
        MeasureType.BEHAVIOUR,
        "running",
        2016,
        None,
        ["leisure", "public_space"],
        ["15-24"],
        ["P"],
        None,
        [2, 1],
    ),
    (
        "Ungdomsråd om trygghet",
        R,
        MeasureType.ATTITUDE,
        "completed",
        2018,
        2020,
        ["leisure"],
        ["15-24"],
        [],
        0,
        [],
    ),
    (
        "Trygg skolevei – kartlegging",
        T,
        MeasureType.STRUCTURAL,
        "completed",
        2015,
        2016,
        ["traffic"],
        ["5-14"],
        ["road_traffic"],
        1,
        [],
    ),
    (
        "Sykkelopplæring 5. trinn",
        T,
        MeasureType.BEHAVIOUR,
        "running",
        2016,
        None,
        ["traffic", "school"],
        ["5-14"],
        ["road_traffic", "P"],
        1,
        [1],
    ),
    (
        "Refleksaksjon hver høst",
        T,
        MeasureType.ATTITUDE,
        "running",
        2014,
        None,
        ["traffic"],
        ["5-14", "65-79", "80+"],
        ["road_traffic"],
        1,
        [0],
    ),
    (
        "Fartsdumper ved skolene",
        T,
        MeasureType.STRUCTURAL,
        "completed",
        2017,
        2018,
        ["traffic"],
        ["5-14"],
        ["road_traffic"],
        1,
        [],
    ),
    (
        "Hjelmkampanje elsparkesykkel",
        T,
        MeasureType.ATTITUDE,
        "planned",
        2026,
        None,
        ["traffic"],
        ["15-24", "25-44"],
        ["road_traffic", "P"],
        1,
        [1],
    ),
    (
        "Balansetrening for eldre",
        F,
        MeasureType.BEHAVIOUR,
        "running",
        2015,
        None,
        ["home", "nursing_home"],
        ["65-79", "80+"],
        ["F2"],
        2,
        [],
    ),
    (
        "Fixit-tjeneste: hjemmebesøk",
        F,
        MeasureType.STRUCTURAL,
        "running",
        2014,
        None,
        ["home"],
        ["80+"],
        ["F1", "F2", "home_inside"],
        2,
        [4],
    ),
    (
        "Fallrisikovurdering på sykehjem",
        F,
        MeasureType.STRUCTURAL,
        "running",
        2017,
        None,
        ["nursing_home"],
        ["80+"],
        ["F2", "institution"],
        2,
        [],
    ),
    (
        "Brodder til eldre",
        F,
        MeasureType.STRUCTURAL,
        "completed",
        2016,
        2019,
        ["public_space"],
        ["65-79", "80+"],
        ["F2", "road"],
        2,
        [0],
    ),
    (
        "Strøing og brøyting av gangveier",
        F,
        MeasureType.STRUCTURAL,
        "running",
        2018,
        None,
        ["public_space", "traffic"],
        ["65-79", "80+"],
        ["F2", "road"],
        None,
        [],
    ),
    (
        "Røykvarslere til alle over 75",
        H,
        MeasureType.STRUCTURAL,
        "completed",
        2015,
        2017,
        ["home"],
        ["65-79", "80+"],
        ["G", "home_inside"],
        None,
        [0],
    ),
    (
        "Svømmeopplæring for nyankomne",
        H,
        MeasureType.BEHAVIOUR,
        "running",
        2019,
        None,
        ["sports", "outdoors"],
        ["5-14", "25-44"],
        ["D", "nature_water"],
        None,
        [2],
    ),
    (
        "Trygg lekeplass-gjennomgang",
        H,
        MeasureType.STRUCTURAL,
        "completed",
        2016,
        2016,
        ["outdoors"],
        ["0-4", "5-14"],
        ["playground", "F1"],
        None,
        [],
    ),
    (
        "Trygghetsvandring i sentrum",
        H,
        MeasureType.STRUCTURAL,
        "running",
        2020,
        None,
        ["public_space"],
        ["15-24", "25-44"],
        ["road"],
        None,
        [1],
    ),
    (
        "Førstehjelpskurs for foreldre",
        H,
        MeasureType.BEHAVIOUR,
        "planned",
        2026,
        None,
        ["home"],
        ["0-4"],
        ["D", "home_inside"],
        None,
        [2],
    ),
]
# indicator key -> {year: (value, comparison)}; loneliness 25 -> 18, bullying halved.
RE_UNGDATA = {
    "ungdata-lonely": {
        2013: (25, 19),
        2015: (22, 19),
        2017: (18, 20),
        2019: (17, 21),
        2021: (19, 24),
        2024: (18, 23),
    },
    "ungdata-bullied": {
        2013: (10, 7),
        2015: (7.5, 7),
        2017: (4.5, 7),
        2019: (4.2, 7),
        2021: (4.8, 8),
        2024: (4.4, 8),
    },
    "ungdata-safe-neighbourhood": {
        2013: (88, 90),
        2015: (90, 90),
        2017: (93, 91),
        2019: (94, 91),
        2021: (93, 91),
        2024: (94, 90),
    },
}
TONSBERG_FOCUS = [
    (
        "trafikk",
        1,
        "Trafikk og myke trafikanter",
        "Flest alvorlige skader i trafikken.",
    ),
    ("eldre", 2, "Eldre hjemmeboende", "Økende antall eldre som bor hjemme."),
]
TONSBERG_INITIATIVES = [
    (
        "Trygg skolevei Tønsberg",
        "trafikk",
        MeasureType.STRUCTURAL,
        "running",
        2024,
        None,
        ["traffic"],
        ["5-14"],
        ["road_traffic"],
        None,
        [],
    ),
    (
        "Refleksutdeling på Torvet",
        "trafikk",
        MeasureType.ATTITUDE,
        "completed",
        2024,
        2024,
        ["traffic"],
        ["65-79"],
        ["road_traffic"],
        None,
        [],
    ),
    (
        "Hjemmebesøk 80+",
        "eldre",
        MeasureType.STRUCTURAL,
        "running",
        2025,
        None,
        ["home"],
        ["80+"],
        ["F2"],
        None,
        [],
    ),
    (
        "Trimgrupper i bydelene",
        "eldre",
        MeasureType.BEHAVIOUR,
        "planned",
        2026,
        None,
        ["sports"],
        ["65-79"],
        ["F2"],
        None,
        [],
    ),
]


@transaction.atomic
def seed(*, stdout=None) -> None:
    re = _programme("0716", "coordinator", Programme.Status.CERTIFIED, D(2009, 1, 1))
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
    _ungdata(demo_municipality("0716"))

    tonsberg = _programme(
        "0704", "coordinator2", Programme.Status.WORKING_TOWARDS, D(2024, 1, 1)
    )
    _initiatives(
        tonsberg, _focus_areas(tonsberg, TONSBERG_FOCUS), [], [], TONSBERG_INITIATIVES
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
    for index, date in enumerate(dates):
        meeting, created = Meeting.objects.get_or_create(
            programme=programme,
            date=date,
            defaults={
                "location": "Re rådhus",
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


def _ungdata(municipality) -> None:
    for key, years in RE_UNGDATA.items():
        indicator = Indicator.objects.get(key=key)
        for year, (value, comparison) in years.items():
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
