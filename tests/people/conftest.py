"""Personas for the people app: person P and Q in scheme A, P's family with and without
authority, Q's family, and P's own sign-in."""

from datetime import date

import pytest
from django.test import Client

from sharedlives.accounts.models import User
from tests.factories import UserFactory

from .factories import LegalAuthorityFactory, PersonFactory, RepresentativeFactory


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def person_p(scheme_a, person_user):
    return PersonFactory(
        scheme=scheme_a,
        first_name="Patricia",
        last_name="Parker",
        preferred_name="Pat",
        user=person_user,
        profile__admired_for="Pat makes everyone laugh.",
        profile__risk_summary="Finds crowds hard.",
        profile__risk_detail="SECRET-RISK-DETAIL",
    )


@pytest.fixture
def person_q(scheme_a):
    return PersonFactory(scheme=scheme_a, first_name="Quentin", last_name="Quinn")


@pytest.fixture
def person_b(scheme_b):
    """Someone in the other scheme."""
    return PersonFactory(scheme=scheme_b, first_name="Bella", last_name="Brown")


@pytest.fixture
def family_with_authority(person_p, coordinator_a):
    """P's mum, with a valid health and welfare LPA."""
    user = UserFactory(kind=User.Kind.FAMILY, full_name="Wendy Welfare", email="wendy@example.test")
    representative = RepresentativeFactory(
        person=person_p, full_name="Wendy Welfare", relationship="mum", user=user, may_see_proposals=True
    )
    LegalAuthorityFactory(
        representative=representative, checked_by=coordinator_a, checked_on=date(2024, 1, 10)
    )
    return user


@pytest.fixture
def family_without_authority(person_p, family_user):
    """P's brother: sees proposals, holds no authority (the shared `family_user` persona)."""
    RepresentativeFactory(
        person=person_p,
        full_name=family_user.full_name,
        relationship="brother",
        user=family_user,
        may_see_proposals=True,
    )
    return family_user


@pytest.fixture
def family_of_q(person_q):
    user = UserFactory(kind=User.Kind.FAMILY, full_name="Quinn Family", email="q.family@example.test")
    RepresentativeFactory(person=person_q, full_name="Quinn Family", relationship="dad", user=user)
    return user


@pytest.fixture
def client_family_with_authority(family_with_authority):
    return _client_for(family_with_authority)


@pytest.fixture
def client_family_without_authority(family_without_authority):
    return _client_for(family_without_authority)


@pytest.fixture
def client_family_of_q(family_of_q):
    return _client_for(family_of_q)


@pytest.fixture
def client_person_p(person_p, client_person):
    """P signed in as themselves."""
    return client_person
