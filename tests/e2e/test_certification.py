"""The council's journey: certifiers assigned, review, meeting, statement, approval.

Færder's coordinator has submitted the safety profile (set up with the app's
services before the browser starts, as the coordinator's part is the other
journey). In the browser the secretariat assigns two certifiers after a
conflicted one is refused, the certifier accepts, reviews a step, records the
meeting and writes the statement, the secretariat approves, and the certificate
appears in the public register.
"""

from __future__ import annotations

import re

from django.utils import timezone

from certification import services
from certification.models import (
    CaseStatus,
    Certificate,
    CertificationCase,
    CertifierAssignment,
    CertifierProfile,
    Evidence,
    SafetyChecklistItem,
    Step,
    StepProgress,
)
from certification.services import certification_case_transition
from programmes.models import Programme
from safecommunity.core.models import Municipality, Role, User

from .test_coordinator import english_step_texts

CODE = "3911"  # Færder


def _complete_steps(programme: Programme, numbers, actor: User) -> None:
    for step in Step.objects.filter(number__in=list(numbers)):
        for requirement in step.requirements.filter(active=True, required=True):
            services.evidence_add(
                programme=programme,
                requirement=requirement,
                actor=actor,
                kind=Evidence.Kind.PLAN,
                title=f"Færder: {requirement.text_nb}",
            )
        services.step_status_set(
            programme=programme, step=step, status="done", actor=actor
        )


def _case_with_profile_submitted() -> CertificationCase:
    programme = Programme.objects.get(
        municipality__country__code="NO", municipality__code=CODE
    )
    coordinator = User.objects.get(username="coordinator2")
    _complete_steps(programme, range(1, 5), coordinator)
    case = services.certification_case_open(programme=programme, actor=coordinator)
    services.safety_profile_draft_save(
        programme=programme,
        actor=coordinator,
        municipal_description="Færder er en kystkommune i Vestfold.",
        risk_summary="Trafikk og fall blant eldre hjemmeboende.",
        checklist={
            str(item.pk): {"answer": "yes", "comment": ""}
            for item in SafetyChecklistItem.objects.filter(active=True)
        },
    )
    services.safety_profile_submit(case=case, actor=coordinator)
    case.refresh_from_db()
    assert case.status == CaseStatus.PROFILE_SUBMITTED
    return case


def _conflicted_certifier() -> User:
    user = User.objects.create_user(
        username="council3",
        password="unused-password-123",
        first_name="Tredje",
        last_name="Sertifisør",
        role=Role.CERTIFIER,
    )
    profile = CertifierProfile.objects.create(user=user)
    profile.conflicts.add(Municipality.objects.get(country__code="NO", code=CODE))
    return user


def _ready_for_meeting(case: CertificationCase) -> None:
    """The coordinator's work on steps 5 to 8 and the application."""
    programme = case.programme
    coordinator = User.objects.get(username="coordinator2")
    _complete_steps(programme, range(5, 9), coordinator)
    application = services.application_prepare(case=case, actor=coordinator)
    for section in application.sections.all():
        services.application_section_save(
            section=section,
            actor=coordinator,
            introduction="Bakgrunn for innsatsområdet.",
            goal="Færre skader.",
            ongoing_measures="Tiltak sammen med frivillige.",
            needs="Bedre skaderegistrering.",
        )
    certification_case_transition(
        case=case, to_status=CaseStatus.READY_FOR_MEETING, actor=coordinator
    )


def _move(page, to_status: str) -> None:
    """Press the case page's button that moves the case to `to_status`."""
    form = page.locator(
        "form.transition", has=page.locator(f"input[name=to_status][value={to_status}]")
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".message-error").count() == 0, page.locator(
        ".message-error"
    ).all_inner_texts()


def _status(case: CertificationCase) -> str:
    case.refresh_from_db()
    return case.status


