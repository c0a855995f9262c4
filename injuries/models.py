"""Code lists, registrations, import jobs and population denominators."""
# size: the injury tables (code lists, registrations, imports, population); to be split into models/

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.core.jobs import TrackedJob
from safecommunity.core.languages import label_by_language
from safecommunity.core.models import Municipality

from .codes import CodeListName


class Code(models.Model):
    """One entry of an injury code list, with labels and validity; versioned."""

    list_name = models.CharField(
        _("code list"), max_length=20, choices=CodeListName.choices
    )
    code = models.CharField(_("code"), max_length=30)
    label_nb = models.CharField(_("label (Norwegian)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_sv = models.CharField(_("label (Swedish)"), max_length=120, blank=True)
    version = models.CharField(_("version"), max_length=30, default="FMDS-2024")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    nomesco = models.CharField(_("NOMESCO code"), max_length=20, blank=True)
    iceci = models.CharField(_("ICECI code"), max_length=20, blank=True)

    class Meta:
        ordering = ["list_name", "sort_order", "code"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint(
                fields=["list_name", "code"], name="code_unique_per_list"
            ),
        ]

    def __str__(self) -> str:
        """The label; a list's short code (a mechanism's "F1") follows as a
        hint for staff, a spelled-out key ("home_outside") never shows."""
        if self.code.replace("_", "").isalpha() and self.code.islower():
            return self.label
        return f"{self.label} ({self.code})"

    @property
    def label(self) -> str:
        return label_by_language(self.label_nb, self.label_en, self.label_sv)


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "U", _("Unknown")


class Source(models.TextChoices):
    """Where a registration came from; external ids are unique per source."""

    FORM = "form", _("Entry form")
    IMPORT = "import", _("File import")
    SYNTHETIC = "synthetic", _("Synthetic")
    DEMO = "demo", _("Demo data")


# Coded columns of a registration, in the order of the import format.
CODE_FIELDS: tuple[str, ...] = (
    "contact_cause",
    "place",
    "activity",
    "mechanism",
    "severity",
    "transport",
)
EARLIEST_INJURY_DATE = datetime.date(1990, 1, 1)


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


class Registration(models.Model):
    """One anonymous injury: the minimum data set (CONTRACTS 6), nothing that names.

    Codes are stored as their stable code strings (the lists promise stable
    codes), so aggregates group without joins and imports need no lookups per
    row; every write path validates them against `Code`.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="injury_registrations",
        verbose_name=_("municipality"),
        db_index=False,  # served by the composite index below
    )
    injury_date = models.DateField(_("injury date"))
    age = models.PositiveSmallIntegerField(_("age"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    contact_cause = models.CharField(_("contact cause"), max_length=30)
    place = models.CharField(_("place"), max_length=30)
    activity = models.CharField(_("activity"), max_length=30)
    mechanism = models.CharField(_("mechanism"), max_length=30)
    severity = models.CharField(_("severity"), max_length=30)
    transport = models.CharField(_("transport"), max_length=30, blank=True)
    # NULL, not "", means "none": the unique constraint then binds only real
    # ids, and PostgreSQL's ON CONFLICT can target it (no partial index).
    external_id = models.CharField(  # noqa: DJ001
        _("external id"),
        max_length=64,
        null=True,
        blank=True,
        help_text=_("The source system's record id."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.FORM
    )
    import_job = models.ForeignKey(
        ImportJob,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
        verbose_name=_("import"),
        db_index=False,  # partial index below: most rows have none
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-injury_date", "-id"]
        verbose_name = _("injury registration")
        verbose_name_plural = _("injury registrations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age__gte=0, age__lte=120),
                name="registration_age_range",
            ),
            models.CheckConstraint(
                condition=models.Q(sex__in=Sex.values), name="registration_sex"
            ),
            models.CheckConstraint(
                condition=models.Q(injury_date__gte=EARLIEST_INJURY_DATE),
                name="registration_date_from_1990",
            ),
            models.CheckConstraint(
                condition=~models.Q(contact_cause="")
                & ~models.Q(place="")
                & ~models.Q(activity="")
                & ~models.Q(mechanism="")
                & ~models.Q(severity=""),
                name="registration_codes_present",
            ),
            # "No external id" is NULL, never "", so the unique constraint
            # below only binds rows that have one and ON CONFLICT can use it.
            models.CheckConstraint(
                condition=~models.Q(external_id=""),
                name="registration_external_id_not_blank",
            ),
            models.UniqueConstraint(
                fields=["municipality", "source", "external_id"],
                name="registration_unique_external_id",
            ),
        ]
        indexes = [
            models.Index(
                fields=["import_job"],
                condition=models.Q(import_job__isnull=False),
                name="registration_import_job",
            ),
        ]
        # The index that serves per-municipality aggregates, (municipality,
        # injury_date) INCLUDE (the coded columns) on PostgreSQL so they are
        # read from the index alone, is made by migration 0003 (SQLite has
        # no INCLUDE).

    def __str__(self) -> str:
        return f"{self.injury_date} {self.municipality_id} #{self.pk}"


class RegistrationCount(models.Model):
    """Registrations counted by municipality (as recorded), year, sex and age
    band, kept current by the database as rows arrive, change or go.

    On PostgreSQL, statement-level triggers on the registration table add
    each statement's rows to their groups and take them from their old ones
    (migration 0012), whatever wrote them: the importer's COPY, a form, an
    undo, the admin. The country-wide figures behind the dashboards read
    these few hundred thousand groups instead of every registration. Not
    published as it stands: it goes through disclosure control like the
    registrations it counts. On SQLite the table stays empty and the figures
    are counted from the registrations.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=1)
    age_band = models.CharField(max_length=5)
    n = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "sex", "age_band"],
                name="registration_count_group",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.municipality_id} {self.year} {self.sex} {self.age_band}: {self.n}"
        )


