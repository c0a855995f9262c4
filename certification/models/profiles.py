"""The safety profile: a working draft and frozen, versioned submissions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .steps import _by_language


class SafetyChecklistItem(models.Model):
    """One question of the safety checklist; the secretariat edits the list."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_nb = models.CharField(_("text (Norwegian)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    text_sv = models.CharField(_("text (Swedish)"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("safety checklist item")
        verbose_name_plural = _("safety checklist")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _by_language(self.text_nb, self.text_en, self.text_sv)


class SafetyProfileDraft(models.Model):
    """What the coordinator is writing before submitting the safety profile."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    municipal_description = models.TextField(
        _("about the municipality"),
        blank=True,
        help_text=_("Geography, organisation, special features and challenges."),
    )
    risk_summary = models.TextField(_("summary of the risk picture"), blank=True)
    # {str(item id): {"answer": "yes|partly|no", "comment": "..."}}
    checklist = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("safety profile draft")
        verbose_name_plural = _("safety profile drafts")

    def __str__(self) -> str:
        return str(self.programme)


class SafetyProfile(models.Model):
    """One submitted version of a programme's safety profile. Never changed."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="safety_profiles",
        verbose_name=_("programme"),
    )
    case = models.ForeignKey(
        "certification.CertificationCase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="safety_profiles",
    )
    version = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["programme", "-version"]
        verbose_name = _("safety profile")
        verbose_name_plural = _("safety profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "version"], name="safety_profile_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} v{self.version}"

    def save(self, *args, **kwargs):
        # A submission is a record of what was sent; it is frozen once written.
        if not self._state.adding:
            raise ValueError("A submitted safety profile cannot be changed.")
        super().save(*args, **kwargs)
