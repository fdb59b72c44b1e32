"""Matching personas: a referral for person P in matching, carer X's matchable household, a sent proposal."""

from datetime import date

import pytest

from matching import services
from people.models import ReferralStatus
from tests.carers.conftest import *  # noqa: F403  (household_x, household_y, carer Y)
from tests.carers.factories import CarerFactory, HouseholdFactory, approve, give_mandatory_checks
from tests.people.conftest import *  # noqa: F403  (person P and Q, their families)
from tests.people.factories import CapacityAssessmentFactory, ReferralFactory


@pytest.fixture
def referral_p(person_p):
    return ReferralFactory(person=person_p, status=ReferralStatus.MATCHING, wanted_from=date(2030, 1, 1))


@pytest.fixture
def draft(referral_p, household_x, coordinator_a):
    return services.proposal_create(referral_id=referral_p.pk, household_id=household_x.pk, by=coordinator_a)


@pytest.fixture
def proposal(draft, coordinator_a):
    return services.proposal_send(proposal_id=draft.pk, by=coordinator_a)


@pytest.fixture
def p_lacks_capacity(person_p, coordinator_a):
    return CapacityAssessmentFactory(person=person_p, recorded_by=coordinator_a)


def answer(proposal, side, ans, by, **kwargs):
    return services.proposal_respond(proposal_id=proposal.pk, side=side, answer=ans, by=by, **kwargs)


def to_introductions(proposal, *, carer, person):
    answer(proposal, "carer", "interested", carer)
    answer(proposal, "person", "interested", person)
    proposal.refresh_from_db()
    return proposal


def to_agreed(proposal, *, carer, person):
    to_introductions(proposal, carer=carer, person=person)
    answer(proposal, "carer", "agree", carer)
    answer(proposal, "person", "agree", person)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def one_place(scheme_a, coordinator_a):
    """A matchable household of scheme A approved for one person at once."""
    household = HouseholdFactory(scheme=scheme_a, name="One Place")
    CarerFactory(household=household)
    approve(household, max_people=1)
    give_mandatory_checks(household, by=coordinator_a)
    return household
