"""Initiatives (tiltak) and their periodic reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from injuries.codes import AgeBand
from safecommunity.core.models import Document

from ..choices import Arena, MeasureType, Sector, SmartPrinciple, WellbeingWord
from .organisation import Partner, WorkingGroup
from .programme import FocusArea, Programme


class Initiative(models.Model):
    """A measure carried out within a programme's focus area."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="initiatives",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        null=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
        verbose_name=_("focus area"),
    )
    measure_type = models.CharField(
        _("type of measure"), max_length=20, choices=MeasureType.choices
    )
    target_codes = models.ManyToManyField(
        "injuries.Code",
        blank=True,
        related_name="initiatives",
        limit_choices_to={"list_name__in": ["mechanism", "place"]},
        verbose_name=_("targeted injury mechanisms and places"),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="initiatives", verbose_name=_("partners")
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
        verbose_name=_("working group"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    budget = models.DecimalField(
        _("budget (NOK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    reach = models.PositiveIntegerField(
        _("reach (participants)"), null=True, blank=True
    )
    responsible_person = models.CharField(
        _("responsible person"), max_length=200, blank=True
    )
    attachments = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("attachments")
    )
    adopted_from = models.ForeignKey(
        "programmes.GoodExample",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
        verbose_name=_("adopted from the good example"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["programme", "status", "-start_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def municipality(self):
        return self.programme.municipality

    def tag_values(self, kind: str) -> list[str]:
        """Values of one tag kind, from prefetched tags when available."""
        return [t.value for t in self.tags.all() if t.kind == kind]

    def tag_labels(self, kind: str) -> list[str]:
        choices = dict(InitiativeTag.CHOICES_BY_KIND[kind].choices)
        return [str(choices.get(v, v)) for v in self.tag_values(kind)]

    @property
    def age_group_labels(self) -> list[str]:
        return self.tag_labels(InitiativeTag.Kind.AGE_GROUP)

    @property
    def arena_labels(self) -> list[str]:
        return self.tag_labels(InitiativeTag.Kind.ARENA)

    @property
    def sector_labels(self) -> list[str]:
        return self.tag_labels(InitiativeTag.Kind.SECTOR)

    @property
    def smart_labels(self) -> list[str]:
        return self.tag_labels(InitiativeTag.Kind.SMART)

    @property
    def wellbeing_labels(self) -> list[str]:
        return self.tag_labels(InitiativeTag.Kind.WELLBEING)


class InitiativeTag(models.Model):
    """One multi-valued attribute of an initiative: age group, arena, sector or tag."""

    class Kind(models.TextChoices):
        AGE_GROUP = "age_group", _("Target age group")
        ARENA = "arena", _("Arena")
        SECTOR = "sector", _("Sector")
        SMART = "smart", _("SMART principle")
        WELLBEING = "wellbeing", _("Wellbeing word")

    CHOICES_BY_KIND = {
        Kind.AGE_GROUP: AgeBand,
        Kind.ARENA: Arena,
        Kind.SECTOR: Sector,
        Kind.SMART: SmartPrinciple,
        Kind.WELLBEING: WellbeingWord,
    }

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="tags"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=30)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("initiative attribute")
        verbose_name_plural = _("initiative attributes")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "kind", "value"], name="initiative_tag_unique"
            ),
        ]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


# Form field name -> tag kind of the initiative's multi-valued attributes.
INITIATIVE_TAG_FIELDS: dict[str, str] = {
    "age_groups": InitiativeTag.Kind.AGE_GROUP,
    "arenas": InitiativeTag.Kind.ARENA,
    "sectors": InitiativeTag.Kind.SECTOR,
    "smart_principles": InitiativeTag.Kind.SMART,
    "wellbeing_words": InitiativeTag.Kind.WELLBEING,
}


class InitiativeReport(models.Model):
    """A periodic report on one initiative."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("initiative"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    activities = models.TextField(_("activities carried out"))
    reach = models.PositiveIntegerField(
        _("reach (participants)"), null=True, blank=True
    )
    results = models.TextField(_("results"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["initiative", "-period_end", "-id"]
        verbose_name = _("initiative report")
        verbose_name_plural = _("initiative reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="initiative_report_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {self.period_start}–{self.period_end}"

    @property
    def municipality(self):
        return self.initiative.programme.municipality
