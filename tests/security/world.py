"""Two municipalities with one object of every kind each, and one user per role.

The "own" municipality is the role users' own (the certifier is assigned to
its case); the "other" municipality belongs to `other_coordinator` alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification.models import (
    INDICATOR_FIELDS,
    CertifierAssignment,
    Designation,
    SafetyProfile,
    Statement,
)
from injuries.models import ImportJob
from reports.models import DossierJob
from safecommunity.core.models import Notification, Role
from safecommunity.core.services import document_create
from safecommunity.core.tokens import token_create
from tests.factories.certification import CaseFactory
from tests.factories.core import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.injuries import RegistrationFactory
from tests.factories.programmes import (
    DataSharingAgreementFactory,
    FocusAreaFactory,
    InitiativeFactory,
    InitiativeReportFactory,
    ManagementGroupMemberFactory,
    MeetingFactory,
    PartnerAgreementFactory,
    PartnerFactory,
    ProgrammeFactory,
    RegionalProgrammeFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)
from tests.factories.walks import (
    FindingFactory,
    SafetyWalkFactory,
    WalkParticipantFactory,
    make_link,
)
from walks.models import Checklist, ChecklistLink

PDF = b"%PDF-1.4\nmatrix\n%%EOF\n"
CSV_HEADER = (
    "injury_date,municipality,age,sex,contact_cause,place,activity,mechanism,"
    "severity,transport,external_id\n"
)
ROLES = (
    "anonymous",
    "secretariat",
    "coordinator",
    "other_coordinator",
    "mayor",
    "regional",
    "certifier",
    "regional_coordinator",
)


@dataclass
class Side:
    municipality: object
    objects: dict = field(default_factory=dict)


@dataclass
class World:
    own: Side
    other: Side
    users: dict
    objects: dict = field(default_factory=dict)

    def side(self, name: str) -> Side:
        return self.own if name == "own" else self.other


def _side(municipality, coordinator, certifier) -> Side:
    programme = ProgrammeFactory(municipality=municipality)
    focus_area = FocusAreaFactory(programme=programme)
    initiative = InitiativeFactory(programme=programme, focus_area=focus_area)
    working_group = WorkingGroupFactory(programme=programme)
    case = CaseFactory(programme=programme)
    assignment = CertifierAssignment.objects.create(
        case=case,
        certifier=certifier,
        round=case.round,
        accepted_at=timezone.now(),
        declaration="Ingen bindinger.",
    )
    certifier.municipalities.add(municipality)
    document = document_create(
        actor=coordinator,
        upload=SimpleUploadedFile("f.pdf", PDF),
        municipality=municipality,
    )
    import_job = ImportJob(
        created_by=coordinator,
        original_name="skader.csv",
        status=ImportJob.Status.CHECKED,
        municipality_codes=[municipality.code],
        error_count=1,
    )
    bad_row = (
        f"2024-01-05,{municipality.code},200,F,accident,home_inside,other,F2,minor,,\n"
    )
    import_job.file.save(
        "skader.csv", ContentFile((CSV_HEADER + bad_row).encode()), save=False
    )
    import_job.save()
    dossier = DossierJob(
        municipality=municipality, requested_by=coordinator, page_count=1
    )
    dossier.file.save("dossier.pdf", ContentFile(PDF), save=False)
    dossier.status = DossierJob.Status.READY
    dossier.save()
    walk = SafetyWalkFactory(programme=programme)
    checklist_link = ChecklistLink.objects.create(
        programme=programme, token=f"checklists-{municipality.code}"
    )
    walk_link, walk_token = make_link(walk)
    objects = {
        "programme": programme,
        "walk": walk,
        "walk_link": walk_link,
        "walk_token": walk_token,
        "walk_participant": WalkParticipantFactory(walk=walk),
        "checklist_token": checklist_link.token,
        "checklist": Checklist.objects.filter(active=True).first(),
        "finding": FindingFactory(walk=walk),
        "focus_area": focus_area,
        "initiative": initiative,
        "report": InitiativeReportFactory(initiative=initiative),
        "member": ManagementGroupMemberFactory(programme=programme),
        "meeting": MeetingFactory(programme=programme),
        "working_group": working_group,
        "working_group_member": WorkingGroupMemberFactory(working_group=working_group),
        "partner": (partner := PartnerFactory(programme=programme)),
        "partner_agreement": PartnerAgreementFactory(partner=partner),
        "data_sharing": DataSharingAgreementFactory(
            programme=programme, partner=partner
        ),
        "registration": RegistrationFactory(municipality=municipality),
        "import_job": import_job,
        "document": document,
        "case": case,
        "assignment": assignment,
        "dossier": dossier,
        "notification": Notification.objects.create(
            recipient=coordinator, subject="Saken er oppdatert", url="/"
        ),
        "designation": Designation.objects.create(
            programme=programme,
            status=Designation.Status.SUBMITTED,
            submitted_at=timezone.now(),
            **dict.fromkeys(INDICATOR_FIELDS, "Svar."),
        ),
    }
    SafetyProfile.objects.create(programme=programme, case=case, version=1, snapshot={})
    Statement.objects.create(
        case=case, round=case.round, summary="x", recommendation="approve"
    )
    return Side(municipality, objects)


def build_world() -> World:
    county = CountyFactory(code="39", name="Vestfold")
    own = MunicipalityFactory(county=county, code="3999", name="Egenby")
    other = MunicipalityFactory(
        county=CountyFactory(code="46"), code="4699", name="Annenby"
    )
    users = {
        "secretariat": UserFactory(username="m-secretariat", role=Role.SECRETARIAT),
        "coordinator": UserFactory(
            username="m-coord", role=Role.COORDINATOR, municipalities=[own]
        ),
        "other_coordinator": UserFactory(
            username="m-coord2", role=Role.COORDINATOR, municipalities=[other]
        ),
        "mayor": UserFactory(
            username="m-mayor", role=Role.MANAGEMENT, municipalities=[own]
        ),
        "regional": UserFactory(
            username="m-regional", role=Role.REGIONAL, county=county
        ),
        "certifier": UserFactory(username="m-certifier", role=Role.CERTIFIER),
        # Coordinates the county's regional programme, of which `own` is a member.
        "regional_coordinator": UserFactory(
            username="m-region", role=Role.COORDINATOR, county=county
        ),
    }
    # A second certifier is assigned to the other municipality's case, so the
    # role user `certifier` has nothing to do with it.
    stranger = UserFactory(username="m-certifier2", role=Role.CERTIFIER)
    token, _secret = token_create(actor=users["coordinator"], name="matrix")
    world = World(
        own=_side(own, users["coordinator"], users["certifier"]),
        other=_side(other, users["other_coordinator"], stranger),
        users=users,
        objects={"token": token},
    )
    for side in (world.own, world.other):
        _region(side)
    return world


def _region(side: Side) -> None:
    """The regional programme of the side's county, with the side's
    municipality as a member that has a local group."""
    municipality = side.municipality
    region = RegionalProgrammeFactory(
        county=municipality.county, members=[municipality]
    )
    side.objects["region"] = region
    SafetyProfile.objects.create(programme=region, version=1, snapshot={})
    dossier = DossierJob(county=municipality.county, page_count=1)
    dossier.file.save("region-dossier.pdf", ContentFile(PDF), save=False)
    dossier.status = DossierJob.Status.READY
    dossier.save()
    side.objects["region_dossier"] = dossier
    side.objects["local_group"] = WorkingGroupFactory(
        programme=region, local_municipality=municipality
    )
    side.objects["local_group_member"] = WorkingGroupMemberFactory(
        working_group=side.objects["local_group"]
    )
    side.objects["region_member"] = ManagementGroupMemberFactory(programme=region)
    side.objects["region_meeting"] = MeetingFactory(programme=region)