def test_council_journey(demo, celery_worker_thread, journey):
    # The certificate's diploma is a PDF made by a worker, as in production.
    case = _case_with_profile_submitted()
    conflicted = _conflicted_certifier()
    council = User.objects.get(username="council")
    council2 = User.objects.get(username="council2")
    page = journey.page
    steps = english_step_texts()

    # The secretariat: the case list, the case, the assignment page.
    journey.login("admin")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name=re.compile("Certification cases|Sertifiseringssaker")
    ).click()
    page.wait_for_load_state()
    journey.check_languages("cases")
    page.locator(f"a[href$='/certification/cases/{case.pk}/']").first.click()
    page.wait_for_load_state()
    journey.check_languages("case-profile-submitted")
    page.locator(f"a[href$='/cases/{case.pk}/certifiers/']").click()
    page.wait_for_load_state()
    journey.check_languages("assign")

    certifier_select = page.locator("main form:not(.inline) select[name=certifier]")
    assign_button = page.locator("main form:not(.inline) button[type=submit]")
    certifier_select.select_option(str(conflicted.pk))
    assign_button.click()
    page.wait_for_load_state()
    refusal = page.get_by_role("alert")
    assert "Tredje Sertifisør" in refusal.inner_text()
    assert "Færder" in refusal.inner_text()
    assert not CertifierAssignment.objects.filter(case=case, certifier=conflicted)
    journey.check_languages("assign-conflict-refused")
    for certifier in (council, council2):
        certifier_select.select_option(str(certifier.pk))
        assign_button.click()
        page.wait_for_load_state()
        assert page.locator(".message-success").count() == 1
    assert case.assignments.filter(removed_at__isnull=True).count() == 2
    journey.check_languages("assigned")
    page.locator(f"nav.case-nav a[href$='/cases/{case.pk}/']").click()
    page.wait_for_load_state()
    _move(page, CaseStatus.CERTIFIERS_ASSIGNED)
    assert _status(case) == CaseStatus.CERTIFIERS_ASSIGNED
    journey.check("case-certifiers-assigned")
    journey.logout()

    # The certifier: work list, acceptance, a step reviewed.
    journey.login("council")
    journey.check_languages("worklist")
    page.locator(f"a[href$='/cases/{case.pk}/respond/']").click()
    page.wait_for_load_state()
    journey.check_languages("respond")
    page.locator("input[name=conflict][value=no]").check()
    page.locator("textarea[name=declaration]").fill("Ingen bindinger til Færder.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/certification/cases/{case.pk}/")
    # The second certifier accepts too (the same form; not repeated here).
    services.certifier_respond(
        assignment=case.assignments.get(certifier=council2),
        actor=council2,
        has_conflict=False,
        declaration="Ingen bindinger.",
    )
    page.reload()
    _move(page, CaseStatus.STEPS_IN_PROGRESS)
    assert _status(case) == CaseStatus.STEPS_IN_PROGRESS
    journey.check_languages("case-steps-in-progress")

    page.locator("nav.case-nav a[href$='/certification/municipalities/3911/']").click()
    page.wait_for_load_state()
    journey.check_languages("path", known_untranslated=steps)
    page.locator("a[href$='/steps/1/']").first.click()
    page.wait_for_load_state()
    journey.check_languages("step-1", known_untranslated=steps)
    page.locator("input[name=action][value=accept] ~ button").click()
    page.wait_for_load_state()
    assert (
        StepProgress.objects.get(programme=case.programme, step__number=1).status
        == StepProgress.Status.ACCEPTED
    )
    journey.check("step-1-accepted", known_untranslated=steps)

    # The coordinator finishes steps 5 to 8 and the application meanwhile.
    _ready_for_meeting(case)

    # The meeting, held today.
    page.locator("main a[href$='/certification/municipalities/3911/']").click()
    page.wait_for_load_state()
    page.locator(f"main a[href$='/certification/cases/{case.pk}/']").click()
    page.wait_for_load_state()
    page.locator(f"a[href$='/cases/{case.pk}/meeting/']").click()
    page.wait_for_load_state()
    journey.check_languages("meeting")
    today = timezone.localdate()
    page.locator("#id_scheduled_for").fill(f"{today.isoformat()}T09:00")
    page.locator("#id_mode").select_option("in_person")
    page.locator("#id_location").fill("Færder rådhus")
    page.locator("#id_participants").fill("Ordfører, koordinator, to sertifisører")
    page.locator("#id_held_on").fill(today.isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".message-success").count() == 1
    _move(page, CaseStatus.MEETING_HELD)
    assert _status(case) == CaseStatus.MEETING_HELD

    # The statement.
    page.locator(f"a[href$='/cases/{case.pk}/statement/']").click()
    page.wait_for_load_state()
    journey.check_languages("statement", known_untranslated=steps)
    page.locator("#id_summary").fill(
        "Færder oppfyller kriteriene for Trygge lokalsamfunn."
    )
    for step in Step.objects.all():
        page.locator(f"#id_step_{step.pk}").fill("Oppfylt.")
    page.locator("#id_improvement_points").fill(
        "Involver frivillige lag mer\nEvaluer trafikktiltakene"
    )
    page.locator("#id_recommendation").select_option("approve")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".message-success").count() == 1
    _move(page, CaseStatus.STATEMENT_WRITTEN)
    assert _status(case) == CaseStatus.STATEMENT_WRITTEN
    journey.check_languages("case-statement-written", known_untranslated=steps)
    journey.logout()

    # The secretariat approves.
    journey.login("admin")
    journey.goto(f"/certification/cases/{case.pk}/")
    page.locator(f"a[href$='/cases/{case.pk}/decision/']").click()
    page.wait_for_load_state()
    journey.check_languages("decision")
    page.locator("#id_outcome").select_option("approved")
    page.locator("#id_reasons").fill("Sertifisørenes anbefaling følges.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert _status(case) == CaseStatus.CERTIFIED
    certificate = Certificate.objects.get(case=case)
    assert certificate.number in page.locator("main").inner_text()
    # The worker makes the diploma; the case page then links to it.
    for _ in range(120):
        certificate.refresh_from_db()
        if certificate.diploma_id:
            break
        page.wait_for_timeout(500)
    assert certificate.diploma_id, "the worker made no diploma"
    page.reload()
    assert page.locator(f"a[href$='/documents/{certificate.diploma_id}/']").is_visible()
    journey.check_languages("case-certified", known_untranslated=steps)
    journey.logout()

    # The public register, without logging in.
    journey.goto("/certification/register/")
    row = page.locator("main table tbody tr", has_text="Færder")
    assert row.count() == 1
    journey.check_languages("register")
