"""A small hand-built history for the reports, in scheme A, with a look-alike in scheme B that must
never show in scheme A's figures.

Scheme A, first quarter of 2025 (days between stages in brackets):
  referral 1 received 10 Jan -> proposal sent 20 Jan (10) -> first introduction 1 Feb (12)
      -> arrangement confirmed 15 Feb (14; 36 from the referral): short break, council
  referral 2 received 20 Jan -> proposal sent 10 Feb (21) -> first introduction 20 Feb (10)
      -> arrangement confirmed 5 Mar (13; 44 from the referral): long-term, NHS, living with household X
  referral 3 received 5 Feb -> proposal sent 25 Feb (20), declined
  referral 4 received 1 Mar, a draft proposal only (not sent, so not counted)
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from arrangements.models import Arrangement, ArrangementStatus, Review
from carers.models import Check, Household
from matching.models import Introduction, MatchProposal, ProposalStatus, ProposalTransition
from people.models import ReferralStatus
from sharedlives.accounts.models import SchemeMembership
from sharedlives.choices import Funder, SupportType
from tests.carers.conftest import *  # noqa: F403  (household_x: approved for 2, matchable)
from tests.carers.factories import HouseholdFactory, approve
from tests.factories import MembershipFactory, staff_user
from tests.people.factories import PersonFactory, ReferralFactory

Q1 = {"date_from": "2025-01-01", "date_to": "2025-03-31"}


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@dataclass
class Journey:
    """Everything one referral led to."""

    scheme: object
    household: Household
    by: object

    def referral(self, received: date, *, status=ReferralStatus.MATCHING):
        person = PersonFactory(scheme=self.scheme)
        return ReferralFactory(person=person, received_on=received, status=status)

    def proposal(
        self, referral, *, sent: date | None, status=ProposalStatus.CONFIRMED, made: date | None = None
    ):
        made = made or sent
        proposal = MatchProposal.objects.create(
            scheme=self.scheme,
            referral=referral,
            person=referral.person,
            household=self.household,
            status=status,
            support_type=referral.support_type,
            created_by=self.by,
            created_at=at(made),
        )
        ProposalTransition.objects.create(proposal=proposal, to_status=ProposalStatus.DRAFT, at=at(made))
        if sent:
            ProposalTransition.objects.create(
                proposal=proposal,
                from_status=ProposalStatus.DRAFT,
                to_status=ProposalStatus.PROPOSED,
                at=at(sent),
            )
        return proposal

    def introduction(self, proposal, on: date):
        return Introduction.objects.create(
            proposal=proposal, kind="meeting", happened_on=on, attended="Both", recorded_by=self.by
        )

    def arrangement(self, proposal, *, confirmed: date, start: date, support_type, funder="", **extra):
        return Arrangement.objects.create(
            scheme=self.scheme,
            proposal=proposal,
            person=proposal.person,
            household=self.household,
            support_type=support_type,
            status=extra.pop("status", ArrangementStatus.ACTIVE),
            start_date=start,
            funder=funder,
            created_by=self.by,
            created_at=at(confirmed),
            **extra,
        )


def review(arrangement, held: date, scores: tuple[int, int, int], by):
    informed, confident, connected = scores
    return Review.objects.create(
        arrangement=arrangement,
        held_on=held,
        participants="Everyone",
        informed_score=informed,
        confident_score=confident,
        connected_score=connected,
        next_review_on=held + timedelta(days=365),
        recorded_by=by,
    )


@pytest.fixture
def history_a(scheme_a, household_x, coordinator_a):
    j = Journey(scheme_a, household_x, coordinator_a)
    r1 = j.referral(date(2025, 1, 10), status=ReferralStatus.MATCHED)
    p1 = j.proposal(r1, sent=date(2025, 1, 20))
    j.introduction(p1, date(2025, 2, 1))
    j.introduction(p1, date(2025, 2, 8))  # a second one: the first counts
    a1 = j.arrangement(
        p1,
        confirmed=date(2025, 2, 15),
        start=date(2025, 3, 1),
        support_type=SupportType.SHORT_BREAK,
        funder=Funder.COUNCIL,
    )
    r2 = j.referral(date(2025, 1, 20), status=ReferralStatus.MATCHED)
    p2 = j.proposal(r2, sent=date(2025, 2, 10), made=date(2025, 2, 3))
    j.introduction(p2, date(2025, 2, 20))
    a2 = j.arrangement(
        p2,
        confirmed=date(2025, 3, 5),
        start=date(2025, 3, 10),
        support_type=SupportType.LONG_TERM,
        funder=Funder.NHS,
    )
    r3 = j.referral(date(2025, 2, 5))
    j.proposal(r3, sent=date(2025, 2, 25), status=ProposalStatus.DECLINED)
    r4 = j.referral(date(2025, 3, 1))
    j.proposal(r4, sent=None, status=ProposalStatus.DRAFT, made=date(2025, 3, 2))
    review(a1, date(2025, 2, 20), (4, 3, 2), coordinator_a)
    review(a1, date(2025, 2, 25), (2, 5, 4), coordinator_a)
    review(a2, date(2025, 3, 20), (5, 5, 5), coordinator_a)
    return {"a1": a1, "a2": a2, "journey": j}


@pytest.fixture
def history_b(scheme_b, coordinator_b):
    """Scheme B: the same kind of records, in numbers that would show if they leaked into A's."""
    household = HouseholdFactory(scheme=scheme_b, name="Bravo household")
    approve(household, max_people=3)
    j = Journey(scheme_b, household, coordinator_b)
    for day in (5, 6, 7):
        referral = j.referral(date(2025, 1, day))
        proposal = j.proposal(referral, sent=date(2025, 1, day + 20))
        j.introduction(proposal, date(2025, 2, day + 20))
        arrangement = j.arrangement(
            proposal,
            confirmed=date(2025, 3, day + 20),
            start=date(2025, 3, 28),
            support_type=SupportType.DAY_SUPPORT,
            funder=Funder.SELF_FUNDED,
        )
        review(arrangement, date(2025, 3, 29), (1, 1, 1), coordinator_b)
    return j


@pytest.fixture
def manager_of_a_coordinator_of_b(scheme_a, scheme_b):
    user = staff_user(scheme_a, SchemeMembership.Role.MANAGER, email="two.hats@example.test")
    MembershipFactory(user=user, scheme=scheme_b, role=SchemeMembership.Role.COORDINATOR)
    return user


@pytest.fixture
def manager_of_both(scheme_a, scheme_b):
    user = staff_user(scheme_a, SchemeMembership.Role.MANAGER, email="both@example.test")
    MembershipFactory(user=user, scheme=scheme_b, role=SchemeMembership.Role.MANAGER)
    return user


def expired_and_expiring_checks(household, by):
    """One check of the home expired 5 days ago and one that expires in 10 days."""
    today = timezone.localdate()
    Check.objects.create(
        household=household,
        check_type="health_safety",
        done_on=today - timedelta(days=370),
        expires_on=today - timedelta(days=5),
        verified_by=by,
    )
    Check.objects.create(
        household=household,
        check_type="insurance",
        done_on=today - timedelta(days=355),
        expires_on=today + timedelta(days=10),
        verified_by=by,
    )
