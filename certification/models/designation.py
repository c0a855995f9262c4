"""ISCCC international designation: a case of its own that can follow national
certification, answered against the six international indicators."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safecommunity.core.services import model_snapshot
from safecommunity.core.workflow import StatusChoices

# Field name, title and what the answer should show, for each of the six
# indicators (their order is the international one).
INDICATORS: tuple[tuple[str, str, str], ...] = (
    (
        "governance",
        _("Governance and partnership"),
        _(
            "How a cross-sectoral group, with the municipality's leadership, "
            "governs and coordinates the safety work."
        ),
    ),
    (
        "surveillance",
        _("Injury surveillance"),
        _(
            "How injuries and their causes are registered and analysed, and how "
            "the figures are used."
        ),
    ),
    (
        "programmes",
        _("Comprehensive programmes"),
        _(
            "Long-term programmes covering both sexes, all ages, environments "
            "and situations."
        ),
    ),
    (
        "vulnerable_groups",
        _("Vulnerable groups"),
        _("Programmes aimed at high-risk groups and environments."),
    ),
    (
        "evaluation",
        _("Evaluation"),
        _("How programmes, processes and effects are evaluated."),
    ),
    (
        "networking",
        _("Networking"),
        _("Participation in national and international Safe Community networks."),
    ),
)
INDICATOR_FIELDS = tuple(name for name, _title, _help in INDICATORS)


class Designation(models.Model):
    """A certified municipality's application for ISCCC designation."""

    class Status(StatusChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        DESIGNATED = "designated", _("Designated")
        NOT_DESIGNATED = "not_designated", _("Not designated")

    OPEN = (Status.DRAFT, Status.SUBMITTED)

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="designations",
        verbose_name=_("programme"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    governance = models.TextField(_("governance and partnership"), blank=True)
    surveillance = models.TextField(_("injury surveillance"), blank=True)
    programmes = models.TextField(_("comprehensive programmes"), blank=True)
    vulnerable_groups = models.TextField(_("vulnerable groups"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    networking = models.TextField(_("networking"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
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
        ordering = ["programme", "-created_at", "-id"]
        verbose_name = _("ISCCC designation")
        verbose_name_plural = _("ISCCC designations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status__in=["draft", "submitted"]),
                name="designation_one_open_per_programme",
            ),
            models.CheckConstraint(
                condition=~Q(status="designated")
                | (
                    Q(decided_on__isnull=False)
                    & Q(valid_until__gt=models.F("decided_on"))
                ),
                name="designation_designated_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.municipality} – {self.get_status_display()}"

    @property
    def municipality(self):
        return self.programme.municipality

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def answers(self) -> list[tuple[str, str, str, str]]:
        """(field, title, what it should show, answer) for each indicator."""
        return [
            (name, str(title), str(help_text), getattr(self, name))
            for name, title, help_text in INDICATORS
        ]

    def missing(self) -> list[str]:
        """Titles of the indicators not yet answered."""
        return [
            str(title)
            for name, title, _help in INDICATORS
            if not getattr(self, name).strip()
        ]


# Bookkeeping left out of an application's history.
_NOT_AUDITED = ("programme", "version", "created_by", "created_at", "updated_at")


def designation_snapshot(designation: Designation) -> dict[str, Any]:
    """The application as its history shows it: answers, status and dates."""
    return model_snapshot(designation, exclude=_NOT_AUDITED)
