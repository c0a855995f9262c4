"""Reads for the council's assignment: who may take a case, and why not."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext as _

from safecommunity.core.models import Role, User

from ..models import (
    REQUIRED_CERTIFIERS,
    CertificationCase,
    CertifierAssignment,
    CertifierProfile,
)


def certifier_refusals(
    *, case: CertificationCase, certifiers: Sequence[User]
) -> dict[int, str | None]:
    """Why each person cannot be assigned to the case (None: they can), by user id.

    A fixed number of queries, however many council members are asked about.
    """
    # A regional programme's certifiers are from none of its member municipalities.
    municipalities = case.programme.area_municipalities()
    ids = [user.pk for user in certifiers]
    belongs = set(
        User.municipalities.through.objects.filter(
            user_id__in=ids, municipality__in=municipalities
        ).values_list("user_id", flat=True)
    )
    # Read access an assignment gave is no tie to the municipality.
    belongs -= set(
        CertifierAssignment.objects.active()
        .filter(
            Q(case__programme__municipality__in=municipalities)
            | Q(case__programme__member_municipalities__in=municipalities),
            certifier_id__in=ids,
        )
        .values_list("certifier_id", flat=True)
    )
    home = set(
        CertifierProfile.objects.filter(
            user_id__in=ids, home_municipality__in=municipalities
        ).values_list("user_id", flat=True)
    )
    conflict = set(
        CertifierProfile.objects.filter(
            user_id__in=ids, conflicts__in=municipalities
        ).values_list("user_id", flat=True)
    )
    active = list(
        CertifierAssignment.objects.active_on(case).values_list(
            "certifier_id", flat=True
        )
    )
    names = {"municipality": case.programme.area.name}
    result: dict[int, str | None] = {}
    for user in certifiers:
        names["name"] = user.get_full_name() or user.username
        reason = None
        if user.role != Role.CERTIFIER or not user.is_active:
            reason = _("%(name)s is not an active member of the certification council.")
        elif user.pk in belongs:
            reason = _("%(name)s belongs to %(municipality)s and cannot certify it.")
        elif user.pk in home:
            reason = _("%(name)s is from %(municipality)s and cannot certify it.")
        elif user.pk in conflict:
            reason = _(
                "%(name)s has declared a conflict of interest with %(municipality)s."
            )
        elif user.pk in active:
            reason = _("%(name)s is already assigned to this case.")
        elif len(active) >= REQUIRED_CERTIFIERS:
            reason = _("The case already has two certifiers; remove one first.")
        result[user.pk] = reason % names if reason else None
    return result


def certifier_candidates(*, case: CertificationCase) -> list[tuple[User, str | None]]:
    """Every active council member, each with why they cannot take the case."""
    members = list(User.objects.filter(role=Role.CERTIFIER, is_active=True))
    refusals = certifier_refusals(case=case, certifiers=members)
    return [(user, refusals[user.pk]) for user in members]
