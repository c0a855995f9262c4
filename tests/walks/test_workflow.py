"""The safety walk workflow: edges, guards, history rows, the report on reporting."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from safecommunity.core.models import AuditEntry, StatusChange
from tests.factories.walks import FindingFactory, SafetyWalkFactory
from walks.models import Finding, SafetyWalk
from walks.workflow import (
    TRANSITIONS,
    TransitionError,
    available_edges,
    safety_walk_transition,
)

S = SafetyWalk.Status


@pytest.fixture
def walk(programme):
    return SafetyWalkFactory(
        programme=programme, starts_at=timezone.now() - datetime.timedelta(hours=2)
    )


def test_every_status_is_in_the_table():
    assert set(TRANSITIONS) == set(S.values)
    for edges in TRANSITIONS.values():
        assert all(edge.to in S.values for edge in edges)


def test_walk_moves_through_every_status_and_writes_history(walk, coordinator):
    finding = FindingFactory(walk=walk)
    safety_walk_transition(walk=walk, to_status=S.WALKED, actor=coordinator)
    safety_walk_transition(walk=walk, to_status=S.DISCUSSED, actor=coordinator)
    finding.term, finding.responsible_body = Finding.Term.SHORT, "Roads office"
    finding.due_date = datetime.date(2030, 1, 1)
    finding.save()
    safety_walk_transition(walk=walk, to_status=S.REPORTED, actor=coordinator)
    walk.refresh_from_db()
    assert walk.status == S.REPORTED
    changes = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(SafetyWalk), object_id=walk.pk
    )
    assert [c.to_status for c in changes] == [S.WALKED, S.DISCUSSED, S.REPORTED]
    assert all(c.actor == coordinator for c in changes)
    assert AuditEntry.objects.filter(object_id=str(walk.pk)).count() >= 3


def test_skipping_a_status_is_refused(walk, coordinator):
    with pytest.raises(TransitionError, match="cannot move"):
        safety_walk_transition(walk=walk, to_status=S.REPORTED, actor=coordinator)
    walk.refresh_from_db()
    assert walk.status == S.PLANNED


def test_a_walk_in_the_future_cannot_be_walked(programme, coordinator):
    walk = SafetyWalkFactory(programme=programme)
    with pytest.raises(TransitionError, match="before it starts"):
        safety_walk_transition(walk=walk, to_status=S.WALKED, actor=coordinator)


def test_report_needs_every_open_finding_sorted(walk, coordinator):
    FindingFactory(walk=walk)
    FindingFactory(walk=walk, status=Finding.Status.FIXED)
    safety_walk_transition(walk=walk, to_status=S.WALKED, actor=coordinator)
    safety_walk_transition(walk=walk, to_status=S.DISCUSSED, actor=coordinator)
    with pytest.raises(TransitionError, match=r"\(1 left\)"):
        safety_walk_transition(walk=walk, to_status=S.REPORTED, actor=coordinator)


def test_reopening_needs_a_comment(walk, coordinator):
    safety_walk_transition(walk=walk, to_status=S.WALKED, actor=coordinator)
    safety_walk_transition(walk=walk, to_status=S.DISCUSSED, actor=coordinator)
    with pytest.raises(TransitionError, match="Say why"):
        safety_walk_transition(walk=walk, to_status=S.WALKED, actor=coordinator)
    safety_walk_transition(
        walk=walk, to_status=S.WALKED, actor=coordinator, comment="One more round."
    )
    assert walk.status == S.WALKED


@pytest.mark.parametrize("role", ["mayor", "regional", "other_coordinator"])
def test_readers_and_strangers_cannot_move_a_walk(walk, role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(TransitionError, match="Only"):
        safety_walk_transition(walk=walk, to_status=S.WALKED, actor=user)
    assert available_edges(walk, user) == []


def test_secretariat_may_move_a_walk(walk, secretariat):
    safety_walk_transition(walk=walk, to_status=S.WALKED, actor=secretariat)
    assert walk.status == S.WALKED


def test_stale_status_is_refused(walk, coordinator):
    stale = SafetyWalk.objects.get(pk=walk.pk)
    safety_walk_transition(walk=walk, to_status=S.WALKED, actor=coordinator)
    with pytest.raises(TransitionError, match="Someone else"):
        safety_walk_transition(walk=stale, to_status=S.WALKED, actor=coordinator)
