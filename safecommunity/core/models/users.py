"""Users, their roles and their API tokens."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .geography import County, Municipality


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
