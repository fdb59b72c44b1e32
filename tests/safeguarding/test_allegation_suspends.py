"""An allegation about a carer suspends their household through the carers lifecycle: at once it
leaves the ranking, and proposals and bookings with it are refused; only a panel decision lifts it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from arrangements.services import ArrangementError, booking_create
from carers import services as carer_services
from carers.models import HouseholdStatus
from matching import services as matching_services
from matching.ranking import rank
from people.models import ReferralStatus
from safeguarding import services
from safeguarding.models import AbuseCategory, AllegationStatus
from safeguarding.services import SafeguardingError
from sharedlives.choices import SupportType
from tests.arrangements.test_reviews import make_arrangement
from tests.matching.conftest import to_agreed
from tests.people.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _allegation(person, household, by):
    concern = services.concern_raise(
        by=by,
        person_id=person.pk,
        categories=[AbuseCategory.PHYSICAL],
        summary="P said a carer pushed them.",
        about_carer_id=household.carers.first().pk,
    )
    return concern, concern.allegation


def _shortlisted(referral):
    return {c.household.pk for c in rank(referral).shortlist}


def test_a_concern_naming_a_carer_opens_an_allegation_on_their_household(
    person_p, household_x, coordinator_a
):
    concern, allegation = _allegation(person_p, household_x, coordinator_a)
    assert concern.about_household_id == household_x.pk
    assert allegation.household_id == household_x.pk and allegation.status == AllegationStatus.OPEN
    household_x.refresh_from_db()
    assert household_x.status == HouseholdStatus.APPROVED  # raising it suspends nothing by itself


def test_only_a_manager_can_suspend_and_a_message_is_required(
    person_p, household_x, coordinator_a, manager_a
):
    _concern, allegation = _allegation(person_p, household_x, coordinator_a)
    with pytest.raises(SafeguardingError, match="Only a manager"):
        services.allegation_suspend(allegation_id=allegation.pk, by=coordinator_a, message_to_carers="x")
    with pytest.raises(SafeguardingError, match="what the carers are told"):
        services.allegation_suspend(allegation_id=allegation.pk, by=manager_a, message_to_carers="  ")
    household_x.refresh_from_db()
    assert household_x.status == HouseholdStatus.APPROVED


def test_suspension_leaves_ranking_and_refuses_confirm_and_booking_until_the_panel_lifts_it(
    person_p, household_x, coordinator_a, manager_a, proposal, carer_user, person_user, scheme_a
):
    to_agreed(proposal, carer=carer_user, person=person_user)
    waiting = ReferralFactory(
        person__scheme=scheme_a, status=ReferralStatus.MATCHING, wanted_from=date(2030, 1, 1)
    )
    assert household_x.pk in _shortlisted(waiting)

    _concern, allegation = _allegation(person_p, household_x, coordinator_a)
    services.allegation_suspend(
        allegation_id=allegation.pk,
        by=manager_a,
        message_to_carers="Your approval is paused while we look into a concern.",
    )
    household_x.refresh_from_db()
    assert household_x.status == HouseholdStatus.SUSPENDED
    assert household_x.status_note.startswith("Your approval is paused")
    assert household_x.pk not in _shortlisted(waiting)
    with pytest.raises(matching_services.MatchingError):
        matching_services.proposal_confirm(
            proposal_id=proposal.pk, by=coordinator_a, start_date=timezone.localdate()
        )
    # Lifting it by hand is refused: the panel decides.
    with pytest.raises(carer_services.CarersError, match="only a panel decision"):
        carer_services.household_transition(
            household_id=household_x.pk, to_status=HouseholdStatus.APPROVED, by=manager_a
        )

    services.allegation_panel_decision(
        allegation_id=allegation.pk,
        by=manager_a,
        decided_on=timezone.localdate(),
        decision="approve",
        decision_maker="Panel chair",
        minutes="Not substantiated.",
        conditions="Refresher safeguarding training within 3 months.",
        max_people=2,
        support_types=[SupportType.LONG_TERM, SupportType.SHORT_BREAK],
        client_groups=list(household_x.current_terms.client_groups),
    )
    household_x.refresh_from_db()
    allegation.refresh_from_db()
    assert household_x.status == HouseholdStatus.APPROVED and household_x.status_note == ""
    assert allegation.status == AllegationStatus.CLOSED
    assert household_x.pk in _shortlisted(waiting)
    arrangement = matching_services.proposal_confirm(
        proposal_id=proposal.pk, by=coordinator_a, start_date=timezone.localdate()
    )
    assert arrangement.household_id == household_x.pk


def test_a_suspended_household_takes_no_booking(scheme_a, household_x, coordinator_a, manager_a, person_p):
    arrangement = make_arrangement(
        household_x,
        person_p,
        by=coordinator_a,
        start=timezone.localdate(),
        support_type=SupportType.SHORT_BREAK,
    )
    start = timezone.localdate() + timedelta(days=7)
    booking_create(
        arrangement_id=arrangement.pk, by=coordinator_a, starts_on=start, ends_on=start + timedelta(days=2)
    )
    _concern, allegation = _allegation(person_p, household_x, coordinator_a)
    services.allegation_suspend(
        allegation_id=allegation.pk, by=manager_a, message_to_carers="Paused for now."
    )
    with pytest.raises(ArrangementError, match="suspended"):
        booking_create(
            arrangement_id=arrangement.pk,
            by=coordinator_a,
            starts_on=start + timedelta(days=5),
            ends_on=start + timedelta(days=6),
        )
