"""Two final agreements and two confirm clicks arriving together make exactly one arrangement, every time."""

import threading
import time
from datetime import date

import pytest
from django.db import connection

from arrangements.models import Arrangement
from matching import services
from matching.models import MatchProposal, ProposalStatus
from people.models import ReferralStatus
from sharedlives.accounts.models import User
from sharedlives.errors import DomainError
from tests.carers.factories import CarerFactory, HouseholdFactory, approve, give_mandatory_checks
from tests.factories import UserFactory
from tests.people.factories import PersonFactory, ReferralFactory

REPETITIONS = 20


def _agreeable_proposal(scheme, coordinator) -> MatchProposal:
    carer = UserFactory(kind=User.Kind.CARER)
    household = HouseholdFactory(scheme=scheme)
    CarerFactory(household=household, user=carer)
    approve(household)
    give_mandatory_checks(household, by=coordinator)
    person_user = UserFactory(kind=User.Kind.PERSON)
    person = PersonFactory(scheme=scheme, user=person_user)
    referral = ReferralFactory(person=person, status=ReferralStatus.MATCHING)
    proposal = services.proposal_create(referral_id=referral.pk, household_id=household.pk, by=coordinator)
    services.proposal_send(proposal_id=proposal.pk, by=coordinator)
    services.proposal_respond(proposal_id=proposal.pk, side="carer", answer="interested", by=carer)
    services.proposal_respond(proposal_id=proposal.pk, side="person", answer="interested", by=person_user)
    return proposal, carer, person_user


def _run_together(*actions):
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as e:  # collected and asserted on below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_final_agreements_and_double_confirm_make_exactly_one_arrangement(scheme_a, coordinator_a):
    for _ in range(REPETITIONS):
        proposal, carer, person_user = _agreeable_proposal(scheme_a, coordinator_a)
        start = proposal.referral.wanted_from or date(2030, 1, 1)

        def confirm():
            # A coordinator clicking "confirm" as soon as the page allows it: retried while not yet agreed.
            deadline = time.monotonic() + 10
            while True:
                try:
                    services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=start)
                    return
                except DomainError as e:
                    if "already confirmed" in str(e):
                        return
                    if "agree first" not in str(e) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.005)

        errors = _run_together(
            lambda: services.proposal_respond(
                proposal_id=proposal.pk, side="carer", answer="agree", by=carer
            ),
            lambda: services.proposal_respond(
                proposal_id=proposal.pk, side="person", answer="agree", by=person_user
            ),
            confirm,
            confirm,
        )
        assert errors == []
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.CONFIRMED
        assert Arrangement.objects.filter(proposal=proposal).count() == 1
        assert proposal.transitions.filter(to_status=ProposalStatus.AGREED).count() == 1
        assert proposal.transitions.filter(to_status=ProposalStatus.CONFIRMED).count() == 1
    assert Arrangement.objects.count() == REPETITIONS


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_never_exceed_a_households_places(scheme_a, coordinator_a):
    """Two agreed proposals for the last place of one household, confirmed at the same moment."""
    for _ in range(5):
        first, _, _ = _agreeable_proposal(scheme_a, coordinator_a)
        household = first.household
        household.current_terms.max_people = 1
        household.current_terms.save()
        person_user = UserFactory(kind=User.Kind.PERSON)
        person = PersonFactory(scheme=scheme_a, user=person_user)
        referral = ReferralFactory(person=person, status=ReferralStatus.MATCHING)
        second = services.proposal_create(
            referral_id=referral.pk, household_id=household.pk, by=coordinator_a
        )
        services.proposal_send(proposal_id=second.pk, by=coordinator_a)
        carer = household.carers.get().user
        for p, pu in ((first, first.person.user), (second, person_user)):
            if p is second:
                services.proposal_respond(proposal_id=p.pk, side="carer", answer="interested", by=carer)
                services.proposal_respond(proposal_id=p.pk, side="person", answer="interested", by=pu)
            services.proposal_respond(proposal_id=p.pk, side="carer", answer="agree", by=carer)
            services.proposal_respond(proposal_id=p.pk, side="person", answer="agree", by=pu)
        start = date(2030, 1, 1)
        errors = _run_together(
            lambda: services.proposal_confirm(proposal_id=first.pk, by=coordinator_a, start_date=start),
            lambda: services.proposal_confirm(proposal_id=second.pk, by=coordinator_a, start_date=start),
        )
        assert Arrangement.objects.filter(household=household).count() == 1
        assert len(errors) == 1 and "no free place" in str(errors[0])
