"""A programme's agreements with its partners."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import Document

from .organisation import Partner


class PartnerAgreement(models.Model):
    """An agreement with a partner (a letter of intent, say), for a period."""

    class Kind(models.TextChoices):
        LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
        COOPERATION = "cooperation", _("Cooperation agreement")
        FUNDING = "funding", _("Funding agreement")
        OTHER = "other", _("Other agreement")

    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("partner"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an agreement without an end date."),
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed agreement"),
    )
    # The end date the last reminder was sent for: a new end date re-arms it.
    reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partner", "-starts_on", "id"]
        verbose_name = _("partner agreement")
        verbose_name_plural = _("partner agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="partner_agreement_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def programme(self):
        return self.partner.programme

    @property
    def municipality(self):
        return self.partner.programme.municipality
