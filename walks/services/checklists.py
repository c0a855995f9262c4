"""Writes of Risikorydding: the public checklist link and anonymous responses."""

from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from programmes.models import Programme
from safecommunity.core.audit import audit_record, model_snapshot
from safecommunity.core.models import AuditEntry, User

from ..models import (
    Checklist,
    ChecklistAnswer,
    ChecklistLink,
    ChecklistResponse,
)


@transaction.atomic
def checklist_link_renew(*, actor: User, programme: Programme) -> ChecklistLink:
    """Give the municipality a (new) public checklist link; an old one stops working."""
    token = secrets.token_urlsafe(24)
    link, created = ChecklistLink.objects.update_or_create(
        programme=programme, defaults={"token": token}
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=link,
        after=model_snapshot(link, exclude=("token",)),
        municipality=programme.municipality,
    )
    return link


def checklist_response_submit(
    *,
    programme: Programme,
    checklist: Checklist,
    client_uuid: uuid.UUID,
    answers: dict[int, bool],
) -> tuple[ChecklistResponse, bool]:
    """Store one anonymous completion once, however often it is sent."""
    existing = ChecklistResponse.objects.filter(
        programme=programme, client_uuid=client_uuid
    ).first()
    if existing is not None:
        return existing, False
    if not answers:
        raise ValidationError(_("Answer at least one question."))
    valid = set(
        checklist.questions.filter(active=True, pk__in=answers).values_list(
            "pk", flat=True
        )
    )
    try:
        with transaction.atomic():
            response = ChecklistResponse.objects.create(
                checklist=checklist, programme=programme, client_uuid=client_uuid
            )
            ChecklistAnswer.objects.bulk_create(
                ChecklistAnswer(response=response, question_id=pk, answer=value)
                for pk, value in answers.items()
                if pk in valid
            )
    except IntegrityError:
        return ChecklistResponse.objects.get(
            programme=programme, client_uuid=client_uuid
        ), False
    return response, True
