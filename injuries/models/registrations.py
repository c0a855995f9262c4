"""Anonymous injury registrations and the counts the database keeps of them."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import Municipality

from .imports import ImportJob


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

    `changed` is the transaction that last changed a group (PostgreSQL's
    64-bit transaction id, migration 0014): a country's figures built at one
    moment are brought up to date by reading only the groups changed by
    transactions that had not finished then (`statistics.rollup_patch`).
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
    changed = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "sex", "age_band"],
                name="registration_count_group",
            ),
        ]
        indexes = [models.Index(fields=["changed"], name="registration_count_changed")]

    def __str__(self) -> str:
        return (
            f"{self.municipality_id} {self.year} {self.sex} {self.age_band}: {self.n}"
        )
