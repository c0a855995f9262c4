"""Population denominators by municipality, year, sex and age."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import Municipality

from .registrations import Sex


class Population(models.Model):
    """Inhabitants by municipality, year, sex and age (SSB 07459, SCB BE0101N1).

    A file without a sex column gives both sexes together (`BOTH`): rates by
    sex then cannot be computed for that municipality and year. An age the
    source does not know (SCB's "uppgift saknas") is kept as NULL.
    """

    BOTH = "T"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population",
        verbose_name=_("municipality"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(
        _("sex"),
        max_length=1,
        choices=[
            (Sex.MALE, Sex.MALE.label),
            (Sex.FEMALE, Sex.FEMALE.label),
            ("T", _("Both sexes")),
        ],
    )
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, help_text=_("Empty: age not stated.")
    )
    count = models.PositiveIntegerField(_("inhabitants"))

    class Meta:
        ordering = ["municipality", "year", "sex", "age"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "sex", "age"],
                name="population_unique_cell",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year", "sex"],
                condition=models.Q(age__isnull=True),
                name="population_unique_unknown_age",
            ),
            models.CheckConstraint(
                condition=models.Q(sex__in=["M", "F", "T"]), name="population_sex"
            ),
            models.CheckConstraint(
                condition=models.Q(age__lte=120), name="population_age_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.sex} {self.age}: {self.count}"
