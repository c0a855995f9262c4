"""The injury code lists: one row per code, with labels and validity."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safecommunity.core.languages import label_by_language

from ..codes import CodeListName


class Code(models.Model):
    """One entry of an injury code list, with labels and validity; versioned."""

    list_name = models.CharField(
        _("code list"), max_length=20, choices=CodeListName.choices
    )
    code = models.CharField(_("code"), max_length=30)
    label_nb = models.CharField(_("label (Norwegian)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_sv = models.CharField(_("label (Swedish)"), max_length=120, blank=True)
    version = models.CharField(_("version"), max_length=30, default="FMDS-2024")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    nomesco = models.CharField(_("NOMESCO code"), max_length=20, blank=True)
    iceci = models.CharField(_("ICECI code"), max_length=20, blank=True)

    class Meta:
        ordering = ["list_name", "sort_order", "code"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint(
                fields=["list_name", "code"], name="code_unique_per_list"
            ),
        ]

    def __str__(self) -> str:
        """The label; a list's short code (a mechanism's "F1") follows as a
        hint for staff, a spelled-out key ("home_outside") never shows."""
        if self.code.replace("_", "").isalpha() and self.code.islower():
            return self.label
        return f"{self.label} ({self.code})"

    @property
    def label(self) -> str:
        return label_by_language(self.label_nb, self.label_en, self.label_sv)
