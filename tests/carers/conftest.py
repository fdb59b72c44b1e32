"""Carer registry personas: households in scheme A, carer X and carer Y linked to their own households."""

import pytest
from django.test import Client

from sharedlives.accounts.models import User
from tests.factories import UserFactory

from .factories import CarerFactory, HouseholdFactory, approve, give_mandatory_checks


@pytest.fixture
def household_a(scheme_a):
    """A household of scheme A at enquiry, with one carer who cannot sign in."""
    household = HouseholdFactory(scheme=scheme_a, name="Ada and Ben Abbott")
    CarerFactory(household=household, first_name="Ada", last_name="Abbott")
    return household


@pytest.fixture
def household_x(scheme_a, carer_user, coordinator_a):
    """Carer X's household: approved and matchable, in scheme A."""
    household = HouseholdFactory(scheme=scheme_a, name="Xena Xu household", about_us="We love the sea.")
    CarerFactory(household=household, first_name="Xena", last_name="Xu", user=carer_user)
    approve(household)
    give_mandatory_checks(household, by=coordinator_a)
    return household


@pytest.fixture
def carer_y_user(db):
    return UserFactory(kind=User.Kind.CARER, full_name="Yusuf Young", email="carer.y@example.test")


@pytest.fixture
def household_y(scheme_a, carer_y_user):
    household = HouseholdFactory(scheme=scheme_a, name="Yusuf Young household", about_us="Private words.")
    CarerFactory(household=household, first_name="Yusuf", last_name="Young", user=carer_y_user)
    return household


@pytest.fixture
def client_carer_y(carer_y_user):
    client = Client()
    client.force_login(carer_y_user)
    return client
