"""Breadcrumbs: the pages above the current one, from one table of parents.

Each page names its parent page; the trail is built by walking up from the
current URL's name. Parents that take a municipality get the current page's
municipality (from the URL, or from an object the view already loaded, never
with a query of its own); parents that take a `pk` get the current page's.
The trail holds the ancestors only: the page's own heading names the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from .permissions import can_view_municipality

MUNICIPALITY = object()  # the label is the municipality's name

LABELS = {
    "core:municipality-list": _("Municipalities"),
    "core:municipality-detail": MUNICIPALITY,
    "core:account": _("Your settings"),
    "programmes:programme-list": _("Programmes"),
    "programmes:programme-overview": _("Programme"),
    "programmes:initiative-list": _("Initiatives"),
    "programmes:initiative-detail": _("Initiative"),
    "programmes:focus-area-list": _("Focus areas"),
    "programmes:management-group": _("Management group"),
    "programmes:working-group-list": _("Working groups"),
    "programmes:partner-list": _("Partners"),
    "programmes:data-sharing-list": _("Data sharing"),
    "walks:walk-list": _("Safety walks"),
    "programmes:example-list": _("Good examples"),
    "programmes:region-list": _("Regional programmes"),
    "programmes:region-detail": _("Regional programme"),
    "programmes:region-data-sharing-list": _("Data sharing"),
    "programmes:region-management-group": _("Management group"),
    "programmes:region-working-group-list": _("Working groups"),
    "programmes:example-review-list": _("Good examples"),
    "certification:path": _("Certification"),
    "certification:region-path": _("Certification"),
    "certification:case-detail": _("Certification case"),
    "certification:checklists": _("Requirement checklists"),
    "injuries:import-upload": _("Import registrations"),
    "injuries:code-book-list": _("Code books"),
    "injuries:registration-list": _("Injuries"),
    "reports:dashboard": _("Dashboard"),
    "reports:dossier": _("Reports"),
    "reports:regional-home": _("Regional view"),
    "events:public-list": _("Network events"),
    "events:manage-list": _("Events"),
}

_PROGRAMME_PAGES = (
    "programme-edit focus-area-list initiative-list management-group "
    "working-group-list partner-list data-sharing-list indicator-list "
    "annual-report example-propose"
)
_INITIATIVE_PAGES = (
    "initiative-create initiative-detail initiative-edit initiative-delete"
)
_MANAGEMENT_PAGES = "member-create member-edit member-delete meeting-create "
_MANAGEMENT_PAGES += "meeting-detail meeting-edit meeting-delete"
_WALK_PAGES = "walk-create walk-detail walk-edit finding-board checklist-overview"
_CASE_PAGES = (
    "case-application case-follow-up case-assign case-respond case-meeting "
    "case-statement case-decision"
)

PARENTS: dict[str, str] = {
    "core:municipality-detail": "core:municipality-list",
    "core:municipality-history": "core:municipality-detail",
    "core:api-tokens": "core:account",
    "programmes:programme-overview": "core:municipality-detail",
    **{
        f"programmes:{n}": "programmes:programme-overview"
        for n in _PROGRAMME_PAGES.split()
    },
    **{
        f"programmes:{n}": "programmes:initiative-list"
        for n in _INITIATIVE_PAGES.split()
    },
    "programmes:report-create": "programmes:initiative-detail",
    **{
        f"programmes:{n}": "programmes:management-group"
        for n in _MANAGEMENT_PAGES.split()
    },
    "programmes:working-group-create": "programmes:working-group-list",
    "programmes:working-group-detail": "programmes:working-group-list",
    "programmes:working-group-edit": "programmes:working-group-list",
    "programmes:working-group-delete": "programmes:working-group-list",
    "programmes:partner-edit": "programmes:partner-list",
    "programmes:partner-delete": "programmes:partner-list",
    "programmes:partner-agreement-edit": "programmes:partner-list",
    "programmes:partner-agreement-create": "programmes:partner-list",
    "programmes:data-sharing-create": "programmes:data-sharing-list",
    "programmes:data-sharing-detail": "programmes:data-sharing-list",
    "programmes:data-sharing-edit": "programmes:data-sharing-list",
    "programmes:focus-area-edit": "programmes:focus-area-list",
    "walks:walk-list": "programmes:programme-overview",
    **{f"walks:{n}": "walks:walk-list" for n in _WALK_PAGES.split()},
    "programmes:example-detail": "programmes:example-list",
    "programmes:region-detail": "programmes:region-list",
    "programmes:region-management-group": "programmes:region-detail",
    "programmes:region-member-create": "programmes:region-management-group",
    "programmes:region-meeting-create": "programmes:region-management-group",
    "programmes:region-working-group-list": "programmes:region-detail",
    "programmes:region-working-group-create": "programmes:region-working-group-list",
    "programmes:region-create": "programmes:region-list",
    "programmes:region-members": "programmes:region-detail",
    "programmes:region-focus-areas": "programmes:region-detail",
    "reports:region-annual-report": "programmes:region-detail",
    "reports:region-dossier": "programmes:region-detail",
    "programmes:region-partner-list": "programmes:region-detail",
    "programmes:region-data-sharing-list": "programmes:region-detail",
    "programmes:region-data-sharing-create": "programmes:region-data-sharing-list",
    "certification:region-path": "programmes:region-detail",
    "certification:region-case-open": "certification:region-path",
    "certification:region-step-detail": "certification:region-path",
    "certification:region-safety-profile": "certification:region-path",
    "certification:region-safety-profile-version": "certification:region-path",
    "reports:region-programme-dashboard": "programmes:region-detail",
    "programmes:example-adopt": "programmes:example-list",
    "programmes:example-review": "programmes:example-review-list",
    "certification:path": "programmes:programme-overview",
    "certification:step-detail": "certification:path",
    "certification:safety-profile": "certification:path",
    "certification:safety-profile-version": "certification:path",
    "certification:designation": "certification:path",
    "certification:case-detail": "certification:path",
    **{f"certification:{n}": "certification:case-detail" for n in _CASE_PAGES.split()},
    "certification:requirement-create": "certification:checklists",
    "certification:requirement-edit": "certification:checklists",
    "injuries:registration-list": "core:municipality-detail",
    "injuries:registration-create": "injuries:registration-list",
    "injuries:statistics": "core:municipality-detail",
    "injuries:import-detail": "injuries:import-upload",
    "injuries:code-book-detail": "injuries:code-book-list",
    "reports:dashboard": "core:municipality-detail",
    "reports:dashboard-certification": "reports:dashboard",
    "reports:dossier": "reports:dashboard",
    "reports:regional": "reports:regional-home",
    "reports:initiative-follow-up": "programmes:initiative-detail",
    "events:public-detail": "events:public-list",
    "events:create": "events:manage-list",
    "events:edit": "events:manage-list",
    "events:participants": "events:manage-list",
}

# Context objects that lead to the page's municipality, and the path to it.
_MUNICIPALITY_PATHS = (
    ("municipality", ()),
    ("programme", ("municipality",)),
    ("case", ("programme", "municipality")),
    ("initiative", ("programme", "municipality")),
    ("walk", ("programme", "municipality")),
    ("meeting", ("programme", "municipality")),
)


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str


def _cached_attribute(obj, path: tuple[str, ...]):
    """Follow `path` through relations the view has already loaded; else None."""
    for name in path:
        try:
            field = obj._meta.get_field(name)
        except Exception:  # noqa: BLE001 - not a model, or no such field
            return None
        if not field.is_cached(obj):
            return None
        obj = getattr(obj, name)
    return obj


def _municipality(context) -> object | None:
    for key, path in _MUNICIPALITY_PATHS:
        obj = context.get(key)
        if obj is not None and hasattr(obj, "_meta"):
            found = _cached_attribute(obj, path) if path else obj
            if found is not None and hasattr(found, "key"):
                return found
    return None


def _label(url_name: str, municipality_name: str) -> str | None:
    label = LABELS.get(url_name)
    if label is MUNICIPALITY:
        return municipality_name or None
    return label


def breadcrumbs_for(context) -> list[Crumb]:
    """The trail above the current page: the front page, then its ancestors."""
    request = context.get("request")
    if request is None:
        return []
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return []
    municipality = _municipality(context)
    code = match.kwargs.get("code") or (municipality.key if municipality else None)
    if (
        municipality is not None
        and not match.kwargs.get("code")
        and not can_view_municipality(request.user, municipality)
    ):
        # A page reached through something else (a certifier's past case): no
        # trail through the municipality's pages, which would refuse them.
        code = None
    home = context.get("home_municipality") or ("", "")
    if municipality is not None:
        name = municipality.name
    elif code and code == home[0]:
        name = home[1]
    else:
        name = ""
    trail: list[Crumb] = []
    url_name = PARENTS.get(match.view_name)
    seen = set()
    while url_name and url_name not in seen:
        seen.add(url_name)
        label = _label(url_name, name)
        url = _reverse(url_name, code, match.kwargs.get("pk"))
        if label and url:
            trail.append(Crumb(str(label), url))
        url_name = PARENTS.get(url_name)
    home_url = reverse("core:home")
    crumbs = [Crumb(str(_("Front page")), home_url), *reversed(trail)]
    if request.path == home_url:
        return []
    return crumbs


def _reverse(url_name: str, code: str | None, pk) -> str | None:
    for kwargs in ({}, {"code": code}, {"pk": pk}):
        if any(value is None for value in kwargs.values()):
            continue
        try:
            return reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None