class Population(models.Model):
    """Inhabitants by municipality, year, sex and age (SSB 07459, SCB BE0101N1).

    A file without a sex column gives both sexes together (`BOTH`): rates by
    sex then cannot be computed for that municipality and year. An age the
    source does not know (SCB's "uppgift saknas") is kept as NULL.
    """

    BOTH = "T"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population",
        verbose_name=_("municipality"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(
        _("sex"),
        max_length=1,
        choices=[
            (Sex.MALE, Sex.MALE.label),
            (Sex.FEMALE, Sex.FEMALE.label),
            ("T", _("Both sexes")),
        ],
    )
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, help_text=_("Empty: age not stated.")
    )
    count = models.PositiveIntegerField(_("inhabitants"))

    class Meta:
        ordering = ["municipality", "year", "sex", "age"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "sex", "age"],
                name="population_unique_cell",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year", "sex"],
                condition=models.Q(age__isnull=True),
                name="population_unique_unknown_age",
            ),
            models.CheckConstraint(
                condition=models.Q(sex__in=["M", "F", "T"]), name="population_sex"
            ),
            models.CheckConstraint(
                condition=models.Q(age__lte=120), name="population_age_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.sex} {self.age}: {self.count}"


class CodeBook(models.Model):
    """A source's own codes (such as the national register's FMDS extract),
    mapped once to ours by the secretariat; an import names the book it uses."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("code book")
        verbose_name_plural = _("code books")

    def __str__(self) -> str:
        return self.name


class SourceCode(models.Model):
    """One code of a code book: its variable, code and label, and how many rows
    of the latest import naming the book used it while it had no mapping."""

    code_book = models.ForeignKey(
        CodeBook,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("code book"),
    )
    variable = models.CharField(_("variable"), max_length=60)
    field = models.CharField(
        _("code list"), max_length=20, choices=CodeListName.choices
    )
    code = models.CharField(_("code"), max_length=30)
    label = models.CharField(_("label"), max_length=200, blank=True)
    rows_unmapped = models.PositiveIntegerField(_("rows without a mapping"), default=0)

    class Meta:
        ordering = ["code_book", "field", "code"]
        verbose_name = _("source code")
        verbose_name_plural = _("source codes")
        constraints = [
            models.UniqueConstraint(
                fields=["code_book", "field", "code"], name="source_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_book} {self.variable} {self.code}"


class CodeMapping(models.Model):
    """One version of a source code's mapping to one of our codes; the newest
    version counts, the older ones are its history."""

    source_code = models.ForeignKey(
        SourceCode,
        on_delete=models.CASCADE,
        related_name="mappings",
        verbose_name=_("source code"),
    )
    target = models.CharField(_("our code"), max_length=30)
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("mapped"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("mapped by"),
    )

    class Meta:
        ordering = ["source_code", "-version"]
        verbose_name = _("code mapping")
        verbose_name_plural = _("code mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["source_code", "version"], name="code_mapping_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_code} -> {self.target} (v{self.version})"
