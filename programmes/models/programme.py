from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import County, Document, Municipality


class Programme(models.Model):
    """A Safe Community programme of a municipality, or of a county (a Swedish
    region or län) with its member municipalities: exactly one of the two."""

    class Status(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        NETWORK_MEMBER = "network_member", _("Network member")
        WORKING_TOWARDS = "working_towards", _("Working towards certification")
        CERTIFIED = "certified", _("Certified")
        RECERTIFICATION_DUE = "recertification_due", _("Recertification due")
        LAPSED = "lapsed", _("Lapsed")

    municipality = models.OneToOneField(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme",
        verbose_name=_("municipality"),
    )
    county = models.OneToOneField(
        County,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme",
        verbose_name=_("county or region"),
    )
    member_municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="regional_programmes",
        verbose_name=_("member municipalities"),
        help_text=_("The municipalities taking part in a regional programme."),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.INTERESTED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_programmes",
        verbose_name=_("coordinators"),
    )
    council_decision_date = models.DateField(
        _("date of council decision"), null=True, blank=True
    )
    council_decision_reference = models.CharField(
        _("council decision (case number or reference)"), max_length=200, blank=True
    )
    letter_of_intent = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed letter of intent"),
    )
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(municipality__isnull=False, county__isnull=True)
                    | models.Q(municipality__isnull=True, county__isnull=False)
                ),
                name="programme_municipality_or_county",
            ),
        ]

    def __str__(self) -> str:
        return str(self.area)

    @property
    def is_regional(self) -> bool:
        return self.county_id is not None

    @property
    def area(self) -> Municipality | County:
        """What the programme covers: its municipality, or its county."""
        return self.county if self.is_regional else self.municipality

    def area_municipalities(self) -> list[Municipality]:
        """The municipality, or a regional programme's member municipalities."""
        if self.is_regional:
            return list(self.member_municipalities.all())
        return [self.municipality]


class FocusArea(models.Model):
    """A prioritised focus area of a programme, with the reason for the priority."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="focus_areas",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["programme", "priority", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "title"], name="focus_area_unique_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def municipality(self):
        return self.programme.municipality
