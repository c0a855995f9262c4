"""Every write of safety walks and their findings. Each one writes an audit entry."""

from __future__ import annotations

import datetime
import functools
import secrets
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Initiative, Programme
from safecommunity.core.audit import NOT_AUDITED, audit_change, model_snapshot
from safecommunity.core.models import AuditEntry, User

from ..models import (
    Finding,
    FindingPhoto,
    SafetyWalk,
    WalkLink,
    WalkParticipant,
)
from ..models.walks import MAX_GROUP_SIZE, MAX_PHOTOS_PER_FINDING, token_hash

# --- Walks ------------------------------------------------------------------------


@transaction.atomic
def safety_walk_create(
    *,
    actor: User,
    programme: Programme,
    area: str,
    starts_at: datetime.datetime,
    leader: str,
    purpose: str = "",
) -> SafetyWalk:
    """Plan a new safety walk."""
    walk = SafetyWalk(
        programme=programme,
        area=area,
        starts_at=starts_at,
        leader=leader,
        purpose=purpose,
    )
    walk.full_clean()
    walk.save()
    audit_change(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=walk,
        municipality=walk.municipality,
    )
    return walk


@transaction.atomic
def safety_walk_update(
    *,
    actor: User,
    walk: SafetyWalk,
    area: str,
    starts_at: datetime.datetime,
    leader: str,
    purpose: str,
) -> SafetyWalk:
    """Change a walk's area, time, leader or purpose."""
    before = model_snapshot(walk, exclude=NOT_AUDITED)
    walk.area, walk.starts_at, walk.leader = area, starts_at, leader
    walk.purpose = purpose
    walk.full_clean()
    walk.save()
    audit_change(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=walk,
        municipality=walk.municipality,
        before=before,
    )
    return walk


@transaction.atomic
def walk_participant_add(
    *, actor: User, walk: SafetyWalk, name: str, email: str, kind: str
) -> WalkParticipant:
    """Invite one person; refused once the group is full."""
    SafetyWalk.objects.select_for_update().filter(pk=walk.pk).first()
    if walk.participants.count() >= MAX_GROUP_SIZE:
        raise ValidationError(
            _("A walk group has at most %(max)d people.") % {"max": MAX_GROUP_SIZE}
        )
    participant = WalkParticipant(walk=walk, name=name, email=email, kind=kind)
    participant.full_clean()
    participant.save()
    audit_change(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=participant,
        municipality=participant.walk.municipality,
    )
    return participant


@transaction.atomic
def walk_participant_remove(*, actor: User, participant: WalkParticipant) -> None:
    """Take one person off the walk."""
    before = model_snapshot(participant)
    audit_change(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=participant,
        municipality=participant.walk.municipality,
        before=before,
    )
    participant.delete()


# --- Links ------------------------------------------------------------------------


@transaction.atomic
def walk_link_create(
    *,
    actor: User,
    walk: SafetyWalk,
    invite: bool = False,
    link_url: Callable[[str], str] | None = None,
) -> tuple[WalkLink, str, int]:
    """A new link for the walk; the token is returned once and only its hash kept.

    With `invite`, the participants who have an e-mail address get the link
    (built by `link_url` from the token) by e-mail once the link is saved.
    Returns the link, its token and how many invitations were queued.
    """
    token = secrets.token_urlsafe(32)
    link = WalkLink.objects.create(
        walk=walk,
        token_hash=token_hash(token),
        expires_at=walk.link_expires_at,
        created_by=actor,
    )
    audit_change(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=link,
        municipality=link.walk.municipality,
    )
    invited = 0
    if invite and link_url is not None:
        invited = walk.participants.exclude(email="").count()
        if invited:
            from ..tasks import walk_invitations_send_task

            url = link_url(token)
            transaction.on_commit(
                lambda: walk_invitations_send_task.delay(link_id=link.pk, url=url)
            )
    return link, token, invited


@transaction.atomic
def walk_link_revoke(*, actor: User, link: WalkLink) -> WalkLink:
    """Stop a link from working at once."""
    if link.revoked_at is None:
        before = model_snapshot(link)
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_change(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=link,
            municipality=link.walk.municipality,
            before=before,
        )
    return link


# --- Findings ---------------------------------------------------------------------


def _photos_store(
    finding: Finding, photos: Iterable[UploadedFile], actor: User | None
) -> None:
    """Keep the checked uploads as received; a worker makes the clean copies."""
    room = MAX_PHOTOS_PER_FINDING - finding.photos.count()
    photos = list(photos)
    if len(photos) > room:
        raise ValidationError(
            _("A finding has at most %(max)d photos.") % {"max": MAX_PHOTOS_PER_FINDING}
        )
    for upload in photos:
        extension = (upload.name or "").rsplit(".", 1)[-1].lower()
        photo = FindingPhoto(finding=finding)
        photo.received.save(f"{secrets.token_hex(16)}.{extension}", upload, save=False)
        photo.save()
        transaction.on_commit(functools.partial(_photo_process_queue, photo.pk))


