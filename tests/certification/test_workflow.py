"""The transition table, every status x every target x every role, and each edge's guards."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import translation

from certification.models import CaseStatus, CertificationCase
from certification.services import certification_case_transition
from certification.workflow import (
    TRANSITIONS,
    TransitionConflict,
    TransitionError,
    refusal,
)
from safecommunity.core.models import AuditEntry, StatusChange
from tests.factories.certification import CertificateFactory, satisfy_guards

pytestmark = pytest.mark.django_db

S = CaseStatus
# The specification, written out independently of workflow.TRANSITIONS.
EXPECTED: dict[tuple[str, str], set[str]] = {
    (S.DRAFT, S.PROFILE_SUBMITTED): {"secretariat", "coordinator"},
    (S.PROFILE_SUBMITTED, S.CERTIFIERS_ASSIGNED): {"secretariat"},
    (S.PROFILE_SUBMITTED, S.DRAFT): {"secretariat"},
    (S.CERTIFIERS_ASSIGNED, S.STEPS_IN_PROGRESS): {"certifier", "secretariat"},
    (S.STEPS_IN_PROGRESS, S.READY_FOR_MEETING): {"coordinator", "secretariat"},
    (S.READY_FOR_MEETING, S.MEETING_HELD): {"certifier", "secretariat"},
    (S.READY_FOR_MEETING, S.STEPS_IN_PROGRESS): {"certifier", "secretariat"},
    (S.MEETING_HELD, S.STATEMENT_WRITTEN): {"certifier"},
    (S.STATEMENT_WRITTEN, S.APPROVED): {"secretariat"},
    (S.STATEMENT_WRITTEN, S.DEFERRED): {"secretariat"},
    (S.STATEMENT_WRITTEN, S.DECLINED): {"secretariat"},
    (S.STATEMENT_WRITTEN, S.MEETING_HELD): {"certifier", "secretariat"},
    (S.APPROVED, S.CERTIFIED): {"secretariat"},
    (S.DEFERRED, S.STEPS_IN_PROGRESS): {"coordinator", "secretariat"},
    (S.CERTIFIED, S.RECERTIFICATION_DUE): {"secretariat", "system"},
    (S.CERTIFIED, S.LAPSED): {"secretariat", "system"},
    (S.RECERTIFICATION_DUE, S.RECERTIFICATION_SUBMITTED): {
        "coordinator",
        "secretariat",
    },
    (S.RECERTIFICATION_DUE, S.LAPSED): {"secretariat", "system"},
    (S.RECERTIFICATION_SUBMITTED, S.CERTIFIERS_ASSIGNED): {"secretariat"},
    (S.RECERTIFICATION_SUBMITTED, S.RECERTIFICATION_DUE): {"secretariat"},
}

# Role fixture -> the kind it acts as on `case` (None: acts as nobody).
ROLES = {
    "secretariat": "secretariat",
    "coordinator": "coordinator",
    "other_coordinator": None,
    "mayor": None,
    "regional": None,
    "certifier": "certifier",  # assigned to the case
    "second_certifier": None,  # a council member not on the case
    "system": "system",
}


def test_the_table_is_the_specification():
    table = {
        (f, e.to): {a.value for a in e.actors}
        for f, es in TRANSITIONS.items()
        for e in es
    }
    assert table == dict(EXPECTED.items())
    assert set(TRANSITIONS) == set(S.values)


@pytest.fixture
def actors(request, assigned):
    users = {name: request.getfixturevalue(name) for name in ROLES if name != "system"}
    users["system"] = None
    return users


@pytest.mark.parametrize("status", S.values)
def test_every_status_target_and_role(status, case, actors):
    CertificationCase.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    with translation.override("en"):
        for target in S.values:
            allowed = EXPECTED.get((status, target))
            for name, user in actors.items():
                reason = refusal(case, target, user, check_guards=False)
                where = f"{status} -> {target} as {name}"
                if allowed is None:
                    assert reason is not None, where
                    assert "cannot move" in reason, where
                    assert "Allowed next" in reason, where
                elif ROLES[name] in allowed:
                    assert reason is None, where
                else:
                    assert reason is not None, where
                    assert reason.startswith("Only "), where
                    assert "may move the case" in reason, where


def _actor_for(edge_roles, actors):
    for kind in ("secretariat", "certifier", "coordinator", "system"):
        if kind in edge_roles:
            return actors[kind]
    raise AssertionError


GUARD_MESSAGES = {
    (S.DRAFT, S.PROFILE_SUBMITTED): "Not all steps are complete",
    (S.PROFILE_SUBMITTED, S.CERTIFIERS_ASSIGNED): "Two certifiers must be assigned",
    (S.PROFILE_SUBMITTED, S.DRAFT): "Say why",
    (S.CERTIFIERS_ASSIGNED, S.STEPS_IN_PROGRESS): "Two certifiers must be assigned",
    (S.STEPS_IN_PROGRESS, S.READY_FOR_MEETING): "Not all steps are complete",
    (S.READY_FOR_MEETING, S.MEETING_HELD): "Schedule the certification meeting",
    (S.READY_FOR_MEETING, S.STEPS_IN_PROGRESS): "Say why",
    (S.MEETING_HELD, S.STATEMENT_WRITTEN): "Write the statement",
    (S.STATEMENT_WRITTEN, S.APPROVED): "Record the decision",
    (S.STATEMENT_WRITTEN, S.DEFERRED): "Record the decision",
    (S.STATEMENT_WRITTEN, S.DECLINED): "Record the decision",
    (S.STATEMENT_WRITTEN, S.MEETING_HELD): "Say why",
    (S.APPROVED, S.CERTIFIED): "No certificate has been issued",
    (S.DEFERRED, S.STEPS_IN_PROGRESS): None,
    (S.CERTIFIED, S.RECERTIFICATION_DUE): "Recertification opens 12 months",
    (S.CERTIFIED, S.LAPSED): "The certificate is valid until",
    (S.RECERTIFICATION_DUE, S.RECERTIFICATION_SUBMITTED): "Write the application",
    (S.RECERTIFICATION_DUE, S.LAPSED): "The certificate is valid until",
    (S.RECERTIFICATION_SUBMITTED, S.CERTIFIERS_ASSIGNED): "Two certifiers",
    (S.RECERTIFICATION_SUBMITTED, S.RECERTIFICATION_DUE): "Say why",
}


@pytest.mark.parametrize(("edge", "message"), GUARD_MESSAGES.items(), ids=str)
def test_each_edge_refuses_with_its_reason_then_moves(
    edge, message, case, actors, django_capture_on_commit_callbacks
):
    from_status, to_status = edge
    assert set(GUARD_MESSAGES) == set(EXPECTED)
    CertificationCase.objects.filter(pk=case.pk).update(status=from_status)
    case.refresh_from_db()
    if from_status in {S.CERTIFIED, S.RECERTIFICATION_DUE}:
        CertificateFactory(case=case)  # valid for five more years
    if edge == (S.CERTIFIERS_ASSIGNED, S.STEPS_IN_PROGRESS):
        case.assignments.update(accepted_at=None)
    actor = _actor_for(EXPECTED[edge], actors)
    if edge == (S.CERTIFIERS_ASSIGNED, S.STEPS_IN_PROGRESS):
        actor = actors["secretariat"]
        case.assignments.all().delete()
    with translation.override("en"):
        if message is not None:
            with pytest.raises(TransitionError) as refused:
                certification_case_transition(
                    case=case, to_status=to_status, actor=actor
                )
            assert message in refused.value.message
            assert not StatusChange.objects.filter(
                content_type=ContentType.objects.get_for_model(case), object_id=case.pk
            ).exists()
        satisfy_guards(case, to_status)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            moved = certification_case_transition(
                case=case, to_status=to_status, actor=actor, comment="Begrunnelse"
            )
    assert moved.status == to_status
    assert CertificationCase.objects.get(pk=case.pk).status == to_status
    change = StatusChange.objects.get(
        content_type=ContentType.objects.get_for_model(CertificationCase),
        object_id=case.pk,
    )
    assert (change.from_status, change.to_status, change.comment) == (
        from_status,
        to_status,
        "Begrunnelse",
    )
    assert change.actor == actor
    assert AuditEntry.objects.filter(
        object_id=str(case.pk), action="update", comment="Begrunnelse"
    ).exists()
    recipients = {address for m in mail.outbox for address in m.to}
    if actor is not None:
        assert actor.email not in recipients
    assert "coord@example.org" in recipients or actor == actors["coordinator"]


def test_a_stale_page_gets_a_clear_message_and_nothing_changes(case, coordinator):
    stale = CertificationCase.objects.get(pk=case.pk)
    CertificationCase.objects.filter(pk=case.pk).update(status=S.PROFILE_SUBMITTED)
    with translation.override("en"), pytest.raises(TransitionConflict) as conflict:
        certification_case_transition(
            case=stale, to_status=S.PROFILE_SUBMITTED, actor=coordinator
        )
    assert "Someone else moved this case" in conflict.value.message
    assert "Safety profile submitted" in conflict.value.message
    assert not StatusChange.objects.exists()


def test_recertification_starts_a_new_round_from_a_copy_of_the_application(
    case, secretariat
):
    from certification.models import Application
    from tests.factories.certification import complete_application

    complete_application(case)
    CertificationCase.objects.filter(pk=case.pk).update(status=S.CERTIFIED)
    case.refresh_from_db()
    satisfy_guards(case, S.RECERTIFICATION_DUE)
    certification_case_transition(
        case=case, to_status=S.RECERTIFICATION_DUE, actor=None
    )
    case.refresh_from_db()
    assert case.round == 2
    assert case.programme.status == "recertification_due"
    new = Application.objects.get(case=case, round=2)
    old = Application.objects.get(case=case, round=1)
    assert new.copied_from == old
    assert [(s.focus_area_id, s.goal) for s in new.sections.all()] == [
        (s.focus_area_id, s.goal) for s in old.sections.all()
    ]
