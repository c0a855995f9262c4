"""The data version counters cached figures carry in their keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A counter raised by database triggers on every write to some tables
    (`core.data_versions`); cached figures carry it in their keys."""

    name = models.CharField(_("data"), max_length=30, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)
    # Stamped by a trigger on this table whenever the version rises.
    changed_at = models.DateTimeField(_("last changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
