"""Factories for certification; helpers that put a case into any status with its guards met."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from certification.models import (
    Application,
    ApplicationSection,
    CaseStatus,
    Certificate,
    CertificationCase,
    CertificationMeeting,
    CertifierAssignment,
    Decision,
    Evidence,
    Requirement,
    SafetyProfile,
    Statement,
    Step,
    StepAssessment,
    StepProgress,
)
from safecommunity.core.models import Role
from tests.factories.core import UserFactory
from tests.factories.programmes import FocusAreaFactory, ProgrammeFactory


class CertifierFactory(UserFactory):
    role = Role.CERTIFIER


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationCase

    programme = factory.SubFactory(ProgrammeFactory)
    status = CaseStatus.DRAFT
    round = 1


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertifierAssignment
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    certifier = factory.SubFactory(CertifierFactory)
    round = factory.LazyAttribute(lambda o: o.case.round)
    accepted_at = factory.LazyFunction(timezone.now)
    declaration = "Ingen bindinger."

    @factory.post_generation
    def access(self, create, extracted, **kwargs):
        if create and self.removed_at is None:
            self.certifier.municipalities.add(self.case.programme.municipality)


class PlanEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    programme = factory.SubFactory(ProgrammeFactory)
    requirement = factory.LazyFunction(lambda: Requirement.objects.first())
    kind = Evidence.Kind.PLAN
    title = "Kommuneplanens samfunnsdel 2023–2035"


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    case = factory.SubFactory(CaseFactory, status=CaseStatus.CERTIFIED)
    round = factory.LazyAttribute(lambda o: o.case.round)
    number = factory.Sequence(lambda n: f"TL-TEST-{n:05d}")
    issued_on = factory.LazyFunction(lambda: timezone.localdate())
    expires_on = factory.LazyAttribute(
        lambda o: o.issued_on.replace(year=o.issued_on.year + 5)
    )


def complete_steps(programme, numbers=range(1, 9), status=StepProgress.Status.DONE):
    """Give every required requirement of the steps evidence and mark them done."""
    for step in Step.objects.filter(number__in=list(numbers)):
        for requirement in step.requirements.filter(active=True, required=True):
            PlanEvidenceFactory(programme=programme, requirement=requirement)
        StepProgress.objects.update_or_create(
            programme=programme, step=step, defaults={"status": status}
        )


def complete_application(case, round=None):
    """An application with a complete section for each of the programme's focus areas."""
    if not case.programme.focus_areas.exists():
        FocusAreaFactory(programme=case.programme, title="Fall blant eldre", reason="x")
    application, _ = Application.objects.get_or_create(
        case=case, round=round or case.round
    )
    for area in case.programme.focus_areas.all():
        ApplicationSection.objects.update_or_create(
            application=application,
            focus_area=area,
            defaults={
                "focus_area_title": area.title,
                "introduction": "Innledning",
                "goal": "Mål",
                "ongoing_measures": "Tiltak",
                "needs": "Behov",
            },
        )
    return application


def satisfy_guards(case, to_status: str) -> None:
    """Create whatever the edge from the case's status to `to_status` requires."""
    S = CaseStatus
    programme = case.programme
    if to_status == S.PROFILE_SUBMITTED:
        complete_steps(programme, range(1, 5))
        SafetyProfile.objects.create(
            programme=programme, case=case, version=1, snapshot={"schema": 1}
        )
    elif to_status == S.CERTIFIERS_ASSIGNED:
        while (
            case.assignments.filter(round=case.round, removed_at__isnull=True).count()
            < 2
        ):
            AssignmentFactory(case=case, accepted_at=None)
    elif to_status == S.STEPS_IN_PROGRESS and case.status == S.CERTIFIERS_ASSIGNED:
        active = case.assignments.filter(round=case.round, removed_at__isnull=True)
        while active.count() < 2:
            AssignmentFactory(case=case)
        active.update(accepted_at=timezone.now())
    elif to_status == S.READY_FOR_MEETING:
        complete_steps(programme, range(1, 9))
        complete_application(case)
    elif to_status == S.MEETING_HELD and case.status == S.READY_FOR_MEETING:
        CertificationMeeting.objects.update_or_create(
            case=case,
            round=case.round,
            defaults={
                "scheduled_for": timezone.now() - datetime.timedelta(days=1),
                "mode": "online",
                "participants": "Ordfører, koordinator, to sertifisører",
                "held_on": timezone.localdate() - datetime.timedelta(days=1),
            },
        )
    elif to_status == S.STATEMENT_WRITTEN:
        statement, _ = Statement.objects.get_or_create(
            case=case,
            round=case.round,
            defaults={"summary": "God forankring.", "recommendation": "approve"},
        )
        for step in Step.objects.all():
            StepAssessment.objects.get_or_create(
                statement=statement, step=step, defaults={"text": "Oppfylt."}
            )
    elif to_status in {S.APPROVED, S.DEFERRED, S.DECLINED}:
        Decision.objects.update_or_create(
            case=case,
            round=case.round,
            defaults={"outcome": to_status, "reasons": "Begrunnelse."},
        )
    elif to_status == S.CERTIFIED:
        CertificateFactory(case=case, round=case.round)
    elif to_status == S.RECERTIFICATION_DUE and case.status == S.CERTIFIED:
        today = timezone.localdate()
        Certificate.objects.filter(case=case).delete()
        CertificateFactory(
            case=case,
            round=case.round,
            issued_on=today.replace(year=today.year - 4),
            expires_on=today + datetime.timedelta(days=100),
        )
    elif to_status == S.LAPSED:
        today = timezone.localdate()
        Certificate.objects.filter(case=case).delete()
        CertificateFactory(
            case=case,
            round=case.round,
            issued_on=today.replace(year=today.year - 5) - datetime.timedelta(days=2),
            expires_on=today - datetime.timedelta(days=1),
        )
    elif to_status == S.RECERTIFICATION_SUBMITTED:
        complete_application(case)
