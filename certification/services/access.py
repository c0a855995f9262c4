"""Council members' read access to the municipalities of their cases."""

from __future__ import annotations

from safecommunity.core.models import Municipality, User

from ..models import CaseStatus, CertificationCase, CertifierAssignment


def assigned_municipality_ids(*, user: User, open_only: bool = False) -> set[int]:
    """Municipalities of the council member's cases (`open_only`: still at work)."""
    assignments = CertifierAssignment.objects.active().filter(certifier=user)
    if open_only:
        done = [status for status in CaseStatus if status.is_council_done]
        assignments = assignments.exclude(case__status__in=done)
    own = assignments.values_list("case__programme__municipality", flat=True)
    members = assignments.values_list(
        "case__programme__member_municipalities", flat=True
    )
    return {pk for pk in [*own, *members] if pk is not None}


def council_access_release(*, certifier: User, municipality: Municipality) -> None:
    """Take the municipality from the certifier unless an open case still needs it."""
    if municipality.pk not in assigned_municipality_ids(user=certifier, open_only=True):
        certifier.municipalities.remove(municipality)


def council_access_sync(*, case: CertificationCase) -> None:
    """The case's municipalities are readable to its certifiers while they work on it.

    Called on every move of the case: a decision ends their access (unless
    another open case of theirs needs it); work that starts again (a deferred
    case back to its steps) gives it back to the current round's certifiers.
    """
    municipalities = case.programme.area_municipalities()
    active = CertifierAssignment.objects.active().filter(case=case)
    if CaseStatus(case.status).is_council_done:
        for certifier in User.objects.filter(pk__in=active.values("certifier")):
            for municipality in municipalities:
                council_access_release(certifier=certifier, municipality=municipality)
        return
    for certifier in User.objects.filter(
        pk__in=active.filter(round=case.round).values("certifier")
    ):
        certifier.municipalities.add(*municipalities)
