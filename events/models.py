"""Network events published by the secretariat, and the registrations of people
without an account. A registration's personal data lives only here, and only
until a set time after the event (`jobs.event_participants_purge`)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import Municipality


class Event(models.Model):
    """An introduction day, network meeting or seminar open for registration."""

    class Kind(models.TextChoices):
        INTRODUCTION_DAY = "introduction_day", _("Introduction day")
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        SEMINAR = "seminar", _("Seminar")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    registration_deadline = models.DateTimeField(_("registration deadline"))
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    participants_deleted_at = models.DateTimeField(
        _("participants' personal data deleted"), null=True, blank=True
    )
    participant_count = models.PositiveIntegerField(
        _("participants (kept as a number)"), null=True, blank=True
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_deadline__lte=models.F("starts_at")),
                name="event_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="event_capacity_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(online_url=""),
                name="event_place_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def registration_open(self) -> bool:
        return self.published and timezone.now() <= self.registration_deadline


class Registration(models.Model):
    """One person's registration for an event: a place, or a place in the queue."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Has a place")
        WAITING = "waiting", _("On the waiting list")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role or position"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    language = models.CharField(max_length=10, default="nb")
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list"), null=True, blank=True
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                "event", Lower("email"), name="registration_one_per_address"
            ),
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "created_at"],
                name="registration_queue",
            ),
        ]

    def __str__(self) -> str:
        return self.name
