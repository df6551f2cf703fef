"""Factories for the objects tests need. Users get a verified email address and a known password."""

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model

from innovator_portal.hins.models import AdviserProfile, HealthInnovationNetwork
from innovator_portal.organisations.models import Membership, Organisation, Region

PASSWORD = "a-long-and-unusual-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Healthtech Company {n} Ltd")
    companies_house_number = factory.Sequence(lambda n: f"{n:08d}")
    region = Region.LONDON


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class FounderFactory(UserFactory):
    """A founder who belongs to one organisation."""

    membership = factory.RelatedFactory(MembershipFactory, factory_related_name="user")


class HealthInnovationNetworkFactory(factory.django.DjangoModelFactory):
    """One of the 15 networks loaded by the reference-data migration, found by its slug."""

    class Meta:
        model = HealthInnovationNetwork
        django_get_or_create = ["slug"]

    slug = "south-london"


class AdviserProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviserProfile

    user = factory.SubFactory(UserFactory)
    hin = factory.SubFactory(HealthInnovationNetworkFactory)
    job_title = "Innovation adviser"


class AdviserFactory(UserFactory):
    """An adviser of a Health Innovation Network; with `totp=True`, also an authenticator app."""

    profile = factory.RelatedFactory(AdviserProfileFactory, factory_related_name="user")

    @factory.post_generation
    def totp(user, create, extracted, **kwargs):
        if create and extracted:
            user.totp_secret = add_totp(user)


def add_totp(user) -> str:
    """Give the user an authenticator app; returns its secret so tests can make codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app with this secret shows now."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
