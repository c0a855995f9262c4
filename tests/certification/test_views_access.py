"""Role x action x own/other municipality for every certification view with an object."""

import pytest
from django.urls import reverse

from certification.models import SafetyProfile, Statement
from tests.factories.certification import AssignmentFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "secretariat",
    "coordinator",
    "other_coordinator",
    "mayor",
    "regional",
    "certifier",
    "second_certifier",
)


def _row(sec, coord, other, mayor, regional, cert, cert2):
    return dict(
        zip(ROLES, (sec, coord, other, mayor, regional, cert, cert2), strict=True)
    )


# name, url kind, method, data, expected status per role for OWN municipality's object
MATRIX = [
    ("path", "code", "get", None, _row(200, 200, 404, 200, 200, 200, 404)),
    ("case-open", "code", "post", {}, _row(302, 302, 404, 403, 403, 403, 404)),
    ("step-detail", "step", "get", None, _row(200, 200, 404, 200, 200, 200, 404)),
    (
        "step-detail",
        "step",
        "post",
        {"action": "note", "requirement": "REQ", "text": "Notat"},
        _row(302, 302, 404, 403, 403, 403, 404),
    ),
    (
        "step-detail",
        "step",
        "post",
        {"action": "comment", "body": "Kommentar"},
        _row(302, 302, 404, 403, 403, 302, 404),
    ),
    ("safety-profile", "code", "get", None, _row(200, 200, 404, 200, 200, 200, 404)),
    (
        "safety-profile",
        "code",
        "post",
        {"action": "save", "municipal_description": "x"},
        _row(302, 302, 404, 403, 403, 403, 404),
    ),
    (
        "safety-profile-version",
        "version",
        "get",
        None,
        _row(200, 200, 404, 200, 200, 200, 404),
    ),
    ("case-detail", "case", "get", None, _row(200, 200, 404, 200, 200, 200, 404)),
    (
        "case-transition",
        "case",
        "post",
        {"to_status": "profile_submitted", "expected_status": "draft"},
        _row(302, 302, 404, 403, 403, 302, 404),
    ),
    (
        "case-comment",
        "case",
        "post",
        {"body": "Kommentar"},
        _row(302, 302, 404, 403, 403, 302, 404),
    ),
    ("case-application", "case", "get", None, _row(200, 200, 404, 200, 200, 200, 404)),
    ("case-application", "case", "post", {}, _row(302, 302, 404, 403, 403, 403, 404)),
    ("case-follow-up", "case", "get", None, _row(200, 200, 404, 200, 200, 200, 404)),
    ("case-follow-up", "case", "post", {}, _row(302, 302, 404, 403, 403, 403, 404)),
    ("case-assign", "case", "get", None, _row(200, 403, 404, 403, 403, 403, 404)),
    (
        "case-assign",
        "case",
        "post",
        {"certifier": "CERT2"},
        _row(302, 403, 404, 403, 403, 403, 404),
    ),
    ("case-respond", "case", "get", None, _row(403, 403, 404, 403, 403, 200, 404)),
    ("case-meeting", "case", "get", None, _row(200, 403, 404, 403, 403, 200, 404)),
    ("case-statement", "case", "get", None, _row(403, 403, 404, 403, 403, 200, 404)),
    ("case-decision", "case", "get", None, _row(200, 403, 404, 403, 403, 403, 404)),
]


@pytest.fixture
def objects(request, case, programme, certifier, second_certifier):
    AssignmentFactory(case=case, certifier=certifier)
    SafetyProfile.objects.create(programme=programme, case=case, version=1, snapshot={})
    Statement.objects.create(case=case, round=1, summary="x", recommendation="approve")
    other_case = request.getfixturevalue("other_case")
    SafetyProfile.objects.create(
        programme=other_case.programme, case=other_case, version=1, snapshot={}
    )
    return {"own": case, "other": other_case}


def _url(name, kind, case):
    code = case.programme.municipality.code
    args = {
        "code": [code],
        "step": [code, 1],
        "version": [code, 1],
        "case": [case.pk],
    }[kind]
    return reverse(f"certification:{name}", args=args)


def _data(data, case, second_certifier):
    from certification.models import Requirement

    if data is None:
        return None
    values = dict(data)
    if values.get("requirement") == "REQ":
        values["requirement"] = Requirement.objects.filter(step__number=1).first().pk
    if values.get("certifier") == "CERT2":
        values["certifier"] = second_certifier.pk
    return values


@pytest.mark.parametrize("where", ["own", "other"])
@pytest.mark.parametrize(
    ("name", "kind", "method", "data", "expected"),
    MATRIX,
    ids=[f"{m[0]}-{m[2]}-{i}" for i, m in enumerate(MATRIX)],
)
def test_access_matrix(
    request,
    client_for,
    objects,
    second_certifier,
    where,
    name,
    kind,
    method,
    data,
    expected,
):
    case = objects[where]
    url = _url(name, kind, case)
    for role in ROLES:
        user = request.getfixturevalue(role)
        client = client_for(user)
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, _data(data, case, second_certifier))
        want = expected[role]
        if where == "other":
            # The other municipality is other_coordinator's own; to everyone
            # else (but the secretariat) its objects do not exist.
            if role == "other_coordinator":
                want = expected["coordinator"]
            elif role != "secretariat":
                want = 404
        assert response.status_code == want, f"{role} {method} {url}"


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("case-list", {"secretariat"}),
        ("worklist", {"certifier", "second_certifier"}),
    ],
)
def test_lists_belong_to_their_role(request, client_for, name, allowed):
    for role in ROLES:
        response = client_for(request.getfixturevalue(role)).get(
            reverse(f"certification:{name}")
        )
        assert response.status_code == (200 if role in allowed else 403), role


def test_register_is_public(client, db):
    assert client.get(reverse("certification:register")).status_code == 200


def test_certifier_lands_on_the_work_list(client_for, certifier):
    response = client_for(certifier).get("/")
    assert response["Location"] == reverse("certification:worklist")


def test_a_past_certifier_is_offered_no_link_their_access_no_longer_opens(
    client, municipality
):
    """A case stays readable to its certifier after it closes and their access to
    the municipality ends; the case page then links only to what opens for them."""
    import re

    from certification.models import CaseStatus
    from tests.factories.certification import CaseFactory
    from tests.factories.programmes import ProgrammeFactory

    case = CaseFactory(
        programme=ProgrammeFactory(municipality=municipality),
        status=CaseStatus.CERTIFIED,
    )
    SafetyProfile.objects.create(
        case=case, programme=case.programme, version=1, snapshot={}
    )
    assignment = AssignmentFactory(case=case)
    certifier = assignment.certifier
    certifier.municipalities.clear()  # released when the case closed
    client.force_login(certifier)

    page = client.get(reverse("certification:case-detail", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "version 1" in html  # the profile is named, not linked
    links = set(re.findall(r'<a href="(/[^"]*)"', html))
    assert reverse("certification:case-application", args=[case.pk]) in links
    refused = {
        url
        for url in links
        if not url.startswith(("/static/", "/accounts/logout"))
        and client.get(url).status_code in (403, 404)
    }
    assert refused == set()
