"""Import jobs: one uploaded file of injuries or population, checked and run
by a worker."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.core.jobs import TrackedJob


class ImportJob(TrackedJob):
    """One uploaded file: injuries (checked, then imported) or population."""

    class Kind(models.TextChoices):
        INJURIES = "injuries", _("Injury registrations")
        POPULATION = "population", _("Population")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Checked")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        UNDONE = "undone", _("Undone")

    JOB_WAITING = Status.QUEUED
    JOB_RUNNING = Status.RUNNING
    JOB_FAILED = Status.FAILED
    JOB_TASK = "injuries.tasks.import_job_run_task"
    JOB_TIME_LIMIT = 600  # seconds; the task's hard time limit

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(_("file"), upload_to="injury-imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.INJURIES
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("False while the file is only checked (dry run)."),
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("new registrations"), default=0)
    updated_count = models.PositiveIntegerField(_("updated registrations"), default=0)
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    municipality_codes = models.JSONField(_("municipalities"), default=list)
    code_book = models.ForeignKey(
        "CodeBook",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("code book"),
    )
    # What the import did beyond rows: figures skipped, codes moved to successors.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="nb")
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("undone by"),
    )
    undone_count = models.PositiveIntegerField(
        _("registrations removed by the undo"), default=0
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("injury import")
        verbose_name_plural = _("injury imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def job_failure_fields(self, reason: str) -> dict:
        return {
            "errors": [{"row": 1, "column": "", "value": "", "reason": reason}],
            "error_count": 1,
            "finished_at": timezone.now(),
        }

    @property
    def is_finished(self) -> bool:
        return self.status in {
            self.Status.CHECKED,
            self.Status.DONE,
            self.Status.FAILED,
            self.Status.UNDONE,
        }

    @property
    def undo_deadline(self) -> datetime.datetime | None:
        """Until when the import may be undone (IMPORT_UNDO_DAYS after it finished)."""
        if self.finished_at is None:
            return None
        return self.finished_at + datetime.timedelta(days=settings.IMPORT_UNDO_DAYS)

    @property
    def moved_lines(self) -> list[dict]:
        """Rows on ceased codes counted in their successors: old, new, rows."""
        moved = (self.summary or {}).get("moved") or {}
        return [
            {"old": old, "new": new, "rows": rows}
            for old, targets in sorted(moved.items())
            for new, rows in sorted(targets.items())
        ]

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
