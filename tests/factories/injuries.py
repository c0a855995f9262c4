import datetime

import factory

from injuries.models import ImportJob, Population, Registration, Source
from tests.factories.core import MunicipalityFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    municipality = factory.SubFactory(MunicipalityFactory)
    injury_date = datetime.date(2024, 3, 14)
    age = 42
    sex = "F"
    contact_cause = "accident"
    place = "home_inside"
    activity = "other"
    mechanism = "F2"
    severity = "minor"
    transport = ""
    external_id = None
    source = Source.FORM


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Population

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2024
    sex = "F"
    age = 42
    count = 100


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    original_name = "skader.csv"
