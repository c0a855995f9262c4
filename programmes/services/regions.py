"""Writes of regional programmes: a county's programme and its member
municipalities (their local working groups: `organisation.working_group_create`).
Each one writes an audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safecommunity.core.audit import audit_change
from safecommunity.core.models import AuditEntry, County, Municipality, User

from ..models import Programme


@transaction.atomic
def regional_programme_create(
    *,
    actor: User | None,
    county: County,
    members: Iterable[Municipality],
    status: str = Programme.Status.INTERESTED,
    start_date: datetime.date | None = None,
    description: str = "",
) -> Programme:
    """Start the programme of a county (a region or län) with its member municipalities."""
    members = list(members)
    County.objects.select_for_update().filter(pk=county.pk).order_by("pk").first()
    if Programme.objects.filter(county=county).exists():
        raise ValidationError(
            {
                "county": _("%(county)s already has a regional programme.")
                % {"county": county.name}
            }
        )
    _check_members(county, members)
    programme = Programme(
        county=county, status=status, start_date=start_date, description=description
    )
    programme.full_clean()
    programme.save()
    programme.member_municipalities.set(members)
    audit_change(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=programme,
        municipality=None,
        comment=", ".join(sorted(m.code for m in members)),
    )
    return programme


@transaction.atomic
def regional_members_set(
    *, actor: User, programme: Programme, members: Iterable[Municipality]
) -> Programme:
    """Change which municipalities take part in a regional programme."""
    members = list(members)
    Programme.objects.select_for_update().filter(pk=programme.pk).order_by("pk").first()
    _check_members(programme.county, members)
    kept = {m.pk for m in members}
    with_groups = sorted(
        {
            str(group.local_municipality)
            for group in programme.working_groups.filter(
                local_municipality__isnull=False
            ).select_related("local_municipality")
            if group.local_municipality_id not in kept
        }
    )
    if with_groups:
        raise ValidationError(
            {
                "member_municipalities": _(
                    "These municipalities still have a local group in the "
                    "programme and stay members: %(names)s."
                )
                % {"names": ", ".join(with_groups)}
            }
        )
    before = sorted(programme.member_municipalities.values_list("code", flat=True))
    programme.member_municipalities.set(members)
    audit_change(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=programme,
        municipality=None,
        before={"member_municipalities": before},
        comment=", ".join(sorted(m.code for m in members)),
    )
    return programme


def _check_members(county: County | None, members: list[Municipality]) -> None:
    if county is None:
        raise ValidationError(_("Only a regional programme has member municipalities."))
    if not members:
        raise ValidationError(
            {"member_municipalities": _("Choose at least one member municipality.")}
        )
    outside = [str(m) for m in members if m.county_id != county.pk]
    if outside:
        raise ValidationError(
            {
                "member_municipalities": _(
                    "These municipalities are not in %(county)s: %(names)s."
                )
                % {"county": county, "names": ", ".join(outside)}
            }
        )
