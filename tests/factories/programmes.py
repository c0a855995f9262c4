import datetime

import factory
from django.utils import timezone

from programmes.choices import MeasureType, MemberRole, PartnerKind, Sector
from programmes.models import (
    DataSharingAgreement,
    FocusArea,
    GoodExample,
    Indicator,
    IndicatorValue,
    Initiative,
    InitiativeReport,
    InitiativeTag,
    ManagementGroupMember,
    Meeting,
    Partner,
    PartnerAgreement,
    Programme,
    WorkingGroup,
    WorkingGroupMember,
)
from tests.factories.core import CountyFactory, MunicipalityFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    municipality = factory.SubFactory(MunicipalityFactory)
    status = Programme.Status.WORKING_TOWARDS
    start_date = datetime.date(2015, 1, 1)


class RegionalProgrammeFactory(factory.django.DjangoModelFactory):
    """A county's programme; `members` are its member municipalities."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    municipality = None
    county = factory.SubFactory(CountyFactory)
    status = Programme.Status.WORKING_TOWARDS
    start_date = datetime.date(2019, 1, 1)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.member_municipalities.set(extracted)


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Focus area {n}")
    priority = factory.Sequence(lambda n: n + 1)


class ManagementGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementGroupMember

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Member {n}")
    role = MemberRole.OTHER
    sector = Sector.HEALTH


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    programme = factory.SubFactory(ProgrammeFactory)
    date = datetime.date(2024, 3, 1)
    decisions = "Agreed the action plan."


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Working group {n}")
    mandate = "Plan and follow up the initiatives of the focus area."


class WorkingGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroupMember

    working_group = factory.SubFactory(WorkingGroupFactory)
    name = factory.Sequence(lambda n: f"Group member {n}")
    sector = Sector.SCHOOL


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.Sequence(lambda n: f"Organisation {n}")
    kind = PartnerKind.NGO
    contribution = "Volunteers."


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Initiative {n}")
    description = "Hands-on training."
    focus_area = factory.SubFactory(
        FocusAreaFactory, programme=factory.SelfAttribute("..programme")
    )
    measure_type = MeasureType.BEHAVIOUR
    status = Initiative.Status.RUNNING
    start_date = datetime.date(2023, 1, 1)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        """tags={"arena": ["school"], "age_group": ["5-14"]}"""
        if create and extracted:
            for kind, values in extracted.items():
                for value in values:
                    InitiativeTag.objects.create(
                        initiative=self, kind=kind, value=value
                    )


class InitiativeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeReport

    initiative = factory.SubFactory(InitiativeFactory)
    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2024, 12, 31)
    activities = "Courses in every school."
    reach = 120


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"indicator-{n}")
    name_nb = factory.Sequence(lambda n: f"Indikator {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    source = "Ungdata"
    better = Indicator.Better.LOWER


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2017
    value = 18
    n = 400


class PartnerAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAgreement

    partner = factory.SubFactory(PartnerFactory)
    kind = PartnerAgreement.Kind.LETTER_OF_INTENT
    title = factory.Sequence(lambda n: f"Intensjonsavtale {n}")
    starts_on = datetime.date(2022, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
    contact_person = "Kontaktperson"


class DataSharingAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSharingAgreement

    programme = factory.SubFactory(ProgrammeFactory)
    partner = factory.LazyAttribute(lambda o: PartnerFactory(programme=o.programme))
    shared_data = "Antall skader per sted og år"
    recipients = "Arbeidsgruppen for trafikk"
    legal_basis = "Folkehelseloven § 5"
    aggregates_only = True
    necessary = True
    relevant = True
    proportionate = True
    assessment_reason = "Trengs for å prioritere tiltak."
    approved_by = "Kommunedirektøren"
    approved_on = datetime.date(2025, 1, 1)
    valid_until = datetime.date(2027, 1, 1)


class GoodExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodExample

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"SMART oppvekst {n}")
    summary = "Ressursfokus i hele oppveksten"
    story = "Slik begynte det."
    results = "Færre skader blant barn."
    focus_area = "Barn og unge"
    target_group = "5-14"
    arena = "school"
    status = GoodExample.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
