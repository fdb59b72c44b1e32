"""Factories for people supported. Records go straight to the database; tests of the rules
call the services instead."""

from datetime import date

import factory
from django.utils import timezone

from people.models import (
    CapacityAssessment,
    LegalAuthority,
    Person,
    Profile,
    Referral,
    Representative,
)
from sharedlives.choices import SupportType
from tests.factories import SchemeFactory, UserFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    scheme = factory.SubFactory(SchemeFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(1990, 6, 15)
    profile = factory.RelatedFactory("tests.people.factories.ProfileFactory", factory_related_name="person")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    person = factory.SubFactory(PersonFactory, profile=None)
    admired_for = "Kind and funny."


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    support_type = SupportType.LONG_TERM
    reasons = "Wants to move out of the family home."
    referrer_name = "Sam Lee"
    received_on = factory.LazyFunction(timezone.localdate)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    person = factory.SubFactory(PersonFactory)
    full_name = factory.Faker("name", locale="en_GB")
    relationship = "mum"


class LegalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalAuthority

    representative = factory.SubFactory(RepresentativeFactory)
    kind = LegalAuthority.Kind.HEALTH_WELFARE_LPA
    evidence_seen = "Registered LPA, OPG reference 7000-1234-5678"
    checked_by = factory.SubFactory(UserFactory)
    checked_on = date(2024, 1, 10)


class CapacityAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityAssessment

    person = factory.SubFactory(PersonFactory)
    decision = CapacityAssessment.Decision.ARRANGEMENT
    assessed_on = date(2024, 2, 1)
    assessor = "Sam Lee, social worker"
    outcome = CapacityAssessment.Outcome.LACKS_CAPACITY
    note = "Could not weigh the information."
    recorded_by = factory.SubFactory(UserFactory)
