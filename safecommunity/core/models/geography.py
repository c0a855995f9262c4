"""Countries, counties and municipalities, with their periods of validity."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The country whose municipality codes go bare in URLs.
HOME_COUNTRY = "NO"


def municipality_key(country_code: str, code: str) -> str:
    """The key of a municipality in URLs: `0716` in Norway, `SE-0127` elsewhere."""
    if country_code == HOME_COUNTRY:
        return code
    return f"{country_code}-{code}"


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="counties"
    )
    code = models.CharField(
        _("code"),
        max_length=2,
        validators=[RegexValidator(r"^\d{2}$", _("A county code has two digits."))],
    )
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["country__code", "code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code", "valid_from"], name="county_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Municipality(models.Model):
    """A municipality, identified by its country and code together.

    The county is the one of its time (the first two digits of the code).
    """

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="municipalities"
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities"
    )
    code = models.CharField(
        _("code"),
        max_length=4,
        validators=[
            RegexValidator(r"^\d{4}$", _("A municipality code has four digits."))
        ],
    )
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
        verbose_name=_("successors"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code"], name="municipality_unique_country_code"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="municipality_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        if self.country_id is None and self.county_id is not None:
            self.country_id = self.county.country_id
        super().save(*args, **kwargs)

    @property
    def country_code(self) -> str:
        return self.county.country.code

    @property
    def key(self) -> str:
        """The code as URLs carry it: bare for Norway, `SE-0127` elsewhere."""
        return municipality_key(self.country_code, self.code)
