"""Every URL of the project x every role x own/other municipality x GET/POST.

The URL list comes from the resolver, so a new view fails
`test_every_url_is_in_the_matrix` until its rule is written here.

Who may do what with the OWN municipality's object, per method:
- public: everyone, signed in or not;
- signed_in: every signed-in user (pages showing only the user's own things);
- read: those who may read the municipality (secretariat, its coordinator,
  mayor, the regional contact and the regional coordinator of its county, the
  certifier assigned to it); for a regional programme: those who read the
  county or a member municipality;
- edit: those who may change it (secretariat, its coordinator);
- uploader: the user who uploaded the file, and the secretariat;
- recipient: the user the object was written for, no one else (not even the
  secretariat: a notification is private to its recipient);
- token_owner: the user who made the API token, nobody else;
- a set of roles: exactly those (certification council work);
- private: editors only; everyone else, readers included, gets 404;
- to_login: everyone is sent to the login page (logout);
- None: the method is not offered (405 for everyone).
The OTHER municipality's objects answer 404 to everyone but the secretariat and
that municipality's own coordinator, so their existence does not leak; a
reader without the right to act gets 403; anonymous users go to the login page.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from certification.models import Requirement
from events.tokens import cancel_token
from injuries.models import CodeBook
from safecommunity.core.models import ApiToken, Role
from safecommunity.core.tokens import token_create, token_revoke
from tests.factories.core import CountyFactory, MunicipalityFactory, UserFactory
from tests.factories.events import RegistrationFactory
from tests.factories.injuries import RegistrationFactory as InjuryFactory
from tests.factories.programmes import GoodExampleFactory
from tests.security.world import ROLES, build_world

READERS = frozenset(
    {"secretariat", "coordinator", "mayor", "regional", "certifier"}
    | {"regional_coordinator"}
)
EDITORS = frozenset({"secretariat", "coordinator"})
R, E, S, P = "read", "edit", "signed_in", "public"
# Individual registrations are health data: only those who register them see
# that the pages exist at all.
PRIVATE = "private"
TO_LOGIN = "to_login"
# The user's own API token (the world's belongs to `coordinator`): 404 to the rest.
TOKEN_OWNER = "token_owner"
SEC = frozenset({"secretariat"})
# Who may change a regional programme: the secretariat and the county's
# regional coordinator (the member municipalities' coordinators only read it).
REGION_EDITORS = frozenset({"secretariat", "regional_coordinator"})


COUNTY_READERS = frozenset({"secretariat", "regional", "regional_coordinator"})


class Hidden(frozenset):
    """Exactly these roles; to everyone else the page does not exist (404)."""


COUNCIL = frozenset({"secretariat", "coordinator", "certifier"})


class Global:
    """URL arguments of an object that belongs to no municipality (a step, a
    requirement): tested once, like a page without arguments."""

    def __init__(self, build):
        self.build = build

    def __call__(self, w, s):
        return self.build(w)


def code(w, s):
    return {"code": w.side(s).municipality.code}


def obj(name):
    return lambda w, s: {"pk": w.side(s).objects[name].pk}


def with_code(name, **extra):
    return lambda w, s: {**code(w, s), "pk": w.side(s).objects[name].pk, **extra}


case = obj("case")


def region_dossier(w, s):
    objects = w.side(s).objects
    return {"pk": objects["region"].pk, "job": objects["region_dossier"].pk}


def _example(w):
    """One published good example of the own municipality, with a material."""
    if "example" not in w.own.objects:
        example = GoodExampleFactory(programme=w.own.objects["programme"])
        example.materials.add(w.own.objects["document"])
        w.own.objects["example"] = example
    return w.own.objects["example"]


def _event(w):
    """One published event with a participant, made once per world."""
    if "event" not in w.own.objects:
        w.own.objects["event"] = RegistrationFactory().event
    return w.own.objects["event"]


# url name -> (kwargs builder, GET rule, POST rule[, POST data])
# A None rule means the view offers no such method: it answers 405, or treats
# the request like the other method (for example a POST to a plain page).
RULES: dict[str, tuple] = {
    # accounts and core
    "healthz": (None, P, None),
    "favicon": (None, P, None),
    # the API's public addresses (its token endpoints: API_RULES below)
    "api-index": (None, P, None),
    "api:index": (None, P, None),
    "api:api-root": (None, P, None),
    "api:openapi-json": (None, P, None),
    "api:openapi-view": (None, P, None),
    "api:municipality-list": (None, P, None),
    "api:municipality-detail": (
        lambda w, s: {"country": "NO", "code": w.side(s).municipality.code},
        P,
        None,
    ),
    "api:population": (None, P, None),
    "api:certified": (None, P, None),
    "set_language": (None, P, P),
    "login": (None, P, P),
    "logout": (None, None, TO_LOGIN),
    "password_change": (None, S, S),
    "password_change_done": (None, S, None),
    "password_reset": (None, P, P),
    "password_reset_done": (None, P, None),
    "password_reset_confirm": (lambda w, s: {"uidb64": "MQ", "token": "x-y"}, P, P),
    "password_reset_complete": (None, P, None),
    "core:home": (None, S, None),
    "core:account": (None, S, S),
    "core:accessibility": (None, P, None),
    "core:notification-list": (None, S, None),
    "core:notification-read-all": (None, None, S),
    "core:notification-read": (obj("notification"), None, "recipient"),
    "core:api-tokens": (None, S, S),
    # Each user's own tokens; the role user `coordinator` owns this one.
    "core:api-token-revoke": (
        Global(lambda w: {"pk": w.objects["token"].pk}),
        None,
        TOKEN_OWNER,
    ),
    "core:municipality-list": (None, S, None),
    "core:municipality-detail": (code, R, None),
    # The history can hold registrations' values: editors only.
    "core:municipality-history": (code, PRIVATE, None),
    "core:document-download": (obj("document"), R, None),
    # injuries
    "injuries:home": (None, S, None),
    "injuries:registration-list": (code, PRIVATE, None),
    "injuries:registration-create": (code, PRIVATE, PRIVATE),
    "injuries:registration-update": (obj("registration"), PRIVATE, PRIVATE),
    "injuries:import-upload": (None, PRIVATE, PRIVATE),
    "injuries:import-detail": (obj("import_job"), "uploader", None),
    "injuries:import-progress": (obj("import_job"), "uploader", None),
    "injuries:import-confirm": (obj("import_job"), None, "uploader"),
    "injuries:import-retry": (obj("import_job"), None, "uploader"),
    "injuries:import-undo": (obj("import_job"), "uploader", "uploader"),
    "injuries:import-errors": (obj("import_job"), "uploader", None),
    "injuries:statistics": (code, R, None),
    "injuries:statistics-county": (
        lambda w, s: {"pk": w.side(s).municipality.county_id},
        R,
        None,
    ),
    "injuries:statistics-country": (lambda w, s: {"code": "NO"}, Hidden(SEC), None),
    # Population figures and code books serve the whole country: the secretariat's.
    "injuries:population-upload": (None, Hidden(SEC), Hidden(SEC)),
    "injuries:code-book-list": (None, Hidden(SEC), Hidden(SEC)),
    "injuries:code-book-detail": (
        Global(lambda w: {"pk": CodeBook.objects.get_or_create(name="FMDS")[0].pk}),
        Hidden(SEC),
        Hidden(SEC),
    ),
    # programmes
    "programmes:focus-area-edit": (obj("focus_area"), E, E),
    "programmes:initiative-detail": (obj("initiative"), R, None),
    "programmes:initiative-edit": (obj("initiative"), E, E),
    "programmes:report-create": (obj("initiative"), E, E),
    "programmes:report-edit": (obj("report"), E, E),
    "programmes:member-edit": (obj("member"), E, E),
    # Deletes need the form's confirmation: the matrix's bare POSTs delete nothing.
    "programmes:initiative-delete": (obj("initiative"), E, E),
    "programmes:member-delete": (obj("member"), E, E),
    "programmes:meeting-delete": (obj("meeting"), E, E),
    "programmes:report-delete": (obj("report"), E, E),
    "programmes:working-group-member-delete": (obj("working_group_member"), E, E),
    "programmes:partner-delete": (obj("partner"), E, E),
    "programmes:meeting-detail": (obj("meeting"), R, None),
    "programmes:meeting-edit": (obj("meeting"), E, E),
    "programmes:working-group-detail": (obj("working_group"), R, E),
    # regional programmes (the side's county, with the side's municipality a member)
    "programmes:region-list": (None, S, None),
    "programmes:region-detail": (obj("region"), R, None),
    "programmes:region-management-group": (obj("region"), R, None),
    "programmes:region-member-create": (obj("region"), REGION_EDITORS, REGION_EDITORS),
    "programmes:region-meeting-create": (obj("region"), REGION_EDITORS, REGION_EDITORS),
    "programmes:region-working-group-list": (obj("region"), R, None),
    "programmes:region-working-group-create": (
        obj("region"),
        REGION_EDITORS,
        REGION_EDITORS,
    ),
    "programmes:region-create": (None, SEC, SEC),
    "programmes:region-members": (obj("region"), SEC, SEC),
    "programmes:region-focus-areas": (obj("region"), R, REGION_EDITORS),
    "programmes:region-partner-list": (obj("region"), R, REGION_EDITORS),
    "programmes:region-data-sharing-list": (obj("region"), R, None),
    "programmes:region-data-sharing-create": (
        obj("region"),
        REGION_EDITORS,
        REGION_EDITORS,
    ),
    "programmes:working-group-edit": (obj("working_group"), E, E),
    "programmes:working-group-delete": (obj("working_group"), E, E),
    "programmes:working-group-member-edit": (obj("working_group_member"), E, E),
    "programmes:partner-edit": (obj("partner"), E, E),
    "programmes:partner-agreement-create": (obj("partner"), E, E),
    "programmes:partner-agreement-edit": (obj("partner_agreement"), E, E),
    # Good examples: published ones are public; the secretariat reviews;
    # those who can change a programme adopt.
    "programmes:example-list": (None, P, None),
    "programmes:example-feed": (None, P, None),
    "programmes:example-detail": (Global(lambda w: {"pk": _example(w).pk}), P, None),
    "programmes:example-material": (
        Global(
            lambda w: {
                "pk": _example(w).pk,
                "document_pk": w.own.objects["document"].pk,
            }
        ),
        P,
        None,
    ),
    "programmes:example-review-list": (None, SEC, None),
    "programmes:example-review": (Global(lambda w: {"pk": _example(w).pk}), SEC, SEC),
    "programmes:example-adopt": (
        Global(lambda w: {"pk": _example(w).pk}),
        EDITORS,
        EDITORS,
    ),
    "programmes:example-propose": (code, E, E),
    "programmes:data-sharing-list": (code, R, None),
    "programmes:data-sharing-create": (code, E, E),
    "programmes:data-sharing-detail": (obj("data_sharing"), R, None),
    "programmes:data-sharing-edit": (obj("data_sharing"), E, E),
    "programmes:programme-list": (None, S, None),
    "programmes:programme-overview": (code, R, None),
    "programmes:programme-edit": (code, E, E),
    "programmes:focus-area-list": (code, R, E),
    "programmes:annual-report": (lambda w, s: {**code(w, s), "year": 2024}, R, None),
    "programmes:initiative-list": (code, R, None),
    "programmes:initiative-export": (
        lambda w, s: {**code(w, s), "file_format": "csv"},
        R,
        None,
    ),
    "programmes:initiative-create": (code, E, E),
    "programmes:initiative-validate": (
        code,
        None,
        E,
        {"_field": "title", "title": "x"},
    ),
    "programmes:management-group": (code, R, None),
    "programmes:member-create": (code, E, E),
    "programmes:meeting-create": (code, E, E),
    "programmes:working-group-list": (code, R, None),
    "programmes:working-group-create": (code, E, E),
    "programmes:partner-list": (code, R, E),
    "programmes:indicator-list": (code, R, E),
    "walks:walk-link": (
        lambda w, s: {"token": w.side(s).objects["walk_token"]},
        P,
        P,
    ),
    "walks:walk-list": (code, R, None),
    "walks:checklist-public-list": (
        lambda w, s: {"token": w.side(s).objects["checklist_token"]},
        P,
        None,
    ),
    "walks:checklist-public-form": (
        lambda w, s: {
            "token": w.side(s).objects["checklist_token"],
            "pk": w.side(s).objects["checklist"].pk,
        },
        P,
        P,
    ),
    "walks:checklist-overview": (code, R, E),
    "walks:walk-create": (code, E, E),
    "walks:walk-detail": (obj("walk"), R, E),
    "walks:walk-edit": (obj("walk"), E, E),
    "walks:walk-report": (obj("walk"), R, None),
    "walks:walk-report-retry": (obj("walk"), None, E),
    "walks:walk-transition": (obj("walk"), None, E),
    "walks:walk-link-create": (obj("walk"), None, E),
    "walks:walk-link-revoke": (obj("walk_link"), None, E),
    "walks:finding-edit": (obj("finding"), E, E),
    "walks:finding-merge": (obj("finding"), None, E),
    "walks:finding-board": (code, R, None),
    # certification
    "certification:register": (None, P, None),
    "certification:case-list": (None, SEC, None),
    # The requirement checklists are the secretariat's.
    "certification:checklists": (None, SEC, None),
    "certification:requirement-create": (Global(lambda w: {"number": 1}), SEC, SEC),
    "certification:requirement-edit": (
        Global(lambda w: {"pk": Requirement.objects.order_by("pk").first().pk}),
        SEC,
        SEC,
    ),
    "certification:worklist": (None, frozenset({"certifier"}), None),
    "certification:path": (code, R, None),
    "certification:case-open": (code, None, E),
    "certification:step-detail": (
        lambda w, s: {**code(w, s), "number": 1},
        R,
        COUNCIL,
        {"action": "comment", "body": "Kommentar"},
    ),
    "certification:safety-profile": (code, R, E),
    "certification:safety-profile-version": (
        lambda w, s: {**code(w, s), "version": 1},
        R,
        None,
    ),
    # a regional programme's path (the side's region)
    "certification:region-path": (obj("region"), R, None),
    "certification:region-case-open": (obj("region"), None, REGION_EDITORS),
    "certification:region-step-detail": (
        lambda w, s: {"pk": w.side(s).objects["region"].pk, "number": 1},
        R,
        REGION_EDITORS,
        {"action": "status", "status": "in_progress"},
    ),
    "certification:region-safety-profile": (obj("region"), R, REGION_EDITORS),
    "certification:region-safety-profile-version": (
        lambda w, s: {"pk": w.side(s).objects["region"].pk, "version": 1},
        R,
        None,
    ),
    "certification:case-detail": (case, R, None),
    "certification:case-transition": (case, None, COUNCIL),
    "certification:case-comment": (case, None, COUNCIL),
    "certification:case-application": (case, R, E),
    "certification:case-follow-up": (case, R, E),
    "certification:case-assign": (case, SEC, SEC),
    "certification:assignment-remove": (
        lambda w, s: {
            "pk": w.side(s).objects["case"].pk,
            "assignment_pk": w.side(s).objects["assignment"].pk,
        },
        None,
        SEC,
    ),
    "certification:case-respond": (
        case,
        frozenset({"certifier"}),
        frozenset({"certifier"}),
    ),
    "certification:case-meeting": (
        case,
        frozenset({"secretariat", "certifier"}),
        frozenset({"secretariat", "certifier"}),
    ),
    "certification:case-statement": (
        case,
        frozenset({"certifier"}),
        frozenset({"certifier"}),
    ),
    "certification:case-decision": (case, SEC, SEC),
    "certification:diploma-retry": (case, None, SEC),
    "certification:designation": (code, R, E),
    "certification:designation-decision": (obj("designation"), SEC, SEC),
    # events: public pages without an account; the rest is the secretariat's
    "events:public-list": (None, P, None),
    "events:public-detail": (Global(lambda w: {"pk": _event(w).pk}), P, P),
    "events:cancel": (
        Global(lambda w: {"token": cancel_token(RegistrationFactory().pk)}),
        P,
        P,
    ),
    "events:manage-list": (None, SEC, None),
    "events:create": (None, SEC, SEC),
    "events:edit": (Global(lambda w: {"pk": _event(w).pk}), SEC, SEC),
    "events:participants": (Global(lambda w: {"pk": _event(w).pk}), SEC, None),
    "events:participants-export": (
        Global(lambda w: {"pk": _event(w).pk, "file_format": "csv"}),
        SEC,
        None,
    ),
    # reports
    "reports:dossier": (code, R, R),
    "reports:dossier-job": (with_code("dossier"), R, None),
    "reports:dossier-download": (with_code("dossier"), R, None),
    "reports:dashboard": (code, R, None),
    "reports:dashboard-certification": (code, R, None),
    "reports:initiative-follow-up": (obj("initiative"), R, None),
    "reports:regional-home": (None, Hidden(COUNTY_READERS), None),
    "reports:regional": (
        lambda w, s: {"county_id": w.side(s).municipality.county_id},
        Hidden(COUNTY_READERS),
        None,
    ),
    "reports:region-programme-dashboard": (obj("region"), R, None),
    "reports:region-annual-report": (obj("region"), R, None),
    "reports:region-dossier": (obj("region"), R, R),
    "reports:region-dossier-job": (region_dossier, R, None),
    "reports:region-dossier-download": (region_dossier, R, None),
}


# The API's token routes: url name -> (kwargs builder, rule[, method, JSON body]).
# Rules as above, plus TOKEN: any user with a usable token. Without a usable
# token (none, only a signed-in session, an expired or a revoked one) every
# route answers 401; with one, 404 for what its user may not read (the API
# has no login page and no 403 that would reveal an object).
TOKEN = "token"


def area(w, s):
    return {"country": "NO", "code": w.side(s).municipality.code}


API_RULES: dict[str, tuple] = {
    "api:token": (None, TOKEN),
    "api:statistics": (area, R),
    "api:programme": (area, R),
    "api:initiative-list": (area, R),
    "api:report-list": (area, R),
    "api:region-list": (None, S),
    "api:region": (
        lambda w, s: {
            "country": w.side(s).municipality.county.country.code,
            "county": w.side(s).municipality.county.code,
        },
        R,
    ),
    "api:registration-list": (area, PRIVATE),
    "api:registration-import": (None, E, "post", []),
    "api:import-detail": (obj("import_job"), "uploader"),
}


def _names(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin guards itself (secretariat only; tests/core)
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            yield from _names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


ALL_NAMES = sorted(set(_names(get_resolver())))


def test_every_url_is_in_the_matrix():
    missing = [n for n in ALL_NAMES if n not in RULES and n not in API_RULES]
    assert missing == [], f"add a rule for: {missing}"
    stale = [n for n in [*RULES, *API_RULES] if n not in ALL_NAMES]
    assert stale == [], f"rules for URLs that no longer exist: {stale}"


def _as_own(role: str, side: str) -> str | None:
    """The role seen from the object's municipality; None: a stranger to it."""
    if side == "none":
        return "coordinator" if role == "other_coordinator" else role
    if side == "own":
        return None if role == "other_coordinator" else role
    if role == "secretariat":
        return role
    if role == "other_coordinator":
        return "coordinator"
    return None


