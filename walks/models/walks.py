"""Safety walks: the walk, its participants, its links and the findings made on it."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import Initiative, Programme
from safecommunity.core.jobs import SimpleJob, job_task
from safecommunity.core.models import Document, Language

# A walk group is small enough to talk while walking.
MAX_GROUP_SIZE = 10
MAX_PHOTOS_PER_FINDING = 3
LINK_VALID_DAYS_AFTER_WALK = 7


def token_hash(token: str) -> str:
    """The stored form of a walk link token."""
    return hashlib.sha256(token.encode()).hexdigest()


class SafetyWalk(models.Model):
    """A planned safety walk (trygghetsvandring) through one area."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        WALKED = "walked", _("Walked")
        DISCUSSED = "discussed", _("Discussed")
        REPORTED = "reported", _("Reported")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="safety_walks",
        verbose_name=_("programme"),
    )
    area = models.CharField(_("area"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    leader = models.CharField(_("leader"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    report = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("walk report"),
    )
    report_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "programmes_safetywalk"
        ordering = ["-starts_at", "-id"]
        verbose_name = _("safety walk")
        verbose_name_plural = _("safety walks")

    def __str__(self) -> str:
        return f"{self.area} {timezone.localdate(self.starts_at)}"

    @property
    def municipality(self):
        return self.programme.municipality

    @property
    def link_expires_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(days=LINK_VALID_DAYS_AFTER_WALK)


# Statuses in which a walk link still takes findings.
OPEN_FOR_FINDINGS = frozenset({SafetyWalk.Status.PLANNED, SafetyWalk.Status.WALKED})


class WalkReportJob(SimpleJob):
    """Making a reported walk's PDF and e-mailing it to the participants."""

    JOB_TASK = "walks.tasks.walk_report_build_task"
    JOB_TIME_LIMIT = 300  # seconds; the task's hard time limit

    walk = models.OneToOneField(
        SafetyWalk,
        on_delete=models.CASCADE,
        related_name="report_job",
        verbose_name=_("safety walk"),
    )
    # The report is written in the language of the one who reported the walk.
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.NB
    )

    class Meta:
        db_table = "programmes_walkreportjob"
        verbose_name = _("walk report job")
        verbose_name_plural = _("walk report jobs")

    def __str__(self) -> str:
        return f"{self.walk_id} ({self.status})"

    def job_send(self) -> None:
        job_task(type(self)).delay(walk_id=self.walk_id)


class WalkParticipant(models.Model):
    """One person invited to walk."""

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        YOUTH = "youth", _("Youth")
        ORGANISATION = "organisation", _("Organisation")
        OFFICIAL = "official", _("Official")

    walk = models.ForeignKey(
        SafetyWalk,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("safety walk"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        db_table = "programmes_walkparticipant"
        ordering = ["walk", "name", "id"]
        verbose_name = _("walk participant")
        verbose_name_plural = _("walk participants")

    def __str__(self) -> str:
        return self.name


class WalkLink(models.Model):
    """A link participants without an account use to log findings on one walk."""

    walk = models.ForeignKey(
        SafetyWalk,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("safety walk"),
    )
    # Only the sha256 of the token is kept: a database copy opens no walk.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    invitations_sent_at = models.DateTimeField(
        _("invitations sent"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programmes_walklink"
        ordering = ["-created_at", "-id"]
        verbose_name = _("walk link")
        verbose_name_plural = _("walk links")

    def __str__(self) -> str:
        return f"{self.walk} ({self.token_hash[:8]})"

    def is_valid(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


class Finding(models.Model):
    """A hazard or worry found on a walk, followed until it is dealt with."""

    class Category(models.TextChoices):
        FALL = "fall", _("Fall hazard")
        TRAFFIC = "traffic", _("Traffic")
        LIGHTING = "lighting", _("Lighting")
        FIRE = "fire", _("Fire")
        WATER = "water", _("Water and drowning")
        PLAYGROUND = "playground", _("Playground")
        ACCESSIBILITY = "accessibility", _("Accessibility")
        INSECURITY = "insecurity", _("Insecurity and violence")
        OTHER = "other", _("Other")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PLANNED = "planned", _("Planned")
        FIXED = "fixed", _("Fixed")
        NOT_TO_BE_FIXED = "not_to_be_fixed", _("Not to be fixed")

    class Term(models.TextChoices):
        SHORT = "short", _("Short term")
        LONG = "long", _("Long term")

    walk = models.ForeignKey(
        SafetyWalk,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("safety walk"),
    )
    link = models.ForeignKey(
        WalkLink,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
        editable=False,
    )
    # A random id kept in the finder's signed cookie: shows them their own entries.
    finder_key = models.CharField(max_length=64, blank=True, editable=False)
    client_uuid = models.UUIDField(editable=False)
    place = models.CharField(_("place"), max_length=300)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"))
    suggestion = models.TextField(_("suggestion"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("follow-up status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    responsible_body = models.CharField(
        _("responsible body"), max_length=200, blank=True
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    term = models.CharField(_("term"), max_length=10, choices=Term.choices, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )
    # An initiative that findings are followed up in is kept while they are.
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("initiative"),
    )
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "programmes_finding"
        ordering = ["walk", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["walk", "client_uuid"], name="finding_unique_client_uuid"
            ),
            models.CheckConstraint(
                condition=~Q(status="not_to_be_fixed", status_reason=""),
                name="finding_not_fixed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90),
                name="finding_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=-180, longitude__lte=180),
                name="finding_longitude_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.place}"

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and self.status in {self.Status.OPEN, self.Status.PLANNED}
            and self.due_date < timezone.localdate()
        )


class FindingPhoto(models.Model):
    """A photo of a finding, re-encoded without metadata and stored as a Document.

    The web process only checks the upload and keeps it as received; a worker
    decodes, shrinks and re-encodes it (walks.photos), makes its thumbnail,
    then deletes the received file. Until then the photo has no document and
    is not shown. Both documents are served by the documents' download, with
    its checks.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Being processed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be read")

    finding = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("finding"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file"),
        null=True,
        blank=True,
    )
    thumbnail = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thumbnail"),
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    # The upload as received, with its metadata: never served, deleted once
    # the clean copy is stored.
    received = models.FileField(upload_to="walk-photos/received/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programmes_findingphoto"
        ordering = ["finding", "id"]
        verbose_name = _("finding photo")
        verbose_name_plural = _("finding photos")

    def __str__(self) -> str:
        return str(self.document)
