"""Outcome indicators (e.g. Ungdata) and their yearly values per municipality."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safecommunity.core.languages import label_by_language
from safecommunity.core.models import Municipality


class Indicator(models.Model):
    """The definition of an outcome indicator."""

    class Unit(models.TextChoices):
        PERCENT = "percent", _("Percent")
        RATE = "rate", _("Per 1,000 inhabitants")
        COUNT = "count", _("Count")

    class Better(models.TextChoices):
        LOWER = "lower", _("Lower is better")
        HIGHER = "higher", _("Higher is better")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=100)
    definition = models.TextField(_("definition (English)"), blank=True)
    definition_nb = models.TextField(_("definition (Norwegian)"), blank=True)
    definition_sv = models.TextField(_("definition (Swedish)"), blank=True)
    unit = models.CharField(
        _("unit"), max_length=10, choices=Unit.choices, default=Unit.PERCENT
    )
    better = models.CharField(
        _("direction that counts as better"), max_length=10, choices=Better.choices
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "key"]
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return label_by_language(self.name_nb, self.name_en, self.name_sv)

    @property
    def definition_text(self) -> str:
        """The definition in the active language (English while a translation is missing)."""
        return label_by_language(
            self.definition_nb or self.definition, self.definition, self.definition_sv
        )


class IndicatorValue(models.Model):
    """One yearly value of an indicator for a municipality, with its n."""

    class Sex(models.TextChoices):
        ALL = "", _("All")
        FEMALE = "F", _("Girls")
        MALE = "M", _("Boys")

    class SchoolLevel(models.TextChoices):
        ALL = "", _("All levels")
        LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")

    class ComparisonScope(models.TextChoices):
        NONE = "", _("None")
        NATIONAL = "national", _("National")
        COUNTY = "county", _("County")

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("indicator"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(
        _("sex"), max_length=1, choices=Sex.choices, blank=True, default=Sex.ALL
    )
    school_level = models.CharField(
        _("school level"),
        max_length=20,
        choices=SchoolLevel.choices,
        blank=True,
        default=SchoolLevel.ALL,
    )
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    n = models.PositiveIntegerField(_("number of respondents (n)"))
    comparison_value = models.DecimalField(
        _("comparison value"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    comparison_scope = models.CharField(
        _("compared with"),
        max_length=10,
        choices=ComparisonScope.choices,
        blank=True,
        default=ComparisonScope.NONE,
    )

    class Meta:
        ordering = ["indicator", "municipality", "year", "sex", "school_level"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "municipality", "year", "sex", "school_level"],
                name="indicator_value_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1990, year__lte=2100),
                name="indicator_value_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.municipality} {self.year}"
