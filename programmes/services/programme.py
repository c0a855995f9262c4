"""Every write of the programmes app. Each one writes an audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from safecommunity.core.locking import version_claim
from safecommunity.core.models import AuditEntry, Document, Municipality, User
from safecommunity.core.services import audit_record, document_create, model_snapshot

from . import selectors
from .models import (
    INITIATIVE_TAG_FIELDS,
    FocusArea,
    Indicator,
    IndicatorValue,
    Initiative,
    InitiativeReport,
    InitiativeTag,
    ManagementGroupMember,
    Meeting,
    Partner,
    Programme,
    WorkingGroup,
    WorkingGroupMember,
)

_NOT_AUDITED = ("created_at", "updated_at", "version")


def _snapshot(obj: models.Model) -> dict[str, Any]:
    data = model_snapshot(obj, exclude=_NOT_AUDITED)
    if isinstance(obj, Initiative) and obj.pk:
        for name, kind in INITIATIVE_TAG_FIELDS.items():
            data[name] = sorted(
                obj.tags.filter(kind=kind).values_list("value", flat=True)
            )
    return data


def _split(obj: models.Model, fields: dict[str, Any]) -> tuple[dict, dict, dict]:
    """Split submitted values into concrete fields, many-to-many fields and tags."""
    m2m_names = {f.name for f in obj._meta.many_to_many}
    concrete, m2m, tags = {}, {}, {}
    for name, value in fields.items():
        if name in INITIATIVE_TAG_FIELDS:
            tags[name] = value
        elif name in m2m_names:
            m2m[name] = value
        else:
            concrete[name] = value
    return concrete, m2m, tags


def _set_tags(initiative: Initiative, tags: dict[str, Iterable[str]]) -> None:
    for name, values in tags.items():
        kind = INITIATIVE_TAG_FIELDS[name]
        allowed = set(InitiativeTag.CHOICES_BY_KIND[kind].values)
        wanted = {v for v in values if v in allowed}
        initiative.tags.filter(kind=kind).exclude(value__in=wanted).delete()
        have = set(initiative.tags.filter(kind=kind).values_list("value", flat=True))
        InitiativeTag.objects.bulk_create(
            InitiativeTag(initiative=initiative, kind=kind, value=v)
            for v in sorted(wanted - have)
        )


def _create(*, actor: User, obj: models.Model, fields: dict[str, Any]):
    concrete, m2m, tags = _split(obj, fields)
    for name, value in concrete.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    for name, value in m2m.items():
        getattr(obj, name).set(value)
    if tags:
        _set_tags(obj, tags)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=obj,
        after=_snapshot(obj),
        municipality=obj.municipality,
    )
    return obj


def _update(
    *,
    actor: User,
    obj: models.Model,
    fields: dict[str, Any],
    expected_version: int | None = None,
):
    """Apply `fields` to a fresh, locked copy of `obj`; refuse a stale version."""
    model = type(obj)
    current = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None:
        current.version = version_claim(
            model=model, pk=obj.pk, expected_version=expected_version
        )
    before = _snapshot(current)
    concrete, m2m, tags = _split(current, fields)
    for name, value in concrete.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    for name, value in m2m.items():
        getattr(current, name).set(value)
    if tags:
        _set_tags(current, tags)
    after = _snapshot(current)
    if after != before:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            before=before,
            after=after,
            municipality=current.municipality,
        )
    return current


# Programme and focus areas ------------------------------------------------------


@transaction.atomic
def programme_create(
    *, actor: User, municipality: Municipality, fields: dict[str, Any]
) -> Programme:
    """Start the programme of a municipality."""
    programme = Programme(municipality=municipality)
    return _create(actor=actor, obj=programme, fields=fields)


@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: Programme,
    fields: dict[str, Any],
    expected_version: int | None = None,
    letter_of_intent_upload=None,
) -> Programme:
    """Change a programme; a new letter of intent upload replaces the old one."""
    fields = dict(fields)
    if letter_of_intent_upload is not None:
        fields["letter_of_intent"] = document_create(
            actor=actor,
            upload=letter_of_intent_upload,
            title=str(_("Signed letter of intent")),
            municipality=programme.municipality,
        )
    return _update(
        actor=actor, obj=programme, fields=fields, expected_version=expected_version
    )


# Programme status: the only way it changes. Each status lists the statuses
# that may follow it. The certification statuses follow the programme's
# certification case, whose own workflow decides when (a certificate, its
# renewal, its expiry): only that workflow sets them, from any status.
S = Programme.Status
CERTIFICATION_STATUSES = frozenset({S.CERTIFIED, S.RECERTIFICATION_DUE, S.LAPSED})
PROGRAMME_STATUS_NEXT: dict[str, frozenset[str]] = {
    S.INTERESTED: frozenset({S.NETWORK_MEMBER, S.WORKING_TOWARDS})
    | CERTIFICATION_STATUSES,
    S.NETWORK_MEMBER: frozenset({S.INTERESTED, S.WORKING_TOWARDS})
    | CERTIFICATION_STATUSES,
    S.WORKING_TOWARDS: CERTIFICATION_STATUSES,
    S.CERTIFIED: CERTIFICATION_STATUSES,
    S.RECERTIFICATION_DUE: CERTIFICATION_STATUSES,
    S.LAPSED: frozenset({S.WORKING_TOWARDS}) | CERTIFICATION_STATUSES,
}


class ProgrammeStatusError(ValidationError):
    """The programme cannot move to that status from where it is."""


@transaction.atomic
def programme_status_set(
    *,
    programme: Programme,
    to_status: str,
    actor: User | None,
    by_certification: bool = False,
    comment: str = "",
) -> Programme:
    """Move the programme along PROGRAMME_STATUS_NEXT; audited, refused otherwise.

    Only the certification workflow (`by_certification=True`) sets the
    certification statuses; nobody sets them through a form.
    """
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    if current.status == to_status:
        programme.status = to_status
        return programme
    if to_status not in PROGRAMME_STATUS_NEXT.get(current.status, frozenset()) or (
        to_status in CERTIFICATION_STATUSES and not by_certification
    ):
        raise ProgrammeStatusError(
            _("A programme cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": Programme.Status(current.status).label,
                "to": Programme.Status(to_status).label,
            }
        )
    before = {"status": current.status}
    Programme.objects.filter(pk=programme.pk).update(status=to_status)
    programme.status = to_status
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=programme,
        before=before,
        after={"status": to_status},
        municipality=programme.municipality,
        comment=comment,
    )
    return programme


@transaction.atomic
def focus_area_create(
    *, actor: User, programme: Programme, fields: dict[str, Any]
) -> FocusArea:
    """Add a prioritised focus area to a programme."""
    return _create(actor=actor, obj=FocusArea(programme=programme), fields=fields)


@transaction.atomic
def programme_part_update(
    *, actor: User, obj: models.Model, fields: dict[str, Any]
) -> models.Model:
    """Change a focus area, member, meeting, working group, partner or group member."""
    return _update(actor=actor, obj=obj, fields=fields)


IN_USE_MESSAGE = _("Other records refer to this one, so it was not deleted.")


@transaction.atomic
def programme_part_delete(*, actor: User, obj: models.Model) -> None:
    """Delete a member, working group member, partner, meeting, initiative or
    report that nothing refers to; the audit trail keeps what it was.

    Checks again under a row lock and raises ValidationError, deleting
    nothing, when something refers to it (`selectors.delete_blockers`).
    """
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if selectors.delete_blockers(current):
        raise ValidationError(IN_USE_MESSAGE, code="in_use")
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=current,
        before=_snapshot(current),
        municipality=current.municipality,
    )
    try:
        current.delete()
    except ProtectedError as exc:
        # Kept by a record the blockers do not name (on_delete=PROTECT).
        raise ValidationError(IN_USE_MESSAGE, code="in_use") from exc


# Organisation -------------------------------------------------------------------


@transaction.atomic
def member_create(
    *, actor: User, programme: Programme, fields: dict[str, Any]
) -> ManagementGroupMember:
    """Add a person to the management group."""
    obj = ManagementGroupMember(programme=programme)
    return _create(actor=actor, obj=obj, fields=fields)


@transaction.atomic
def meeting_create(
    *, actor: User, programme: Programme, fields: dict[str, Any], minutes_upload=None
) -> Meeting:
    """Record a management group meeting, optionally with its minutes."""
    fields = dict(fields)
    if minutes_upload is not None:
        fields["minutes"] = _minutes(actor, programme, minutes_upload)
    return _create(actor=actor, obj=Meeting(programme=programme), fields=fields)


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, fields: dict[str, Any], minutes_upload=None
) -> Meeting:
    """Change a meeting; a new minutes upload replaces the old one."""
    fields = dict(fields)
    if minutes_upload is not None:
        fields["minutes"] = _minutes(actor, meeting.programme, minutes_upload)
    return _update(actor=actor, obj=meeting, fields=fields)


def _minutes(actor: User, programme: Programme, upload) -> Document:
    return document_create(
        actor=actor,
        upload=upload,
        title=str(_("Minutes")),
        municipality=programme.municipality,
    )


@transaction.atomic
def working_group_create(
    *, actor: User, programme: Programme, fields: dict[str, Any]
) -> WorkingGroup:
    """Set up a working group."""
    return _create(actor=actor, obj=WorkingGroup(programme=programme), fields=fields)


@transaction.atomic
def working_group_member_create(
    *, actor: User, working_group: WorkingGroup, fields: dict[str, Any]
) -> WorkingGroupMember:
    """Add a person to a working group."""
    obj = WorkingGroupMember(working_group=working_group)
    return _create(actor=actor, obj=obj, fields=fields)


@transaction.atomic
def partner_create(
    *, actor: User, programme: Programme, fields: dict[str, Any]
) -> Partner:
    """Add a partner organisation."""
    return _create(actor=actor, obj=Partner(programme=programme), fields=fields)


# Initiatives and reports --------------------------------------------------------


@transaction.atomic
def initiative_create(
    *,
    actor: User,
    programme: Programme,
    fields: dict[str, Any],
    attachment_upload=None,
) -> Initiative:
    """Log a new initiative with its tags, target codes, partners and attachment."""
    initiative = Initiative(programme=programme, created_by=actor)
    initiative = _create(actor=actor, obj=initiative, fields=fields)
    if attachment_upload is not None:
        initiative_attach(actor=actor, initiative=initiative, upload=attachment_upload)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor: User,
    initiative: Initiative,
    fields: dict[str, Any],
    expected_version: int,
    attachment_upload=None,
) -> Initiative:
    """Change an initiative; raises StaleEditError when someone saved it meanwhile."""
    initiative = _update(
        actor=actor, obj=initiative, fields=fields, expected_version=expected_version
    )
    if attachment_upload is not None:
        initiative_attach(actor=actor, initiative=initiative, upload=attachment_upload)
    return initiative


@transaction.atomic
def initiative_attach(
    *, actor: User, initiative: Initiative, upload, title: str = ""
) -> Document:
    """Validate, store and attach a file; nothing is stored when it is refused."""
    document = document_create(
        actor=actor,
        upload=upload,
        title=title,
        municipality=initiative.programme.municipality,
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
    *, actor: User, initiative: Initiative, fields: dict[str, Any]
) -> InitiativeReport:
    """Add a periodic report to an initiative."""
    report = InitiativeReport(initiative=initiative, created_by=actor)
    return _create(actor=actor, obj=report, fields=fields)


@transaction.atomic
def report_update(
    *,
    actor: User,
    report: InitiativeReport,
    fields: dict[str, Any],
    expected_version: int,
) -> InitiativeReport:
    """Change a report; raises StaleEditError when someone saved it meanwhile."""
    return _update(
        actor=actor, obj=report, fields=fields, expected_version=expected_version
    )


# Outcome indicators -------------------------------------------------------------


@transaction.atomic
def indicator_value_set(
    *,
    actor: User,
    indicator: Indicator,
    municipality: Municipality,
    year: int,
    value,
    n: int,
    sex: str = "",
    school_level: str = "",
    comparison_value=None,
    comparison_scope: str = "",
) -> IndicatorValue:
    """Record (or correct) one yearly indicator value of a municipality."""
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(
            indicator=indicator,
            municipality=municipality,
            year=year,
            sex=sex,
            school_level=school_level,
        )
        .first()
    )
    fields = {
        "value": value,
        "n": n,
        "comparison_value": comparison_value,
        "comparison_scope": comparison_scope,
    }
    if existing is None:
        obj = IndicatorValue(
            indicator=indicator,
            municipality=municipality,
            year=year,
            sex=sex,
            school_level=school_level,
        )
        return _create(actor=actor, obj=obj, fields=fields)
    return _update(actor=actor, obj=existing, fields=fields)
