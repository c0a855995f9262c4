"""The eight steps, their requirements, and a programme's progress and evidence."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safecommunity.core.languages import label_by_language
from safecommunity.core.models import Document
from safecommunity.core.workflow import StatusChoices


def _by_language(nb: str, en: str, sv: str = "") -> str:
    # Swedish pages show the English text while the Swedish one is empty.
    return label_by_language(nb, en, sv, swedish_else="en")


class Step(models.Model):
    """One of the eight steps of the Safe Community method."""

    class Phase(models.TextChoices):
        START_UP = "start_up", _("Start-up")
        QUALITY_WHEEL = "quality_wheel", _("Quality wheel")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=8), name="step_number_1_8"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return _by_language(self.name_nb, self.name_en, self.name_sv)


class RequirementQuerySet(models.QuerySet):
    def for_programme(self, programme) -> RequirementQuerySet:
        """The items asked of this programme's level (municipal or regional)."""
        level = (
            Requirement.Level.REGIONAL
            if programme.is_regional
            else Requirement.Level.MUNICIPAL
        )
        return self.filter(level__in=[Requirement.Level.ALL, level])


class Requirement(models.Model):
    """One item of a step's checklist; the secretariat edits the list per level."""

    class Level(models.TextChoices):
        ALL = "all", _("Municipal and regional programmes")
        MUNICIPAL = "municipal", _("Municipal programmes only")
        REGIONAL = "regional", _("Regional programmes only")

    step = models.ForeignKey(
        Step,
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name=_("step"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_nb = models.CharField(_("text (Norwegian)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    text_sv = models.CharField(_("text (Swedish)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive requirements are kept for history but no longer asked."),
    )
    level = models.CharField(
        _("asked of"), max_length=10, choices=Level.choices, default=Level.ALL
    )

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["step__number", "order", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _by_language(self.text_nb, self.text_en, self.text_sv)


class StepProgress(models.Model):
    """Where a programme stands on one step."""

    class Status(StatusChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ACCEPTED = "accepted", _("Accepted by the certifiers")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="step_progress",
        verbose_name=_("programme"),
    )
    step = models.ForeignKey(
        Step, on_delete=models.PROTECT, related_name="+", verbose_name=_("step")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    completed_at = models.DateTimeField(_("done"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "step__number"]
        verbose_name = _("step progress")
        verbose_name_plural = _("step progress")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "step"], name="step_progress_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.step}: {self.get_status_display()}"

    @property
    def is_complete(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.ACCEPTED}


class Evidence(models.Model):
    """Something that shows a requirement is met: a document, a link or a reference."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        MEETING = "meeting", _("Meeting or decision")
        INITIATIVE = "initiative", _("Initiative")
        REPORT = "report", _("Initiative report")
        PLAN = "plan", _("Plan reference")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="certification_evidence",
        verbose_name=_("programme"),
    )
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("requirement"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A meeting, initiative or report used as evidence is kept while it is.
    meeting = models.ForeignKey(
        "programmes.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    initiative = models.ForeignKey(
        "programmes.Initiative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report = models.ForeignKey(
        "programmes.InitiativeReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    url = models.URLField(_("web address"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    # The field that holds the record of each kind (a plan is named, not linked).
    LINK_OF_KIND: dict[str, str] = {
        Kind.DOCUMENT: "document",
        Kind.MEETING: "meeting",
        Kind.INITIATIVE: "initiative",
        Kind.REPORT: "report",
    }

    class Meta:
        ordering = ["requirement", "created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                name="evidence_kind_matches_link",
                condition=(
                    Q(kind="document", document__isnull=False)
                    | Q(kind="meeting", meeting__isnull=False)
                    | Q(kind="initiative", initiative__isnull=False)
                    | Q(kind="report", report__isnull=False)
                    | (Q(kind="plan") & (~Q(title="") | ~Q(url="")))
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        """The record its kind names is given, and no other; a plan has a name or address."""
        super().clean()
        errors: dict[str, str] = {}
        own = self.LINK_OF_KIND.get(self.kind)
        for name in self.LINK_OF_KIND.values():
            linked = getattr(self, name) is not None
            if name == own and not linked:
                errors[name] = _("Required for this kind of evidence.")
            elif name != own and linked:
                errors[name] = _("Only the record of the chosen kind is kept.")
        if self.kind == self.Kind.PLAN and not (self.title.strip() or self.url.strip()):
            errors["title"] = _("Give the plan's name or web address.")
        if errors:
            raise ValidationError(errors)

    @property
    def label(self) -> str:
        linked = self.document or self.meeting or self.initiative or self.report
        if linked is not None:
            return str(linked)
        return self.title or self.url


class RequirementNote(models.Model):
    """The coordinator's note on one requirement of their programme."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("requirement note")
        verbose_name_plural = _("requirement notes")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "requirement"], name="requirement_note_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
