import datetime

import factory
from django.utils import timezone

from events.models import Event, Registration
from tests.factories.core import MunicipalityFactory


def _in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.INTRODUCTION_DAY
    title = factory.Sequence(lambda n: f"Introduction day {n}")
    agenda = "10.00 Welcome\n11.00 The eight steps"
    starts_at = factory.LazyFunction(lambda: _in_days(20, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=5))
    place = "Rådhuset, Tønsberg"
    capacity = 30
    registration_deadline = factory.LazyAttribute(
        lambda o: o.starts_at - datetime.timedelta(days=7)
    )
    published = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Deltaker {n}")
    email = factory.Sequence(lambda n: f"deltaker{n}@example.org")
    municipality = factory.SubFactory(MunicipalityFactory)
    role = "Folkehelsekoordinator"
    status = Registration.Status.CONFIRMED
    language = "en"