def _expected(rule, role: str, side: str, owner: str) -> str:
    """'ok', 'login', '404' or '403' for one role, side and method rule."""
    if rule == P:
        return "ok"
    if role == "anonymous" or rule == TO_LOGIN:
        return "login"
    if rule == S:
        return "ok"
    if rule == TOKEN_OWNER:
        return "ok" if role == "coordinator" else "404"
    as_own = _as_own(role, side)
    if rule == "uploader":
        return "ok" if role in {"secretariat", owner} else "404"
    if rule == "recipient":
        return "ok" if role == owner else "404"
    if as_own is None:
        return "404"
    if rule == PRIVATE:
        return "ok" if as_own in EDITORS else "404"
    if rule == R:
        allowed = as_own in READERS
    elif rule == E:
        allowed = as_own in EDITORS
    else:
        allowed = as_own in rule
    if allowed:
        return "ok"
    if isinstance(rule, Hidden):
        return "404"
    if side == "none":
        return "403"  # a page of no municipality: refused, nothing to hide
    return "403" if as_own in READERS else "404"


def _matches(expected: str, response, *, offered: bool) -> bool:
    status = response.status_code
    if not offered and status == 405:
        return True
    if expected == "ok":
        if status == 302:
            return "/accounts/login/" not in response["Location"]
        return status not in {403, 404, 405} and status < 500
    if expected == "login":
        return status == 302 and "/accounts/login/" in response["Location"]
    return status == int(expected)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


