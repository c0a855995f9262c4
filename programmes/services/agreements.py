"""Writes of partner agreements, with their documents and reminders."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from safecommunity.core.audit import model_snapshot
from safecommunity.core.models import Document, User
from safecommunity.core.notifications import notify
from safecommunity.core.services import document_create

from ..models import DataSharingAgreement, Partner, PartnerAgreement, Programme
from . import records

# Coordinators are reminded this many days before an agreement ends.
REMINDER_DAYS = 90


def _document(actor: User, partner: Partner, upload: UploadedFile) -> Document:
    return document_create(
        actor=actor,
        upload=upload,
        title=str(_("Agreement with %(partner)s") % {"partner": partner}),
        municipality=partner.programme.municipality,
        county=partner.programme.county,
    )


@transaction.atomic
def partner_agreement_create(
    *,
    actor: User,
    partner: Partner,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    contact_person: str = "",
    contact_email: str = "",
    document_upload: UploadedFile | None = None,
) -> PartnerAgreement:
    """Record an agreement with a partner, with its signed document if given."""
    agreement = PartnerAgreement(
        partner=partner,
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        contact_person=contact_person,
        contact_email=contact_email,
    )
    if document_upload is not None:
        agreement.document = _document(actor, partner, document_upload)
    return records.save_new(actor=actor, obj=agreement, take_snapshot=model_snapshot)


@transaction.atomic
def partner_agreement_update(
    *,
    actor: User,
    agreement: PartnerAgreement,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    contact_person: str,
    contact_email: str,
    document_upload: UploadedFile | None = None,
) -> PartnerAgreement:
    """Change an agreement; a new document replaces the old one."""
    current = records.locked(agreement)
    before = model_snapshot(current)
    current.kind = kind
    current.title = title
    current.starts_on = starts_on
    current.ends_on = ends_on
    current.contact_person = contact_person
    current.contact_email = contact_email
    if document_upload is not None:
        current.document = _document(actor, agreement.partner, document_upload)
    return records.save_changed(
        actor=actor, obj=current, before=before, take_snapshot=model_snapshot
    )


def _partners_path(programme: Programme) -> str:
    """The page of a programme's partners: a regional programme lists them on
    its own page."""
    if programme.municipality is None:
        return reverse("programmes:region-detail", args=[programme.pk])
    return reverse("programmes:partner-list", args=[programme.municipality.key])


def _agreement_ending_notify(
    *, agreement: PartnerAgreement, users: list[User], link: str
) -> None:
    programme = agreement.partner.programme
    ends_on = agreement.ends_on
    if ends_on is None:  # an agreement without an end is never reminded of
        return
    notify(
        users=users,
        subject=lambda: (
            _("An agreement with %(partner)s ends on %(date)s")
            % {
                "partner": agreement.partner,
                "date": date_format(ends_on, "SHORT_DATE_FORMAT"),
            }
        ),
        body=lambda: (
            _(
                "The agreement “%(title)s” with %(partner)s in %(municipality)s "
                "ends on %(date)s. Renew it, or record that it ends: %(link)s"
            )
            % {
                "title": agreement.title,
                "partner": agreement.partner,
                "municipality": programme.area.name,
                "date": date_format(ends_on, "SHORT_DATE_FORMAT"),
                "link": link,
            }
        ),
    )


def partner_agreement_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the coordinators once of each agreement that ends within
    REMINDER_DAYS; returns how many agreements were reminded of."""
    from ..selectors.programme import programme_coordinators

    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        due = (
            PartnerAgreement.objects.select_for_update(of=("self",))
            .filter(
                ends_on__gte=today,
                ends_on__lte=today + datetime.timedelta(days=REMINDER_DAYS),
            )
            .exclude(reminder_sent_for=F("ends_on"))
            .select_related(
                "partner__programme__municipality", "partner__programme__county"
            )
        )
        for agreement in due:
            programme = agreement.partner.programme
            link = settings.SITE_URL.rstrip("/") + _partners_path(programme)
            _agreement_ending_notify(
                agreement=agreement,
                users=list(programme_coordinators(programme=programme)),
                link=link,
            )
            agreement.reminder_sent_for = agreement.ends_on
            agreement.save(update_fields=["reminder_sent_for"])
            sent += 1
    return sent


