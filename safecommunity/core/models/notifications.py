"""Notifications: what a user is told about, in the portal and by e-mail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .users import Language


class Notification(models.Model):
    """Something a user is told about: listed in the portal, e-mailed as they chose."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # The language the subject and body are written in (the recipient's when it
    # was made); empty for those made before it was recorded.
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, blank=True
    )
    # A path in the portal (never an address elsewhere); e-mails make it absolute.
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                name="notification_recipient_recent",
            ),
            # The daily digest looks for one day's notifications not yet e-mailed.
            models.Index(
                fields=["created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_not_emailed",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