def _photo_process_queue(photo_id: int) -> None:
    from ..tasks import finding_photo_process_task

    finding_photo_process_task.delay(photo_id=photo_id)


def finding_submit(
    *,
    link: WalkLink,
    finder_key: str,
    client_uuid: uuid.UUID,
    place: str,
    category: str,
    description: str,
    suggestion: str = "",
    priority: str = Finding.Priority.MEDIUM,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    photos: Iterable[UploadedFile] = (),
) -> tuple[Finding, bool]:
    """Store a finding sent through a walk link once, however often it is sent."""
    walk = link.walk
    existing = Finding.objects.filter(walk=walk, client_uuid=client_uuid).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            finding = Finding(
                walk=walk,
                link=link,
                finder_key=finder_key,
                client_uuid=client_uuid,
                place=place,
                category=category,
                description=description,
                suggestion=suggestion,
                priority=priority,
                latitude=latitude,
                longitude=longitude,
            )
            finding.full_clean(validate_constraints=False)
            finding.save()
            _photos_store(finding, photos, None)
            audit_change(
                actor=None,
                action=AuditEntry.Action.CREATE,
                obj=finding,
                municipality=finding.walk.municipality,
            )
    except IntegrityError:
        # The same form arrived twice at once; the first one won.
        return Finding.objects.get(walk=walk, client_uuid=client_uuid), False
    return finding, True


@transaction.atomic
def finding_update(
    *,
    actor: User,
    finding: Finding,
    place: str,
    category: str,
    description: str,
    suggestion: str,
    priority: str,
    term: str,
    responsible_body: str,
    due_date: datetime.date | None,
    status: str,
    status_reason: str,
    initiative: Initiative | None,
) -> Finding:
    """Sort, assign and follow up a finding.

    A new status moves the finding along its workflow (walks.workflow), which
    checks the move, records it in the status history and keeps the day it
    was fixed; a refused move raises ValidationError on the status.
    """
    from ..workflow import TransitionError, finding_transition

    # The row as stored: a bound model form has already written the submitted
    # values onto `finding`, and the status moves only through the workflow.
    stored = Finding.objects.select_for_update().get(pk=finding.pk)
    before = model_snapshot(stored, exclude=NOT_AUDITED)
    old_due_date, old_status = stored.due_date, stored.status
    stored.place, stored.category = place, category
    stored.description, stored.suggestion = description, suggestion
    stored.priority, stored.term = priority, term
    stored.responsible_body, stored.due_date = responsible_body, due_date
    stored.initiative = initiative
    if stored.due_date != old_due_date:
        stored.reminder_sent_at = None  # a new due date earns a new reminder
    if status == old_status == Finding.Status.NOT_TO_BE_FIXED:
        if not status_reason.strip():
            raise ValidationError(
                {"status_reason": _("Say why the finding will not be fixed.")}
            )
        stored.status_reason = status_reason
    stored.full_clean()
    stored.save()
    if model_snapshot(stored, exclude=NOT_AUDITED) != before:
        audit_change(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=stored,
            municipality=stored.walk.municipality,
            before=before,
        )
    if status != old_status:
        try:
            finding_transition(
                finding=stored,
                to_status=status,
                actor=actor,
                reason=status_reason,
                expected_status=old_status,
            )
        except TransitionError as exc:
            not_fixed = status == Finding.Status.NOT_TO_BE_FIXED
            raise ValidationError(
                {"status_reason" if not_fixed else "status": exc.message}
            ) from None
    return stored


@transaction.atomic
def finding_merge(*, actor: User, finding: Finding, into: Finding) -> Finding:
    """Fold a duplicate into another finding of the same walk; its photos move along."""
    if into.pk == finding.pk or into.walk_id != finding.walk_id:
        raise ValidationError(_("Choose another finding of the same walk."))
    if into.merged_into_id is not None:
        raise ValidationError(_("That finding was itself merged into another."))
    before = model_snapshot(finding, exclude=NOT_AUDITED)
    FindingPhoto.objects.filter(finding=finding).update(finding=into)
    Finding.objects.filter(merged_into=finding).update(merged_into=into)
    finding.merged_into = into
    finding.save(update_fields=["merged_into", "updated_at"])
    audit_change(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=finding,
        municipality=finding.walk.municipality,
        before=before,
    )
    return into
