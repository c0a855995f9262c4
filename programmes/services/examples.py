"""Writes of good examples: propose, review (publish or return) and adopt."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.core.audit import audit_record, model_snapshot
from safecommunity.core.models import AuditEntry, Role, User
from safecommunity.core.notifications import notify
from safecommunity.core.services import document_create

from ..models import GoodExample, Initiative, Programme


@transaction.atomic
def example_propose(
    *,
    actor: User,
    programme: Programme,
    title: str,
    summary: str,
    story: str,
    initiative: Initiative | None = None,
    results: str = "",
    focus_area: str = "",
    target_group: str = "",
    arena: str = "",
    material_uploads: Iterable[UploadedFile] = (),
) -> GoodExample:
    """Propose an initiative of the programme, or its organisation, as a good example."""
    if initiative is not None and initiative.programme_id != programme.pk:
        raise ValidationError({"initiative": _("Choose one of this programme's.")})
    example = GoodExample(
        programme=programme,
        proposed_by=actor,
        initiative=initiative,
        title=title,
        summary=summary,
        story=story,
        results=results,
        focus_area=focus_area,
        target_group=target_group,
        arena=arena,
    )
    example.full_clean()
    example.save()
    for upload in material_uploads:
        example.materials.add(
            document_create(
                actor=actor, upload=upload, municipality=programme.municipality
            )
        )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=example,
        after=model_snapshot(example),
        municipality=programme.municipality,
    )
    notify(
        users=list(User.objects.filter(role=Role.SECRETARIAT, is_active=True)),
        subject=lambda: (
            _("A good example is proposed: %(title)s") % {"title": example.title}
        ),
        body=lambda: (
            _("%(municipality)s proposes “%(title)s” as a good example: %(link)s")
            % {
                "municipality": programme.area.name,
                "title": example.title,
                "link": reverse("programmes:example-review", args=[example.pk]),
            }
        ),
    )
    return example


@transaction.atomic
def example_review(
    *, actor: User, example: GoodExample, publish: bool, note: str = ""
) -> GoodExample:
    """Publish an example, or return it to its proposer with a note."""
    current = GoodExample.objects.select_for_update().get(pk=example.pk)
    before = model_snapshot(current)
    if publish:
        current.status = GoodExample.Status.PUBLISHED
        current.published_at = current.published_at or timezone.now()
    else:
        if not note.strip():
            raise ValidationError({"note": _("Say what the proposer should change.")})
        current.status = GoodExample.Status.RETURNED
    current.review_note = note
    current.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        before=before,
        after=model_snapshot(current),
        municipality=current.municipality,
    )
    if current.proposed_by is not None:
        notify(
            users=[current.proposed_by],
            subject=lambda: (
                (
                    _("Your good example is published: %(title)s")
                    if publish
                    else _("Your good example was returned: %(title)s")
                )
                % {"title": current.title}
            ),
            body=note or current.title,
        )
    return current


@transaction.atomic
def example_adopt(
    *, actor: User, example: GoodExample, programme: Programme
) -> Initiative:
    """Start a new initiative in another programme, linked to the example it follows."""
    if example.status != GoodExample.Status.PUBLISHED:
        raise ValidationError(_("Only published examples can be adopted."))
    if example.programme_id == programme.pk:
        raise ValidationError(
            {"programme": _("The example already belongs to this programme.")}
        )
    origin = example.initiative
    initiative = Initiative(
        programme=programme,
        title=example.title,
        description=example.summary,
        measure_type=origin.measure_type if origin else "structural",
        start_date=timezone.localdate(),
        status=Initiative.Status.PLANNED,
        adopted_from=example,
        created_by=actor,
    )
    initiative.full_clean(exclude=["focus_area"])
    initiative.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=initiative,
        after=model_snapshot(initiative),
        municipality=programme.municipality,
        comment=f"adopted from good example {example.pk}",
    )
    return initiative
