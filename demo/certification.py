"""Demo certification data (CONTRACTS 3): Tønsberg on its way, Horten certified. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from certification import services
from certification.dates import add_months
from certification.models import (
    CaseStatus,
    Certificate,
    CertificationCase,
    CertifierAssignment,
    Evidence,
    Requirement,
    SafetyChecklistItem,
    Step,
    StepProgress,
)
from certification.selectors import case_open_for_programme
from certification.services import certification_case_transition
from programmes.models import FocusArea, Programme
from safecommunity.core.models import Language, Role, User

from .core import DEMO_PASSWORD, PROTAGONIST, demo_municipality

HORTEN_FOCUS = [
    (1, "Fallulykker blant eldre", "Fall er den vanligste skadeårsaken hos eldre."),
    (2, "Trafikksikkerhet for barn og unge", "Skolevei og sykkel gir mange skader."),
]


def _user(username: str, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": Role.CERTIFIER,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@trygg.invalid",
            "language": Language.NB,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _complete_steps(programme: Programme, numbers, actor: User) -> None:
    for step in Step.objects.filter(number__in=list(numbers)):
        progress = StepProgress.objects.filter(programme=programme, step=step).first()
        if progress is not None and progress.is_complete:
            continue
        for requirement in Requirement.objects.for_programme(programme).filter(
            step=step, active=True, required=True
        ):
            if not Evidence.objects.filter(
                programme=programme, requirement=requirement
            ).exists():
                text = requirement.text_nb
                if programme.is_regional:
                    text = requirement.text_sv or text
                services.evidence_add(
                    programme=programme,
                    requirement=requirement,
                    actor=actor,
                    kind=Evidence.Kind.PLAN,
                    title=f"{programme.area.name}: {text}"[:200],
                )
        services.step_status_set(
            programme=programme, step=step, status="done", actor=actor
        )


def _submit_profile(case: CertificationCase, actor: User, description: str) -> None:
    services.safety_profile_draft_save(
        programme=case.programme,
        actor=actor,
        municipal_description=description,
        risk_summary="Fall blant eldre, trafikk og psykisk helse hos unge.",
        checklist={
            str(item.pk): {"answer": "yes", "comment": ""}
            for item in SafetyChecklistItem.objects.filter(active=True)
        },
    )
    services.safety_profile_submit(case=case, actor=actor)


def _start_review(
    case: CertificationCase, secretariat: User, certifiers: list[User]
) -> None:
    for certifier in certifiers:
        if (
            not CertifierAssignment.objects.active_on(case)
            .filter(certifier=certifier)
            .exists()
        ):
            services.certifier_assign(case=case, certifier=certifier, actor=secretariat)
    certification_case_transition(
        case=case, to_status=CaseStatus.CERTIFIERS_ASSIGNED, actor=secretariat
    )
    for assignment in CertifierAssignment.objects.active_on(case):
        services.certifier_respond(
            assignment=assignment,
            actor=assignment.certifier,
            has_conflict=False,
            declaration="Ingen bindinger til kommunen.",
        )
    certification_case_transition(
        case=case, to_status=CaseStatus.STEPS_IN_PROGRESS, actor=certifiers[0]
    )


def _seed_tonsberg(secretariat: User, council: User, council2: User) -> None:
    programme, _created = Programme.objects.get_or_create(
        municipality=demo_municipality(PROTAGONIST),
        defaults={"status": Programme.Status.WORKING_TOWARDS},
    )
    coordinator = User.objects.get(username="coordinator")
    _complete_steps(programme, range(1, 7), coordinator)
    case = case_open_for_programme(programme=programme)
    if case is None:
        case = services.certification_case_open(programme=programme, actor=coordinator)
    if case.status == CaseStatus.DRAFT:
        _submit_profile(
            case,
            coordinator,
            "Tønsberg fører videre arbeidet Re startet i 2006, med SMART oppvekst som kjennetegn.",
        )
    if case.status == CaseStatus.PROFILE_SUBMITTED:
        _start_review(case, secretariat, [council, council2])


def _seed_horten(secretariat: User, council: User, council2: User) -> None:
    municipality = demo_municipality("3901")
    programme, _created = Programme.objects.get_or_create(
        municipality=municipality,
        defaults={
            "status": Programme.Status.WORKING_TOWARDS,
            "start_date": datetime.date(2015, 3, 1),
        },
    )
    if Certificate.objects.filter(case__programme=programme).exists():
        return
    for priority, title, reason in HORTEN_FOCUS:
        FocusArea.objects.get_or_create(
            programme=programme,
            title=title,
            defaults={"priority": priority, "reason": reason},
        )
    _complete_steps(programme, range(1, 5), secretariat)
    case = case_open_for_programme(programme=programme) or (
        services.certification_case_open(programme=programme, actor=secretariat)
    )
    if case.status == CaseStatus.DRAFT:
        _submit_profile(case, secretariat, "Horten er en kystby i Vestfold.")
    if case.status == CaseStatus.PROFILE_SUBMITTED:
        _start_review(case, secretariat, [council2, council])
    _complete_steps(programme, range(5, 9), secretariat)
    application = services.application_prepare(case=case, actor=secretariat)
    for section in application.sections.all():
        services.application_section_save(
            section=section,
            actor=secretariat,
            introduction="Bakgrunn for innsatsområdet.",
            goal="Færre skader.",
            ongoing_measures="Tiltak i samarbeid med frivillige.",
            needs="Bedre skaderegistrering.",
        )
    certification_case_transition(
        case=case, to_status=CaseStatus.READY_FOR_MEETING, actor=secretariat
    )
    services.meeting_save(
        case=case,
        actor=council2,
        scheduled_for=timezone.now(),
        mode="in_person",
        location="Horten rådhus",
        participants="Ordfører, kommunedirektør, koordinator, to sertifisører",
        held_on=timezone.localdate(),
    )
    certification_case_transition(
        case=case, to_status=CaseStatus.MEETING_HELD, actor=council2
    )
    services.statement_save(
        case=case,
        actor=council2,
        summary="Horten oppfyller kriteriene for Trygge lokalsamfunn.",
        recommendation="approve",
        assessments={step.pk: "Oppfylt." for step in Step.objects.all()},
        improvement_points=["Involver frivillige lag mer", "Evaluer trafikktiltakene"],
    )
    certification_case_transition(
        case=case, to_status=CaseStatus.STATEMENT_WRITTEN, actor=council2
    )
    services.decision_record(
        case=case,
        actor=secretariat,
        outcome="approved",
        reasons="Sertifisørenes anbefaling følges.",
    )
    # Backdate: certified almost five years ago, expiring in under six months.
    today = timezone.localdate()
    expires = add_months(today, 5)
    Certificate.objects.filter(case=case).update(
        issued_on=add_months(expires, -60), expires_on=expires
    )
    CertificationCase.objects.filter(pk=case.pk).update(due_date=expires)


# Kronoberg's prioritised focus areas (step 3), in Swedish.
KRONOBERG_FOCUS_AREAS = (
    ("Trygg uppväxt", "Barn och unga i alla åtta kommuner; en gemensam modell."),
    ("Fallolyckor bland äldre", "Flest skador som kräver vård i länet."),
    ("Våld i nära relationer", "Polis, socialtjänst och vård arbetar tillsammans."),
)


def _seed_kronoberg() -> None:
    """The regional programme has done its start-up: steps 1 to 3."""
    programme = Programme.objects.filter(county__code="07", county__country__code="SE")
    regional = programme.first()
    actor = User.objects.filter(username="kronoberg").first()
    if regional is None or actor is None:
        return
    for priority, (title, reason) in enumerate(KRONOBERG_FOCUS_AREAS, start=1):
        FocusArea.objects.get_or_create(
            programme=regional,
            title=title,
            defaults={"priority": priority, "reason": reason},
        )
    _complete_steps(regional, range(1, 4), actor)


@transaction.atomic
def seed(*, stdout=None) -> None:
    secretariat = User.objects.get(username="admin")
    council = _user("council", "Sertifisør", "Rådet")
    council2 = _user("council2", "Andre", "Sertifisør")
    _seed_tonsberg(secretariat, council, council2)
    _seed_horten(secretariat, council, council2)
    _seed_kronoberg()
    if stdout:
        stdout.write(
            f"certification: {CertificationCase.objects.count()} cases, "
            f"{Certificate.objects.count()} certificates"
        )