# Pages of a programme's parts, again with a regional programme's parts: the
# county's editors change them; the member municipalities' coordinators read.
RE = REGION_EDITORS
REGION_PART_RULES: dict[str, tuple] = {
    "programmes:member-edit": (obj("region_member"), RE, RE),
    "programmes:member-delete": (obj("region_member"), RE, RE),
    "programmes:meeting-detail": (obj("region_meeting"), R, None),
    "programmes:meeting-edit": (obj("region_meeting"), RE, RE),
    "programmes:meeting-delete": (obj("region_meeting"), RE, RE),
    "programmes:working-group-detail": (obj("local_group"), R, RE),
    "programmes:working-group-edit": (obj("local_group"), RE, RE),
    "programmes:working-group-delete": (obj("local_group"), RE, RE),
    "programmes:working-group-member-edit": (obj("local_group_member"), RE, RE),
    "programmes:working-group-member-delete": (obj("local_group_member"), RE, RE),
}


@pytest.mark.parametrize("name", sorted(RULES))
def test_url_answers_per_role(world, name):
    _check_per_role(world, name, RULES[name])


@pytest.mark.parametrize("name", sorted(REGION_PART_RULES))
def test_regional_parts_answer_per_role(world, name):
    _check_per_role(world, name, REGION_PART_RULES[name])


