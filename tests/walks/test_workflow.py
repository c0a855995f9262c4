"""The workflows of safety walks and findings: edges, guards, who may move them,
history rows, the report on reporting."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from safecommunity.core.models import AuditEntry, StatusChange
from tests.factories.walks import FindingFactory, SafetyWalkFactory
from walks.models import Finding, SafetyWalk
from walks.services.walks import finding_update
from walks.workflow import (
    FINDING_TRANSITIONS,
    TRANSITIONS,
    TransitionError,
    available_edges,
    finding_transition,
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


# --- Findings ---------------------------------------------------------------------

FS = Finding.Status


def _finding_history(finding):
    return list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Finding),
            object_id=finding.pk,
        ).values_list("from_status", "to_status", "comment")
    )


def test_every_finding_status_is_in_the_table():
    assert set(FINDING_TRANSITIONS) == set(FS.values)
    for status, edges in FINDING_TRANSITIONS.items():
        assert all(e.to in FS.values and e.to != status for e in edges)


def test_a_finding_is_followed_up_with_history_and_its_fixing_day(walk, coordinator):
    finding = FindingFactory(walk=walk)
    finding_transition(finding=finding, to_status=FS.PLANNED, actor=coordinator)
    finding_transition(finding=finding, to_status=FS.FIXED, actor=coordinator)
    finding.refresh_from_db()
    assert finding.fixed_on == timezone.localdate()
    finding_transition(finding=finding, to_status=FS.OPEN, actor=coordinator)
    finding.refresh_from_db()
    assert (finding.status, finding.fixed_on) == (FS.OPEN, None)
    assert _finding_history(finding) == [
        (FS.OPEN, FS.PLANNED, ""),
        (FS.PLANNED, FS.FIXED, ""),
        (FS.FIXED, FS.OPEN, ""),
    ]


def test_not_fixing_a_finding_needs_the_reason_which_is_kept(walk, coordinator):
    finding = FindingFactory(walk=walk)
    with pytest.raises(TransitionError, match="Say why"):
        finding_transition(
            finding=finding, to_status=FS.NOT_TO_BE_FIXED, actor=coordinator
        )
    finding_transition(
        finding=finding,
        to_status=FS.NOT_TO_BE_FIXED,
        actor=coordinator,
        reason="Private land.",
    )
    finding.refresh_from_db()
    assert finding.status_reason == "Private land."
    assert _finding_history(finding) == [(FS.OPEN, FS.NOT_TO_BE_FIXED, "Private land.")]
    finding_transition(finding=finding, to_status=FS.OPEN, actor=coordinator)
    finding.refresh_from_db()
    assert finding.status_reason == ""


@pytest.mark.parametrize("role", ["mayor", "regional", "other_coordinator"])
def test_readers_and_strangers_cannot_move_a_finding(walk, role, request):
    finding = FindingFactory(walk=walk)
    with pytest.raises(TransitionError, match="Only the municipality's coordinators"):
        finding_transition(
            finding=finding, to_status=FS.FIXED, actor=request.getfixturevalue(role)
        )
    finding.refresh_from_db()
    assert (finding.status, finding.fixed_on) == (FS.OPEN, None)
    assert _finding_history(finding) == []


def test_a_move_missing_from_the_table_is_refused(walk, coordinator):
    finding = FindingFactory(walk=walk)
    with pytest.raises(TransitionError, match="cannot move"):
        finding_transition(finding=finding, to_status=FS.OPEN, actor=coordinator)
    with pytest.raises(TransitionError, match="cannot move"):
        finding_transition(finding=finding, to_status="gone", actor=coordinator)
    assert _finding_history(finding) == []


def test_a_stale_finding_status_is_refused(walk, coordinator):
    finding = FindingFactory(walk=walk)
    stale = Finding.objects.get(pk=finding.pk)
    finding_transition(finding=finding, to_status=FS.FIXED, actor=coordinator)
    with pytest.raises(TransitionError, match="Someone else"):
        finding_transition(finding=stale, to_status=FS.PLANNED, actor=coordinator)
    finding.refresh_from_db()
    assert finding.status == FS.FIXED


def test_a_refused_move_in_the_follow_up_saves_nothing(walk, mayor):
    finding = FindingFactory(walk=walk, place="Trappa")
    fields = {
        "place": "Moved",
        "category": finding.category,
        "description": finding.description,
        "suggestion": "",
        "priority": finding.priority,
        "term": "",
        "responsible_body": "",
        "due_date": None,
        "status_reason": "",
        "initiative": None,
    }
    with pytest.raises(ValidationError) as refused:
        finding_update(actor=mayor, finding=finding, status=FS.FIXED, **fields)
    assert "Only the municipality's coordinators" in str(refused.value)
    finding.refresh_from_db()
    assert (finding.place, finding.status) == ("Trappa", FS.OPEN)
