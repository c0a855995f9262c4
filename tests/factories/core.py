import factory

from safecommunity.core.models import (
    Country,
    County,
    Municipality,
    Notification,
    Role,
    User,
)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "NO"
    name = "Norge"


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County

    country = factory.SubFactory(CountryFactory)
    # 60-98: no county of Norway or Sweden has used these codes, so the
    # generated counties and municipalities never meet the national map.
    code = factory.Sequence(lambda n: f"{(n % 39) + 60:02d}")
    name = factory.Sequence(lambda n: f"County {n}")


def _free_code(o, n: int) -> str:
    """A code in the county's range that no municipality of the country has:
    the national map is loaded, and real codes must not be taken twice."""
    for step in range(99):
        code = f"{o.county.code}{((n + step) % 99) + 1:02d}"
        if not Municipality.objects.filter(country=o.country, code=code).exists():
            return code
    raise RuntimeError(f"no free municipality code in county {o.county.code}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    county = factory.SubFactory(CountyFactory)
    country = factory.LazyAttribute(lambda o: o.county.country)
    code = factory.LazyAttributeSequence(lambda o, n: _free_code(o, n))
    name = factory.Sequence(lambda n: f"Municipality {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.COORDINATOR
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)
        if create:
            self.save()


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"Melding {n}")
    body = "Noe har skjedd i Trygg."
    url = "/certification/register/"