def _check_per_role(world, name, rules):
    builder, get_rule, post_rule, *data = rules
    problems = []
    global_page = builder is None or isinstance(builder, Global)
    for side in ("own", "other"):
        if global_page and side == "other":
            continue
        url = reverse(name, kwargs=builder(world, side) if builder else None)
        owner = "coordinator" if side == "own" else "other_coordinator"
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(world.users[role])
            # Pages without an object belong to no municipality: a coordinator
            # is a coordinator there, whichever municipality is theirs.
            seen_as = "other" if global_page and role == "other_coordinator" else side
            for method, rule in (("get", get_rule), ("post", post_rule)):
                offered = rule is not None
                effective = (
                    rule if offered else (get_rule if method == "post" else post_rule)
                )
                expected = _expected(effective, role, seen_as, owner)
                payload = data[0] if (method == "post" and data) else None
                response = getattr(client, method)(url, payload)
                if not _matches(expected, response, offered=offered):
                    problems.append(
                        f"{role} {method.upper()} {side} {url}: "
                        f"{response.status_code}, expected {expected}"
                    )
    assert problems == [], "\n".join(problems)


def _tokens(world) -> dict[str, dict[str, str]]:
    """Per role user: the secret of a usable, an expired and a revoked token."""
    made = {}
    for role, user in world.users.items():
        secrets = {}
        for state in ("valid", "expired", "revoked"):
            token, secret = token_create(actor=user, name=state)
            if state == "expired":
                ApiToken.objects.filter(pk=token.pk).update(
                    expires_at=timezone.now() - datetime.timedelta(seconds=1)
                )
            if state == "revoked":
                token_revoke(actor=user, token=token)
            secrets[state] = secret
        made[role] = secrets
    return made


