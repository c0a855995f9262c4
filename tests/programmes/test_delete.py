"""Deleting management group members, working group members and partners."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmes.models import ManagementGroupMember, Partner, WorkingGroupMember
from safecommunity.core.models import AuditEntry
from tests.factories.programmes import (
    ManagementGroupMemberFactory,
    PartnerFactory,
    ProgrammeFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)


@pytest.fixture
def programme(municipality):
    return ProgrammeFactory(municipality=municipality)


@pytest.fixture
def parts(programme):
    group = WorkingGroupFactory(programme=programme)
    return {
        "member-delete": ManagementGroupMemberFactory(programme=programme),
        "working-group-member-delete": WorkingGroupMemberFactory(working_group=group),
        "partner-delete": PartnerFactory(programme=programme),
    }


MODELS = {
    "member-delete": ManagementGroupMember,
    "working-group-member-delete": WorkingGroupMember,
    "partner-delete": Partner,
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_coordinator_confirms_and_the_history_keeps_it(
    client_for, coordinator, parts, name
):
    obj = parts[name]
    url = reverse(f"programmes:{name}", args=[obj.pk])
    client = client_for(coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert str(obj) in page.content.decode()
    assert client.post(url, {}).status_code == 400  # no confirmation: kept
    assert MODELS[name].objects.filter(pk=obj.pk).exists()
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert response.status_code == 200
    assert "was deleted" in response.content.decode()
    assert not MODELS[name].objects.filter(pk=obj.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_id=obj.pk)
    assert entry.actor == coordinator
    assert entry.before
    assert entry.municipality == obj.municipality


def test_readers_and_other_municipalities_cannot_delete(
    client_for, mayor, other_coordinator, parts
):
    member = parts["member-delete"]
    url = reverse("programmes:member-delete", args=[member.pk])
    assert client_for(mayor).post(url, {"confirm": "yes"}).status_code == 403
    assert (
        client_for(other_coordinator).post(url, {"confirm": "yes"}).status_code == 404
    )
    assert ManagementGroupMember.objects.filter(pk=member.pk).exists()
