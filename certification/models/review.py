"""The council's review: meeting, statement with improvement points, decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import CertificationCase


class CertificationMeeting(models.Model):
    """The certification meeting of one round: planned, then recorded."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    case = models.ForeignKey(
        CertificationCase, on_delete=models.CASCADE, related_name="meetings"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    scheduled_for = models.DateTimeField(_("date and time"))
    mode = models.CharField(_("form"), max_length=20, choices=Mode.choices)
    location = models.CharField(_("place or meeting link"), max_length=300, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    notes = models.TextField(_("notes from the meeting"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "round"]
        verbose_name = _("certification meeting")
        verbose_name_plural = _("certification meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round"], name="certification_meeting_one_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.scheduled_for:%Y-%m-%d}"


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    DEFER = "defer", _("Defer with conditions")
    DECLINE = "decline", _("Decline")


class Statement(models.Model):
    """The certifiers' statement of one round, with their recommendation."""

    case = models.ForeignKey(
        CertificationCase, on_delete=models.CASCADE, related_name="statements"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    summary = models.TextField(_("overall assessment"))
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "round"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round"], name="statement_one_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.get_recommendation_display()}"


class StepAssessment(models.Model):
    """The statement's assessment of one step."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="assessments"
    )
    step = models.ForeignKey(
        "certification.Step", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("assessment"))

    class Meta:
        ordering = ["statement", "step__number"]
        verbose_name = _("step assessment")
        verbose_name_plural = _("step assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "step"], name="step_assessment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.text[:40]}"


class ImprovementPoint(models.Model):
    """A point for improvement from a statement; the coordinator reports its follow-up."""

    class FollowUp(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="improvement_points"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("point for improvement"))
    follow_up_status = models.CharField(
        _("follow-up"), max_length=20, choices=FollowUp.choices, default=FollowUp.OPEN
    )
    follow_up_report = models.TextField(_("what has been done"), blank=True)
    follow_up_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["statement", "order", "id"]
        verbose_name = _("point for improvement")
        verbose_name_plural = _("points for improvement")

    def __str__(self) -> str:
        return self.text[:60]


class Decision(models.Model):
    """The secretariat's decision in one round, with reasons."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        DEFERRED = "deferred", _("Deferred with conditions")
        DECLINED = "declined", _("Declined")

    case = models.ForeignKey(
        CertificationCase, on_delete=models.CASCADE, related_name="decisions"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"))
    conditions = models.TextField(_("conditions"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["case", "round"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round"], name="decision_one_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.get_outcome_display()}"