def _api_expected(rule, role: str, side: str) -> str:
    if rule == TOKEN:
        return "ok"
    owner = "other_coordinator" if side == "other" else "coordinator"
    expected = _expected(rule, role, side, owner)
    return "404" if expected == "403" else expected


@pytest.mark.parametrize("name", sorted(API_RULES))
def test_api_answers_per_role_and_token(world, name):
    builder, rule, *rest = API_RULES[name]
    method = rest[0] if rest else "get"
    body = rest[1] if len(rest) > 1 else None
    secrets = _tokens(world)
    problems = []
    for side in ("own", "other") if builder else ("none",):
        url = reverse(name, kwargs=builder(world, side) if builder else None)
        for role in ROLES:
            states = (
                ("none",)
                if role == "anonymous"
                else ("none", "session", "expired", "revoked", "valid")
            )
            for state in states:
                client = Client()
                headers = {}
                if state == "session":
                    client.force_login(world.users[role])
                elif state != "none":
                    headers["HTTP_AUTHORIZATION"] = f"Bearer {secrets[role][state]}"
                expected = (
                    _api_expected(rule, role, side) if state == "valid" else "401"
                )
                if method == "post":
                    response = client.post(
                        url, body, content_type="application/json", **headers
                    )
                else:
                    response = client.get(url, **headers)
                status = response.status_code
                good = (
                    status < 500 and status not in {401, 403, 404, 405}
                    if expected == "ok"
                    else status == int(expected)
                )
                if not good:
                    problems.append(
                        f"{role} ({state} token) {method.upper()} {side} {url}: "
                        f"{status}, expected {expected}"
                    )
                elif status >= 400:
                    assert response["Content-Type"] == "application/problem+json"
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "name",
    [
        "core:municipality-list",
        "programmes:initiative-list",
        "programmes:programme-list",
        "injuries:registration-list",
        "certification:case-list",
    ],
)
def test_list_pages_never_show_other_municipalities_rows(world, name):
    other = world.other
    client = Client()
    user = world.users[
        "secretariat" if name == "certification:case-list" else "coordinator"
    ]
    client.force_login(user)
    kwargs = (
        {"code": world.own.municipality.code}
        if name.startswith(("programmes", "injuries"))
        and name != "programmes:programme-list"
        else None
    )
    html = client.get(reverse(name, kwargs=kwargs)).content.decode()
    if name == "certification:case-list":
        assert other.municipality.name in html  # the secretariat sees every case
        return
    assert other.municipality.name not in html
    assert other.objects["initiative"].title not in html


