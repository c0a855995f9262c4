"""How a programme is organised: management group, meetings, working groups, partners."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import Document, Municipality

from ..choices import MemberRole, PartnerKind, Sector
from .programme import FocusArea, Programme


class ManagementGroupMember(models.Model):
    """A person in the programme's cross-sector management group (not necessarily a user)."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role in the group"), max_length=30, choices=MemberRole.choices
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="management_memberships",
        verbose_name=_("user account"),
    )

    class Meta:
        ordering = ["programme", "role", "name"]
        verbose_name = _("management group member")
        verbose_name_plural = _("management group members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_start__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="member_term_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self):
        return self.programme.municipality


class Meeting(models.Model):
    """A meeting of the management group, with minutes and decisions."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("programme"),
    )
    date = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        ManagementGroupMember,
        blank=True,
        related_name="meetings",
        verbose_name=_("members present"),
    )
    other_attendees = models.TextField(_("other attendees"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    minutes = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("minutes"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return str(self.date)

    @property
    def municipality(self):
        return self.programme.municipality


class WorkingGroup(models.Model):
    """A thematic, cross-sector working group with a mandate."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="working_groups",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="working_groups",
        verbose_name=_("focus area"),
    )
    # Set on a regional programme's local working group of a member municipality.
    local_municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_groups",
        verbose_name=_("local group of"),
    )

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="working_group_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self):
        """The municipality whose history records the group: a local group's own."""
        return self.programme.municipality or self.local_municipality


class WorkingGroupMember(models.Model):
    """A person in a working group."""

    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("working group"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    is_lead = models.BooleanField(_("leads the group"), default=False)

    class Meta:
        ordering = ["working_group", "-is_lead", "name"]
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self):
        return self.working_group.programme.municipality


class Partner(models.Model):
    """An organisation that contributes to the programme."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("programme"),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartnerKind.choices, default=PartnerKind.NGO
    )
    contribution = models.TextField(_("contribution"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "organisation"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="partner_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.organisation

    @property
    def municipality(self):
        return self.programme.municipality
