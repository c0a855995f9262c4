import datetime
import uuid

import factory
from django.utils import timezone

from tests.factories.programmes import ProgrammeFactory
from walks.models import Finding, SafetyWalk, WalkLink, WalkParticipant
from walks.models.walks import token_hash


class SafetyWalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyWalk

    programme = factory.SubFactory(ProgrammeFactory)
    area = factory.Sequence(lambda n: f"Area {n}")
    starts_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=1)
    )
    leader = "Kari Nordmann"
    purpose = "Look for hazards on the way to school."


class WalkParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WalkParticipant

    walk = factory.SubFactory(SafetyWalkFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    kind = WalkParticipant.Kind.RESIDENT


def make_link(walk: SafetyWalk, **fields) -> tuple[WalkLink, str]:
    """A link to the walk and its raw token (only its hash is stored)."""
    token = f"test-token-{uuid.uuid4().hex}"
    fields.setdefault("expires_at", walk.link_expires_at)
    link = WalkLink.objects.create(walk=walk, token_hash=token_hash(token), **fields)
    return link, token


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    walk = factory.SubFactory(SafetyWalkFactory)
    client_uuid = factory.LazyFunction(uuid.uuid4)
    place = factory.Sequence(lambda n: f"Crossing {n}")
    category = Finding.Category.TRAFFIC
    description = "No pedestrian crossing near the school."
    priority = Finding.Priority.HIGH