# Pages about the case itself (its URL names the case): they stay readable to
# its certifiers after the decision; every other page of the municipality
# does not.
CASE_PAGES = {name for name, rule in RULES.items() if rule[0] is case}


def _decide(world, outcome: str) -> None:
    from certification.models import CaseStatus
    from certification.services.council import decision_record

    own_case = world.own.objects["case"]
    type(own_case).objects.filter(pk=own_case.pk).update(
        status=CaseStatus.STATEMENT_WRITTEN
    )
    own_case.refresh_from_db()
    decision_record(
        case=own_case,
        actor=world.users["secretariat"],
        outcome=outcome,
        reasons="Grunnlaget er vurdert.",
        conditions="Vilkår." if outcome == "deferred" else "",
    )


@pytest.mark.parametrize("outcome", ["declined", "deferred"])
def test_a_certifiers_access_to_the_municipality_ends_with_the_decision(world, outcome):
    client = Client()
    client.force_login(world.users["certifier"])
    before = client.get(
        reverse("programmes:programme-overview", kwargs=code(world, "own"))
    )
    assert before.status_code == 200
    _decide(world, outcome)
    problems = []
    for name, (builder, get_rule, *_rest) in sorted(RULES.items()):
        if get_rule != R or builder is None or isinstance(builder, Global):
            continue
        url = reverse(name, kwargs=builder(world, "own"))
        status = client.get(url).status_code
        expected = 200 if name in CASE_PAGES else 404
        if status != expected and not (expected == 200 and status == 302):
            problems.append(f"{name} {url}: {status}, expected {expected}")
    assert problems == [], "\n".join(problems)


