"""Shared factories. Test folders keep their own special-purpose fixtures in their conftest.py."""

import datetime

import factory
from django.contrib.auth import get_user_model

from organisations.models import HouseStyle, Membership, Network, Organisation
from statements.models import Case, Note, Signature, Statement
from statements.models.statement import text_correction


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class HouseStyleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseStyle
        django_get_or_create = ("name",)

    name = "CSP (Word, US Letter)"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    short_name = factory.Sequence(lambda n: f"N{n}")
    signatory_intro = "Signed by the following {member_count} members of the network:"
    house_style = factory.SubFactory(HouseStyleFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "KZ"
    contact_emails = factory.LazyAttribute(lambda o: f"contact@{o.name.lower().replace(' ', '')}.example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Statement number {n}")
    date = datetime.date(2016, 12, 1)
    body = "First paragraph with a call.[^a]\n\nSecond paragraph."

    @factory.post_generation
    def with_notes(obj, create, extracted, **kwargs):
        if create and extracted is not False and "[^a]" in obj.body and not obj.notes.exists():
            # A factory may create a statement already published; its note is part of the text it was born with.
            with text_correction(obj):
                Note.objects.create(
                    statement=obj,
                    key="a",
                    text="A note, see https://example.org/a",
                    position=1,
                    urls=["https://example.org/a"],
                )


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    statement = factory.SubFactory(StatementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.LazyAttribute(lambda s: s.organisation.name if s.organisation else "An individual")
    country = "Kazakhstan"
    status = Signature.Status.CONFIRMED
    contact_email = "private-contact@example.org"
    contact_name = "Private Person"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    title = factory.Sequence(lambda n: f"Case {n}")
    country = "KZ"
