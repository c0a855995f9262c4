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


class DataSharingAgreement(models.Model):
    """What a partner shares with whom, on what legal basis, and the assessment
    that the sharing is necessary, relevant and proportionate.

    Only aggregated figures are shared through the programme: the portal stores
    no data about individuals, and the form says so.
    """

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="data_sharing_agreements",
        verbose_name=_("programme"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="data_sharing_agreements",
        verbose_name=_("partner that shares"),
    )
    shared_data = models.TextField(
        _("what is shared"),
        help_text=_(
            "Aggregated figures only, for example the number of injuries by "
            "place and year."
        ),
    )
    recipients = models.CharField(_("shared with"), max_length=300)
    legal_basis = models.TextField(_("legal basis"))
    aggregates_only = models.BooleanField(
        _("aggregated figures only, no data about individuals"), default=False
    )
    necessary = models.BooleanField(_("necessary"), default=False)
    relevant = models.BooleanField(_("relevant"), default=False)
    proportionate = models.BooleanField(_("proportionate"), default=False)
    assessment_reason = models.TextField(_("reason for the assessment"))
    approved_by = models.CharField(_("approved by"), max_length=200)
    approved_on = models.DateField(_("approved on"))
    valid_until = models.DateField(_("valid until"))
    reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "valid_until", "id"]
        verbose_name = _("data-sharing agreement")
        verbose_name_plural = _("data-sharing agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(aggregates_only=True)
                & models.Q(necessary=True)
                & models.Q(relevant=True)
                & models.Q(proportionate=True),
                name="data_sharing_assessed",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("approved_on")),
                name="data_sharing_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.recipients}"

    @property
    def municipality(self):
        return self.programme.municipality
