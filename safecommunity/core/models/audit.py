"""The audit trail and the status history every workflow writes."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..audit_values import (
    EMPTY,
    RelatedQuerySet,
    entry_field,
    entry_model,
    is_internal,
    readable,
)
from .geography import Municipality


class AuditEntry(models.Model):
    """One recorded change: who, when, what, before and after. Never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    objects = RelatedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"]),
            # A municipality's history, newest first.
            models.Index(
                fields=["municipality", "-created_at"], name="audit_municipality_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def record_kind(self) -> str:
        """What kind of record changed (say "initiative"), in the user's language."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return str(model._meta.verbose_name) if model is not None else ""

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field label, before, after) for each changed field, in the user's language."""
        before = self.before or {}
        after = self.after or {}
        model = entry_model(self)
        names = getattr(self, "related_names", None)
        rows = []
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            if old == new or (old in EMPTY and new in EMPTY):
                continue  # a blank field of a created or deleted record
            field = entry_field(model, key)
            if field is None or getattr(field, "primary_key", False):
                continue  # a field removed since the change, or the id
            label = getattr(field, "verbose_name", None)
            if label is None or is_internal(field):
                continue  # not a field of the record's own, or an internal one
            rows.append(
                (label, readable(field, old, names), readable(field, new, names))
            )
        return rows


class StatusChange(models.Model):
    """History row written by every workflow transition."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("from"), max_length=40, blank=True)
    to_status = models.CharField(_("to"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
