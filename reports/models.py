"""Dossier and annual-report PDF jobs, rendered by Celery workers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecommunity.core.jobs import TrackedJob
from safecommunity.core.models import County, Municipality


def dossier_file_path(job: "DossierJob", filename: str = "") -> str:
    """Generated, unguessable name; the same job always writes the same path."""
    return f"dossiers/{job.token.hex}.pdf"


class DossierJob(TrackedJob):
    """One request for a PDF of a municipality, from queue to stored file."""

    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("Accreditation dossier")
        ANNUAL_REPORT = "annual_report", _("Annual report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.READY, Status.FAILED)
    JOB_WAITING = Status.QUEUED
    JOB_RUNNING = Status.RENDERING
    JOB_FAILED = Status.FAILED
    JOB_TASK = "reports.tasks.dossier_build_task"
    JOB_TIME_LIMIT = 300  # seconds; the task's hard time limit

    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_jobs",
        verbose_name=_("municipality"),
    )
    # A regional programme's PDF is the county's (a region or län).
    county = models.ForeignKey(
        County,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_jobs",
        verbose_name=_("county or region"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.DOSSIER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    failure_reason = models.CharField(_("reason"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    language = models.CharField(_("language"), max_length=10, default="nb")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fingerprint = models.CharField(
        _("data fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the data the PDF was made from."),
    )
    file = models.FileField(
        _("file"), upload_to=dossier_file_path, max_length=200, blank=True
    )
    reused_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("file reused from"),
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dossier job")
        verbose_name_plural = _("dossier jobs")
        indexes = [
            models.Index(fields=["municipality", "kind", "-created_at"]),
            models.Index(fields=["municipality", "kind", "fingerprint"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ready") | ~models.Q(file=""),
                name="dossier_ready_has_file",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(municipality__isnull=False, county__isnull=True)
                    | models.Q(municipality__isnull=True, county__isnull=False)
                ),
                name="dossier_municipality_or_county",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.area.code} #{self.pk}"

    @property
    def area(self) -> Municipality | County:
        """What the PDF is about: a municipality, or a regional programme's county."""
        if self.county_id is not None:
            assert self.county is not None  # noqa: S101 - set with its id
            return self.county
        assert self.municipality is not None  # noqa: S101 - the check constraint
        return self.municipality

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def has_file(self) -> bool:
        return bool(self.file) and self.file.storage.exists(self.file.name)


def area_filter(area: Municipality | County) -> dict[str, Municipality | County]:
    """The lookup of the jobs of a municipality, or of a county."""
    if isinstance(area, County):
        return {"county": area}
    return {"municipality": area}
