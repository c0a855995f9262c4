"""Certificates, their expiry reminders, and the application per focus area."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safecommunity.core.jobs import SimpleJob, job_task
from safecommunity.core.models import Document

from .cases import CertificationCase


class Certificate(models.Model):
    """Proof of certification, valid from issue to expiry."""

    case = models.ForeignKey(
        CertificationCase, on_delete=models.PROTECT, related_name="certificates"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    issued_on = models.DateField(_("issued"))
    expires_on = models.DateField(_("expires"))
    diploma = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diploma (PDF)"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round"], name="certificate_one_per_round"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class DiplomaJob(SimpleJob):
    """Rendering a certificate's diploma PDF in a worker."""

    JOB_TASK = "certification.tasks.certificate_diploma_render_task"
    JOB_TIME_LIMIT = 300  # seconds; the task's hard time limit

    certificate = models.OneToOneField(
        Certificate,
        on_delete=models.CASCADE,
        related_name="diploma_job",
        verbose_name=_("certificate"),
    )

    class Meta:
        verbose_name = _("diploma job")
        verbose_name_plural = _("diploma jobs")

    def __str__(self) -> str:
        return f"{self.certificate_id} ({self.status})"

    def job_send(self) -> None:
        job_task(type(self)).delay(certificate_id=self.certificate_id)


class ExpiryReminder(models.Model):
    """A reminder before expiry, recorded so that each is sent once."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="reminders"
    )
    months_before = models.PositiveSmallIntegerField(_("months before expiry"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["certificate", "-months_before"]
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "months_before"], name="expiry_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} – {self.months_before}"


class Application(models.Model):
    """The written application of one round, one section per focus area."""

    case = models.ForeignKey(
        CertificationCase, on_delete=models.CASCADE, related_name="applications"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "round"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round"], name="application_one_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.round}"


class ApplicationSection(models.Model):
    """The application text for one focus area."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="sections"
    )
    focus_area = models.ForeignKey(
        "programmes.FocusArea",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("focus area"),
    )
    focus_area_title = models.CharField(_("focus area"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    ongoing_measures = models.TextField(_("ongoing measures"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "focus_area__priority", "id"]
        verbose_name = _("application section")
        verbose_name_plural = _("application sections")

    def __str__(self) -> str:
        return self.focus_area_title

    @property
    def is_complete(self) -> bool:
        return all((self.introduction, self.goal, self.ongoing_measures, self.needs))
