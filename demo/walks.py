"""Demo safety walks in Tønsberg (in Re, now part of it): one reported with findings in every state, one planned."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import uuid

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from programmes.models import Initiative, Programme
from walks.models import Finding, SafetyWalk, WalkLink, WalkParticipant
from walks.models.walks import token_hash

F = Finding
DEMO_NAMESPACE = uuid.UUID("6f1c1d4e-0b7a-4c55-9a43-7a1f0f6f2b10")

REPORTED_FINDINGS = (
    # place, category, description, suggestion, priority, term, body, due, status, reason
    (
        "Gangfelt ved Revetal ungdomsskole",
        F.Category.TRAFFIC,
        "Bilene kjører fort forbi gangfeltet om morgenen.",
        "Fartshump og bedre skilting.",
        F.Priority.HIGH,
        F.Term.SHORT,
        "Statens vegvesen",
        -20,
        F.Status.OPEN,
        "",
    ),
    (
        "Gangstien bak idrettshallen",
        F.Category.LIGHTING,
        "Tre gatelys er mørke; stien oppleves utrygg på kvelden.",
        "Skifte lyspærer og beskjære busker.",
        F.Priority.HIGH,
        F.Term.SHORT,
        "Tønsberg kommune, teknisk drift",
        30,
        F.Status.PLANNED,
        "",
    ),
    (
        "Badeplassen ved Ravalsjø",
        F.Category.WATER,
        "Livbøyen mangler.",
        "Sette opp ny livbøye med tau.",
        F.Priority.MEDIUM,
        F.Term.SHORT,
        "Tønsberg kommune, kultur",
        -40,
        F.Status.FIXED,
        "",
    ),
    (
        "Lekeplassen i Brårudveien",
        F.Category.PLAYGROUND,
        "Løs planke i klatrestativet.",
        "Reparere eller fjerne stativet.",
        F.Priority.MEDIUM,
        F.Term.LONG,
        "Borettslaget",
        90,
        F.Status.NOT_TO_BE_FIXED,
        "Privat lekeplass; eier er varslet skriftlig.",
    ),
    (
        "Trappen ved Revetal stasjon",
        F.Category.FALL,
        "Glatt og uten rekkverk på den ene siden.",
        "Rekkverk på begge sider og strøing om vinteren.",
        F.Priority.HIGH,
        F.Term.LONG,
        "Bane NOR",
        180,
        F.Status.OPEN,
        "",
    ),
)


def demo_link_token() -> str:
    """The planned demo walk's token: derived from SECRET_KEY, so seeding is repeatable."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"programmes.demo-walk-link", hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def seed_walks(programme: Programme, *, stdout=None) -> None:
    """Create or refresh Tønsberg's demo walks and print the planned walk's link."""
    now = timezone.now()
    today = timezone.localdate()
    reported = SafetyWalk.objects.update_or_create(
        programme=programme,
        area="Revetal sentrum",
        defaults={
            "starts_at": now.replace(hour=17, minute=0, second=0, microsecond=0)
            - datetime.timedelta(days=60),
            "leader": "Koordinator for Trygge lokalsamfunn",
            "purpose": "Skolevegen og sentrum etter mørkets frembrudd.",
            "status": SafetyWalk.Status.REPORTED,
        },
    )[0]
    for name, kind in (
        ("Ungdomsrådet", WalkParticipant.Kind.YOUTH),
        ("Velforeningen", WalkParticipant.Kind.ORGANISATION),
        ("Politikontakt", WalkParticipant.Kind.OFFICIAL),
    ):
        WalkParticipant.objects.update_or_create(
            walk=reported, name=name, defaults={"kind": kind}
        )
    initiative = Initiative.objects.filter(programme=programme).first()
    for index, row in enumerate(REPORTED_FINDINGS):
        place, category, text, idea, priority, term, body, due, status, reason = row
        Finding.objects.update_or_create(
            walk=reported,
            client_uuid=uuid.uuid5(DEMO_NAMESPACE, place),
            defaults={
                "place": place,
                "category": category,
                "description": text,
                "suggestion": idea,
                "priority": priority,
                "term": term,
                "responsible_body": body,
                "due_date": today + datetime.timedelta(days=due),
                "status": status,
                "status_reason": reason,
                "fixed_on": today - datetime.timedelta(days=45)
                if status == F.Status.FIXED
                else None,
                "initiative": initiative if index == 0 else None,
            },
        )
    planned = SafetyWalk.objects.update_or_create(
        programme=programme,
        area="Linnestad og skolevegen",
        defaults={
            "starts_at": now.replace(hour=18, minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=3),
            "leader": "Koordinator for Trygge lokalsamfunn",
            "purpose": "Trygg skoleveg for barneskolen.",
            "status": SafetyWalk.Status.PLANNED,
        },
    )[0]
    token = demo_link_token()
    WalkLink.objects.update_or_create(
        token_hash=token_hash(token),
        defaults={
            "walk": planned,
            "expires_at": planned.link_expires_at,
            "revoked_at": None,
        },
    )
    if stdout:
        path = reverse("walks:walk-link", args=[token])
        stdout.write(
            f"programmes: safety walk link for the planned walk in Tønsberg: {path}\n"
        )
