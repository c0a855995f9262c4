"""Landing page and navigation per role, in one table each."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import Role, User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]  # empty: every signed-in user
    needs_municipality: bool = False


# A coordinator of a county's regional programme (a coordinator with a county)
# works in the region's places, not a municipality's.
REGIONAL_COORDINATOR = "regional_coordinator"

# Each role sees the few places its work is in; one name per place. Order is
# the order shown. The secretariat sees every place (and the admin).
NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(
        _("Dashboard"),
        "reports:dashboard",
        (Role.MANAGEMENT, Role.REGIONAL),
        needs_municipality=True,
    ),
    NavItem(
        _("Programme"),
        "programmes:programme-overview",
        (Role.COORDINATOR, Role.MANAGEMENT),
        needs_municipality=True,
    ),
    NavItem(
        _("Initiatives"),
        "programmes:initiative-list",
        (Role.COORDINATOR,),
        needs_municipality=True,
    ),
    NavItem(
        _("Injuries"),
        "injuries:home",
        (Role.COORDINATOR, Role.SECRETARIAT, Role.REGIONAL),
    ),
    NavItem(
        _("Safety walks"),
        "walks:walk-list",
        (Role.COORDINATOR,),
        needs_municipality=True,
    ),
    NavItem(
        _("Certification"),
        "certification:path",
        (Role.COORDINATOR, Role.MANAGEMENT),
        needs_municipality=True,
    ),
    NavItem(
        _("Reports"),
        "reports:dossier",
        (Role.MANAGEMENT,),
        needs_municipality=True,
    ),
    NavItem(_("My certification cases"), "certification:worklist", (Role.CERTIFIER,)),
    NavItem(
        _("Municipalities"),
        "core:municipality-list",
        (Role.SECRETARIAT, Role.REGIONAL, REGIONAL_COORDINATOR),
    ),
    NavItem(
        _("Regional programmes"),
        "programmes:region-list",
        (REGIONAL_COORDINATOR, Role.REGIONAL),
    ),
    NavItem(
        _("Regional view"),
        "reports:regional-home",
        (Role.REGIONAL, REGIONAL_COORDINATOR),
    ),
    NavItem(
        _("Programmes"), "programmes:programme-list", (Role.SECRETARIAT, Role.REGIONAL)
    ),
    NavItem(_("Certification cases"), "certification:case-list", (Role.SECRETARIAT,)),
    NavItem(
        _("Requirement checklists"), "certification:checklists", (Role.SECRETARIAT,)
    ),
    NavItem(_("Events"), "events:manage-list", (Role.SECRETARIAT,)),
    NavItem(_("Good examples"), "programmes:example-review-list", (Role.SECRETARIAT,)),
    # Everyone else finds the public register in the footer.
    NavItem(_("Certified communities"), "certification:register", (Role.CERTIFIER,)),
)

# Where `/` sends each role. The first URL that resolves wins.
LANDING: dict[str, tuple[tuple[str, bool], ...]] = {
    Role.SECRETARIAT: (("core:municipality-list", False),),
    Role.COORDINATOR: (
        ("programmes:programme-overview", True),
        ("core:municipality-detail", True),
        ("core:municipality-list", False),
    ),
    Role.MANAGEMENT: (
        ("reports:dashboard", True),
        ("core:municipality-detail", True),
        ("core:municipality-list", False),
    ),
    Role.CERTIFIER: (
        ("certification:worklist", False),
        ("core:municipality-list", False),
    ),
    Role.REGIONAL: (("core:municipality-list", False),),
    REGIONAL_COORDINATOR: (("programmes:region-list", False),),
}


def home_municipality(user: User) -> tuple[str, str] | None:
    """The key and name of the user's own municipality (the first valid one)."""
    from django.db.models import F

    from .geography import municipality_key
    from .selectors import municipality_list

    first = (
        municipality_list(user=user)
        .order_by(F("valid_to").desc(nulls_first=True), "country__code", "code")
        .values_list("country__code", "code", "name")
        .first()
    )
    return (municipality_key(first[0], first[1]), first[2]) if first else None


def _home_municipality_code(user: User) -> str | None:
    home = home_municipality(user)
    return home[0] if home else None


def _reverse(url_name: str, needs_municipality: bool, code: str | None) -> str | None:
    if needs_municipality and not code:
        return None
    try:
        return reverse(url_name, kwargs={"code": code} if needs_municipality else None)
    except NoReverseMatch:
        return None


def _nav_role(user: User) -> str:
    if permissions.is_secretariat(user):
        return Role.SECRETARIAT
    if user.role == Role.COORDINATOR and user.county_id:
        return REGIONAL_COORDINATOR
    return user.role


def landing_url_for(user: User) -> str:
    """The landing page of the user's role."""
    role = _nav_role(user)
    code = _home_municipality_code(user)
    for url_name, needs_municipality in LANDING.get(role, ()):
        url = _reverse(url_name, needs_municipality, code)
        if url:
            return url
    return reverse("core:municipality-list")


_UNSET = object()


def nav_items_for(user: User, current_path: str, home=_UNSET) -> list[dict]:
    """Navigation entries the user's role sees, marking the current one.

    `home` is the user's `home_municipality`, when the caller has it already.
    """
    role = _nav_role(user)
    if home is _UNSET:
        home = home_municipality(user)
    code = home[0] if home else None
    items = []
    for item in NAV_ITEMS:
        if item.roles and role not in item.roles:
            continue
        url = _reverse(item.url_name, item.needs_municipality, code)
        if url:
            items.append({"label": item.label, "url": url, "current": False})
    # The entry with the longest URL that starts the current path is current.
    matching = [i for i in items if current_path.startswith(i["url"])]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["current"] = True
    return items