def test_a_deferred_case_back_at_work_gives_the_access_back(world):
    from certification.models import CaseStatus
    from certification.services import certification_case_transition

    _decide(world, "deferred")
    certifier = world.users["certifier"]
    municipality = world.own.municipality
    assert not certifier.municipalities.filter(pk=municipality.pk).exists()
    own_case = world.own.objects["case"]
    own_case.refresh_from_db()
    certification_case_transition(
        case=own_case,
        to_status=CaseStatus.STEPS_IN_PROGRESS,
        actor=world.users["coordinator"],
    )
    assert certifier.municipalities.filter(pk=municipality.pk).exists()


@pytest.fixture
def merger(db):
    """Two municipalities merged in 2020 (renumbered in 2024) and a neighbour
    with a merger of its own, like Re and Tønsberg beside Færder."""
    county = CountyFactory()
    old_a = MunicipalityFactory(county=county, valid_to=datetime.date(2019, 12, 31))
    old_b = MunicipalityFactory(county=county, valid_to=datetime.date(2019, 12, 31))
    merged = MunicipalityFactory(
        county=county,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2023, 12, 31),
    )
    today = MunicipalityFactory(county=county, valid_from=datetime.date(2024, 1, 1))
    old_a.successors.add(merged)
    old_b.successors.add(merged)
    merged.successors.add(today)
    neighbour_old = MunicipalityFactory(
        county=county, valid_to=datetime.date(2019, 12, 31)
    )
    neighbour = MunicipalityFactory(county=county, valid_from=datetime.date(2020, 1, 1))
    neighbour_old.successors.add(neighbour)
    return {
        "old_a": old_a,
        "old_b": old_b,
        "merged": merged,
        "today": today,
        "neighbour_old": neighbour_old,
        "coordinator": UserFactory(role=Role.COORDINATOR, municipalities=[today]),
        "neighbour": UserFactory(role=Role.COORDINATOR, municipalities=[neighbour]),
        "registrations": {
            key: InjuryFactory(
                municipality=municipality, injury_date=datetime.date(year, 5, 1)
            )
            for key, municipality, year in (
                ("old_a", old_a, 2018),
                ("old_b", old_b, 2019),
                ("merged", merged, 2021),
                ("today", today, 2025),
                ("neighbour_old", neighbour_old, 2018),
            )
        },
    }


