"""Steps need their evidence; the safety profile is frozen per version."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from certification.models import CaseStatus, Evidence, SafetyProfile, Step, StepProgress
from certification.selectors import missing_requirements, path_overview
from certification.services import (
    evidence_add,
    evidence_remove,
    safety_profile_draft_save,
    safety_profile_submit,
    step_status_set,
)
from certification.workflow import TransitionError
from tests.factories.certification import AssignmentFactory, complete_steps
from tests.factories.programmes import MeetingFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_step_is_done_only_with_all_required_evidence(programme, coordinator):
    step = Step.objects.get(number=1)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        step_status_set(
            programme=programme, step=step, status="done", actor=coordinator
        )
    assert "Council decision" in refused.value.messages[0]
    requirements = list(step.requirements.filter(required=True))
    evidence_add(
        programme=programme,
        requirement=requirements[0],
        actor=coordinator,
        kind="document",
        upload=SimpleUploadedFile("intensjonsavtale.pdf", PDF),
        title="Intensjonsavtale",
    )
    evidence_add(
        programme=programme,
        requirement=requirements[1],
        actor=coordinator,
        kind="meeting",
        meeting=MeetingFactory(programme=programme),
    )
    for requirement in requirements[2:]:
        evidence_add(
            programme=programme,
            requirement=requirement,
            actor=coordinator,
            kind="plan",
            url="https://re.kommune.no/plan",
        )
    assert missing_requirements(programme, [1]) == {}
    progress = step_status_set(
        programme=programme, step=step, status="done", actor=coordinator
    )
    assert progress.status == "done"


def test_evidence_from_another_programme_is_refused(
    programme, other_programme, coordinator
):
    with pytest.raises(ValidationError):
        evidence_add(
            programme=programme,
            requirement=Step.objects.get(number=1).requirements.first(),
            actor=coordinator,
            kind="meeting",
            meeting=MeetingFactory(programme=other_programme),
        )


def test_removing_evidence_reopens_a_done_step(programme, coordinator):
    complete_steps(programme, [2])
    evidence = Evidence.objects.filter(programme=programme).first()
    evidence_remove(evidence=evidence, actor=coordinator)
    assert StepProgress.objects.get(programme=programme, step__number=2).status == (
        "in_progress"
    )


def test_only_the_coordinator_of_the_municipality_edits(
    programme, other_coordinator, mayor
):
    step = Step.objects.get(number=1)
    for user in (other_coordinator, mayor):
        with pytest.raises(PermissionDenied):
            evidence_add(
                programme=programme,
                requirement=step.requirements.first(),
                actor=user,
                kind="plan",
                title="x",
            )


def test_accepting_needs_a_reviewing_certifier_and_a_done_step(
    programme, case, coordinator, certifier
):
    step = Step.objects.get(number=5)
    with pytest.raises(PermissionDenied):
        step_status_set(
            programme=programme, step=step, status="accepted", actor=certifier
        )
    AssignmentFactory(case=case, certifier=certifier)
    with pytest.raises(ValidationError):
        step_status_set(
            programme=programme, step=step, status="accepted", actor=certifier
        )
    complete_steps(programme, [5])
    progress = step_status_set(
        programme=programme, step=step, status="accepted", actor=certifier
    )
    assert progress.accepted_by == certifier
    with pytest.raises(ValidationError):
        step_status_set(
            programme=programme, step=step, status="in_progress", actor=coordinator
        )


def test_path_overview_lists_what_is_missing_and_next(programme):
    complete_steps(programme, [1])
    rows = path_overview(programme=programme)
    assert [r.step.number for r in rows] == list(range(1, 9))
    assert rows[0].is_complete
    assert not rows[0].missing
    assert [r.text for r in rows[1].missing] == [
        r.text for r in Step.objects.get(number=2).requirements.filter(required=True)
    ]


def _answer_everything(programme, coordinator):
    from certification.models import SafetyChecklistItem

    safety_profile_draft_save(
        programme=programme,
        actor=coordinator,
        municipal_description="Landkommune.",
        risk_summary="Fall.",
        checklist={
            str(i.pk): {"answer": "yes", "comment": ""}
            for i in SafetyChecklistItem.objects.all()
        },
    )


def test_safety_profile_is_refused_with_what_is_missing(case, coordinator):
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        safety_profile_submit(case=case, actor=coordinator)
    message = refused.value.message
    assert "Not all steps are complete" in message
    assert "Describe the municipality" in message
    assert "safety checklist" in message


def test_safety_profile_versions_are_frozen_snapshots(case, programme, coordinator):
    complete_steps(programme, range(1, 5))
    _answer_everything(programme, coordinator)
    first = safety_profile_submit(case=case, actor=coordinator)
    assert first.version == 1
    assert first.snapshot["municipal_profile"]["municipality"]["code"] == (
        programme.municipality.code
    )
    assert first.snapshot["municipal_profile"]["facts"]["focus_areas"] == 1
    assert first.snapshot["risk_profile"]["focus_areas"][0]["reason"] == "Flest skader"
    case.refresh_from_db()
    assert case.status == CaseStatus.PROFILE_SUBMITTED
    # Later edits never reach the submitted version.
    programme.focus_areas.update(reason="Endret")
    first.refresh_from_db()
    assert first.snapshot["risk_profile"]["focus_areas"][0]["reason"] == "Flest skader"
    first.snapshot = {}
    with pytest.raises(ValueError, match="cannot be changed"):
        first.save()
    assert SafetyProfile.objects.get(pk=first.pk).snapshot["schema"] == 1


def test_steps_and_requirements_read_in_swedish(db):
    from django.utils import translation

    from certification.models import Step

    step = Step.objects.get(number=2)
    with translation.override("sv"):
        assert step.name == "Kartläggning"
        assert all(r.text != r.text_en for r in step.requirements.all())
    with translation.override("nb"):
        assert step.name == "Kartlegging"
