"""Safeguarding personas: on top of the matching ones (scheme A's coordinator and manager, carer X's
household, person P and their family), a coordinator of scheme A the scheme names as safeguarding
lead, and a live arrangement of P with household X."""

import pytest
from django.test import Client
from django.utils import timezone

from matching import services as matching_services
from sharedlives.accounts.models import SchemeMembership
from tests.factories import sign_in, staff_user
from tests.matching.conftest import *  # noqa: F403  (households, people, proposals)
from tests.matching.conftest import to_agreed


@pytest.fixture
def lead_a(scheme_a):
    """A coordinator of scheme A whom the scheme names as a safeguarding lead."""
    user = staff_user(scheme_a, full_name="Lena Lead", email="lead.a@example.test")
    SchemeMembership.objects.filter(user=user).update(is_safeguarding_lead=True)
    user.refresh_from_db()  # the change of role raised the session epoch
    return user


@pytest.fixture
def client_lead_a(lead_a):
    return sign_in(Client(), lead_a)


@pytest.fixture
def arrangement_px(proposal, carer_user, person_user, coordinator_a):
    """Person P's live (planned) long-term arrangement with household X, confirmed today."""
    to_agreed(proposal, carer=carer_user, person=person_user)
    return matching_services.proposal_confirm(
        proposal_id=proposal.pk, by=coordinator_a, start_date=timezone.localdate()
    )