THROUGH_PREDECESSORS = [
    "injuries:registration-list",
    "injuries:statistics",
    "core:municipality-detail",
]


@pytest.mark.parametrize("name", THROUGH_PREDECESSORS)
@pytest.mark.parametrize("key", ["old_a", "old_b", "merged", "today"])
def test_access_follows_the_map_through_predecessors(merger, name, key):
    """Today's coordinator reads the predecessors' pages, whose records now
    belong to their municipality; the neighbour's coordinator reads none."""
    url = reverse(name, kwargs={"code": merger[key].code})
    own, neighbour = Client(), Client()
    own.force_login(merger["coordinator"])
    neighbour.force_login(merger["neighbour"])
    assert own.get(url).status_code == 200
    assert neighbour.get(url).status_code == 404


@pytest.mark.parametrize("key", ["old_a", "old_b", "merged", "today"])
def test_a_predecessors_registrations_are_todays_coordinators(merger, key):
    registration = merger["registrations"][key]
    url = reverse("injuries:registration-update", kwargs={"pk": registration.pk})
    own, neighbour = Client(), Client()
    own.force_login(merger["coordinator"])
    neighbour.force_login(merger["neighbour"])
    assert own.get(url).status_code == 200
    assert neighbour.get(url).status_code == 404
    # The neighbour's own predecessor is theirs, and not today's coordinator's.
    theirs = reverse(
        "injuries:registration-update",
        kwargs={"pk": merger["registrations"]["neighbour_old"].pk},
    )
    assert neighbour.get(theirs).status_code == 200
    assert own.get(theirs).status_code == 404
