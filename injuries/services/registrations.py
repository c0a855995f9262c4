"""Registrations entered one at a time in the form."""

from __future__ import annotations

import datetime

from django.db import transaction

from safecommunity.core.models import Municipality, User
from safecommunity.core.services import audit_record, model_snapshot

from ..models import Registration, Source


@transaction.atomic
def registration_create(
    *,
    actor: User,
    municipality: Municipality,
    injury_date: datetime.date,
    age: int,
    sex: str,
    contact_cause: str,
    place: str,
    activity: str,
    mechanism: str,
    severity: str,
    transport: str = "",
    external_id: str | None = None,
) -> Registration:
    """Save one registration entered in the form."""
    registration = Registration(
        municipality=municipality,
        source=Source.FORM,
        created_by=actor,
        updated_by=actor,
        injury_date=injury_date,
        age=age,
        sex=sex,
        contact_cause=contact_cause,
        place=place,
        activity=activity,
        mechanism=mechanism,
        severity=severity,
        transport=transport,
        external_id=external_id,
    )
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor,
        action="create",
        obj=registration,
        after=model_snapshot(registration),
        municipality=municipality,
    )
    return registration


@transaction.atomic
def registration_update(
    *,
    actor: User,
    registration: Registration,
    municipality: Municipality,
    injury_date: datetime.date,
    age: int,
    sex: str,
    contact_cause: str,
    place: str,
    activity: str,
    mechanism: str,
    severity: str,
    transport: str,
    external_id: str | None,
) -> Registration:
    """Change one registration; the audit trail keeps before and after."""
    before = model_snapshot(registration)
    registration.municipality = municipality
    registration.injury_date = injury_date
    registration.age = age
    registration.sex = sex
    registration.contact_cause = contact_cause
    registration.place = place
    registration.activity = activity
    registration.mechanism = mechanism
    registration.severity = severity
    registration.transport = transport
    registration.external_id = external_id
    registration.updated_by = actor
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor,
        action="update",
        obj=registration,
        before=before,
        after=model_snapshot(registration),
        municipality=registration.municipality,
    )
    return registration
