"""Role x action x own/other municipality for every view with an object."""

import pytest
from django.urls import reverse

from programmes import permissions
from tests.factories.programmes import (
    InitiativeReportFactory,
    ManagementGroupMemberFactory,
    MeetingFactory,
    PartnerFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)

READERS = {"secretariat", "coordinator", "mayor", "regional"}
EDITORS = {"secretariat", "coordinator"}
ROLES = (
    "secretariat",
    "coordinator",
    "other_coordinator",
    "mayor",
    "certifier",
    "regional",
)


@pytest.fixture
def objects(programme, initiative, focus_area):
    group = WorkingGroupFactory(programme=programme)
    return {
        "code": programme.municipality.code,
        "initiative": initiative.pk,
        "report": InitiativeReportFactory(initiative=initiative).pk,
        "focus_area": focus_area.pk,
        "member": ManagementGroupMemberFactory(programme=programme).pk,
        "meeting": MeetingFactory(programme=programme).pk,
        "group": group.pk,
        "group_member": WorkingGroupMemberFactory(working_group=group).pk,
        "partner": PartnerFactory(programme=programme).pk,
    }


# url name, argument keys
READ_VIEWS = [
    ("programme-overview", ["code"]),
    ("initiative-list", ["code"]),
    ("initiative-detail", ["initiative"]),
    ("focus-area-list", ["code"]),
    ("management-group", ["code"]),
    ("meeting-detail", ["meeting"]),
    ("working-group-list", ["code"]),
    ("working-group-detail", ["group"]),
    ("partner-list", ["code"]),
    ("indicator-list", ["code"]),
]
EDIT_VIEWS = [
    ("programme-edit", ["code"]),
    ("initiative-create", ["code"]),
    ("initiative-edit", ["initiative"]),
    ("report-create", ["initiative"]),
    ("report-edit", ["report"]),
    ("focus-area-edit", ["focus_area"]),
    ("member-create", ["code"]),
    ("member-edit", ["member"]),
    ("meeting-create", ["code"]),
    ("meeting-edit", ["meeting"]),
    ("working-group-create", ["code"]),
    ("working-group-edit", ["group"]),
    ("working-group-member-edit", ["group_member"]),
    ("partner-edit", ["partner"]),
]
# Read pages that also take a POST to add something.
POST_ON_READ_VIEWS = [
    ("focus-area-list", ["code"]),
    ("working-group-detail", ["group"]),
    ("partner-list", ["code"]),
    ("indicator-list", ["code"]),
]


def _url(objects, name, keys, *extra):
    return reverse(f"programmes:{name}", args=[objects[k] for k in keys] + list(extra))


def _expected_read(role):
    return 200 if role in READERS else 404


def _expected_edit(role, ok):
    if role in EDITORS:
        return ok
    return 403 if role in READERS else 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "keys"), READ_VIEWS)
def test_read_views(request, client_for, objects, role, name, keys):
    client = client_for(request.getfixturevalue(role))
    response = client.get(_url(objects, name, keys))
    assert response.status_code == _expected_read(role)


@pytest.mark.parametrize("role", ROLES)
def test_annual_report_and_export(request, client_for, objects, role):
    client = client_for(request.getfixturevalue(role))
    expected = _expected_read(role)
    for url in (
        _url(objects, "annual-report", ["code"], 2024),
        _url(objects, "initiative-export", ["code"], "csv"),
        _url(objects, "initiative-export", ["code"], "xlsx"),
    ):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "keys"), EDIT_VIEWS)
def test_edit_views_get(request, client_for, objects, role, name, keys):
    client = client_for(request.getfixturevalue(role))
    response = client.get(_url(objects, name, keys))
    assert response.status_code == _expected_edit(role, 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "keys"), EDIT_VIEWS + POST_ON_READ_VIEWS)
def test_edit_views_post(request, client_for, objects, role, name, keys):
    """An empty form from an editor is refused with errors (400); others never get that far."""
    client = client_for(request.getfixturevalue(role))
    response = client.post(_url(objects, name, keys), {})
    assert response.status_code == _expected_edit(role, 400)


@pytest.mark.parametrize("role", ROLES)
def test_inline_validation_endpoint(request, client_for, objects, role):
    client = client_for(request.getfixturevalue(role))
    url = _url(objects, "initiative-validate", ["code"])
    response = client.post(url, {"_field": "title", "title": ""})
    assert response.status_code == _expected_edit(role, 200)


def test_certifier_reads_assigned_municipality_but_edits_nothing(
    client_for, certifier, municipality, objects
):
    certifier.municipalities.add(municipality)
    client = client_for(certifier)
    assert (
        client.get(_url(objects, "initiative-detail", ["initiative"])).status_code
        == 200
    )
    assert (
        client.get(_url(objects, "initiative-edit", ["initiative"])).status_code == 403
    )


def test_coordinator_gets_404_on_another_municipalitys_initiative(
    client_for, coordinator, other_initiative
):
    client = client_for(coordinator)
    detail = reverse("programmes:initiative-detail", args=[other_initiative.pk])
    assert client.get(detail).status_code == 404
    for name in ("initiative-edit", "report-create"):
        url = reverse(f"programmes:{name}", args=[other_initiative.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "Taken over"}).status_code == 404
    other_initiative.refresh_from_db()
    assert other_initiative.title == "Elsewhere"


def test_missing_objects_answer_404_like_hidden_ones(client_for, secretariat, db):
    client = client_for(secretariat)
    assert (
        client.get(reverse("programmes:initiative-detail", args=[999])).status_code
        == 404
    )
    assert (
        client.get(reverse("programmes:initiative-list", args=["9999"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("role", "can_view", "can_edit"),
    [
        ("secretariat", True, True),
        ("coordinator", True, True),
        ("other_coordinator", False, False),
        ("mayor", True, False),
        ("certifier", False, False),
        ("regional", True, False),
    ],
)
def test_predicates(request, initiative, role, can_view, can_edit):
    user = request.getfixturevalue(role)
    assert permissions.can_view_initiative(user, initiative) is can_view
    assert permissions.can_edit_initiative(user, initiative) is can_edit
    assert permissions.can_edit_programme(user, initiative.programme) is can_edit


def test_inactive_user_reads_nothing(coordinator, initiative):
    coordinator.is_active = False
    coordinator.save()
    assert not permissions.can_view_initiative(coordinator, initiative)
