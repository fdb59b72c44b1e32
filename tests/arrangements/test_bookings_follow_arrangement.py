"""Bookings follow their arrangement: cancelled when it ends or a yes is withdrawn, held while paused,
and never shown on a calendar or paid on a statement for a day the arrangement does not cover."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from arrangements import services as arrangement_services
from arrangements import statements
from arrangements.models import ArrangementStatus, Booking
from arrangements.statements import Month
from matching import services
from people.models import ReferralStatus
from sharedlives.errors import DomainError
from tests.arrangements.factories import payment_band
from tests.people.factories import ReferralFactory

from .conftest import answer, to_agreed
from .test_arrangements import book, make_arrangement

START = date(2030, 3, 1)


@pytest.fixture
def planned_short_break(person_p, household_x, carer_user, person_user, coordinator_a):
    """A short break both sides agreed to, confirmed to start on 1 March 2030, with two stays booked."""
    referral = ReferralFactory(
        person=person_p, status=ReferralStatus.MATCHING, support_type="short_break", wanted_from=START
    )
    proposal = services.proposal_create(
        referral_id=referral.pk, household_id=household_x.pk, by=coordinator_a
    )
    services.proposal_send(proposal_id=proposal.pk, by=coordinator_a)
    to_agreed(proposal, carer=carer_user, person=person_user)
    arrangement = services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=START)
    book(arrangement, coordinator_a, START, START + timedelta(days=3))
    book(arrangement, coordinator_a, START + timedelta(days=10), START + timedelta(days=12))
    return arrangement


def calendar_page(client, household, day=START):
    return client.get(reverse("arrangements:household_calendar", args=[household.pk, day.year, day.month]))


def test_a_withdrawn_yes_ends_the_short_break_through_its_service_and_cancels_every_booking(
    planned_short_break, person_user, household_x, client_coordinator_a
):
    answer(planned_short_break.proposal, "person", "withdraw", person_user)

    planned_short_break.refresh_from_db()
    assert planned_short_break.status == ArrangementStatus.ENDED
    assert planned_short_break.end_date == START and planned_short_break.end_reason == "persons_choice"
    transition = planned_short_break.transitions.get()
    assert (transition.from_status, transition.to_status) == ("planned", "ended")
    bookings = Booking.objects.filter(arrangement=planned_short_break)
    assert [b.cancel_reason for b in bookings] == ["A yes was withdrawn before the start."] * 2
    assert not Booking.objects.active().filter(household=household_x).exists()
    # Nothing on the calendar, and the household's places are free again.
    assert "Penny" not in calendar_page(client_coordinator_a, household_x).content.decode()


def test_a_withdrawn_short_break_is_never_paid(planned_short_break, person_user, household_x, scheme_a):
    band = payment_band(scheme_a, "Nights", "night", "80")
    planned_short_break.payment_band = band
    planned_short_break.save()
    assert statements.household_statement(household_x, Month(2030, 3)).net == Decimal("400.00")  # 5 nights

    answer(planned_short_break.proposal, "carer", "withdraw", household_x.carers.get().user)

    assert statements.household_statement(household_x, Month(2030, 3)).is_empty


def test_withdrawing_refuses_once_the_arrangement_is_not_planned(planned_short_break, coordinator_a):
    arrangement_services.arrangement_start(arrangement_id=planned_short_break.pk, by=coordinator_a, on=START)
    with pytest.raises(DomainError, match="has started"):
        arrangement_services.arrangement_withdraw(
            arrangement_id=planned_short_break.pk, by=coordinator_a, end_reason="persons_choice"
        )
    assert Booking.objects.active().filter(arrangement=planned_short_break).count() == 2


def test_a_stay_running_past_the_end_is_paid_and_shown_only_up_to_the_end(one_place, coordinator_a, scheme_a):
    band = payment_band(scheme_a, "Nights", "night", "50")
    arrangement = make_arrangement(one_place, by=coordinator_a, start=date(2030, 1, 1))
    arrangement.payment_band = band
    arrangement.save()
    stay = book(arrangement, coordinator_a, date(2030, 3, 10), date(2030, 3, 15))  # nights 10 to 14
    arrangement_services.arrangement_end(
        arrangement_id=arrangement.pk, by=coordinator_a, end_reason="planned_end", end_date=date(2030, 3, 12)
    )

    stay.refresh_from_db()
    arrangement.refresh_from_db()
    assert stay.cancelled_at is None  # it began before the end: the nights of 10 and 11 happened
    statement = statements.household_statement(one_place, Month(2030, 3))
    assert [line.quantity for line in statement.lines] == [2] and statement.net == Decimal("100.00")
    assert stay.days_within(arrangement) == [date(2030, 3, 10), date(2030, 3, 11)]


def test_an_ended_arrangements_bookings_leave_the_calendar_and_the_coming_up_list(
    household_x, coordinator_a, client_coordinator_a, client_carer
):
    arrangement = make_arrangement(household_x, by=coordinator_a, start=date(2030, 1, 1))
    book(arrangement, coordinator_a, date(2030, 3, 10), date(2030, 3, 15))
    name = arrangement.person.known_as
    assert name in calendar_page(client_coordinator_a, household_x).content.decode()
    coming_up = (
        client_carer.get(reverse("arrangements:carer_arrangements")).content.decode().split("Coming up")[-1]
    )
    assert name in coming_up

    arrangement_services.arrangement_end(
        arrangement_id=arrangement.pk, by=coordinator_a, end_reason="planned_end", end_date=date(2030, 3, 12)
    )

    assert f"{name} (stay)" not in calendar_page(client_coordinator_a, household_x).content.decode()
    assert not Booking.objects.current().filter(household=household_x).exists()


def test_a_paused_arrangements_bookings_are_held_and_shown_as_paused(
    one_place, coordinator_a, client_coordinator_a
):
    arrangement = make_arrangement(one_place, by=coordinator_a, start=date(2030, 1, 1))
    book(arrangement, coordinator_a, date(2030, 3, 10), date(2030, 3, 12))
    arrangement_services.arrangement_pause(
        arrangement_id=arrangement.pk, by=coordinator_a, reason="In hospital"
    )

    page = calendar_page(client_coordinator_a, one_place).content.decode()
    assert f"{arrangement.person.known_as} (stay), paused" in page
    # The place is kept for them: a second person cannot take that night.
    other = make_arrangement(one_place, by=coordinator_a, start=date(2030, 1, 1))
    with pytest.raises(DomainError, match="no free place on 10 March 2030"):
        book(other, coordinator_a, date(2030, 3, 10), date(2030, 3, 11))

    arrangement_services.arrangement_resume(arrangement_id=arrangement.pk, by=coordinator_a)
    page = calendar_page(client_coordinator_a, one_place).content.decode()
    assert f"{arrangement.person.known_as} (stay)" in page and "paused" not in page
