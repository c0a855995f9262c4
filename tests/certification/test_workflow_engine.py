"""The one engine: a move writes its history, and the people concerned hear of
it only once it is kept, never about a change that was rolled back."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from certification.models import CaseStatus, CertificationCase, StepProgress
from certification.services import certification_case_transition, step_status_set
from certification.workflow import STEP_WORKFLOW
from safecommunity.core import workflow as engine
from safecommunity.core.models import Notification, StatusChange
from tests.factories.certification import complete_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def deferred(case):
    CertificationCase.objects.filter(pk=case.pk).update(status=CaseStatus.DEFERRED)
    case.refresh_from_db()
    return case


def _move_then_fail(case, actor):
    with transaction.atomic():
        certification_case_transition(
            case=case, to_status=CaseStatus.STEPS_IN_PROGRESS, actor=actor
        )
        raise RuntimeError("the request failed after the move")


def test_people_hear_of_a_move_once_it_is_kept(
    deferred, coordinator, secretariat, django_capture_on_commit_callbacks
):
    run = django_capture_on_commit_callbacks
    with run(execute=True), pytest.raises(RuntimeError):
        _move_then_fail(deferred, secretariat)
    assert not Notification.objects.exists()
    deferred.refresh_from_db()
    assert deferred.status == CaseStatus.DEFERRED
    with django_capture_on_commit_callbacks(execute=True):
        certification_case_transition(
            case=deferred, to_status=CaseStatus.STEPS_IN_PROGRESS, actor=secretariat
        )
    assert Notification.objects.filter(recipient=coordinator).count() == 1


def test_a_step_move_writes_its_history(programme, coordinator):
    complete_steps(programme, [1], status=StepProgress.Status.IN_PROGRESS)
    step = StepProgress.objects.get(programme=programme, step__number=1).step
    progress = step_status_set(
        programme=programme, step=step, status="done", actor=coordinator
    )
    assert progress.completed_at is not None
    history = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(StepProgress),
        object_id=progress.pk,
    )
    assert [(h.from_status, h.to_status, h.actor) for h in history] == [
        ("in_progress", "done", coordinator)
    ]
    # Marking it done again changes nothing and writes no history.
    step_status_set(programme=programme, step=step, status="done", actor=coordinator)
    assert history.count() == 1


def test_the_edges_a_coordinator_sees_on_an_accepted_step(programme, coordinator):
    complete_steps(programme, [2], status=StepProgress.Status.ACCEPTED)
    progress = StepProgress.objects.get(programme=programme, step__number=2)
    assert engine.available_edges(STEP_WORKFLOW, progress, coordinator) == []
    assert "accepted this step" in engine.refusal(
        STEP_WORKFLOW, progress, "in_progress", coordinator
    )
