"""The certification case, its certifiers and their comments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safecommunity.core.workflow import StatusChoices

# A case is reviewed by exactly this many certifiers in each round.
REQUIRED_CERTIFIERS = 2


class CaseStatus(StatusChoices):
    DRAFT = "draft", _("Draft")
    PROFILE_SUBMITTED = "profile_submitted", _("Safety profile submitted")
    CERTIFIERS_ASSIGNED = "certifiers_assigned", _("Certifiers assigned")
    STEPS_IN_PROGRESS = "steps_in_progress", _("Steps 5 to 8 in progress")
    READY_FOR_MEETING = "ready_for_meeting", _("Ready for certification meeting")
    MEETING_HELD = "meeting_held", _("Certification meeting held")
    STATEMENT_WRITTEN = "statement_written", _("Statement written")
    APPROVED = "approved", _("Decided: approved")
    DEFERRED = "deferred", _("Decided: deferred with conditions")
    DECLINED = "declined", _("Decided: declined")
    CERTIFIED = "certified", _("Certified")
    RECERTIFICATION_DUE = "recertification_due", _("Recertification due")
    RECERTIFICATION_SUBMITTED = (
        "recertification_submitted",
        _("Recertification submitted"),
    )
    LAPSED = "lapsed", _("Lapsed")

    @property
    def is_closed(self) -> bool:
        """A declined or lapsed case is over; the programme may open a new one."""
        return self in {CaseStatus.DECLINED, CaseStatus.LAPSED}

    @property
    def is_council_done(self) -> bool:
        """The council's work is over: a decision is taken (or the case closed)."""
        return self in {
            CaseStatus.APPROVED,
            CaseStatus.DEFERRED,
            CaseStatus.DECLINED,
            CaseStatus.CERTIFIED,
            CaseStatus.RECERTIFICATION_DUE,
            CaseStatus.LAPSED,
        }

    @classmethod
    def closed(cls) -> list[str]:
        return [status.value for status in cls if status.is_closed]

    @classmethod
    def open(cls) -> list[str]:
        return [status.value for status in cls if not status.is_closed]


class CertificationCase(models.Model):
    """A programme's way to (re)certification; `round` counts the reviews."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="certification_cases",
        verbose_name=_("programme"),
    )
    status = models.CharField(
        _("status"), max_length=40, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    due_date = models.DateField(_("next deadline"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme__municipality__code", "-id"]
        verbose_name = _("certification case")
        verbose_name_plural = _("certification cases")
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=~Q(status__in=CaseStatus.closed()),
                name="certification_case_one_open_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Certification of %(programme)s") % {"programme": self.programme})


class CertifierProfile(models.Model):
    """A certifier's home municipality and standing conflicts of interest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certifier_profile",
        verbose_name=_("certifier"),
    )
    home_municipality = models.ForeignKey(
        "core.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home municipality"),
    )
    conflicts = models.ManyToManyField(
        "core.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("municipalities with a conflict of interest"),
    )

    class Meta:
        verbose_name = _("certifier profile")
        verbose_name_plural = _("certifier profiles")

    def __str__(self) -> str:
        return str(self.user)


class CertifierAssignmentQuerySet(models.QuerySet["CertifierAssignment"]):
    def active(self) -> CertifierAssignmentQuerySet:
        """Assignments not removed (of any round)."""
        return self.filter(removed_at__isnull=True)

    def active_on(self, case: CertificationCase) -> CertifierAssignmentQuerySet:
        """The case's certifiers in its current round."""
        return self.active().filter(case=case, round=case.round)


class CertifierAssignment(models.Model):
    """A certifier on a case in one round; accepted with a conflict declaration."""

    case = models.ForeignKey(
        CertificationCase, on_delete=models.CASCADE, related_name="assignments"
    )
    certifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certifier_assignments",
        verbose_name=_("certifier"),
    )
    round = models.PositiveSmallIntegerField(_("round"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declaration = models.TextField(_("declaration of interests"), blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    objects = CertifierAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["case", "round", "assigned_at", "id"]
        verbose_name = _("certifier assignment")
        verbose_name_plural = _("certifier assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "certifier", "round"],
                condition=Q(removed_at__isnull=True),
                name="certifier_assignment_unique_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certifier} – {self.case}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None


class CaseComment(models.Model):
    """A comment on the case, optionally on one step or requirement."""

    case = models.ForeignKey(
        CertificationCase, on_delete=models.CASCADE, related_name="comments"
    )
    step = models.ForeignKey(
        "certification.Step",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("step"),
    )
    requirement = models.ForeignKey(
        "certification.Requirement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requirement"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]