def agreement_reminders_send(*, today: datetime.date | None = None) -> int:
    """Every reminder of partner and data-sharing agreements that is due."""
    return partner_agreement_reminders_send(today=today) + data_sharing_reminders_send(
        today=today
    )


@transaction.atomic
def data_sharing_create(
    *,
    actor: User,
    programme: Programme,
    partner: Partner,
    shared_data: str,
    recipients: str,
    legal_basis: str,
    aggregates_only: bool,
    necessary: bool,
    relevant: bool,
    proportionate: bool,
    assessment_reason: str,
    approved_by: str,
    approved_on: datetime.date,
    valid_until: datetime.date,
) -> DataSharingAgreement:
    """Record a data-sharing agreement with its assessment and approval."""
    agreement = DataSharingAgreement(
        programme=programme,
        partner=partner,
        shared_data=shared_data,
        recipients=recipients,
        legal_basis=legal_basis,
        aggregates_only=aggregates_only,
        necessary=necessary,
        relevant=relevant,
        proportionate=proportionate,
        assessment_reason=assessment_reason,
        approved_by=approved_by,
        approved_on=approved_on,
        valid_until=valid_until,
    )
    return records.save_new(actor=actor, obj=agreement, take_snapshot=model_snapshot)


@transaction.atomic
def data_sharing_update(
    *,
    actor: User,
    agreement: DataSharingAgreement,
    partner: Partner,
    shared_data: str,
    recipients: str,
    legal_basis: str,
    aggregates_only: bool,
    necessary: bool,
    relevant: bool,
    proportionate: bool,
    assessment_reason: str,
    approved_by: str,
    approved_on: datetime.date,
    valid_until: datetime.date,
) -> DataSharingAgreement:
    """Change a data-sharing agreement (a renewal, say); the trail keeps the old."""
    current = records.locked(agreement)
    before = model_snapshot(current)
    current.partner = partner
    current.shared_data = shared_data
    current.recipients = recipients
    current.legal_basis = legal_basis
    current.aggregates_only = aggregates_only
    current.necessary = necessary
    current.relevant = relevant
    current.proportionate = proportionate
    current.assessment_reason = assessment_reason
    current.approved_by = approved_by
    current.approved_on = approved_on
    current.valid_until = valid_until
    return records.save_changed(
        actor=actor, obj=current, before=before, take_snapshot=model_snapshot
    )


def _data_sharing_lapsing_notify(
    *, agreement: DataSharingAgreement, users: list[User], link: str
) -> None:
    programme = agreement.programme
    notify(
        users=users,
        subject=lambda: (
            _("Data sharing with %(partner)s lapses on %(date)s")
            % {
                "partner": agreement.partner,
                "date": date_format(agreement.valid_until, "SHORT_DATE_FORMAT"),
            }
        ),
        body=lambda: (
            _(
                "The approval of what %(partner)s shares with %(recipients)s "
                "in %(municipality)s lapses on %(date)s. Assess it again "
                "(necessary, relevant, proportionate) and renew it, or stop "
                "the sharing: %(link)s"
            )
            % {
                "partner": agreement.partner,
                "recipients": agreement.recipients,
                "municipality": programme.area.name,
                "date": date_format(agreement.valid_until, "SHORT_DATE_FORMAT"),
                "link": link,
            }
        ),
    )


def data_sharing_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the coordinators once of each data-sharing agreement that lapses
    within REMINDER_DAYS; returns how many were reminded of."""
    from ..selectors.programme import programme_coordinators

    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        due = (
            DataSharingAgreement.objects.select_for_update(of=("self",))
            .filter(
                valid_until__gte=today,
                valid_until__lte=today + datetime.timedelta(days=REMINDER_DAYS),
            )
            .exclude(reminder_sent_for=F("valid_until"))
            .select_related("programme__municipality", "programme__county", "partner")
        )
        for agreement in due:
            programme = agreement.programme
            link = settings.SITE_URL.rstrip("/") + reverse(
                "programmes:data-sharing-detail", args=[agreement.pk]
            )
            _data_sharing_lapsing_notify(
                agreement=agreement,
                users=list(programme_coordinators(programme=programme)),
                link=link,
            )
            agreement.reminder_sent_for = agreement.valid_until
            agreement.save(update_fields=["reminder_sent_for"])
            sent += 1
    return sent
