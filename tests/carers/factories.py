"""Factories for the carer registry."""

from datetime import date

import factory
from django.utils import timezone

from carers import services
from carers.models import (
    CHECK_RULES,
    MANDATORY_CHECKS,
    ApprovalTerms,
    Availability,
    Carer,
    Household,
    HouseholdMember,
    PanelDecision,
)
from sharedlives.choices import ClientGroup, SupportType
from sharedlives.reference.models import Postcode
from tests.factories import SchemeFactory, UserFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    scheme = factory.SubFactory(SchemeFactory)
    name = factory.Sequence(lambda n: f"Household {n}")
    postcode = "NS1 1AA"
    status = Household.Status.ENQUIRY


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    household = factory.SubFactory(HouseholdFactory)
    position = 1
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"carer{n}@example.test")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Faker("first_name", locale="en_GB")
    relationship = "son"
    age_band = "5_11"


class PanelDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelDecision

    household = factory.SubFactory(HouseholdFactory)
    decided_on = date(2024, 1, 10)
    decision = PanelDecision.Decision.RECOMMEND_APPROVAL
    decision_maker = "Dana Decider"
    recorded_by = factory.SubFactory(UserFactory)


class TermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalTerms

    household = factory.SubFactory(HouseholdFactory)
    version = 1
    panel_decision = factory.SubFactory(PanelDecisionFactory, household=factory.SelfAttribute("..household"))
    max_people = 2
    support_types = factory.LazyFunction(lambda: [SupportType.LONG_TERM, SupportType.SHORT_BREAK])
    client_groups = factory.LazyFunction(lambda: [ClientGroup.LEARNING_DISABILITY])
    effective_from = date(2024, 1, 10)


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    household = factory.SubFactory(HouseholdFactory)
    starts_on = date(2030, 8, 1)
    ends_on = date(2030, 8, 14)
    reason = Availability.Reason.HOLIDAY


def add_postcode(postcode: str, easting: int, northing: int) -> Postcode:
    return Postcode.objects.create(
        postcode=postcode, district=postcode.split(" ")[0], easting=easting, northing=northing
    )


def approve(household: Household, *, max_people: int = 2, **terms) -> Household:
    """Make the household approved with terms, without going through panel (for query-level tests)."""
    terms = TermsFactory(household=household, max_people=max_people, **terms)
    household.status = Household.Status.APPROVED
    household.current_terms = terms
    household.save()
    return household


def give_mandatory_checks(household: Household, *, by, done_on: date | None = None) -> None:
    """Record every check needed for matching, for every carer, through the service."""
    done_on = done_on or timezone.localdate()
    for check_type in MANDATORY_CHECKS:
        owners = list(household.carers.all()) if CHECK_RULES[check_type].per_carer else [None]
        for carer in owners:
            services.check_record(
                household_id=household.pk, by=by, check_type=check_type, carer=carer, done_on=done_on
            )


def matchable_household(scheme, *, by, carers: int = 1, **kwargs) -> Household:
    household = HouseholdFactory(scheme=scheme, **kwargs)
    for position in range(1, carers + 1):
        CarerFactory(household=household, position=position)
    approve(household)
    give_mandatory_checks(household, by=by)
    return household
