"""Good examples: initiatives (or a programme's organisation) that others can learn
from and adopt, proposed by coordinators and published by the secretariat."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from injuries.codes import AgeBand
from safecommunity.core.models import Document

from ..choices import Arena
from .initiatives import Initiative
from .programme import Programme


class GoodExample(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned to the proposer")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="good_examples",
        verbose_name=_("programme"),
    )
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="good_examples",
        verbose_name=_("initiative"),
        help_text=_("Leave empty to propose the programme's organisation itself."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    story = models.TextField(_("the story"))
    results = models.TextField(_("results"), blank=True)
    focus_area = models.CharField(_("focus area"), max_length=200, blank=True)
    target_group = models.CharField(
        _("target group"), max_length=10, choices=AgeBand.choices, blank=True
    )
    arena = models.CharField(
        _("arena"), max_length=20, choices=Arena.choices, blank=True
    )
    materials = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("materials")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    review_note = models.TextField(_("note from the secretariat"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("good example")
        verbose_name_plural = _("good examples")

    def __str__(self) -> str:
        return self.title

    @property
    def municipality(self):
        return self.programme.municipality
