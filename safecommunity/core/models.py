"""Users and roles, geography, the audit trail and status history."""
# size: the core tables every app refers to; to be split into a models/ package by concept

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit_values import (
    EMPTY,
    RelatedQuerySet,
    entry_field,
    entry_model,
    is_internal,
    readable,
)

# The country whose municipality codes go bare in URLs.
HOME_COUNTRY = "NO"


def municipality_key(country_code: str, code: str) -> str:
    """The key of a municipality in URLs: `0716` in Norway, `SE-0127` elsewhere."""
    if country_code == HOME_COUNTRY:
        return code
    return f"{country_code}-{code}"


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="counties"
    )
    code = models.CharField(
        _("code"),
        max_length=2,
        validators=[RegexValidator(r"^\d{2}$", _("A county code has two digits."))],
    )
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["country__code", "code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code", "valid_from"], name="county_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Municipality(models.Model):
    """A municipality, identified by its country and code together.

    The county is the one of its time (the first two digits of the code).
    """

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="municipalities"
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities"
    )
    code = models.CharField(
        _("code"),
        max_length=4,
        validators=[
            RegexValidator(r"^\d{4}$", _("A municipality code has four digits."))
        ],
    )
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
        verbose_name=_("successors"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "code"], name="municipality_unique_country_code"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="municipality_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        if self.country_id is None and self.county_id is not None:
            self.country_id = self.county.country_id
        super().save(*args, **kwargs)

    @property
    def country_code(self) -> str:
        return self.county.country.code

    @property
    def key(self) -> str:
        """The code as URLs carry it: bare for Norway, `SE-0127` elsewhere."""
        return municipality_key(self.country_code, self.code)


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGEMENT = "management", _("Mayor / management group member")
    CERTIFIER = "certifier", _("Certification council member")
    REGIONAL = "regional", _("Regional contact")


class NotificationDelivery(models.TextChoices):
    IMMEDIATE = "immediate", _("An e-mail for each notification")
    DAILY = "daily", _("One e-mail a day with the day's notifications")
    NONE = "none", _("No e-mail; only the list in Trygg")


class Language(models.TextChoices):
    """The portal's languages, each named in itself (as a language menu shows them)."""

    NB = "nb", "Norsk (bokmål)"
    SV = "sv", "Svenska"
    EN = "en", "English"


def default_language() -> str:
    """A new user's language: the portal's own."""
    return settings.LANGUAGE_CODE


class User(AbstractUser):
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="users",
        verbose_name=_("municipalities"),
        help_text=_("Municipalities a coordinator edits or a management member reads."),
    )
    county = models.ForeignKey(
        County,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regional_contacts",
        verbose_name=_("county"),
        help_text=_("County a regional contact reads."),
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    notification_delivery = models.CharField(
        _("e-mail about notifications"),
        max_length=10,
        choices=NotificationDelivery.choices,
        default=NotificationDelivery.IMMEDIATE,
    )
    # Notifications (the list, e-mails, digests) are written in this language.
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=default_language
    )
    # Kept on the user row, which every request loads anyway, so the header
    # shows the count without a query. Written only by core.notifications.
    unread_notification_count = models.PositiveIntegerField(
        _("unread notifications"), default=0, editable=False
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_secretariat(self) -> bool:
        return self.is_superuser or self.role == Role.SECRETARIAT

    # The secretariat administers everything: its role carries every model
    # permission, so no per-user permission lists have to be kept in step.
    def has_perm(self, perm, obj=None) -> bool:
        if self.is_active and self.role == Role.SECRETARIAT:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.role == Role.SECRETARIAT:
            return True
        return super().has_module_perms(app_label)


class Notification(models.Model):
    """Something a user is told about: listed in the portal, e-mailed as they chose."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # The language the subject and body are written in (the recipient's when it
    # was made); empty for those made before it was recorded.
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, blank=True
    )
    # A path in the portal (never an address elsewhere); e-mails make it absolute.
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                name="notification_recipient_recent",
            ),
            # The daily digest looks for one day's notifications not yet e-mailed.
            models.Index(
                fields=["created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_not_emailed",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class AuditEntry(models.Model):
    """One recorded change: who, when, what, before and after. Never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    objects = RelatedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"]),
            # A municipality's history, newest first.
            models.Index(
                fields=["municipality", "-created_at"], name="audit_municipality_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def record_kind(self) -> str:
        """What kind of record changed (say "initiative"), in the user's language."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return str(model._meta.verbose_name) if model is not None else ""

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field label, before, after) for each changed field, in the user's language."""
        before = self.before or {}
        after = self.after or {}
        model = entry_model(self)
        names = getattr(self, "related_names", None)
        rows = []
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            if old == new or (old in EMPTY and new in EMPTY):
                continue  # a blank field of a created or deleted record
            field = entry_field(model, key)
            if field is None or getattr(field, "primary_key", False):
                continue  # a field removed since the change, or the id
            label = getattr(field, "verbose_name", None)
            if label is None or is_internal(field):
                continue  # not a field of the record's own, or an internal one
            rows.append(
                (label, readable(field, old, names), readable(field, new, names))
            )
        return rows


class StatusChange(models.Model):
    """History row written by every workflow transition."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("from"), max_length=40, blank=True)
    to_status = models.CharField(_("to"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


def _document_path(instance: "Document", filename: str) -> str:
    import uuid

    from django.utils import timezone

    # Generated names: the uploader's file name is kept only in the database.
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Document(models.Model):
    """An uploaded file, stored privately and served only through a permission check."""

    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title or self.original_name


class DataVersion(models.Model):
    """A counter raised by database triggers on every write to some tables
    (`core.data_versions`); cached figures carry it in their keys."""

    name = models.CharField(_("data"), max_length=30, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)
    # Stamped by a trigger on this table whenever the version rises.
    changed_at = models.DateTimeField(_("last changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class ApiToken(models.Model):
    """A personal token for the API: reads what its user may read, until it
    expires or is revoked. Only a hash of the secret is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("starts with"),
        max_length=16,
        help_text=_("The first characters of the token, to tell tokens apart."),
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    use_count = models.PositiveBigIntegerField(_("uses"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
