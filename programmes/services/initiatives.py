"""Writes of initiatives and their periodic reports. Each one writes an
audit entry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypedDict

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from injuries.models import Code
from safecommunity.core.audit import audit_record
from safecommunity.core.models import AuditEntry, Document, User
from safecommunity.core.services import document_create

from ..models import (
    FocusArea,
    Initiative,
    InitiativeReport,
    Partner,
    Programme,
    WorkingGroup,
)
from . import records


class _Relations(TypedDict):
    m2m: dict[str, Iterable[Any]]
    tags: dict[str, Iterable[str]]


# Initiatives and reports --------------------------------------------------------


def _relations(
    *,
    target_codes: Iterable[Code],
    partners: Iterable[Partner],
    age_groups: Iterable[str],
    arenas: Iterable[str],
    sectors: Iterable[str],
    smart_principles: Iterable[str],
    wellbeing_words: Iterable[str],
) -> _Relations:
    """An initiative's links and tags, as `records` saves them."""
    return {
        "m2m": {"target_codes": target_codes, "partners": partners},
        "tags": {
            "age_groups": age_groups,
            "arenas": arenas,
            "sectors": sectors,
            "smart_principles": smart_principles,
            "wellbeing_words": wellbeing_words,
        },
    }


@transaction.atomic
def initiative_create(
    *,
    actor: User,
    programme: Programme,
    title: str,
    focus_area: FocusArea | None,
    measure_type: str,
    start_date: datetime.date,
    description: str = "",
    status: str = Initiative.Status.PLANNED,
    end_date: datetime.date | None = None,
    working_group: WorkingGroup | None = None,
    budget: Decimal | None = None,
    funding_source: str = "",
    reach: int | None = None,
    responsible_person: str = "",
    target_codes: Iterable[Code] = (),
    partners: Iterable[Partner] = (),
    age_groups: Iterable[str] = (),
    arenas: Iterable[str] = (),
    sectors: Iterable[str] = (),
    smart_principles: Iterable[str] = (),
    wellbeing_words: Iterable[str] = (),
    attachment_upload: UploadedFile | None = None,
) -> Initiative:
    """Log a new initiative with its tags, target codes, partners and attachment."""
    initiative = Initiative(
        programme=programme,
        created_by=actor,
        title=title,
        description=description,
        focus_area=focus_area,
        measure_type=measure_type,
        status=status,
        start_date=start_date,
        end_date=end_date,
        working_group=working_group,
        budget=budget,
        funding_source=funding_source,
        reach=reach,
        responsible_person=responsible_person,
    )
    initiative = records.save_new(
        actor=actor,
        obj=initiative,
        **_relations(
            target_codes=target_codes,
            partners=partners,
            age_groups=age_groups,
            arenas=arenas,
            sectors=sectors,
            smart_principles=smart_principles,
            wellbeing_words=wellbeing_words,
        ),
    )
    if attachment_upload is not None:
        initiative_attach(actor=actor, initiative=initiative, upload=attachment_upload)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor: User,
    initiative: Initiative,
    expected_version: int,
    title: str,
    description: str,
    focus_area: FocusArea | None,
    measure_type: str,
    status: str,
    start_date: datetime.date,
    end_date: datetime.date | None,
    working_group: WorkingGroup | None,
    budget: Decimal | None,
    funding_source: str,
    reach: int | None,
    responsible_person: str,
    target_codes: Iterable[Code],
    partners: Iterable[Partner],
    age_groups: Iterable[str],
    arenas: Iterable[str],
    sectors: Iterable[str],
    smart_principles: Iterable[str],
    wellbeing_words: Iterable[str],
    attachment_upload: UploadedFile | None = None,
) -> Initiative:
    """Change an initiative; raises StaleEditError when someone saved it meanwhile."""
    current = records.locked(initiative, expected_version=expected_version)
    before = records.snapshot(current)
    current.title = title
    current.description = description
    current.focus_area = focus_area
    current.measure_type = measure_type
    current.status = status
    current.start_date = start_date
    current.end_date = end_date
    current.working_group = working_group
    current.budget = budget
    current.funding_source = funding_source
    current.reach = reach
    current.responsible_person = responsible_person
    current = records.save_changed(
        actor=actor,
        obj=current,
        before=before,
        **_relations(
            target_codes=target_codes,
            partners=partners,
            age_groups=age_groups,
            arenas=arenas,
            sectors=sectors,
            smart_principles=smart_principles,
            wellbeing_words=wellbeing_words,
        ),
    )
    if attachment_upload is not None:
        initiative_attach(actor=actor, initiative=current, upload=attachment_upload)
    return current


@transaction.atomic
def initiative_attach(
    *, actor: User, initiative: Initiative, upload: UploadedFile, title: str = ""
) -> Document:
    """Validate, store and attach a file; nothing is stored when it is refused."""
    document = document_create(
        actor=actor,
        upload=upload,
        title=title,
        municipality=initiative.programme.municipality,
        county=initiative.programme.county,
    )
    initiative.attachments.add(document)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=initiative,
        after={"attachment_added": document.original_name},
        municipality=initiative.programme.municipality,
    )
    return document


@transaction.atomic
def report_create(
    *,
    actor: User,
    initiative: Initiative,
    period_start: datetime.date,
    period_end: datetime.date,
    activities: str,
    reach: int | None = None,
    results: str = "",
    obstacles: str = "",
    next_steps: str = "",
) -> InitiativeReport:
    """Add a periodic report to an initiative."""
    report = InitiativeReport(
        initiative=initiative,
        created_by=actor,
        period_start=period_start,
        period_end=period_end,
        activities=activities,
        reach=reach,
        results=results,
        obstacles=obstacles,
        next_steps=next_steps,
    )
    return records.save_new(actor=actor, obj=report)


@transaction.atomic
def report_update(
    *,
    actor: User,
    report: InitiativeReport,
    expected_version: int,
    period_start: datetime.date,
    period_end: datetime.date,
    activities: str,
    reach: int | None,
    results: str,
    obstacles: str,
    next_steps: str,
) -> InitiativeReport:
    """Change a report; raises StaleEditError when someone saved it meanwhile."""
    current = records.locked(report, expected_version=expected_version)
    before = records.snapshot(current)
    current.period_start = period_start
    current.period_end = period_end
    current.activities = activities
    current.reach = reach
    current.results = results
    current.obstacles = obstacles
    current.next_steps = next_steps
    return records.save_changed(actor=actor, obj=current, before=before)
