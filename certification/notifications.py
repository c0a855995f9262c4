"""Who hears about a case's changes, and what they are told."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.selectors.programme import programme_coordinators
from safecommunity.core.models import Role, User
from safecommunity.core.notifications import Text, notify

from .models import CaseStatus, CertificationCase, CertifierAssignment
from .workflow import SECRETARIAT_ATTENTION


def people_concerned(case: CertificationCase, *, secretariat: bool) -> list[User]:
    """Coordinators of the municipality, the case's certifiers and, if asked, the secretariat."""
    coordinators = programme_coordinators(programme=case.programme)
    certifiers = CertifierAssignment.objects.active_on(case).values("certifier")
    query = Q(pk__in=coordinators.values("pk")) | Q(pk__in=certifiers)
    if secretariat:
        query |= Q(role=Role.SECRETARIAT) | Q(is_superuser=True)
    return list(User.objects.filter(query, is_active=True).distinct())


def case_notify(
    *,
    case: CertificationCase,
    actor: User | None,
    subject: Text,
    body: Text,
    secretariat: bool = False,
) -> None:
    """Tell everyone concerned with the case except the person who acted, each in
    their own language (`subject` and `body` as `core.notifications.notify` takes)."""
    users = [
        u
        for u in people_concerned(case, secretariat=secretariat)
        if actor is None or u.pk != actor.pk
    ]
    notify(
        users=users,
        subject=subject,
        body=body,
        url=reverse("certification:case-detail", args=[case.pk]),
    )


def transition_notify(
    *, case: CertificationCase, from_status: str, actor: User | None, comment: str
) -> None:
    """Tell the people concerned that the case moved."""
    status_label = CaseStatus.label_of

    def subject() -> str:
        return _("%(municipality)s: certification case is now “%(status)s”") % {
            "municipality": case.programme.area.name,
            "status": status_label(case.status),
        }

    def body() -> str:
        who = actor.get_full_name() or actor.username if actor else _("the system")
        text = _("%(who)s moved the case from “%(from)s” to “%(to)s”.") % {
            "who": who,
            "from": status_label(from_status),
            "to": status_label(case.status),
        }
        if comment:
            text += "\n\n" + _("Comment: %(comment)s") % {"comment": comment}
        return text

    case_notify(
        case=case,
        actor=actor,
        subject=subject,
        body=body,
        secretariat=case.status in SECRETARIAT_ATTENTION,
    )
