"""Arrangement lifecycle, bookings within places (by the services and by the database), calendars, scoping."""

import threading
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from arrangements import services as arrangement_services
from arrangements.models import Arrangement, ArrangementStatus, Booking
from matching import services
from people.models import Referral, ReferralStatus
from sharedlives.errors import DomainError
from tests.carers.factories import (
    AvailabilityFactory,
    CarerFactory,
    HouseholdFactory,
    approve,
    give_mandatory_checks,
)
from tests.people.factories import PersonFactory, ReferralFactory

S = ArrangementStatus
D = date(2030, 3, 10)


def make_arrangement(
    household,
    *,
    by,
    support_type="short_break",
    start=date(2030, 1, 1),
    end=None,
    person=None,
    status=S.ACTIVE,
):
    """An arrangement straight in the database (consent is tested elsewhere)."""
    person = person or PersonFactory(scheme=household.scheme)
    referral = Referral.objects.filter(
        person=person, support_type=support_type, status=ReferralStatus.MATCHING
    ).first()
    referral = referral or ReferralFactory(
        person=person, status=ReferralStatus.MATCHING, support_type=support_type
    )
    proposal = services.proposal_create(referral_id=referral.pk, household_id=household.pk, by=by)
    return Arrangement.objects.create(
        scheme=household.scheme,
        proposal=proposal,
        person=person,
        household=household,
        support_type=support_type,
        start_date=start,
        end_date=end,
        status=status,
        created_by=by,
    )


@pytest.fixture
def short_break(one_place, coordinator_a):
    return make_arrangement(one_place, by=coordinator_a)


def book(arrangement, by, starts_on, ends_on=None, session=""):
    return arrangement_services.booking_create(
        arrangement_id=arrangement.pk, by=by, starts_on=starts_on, ends_on=ends_on, session=session
    )


# --- Lifecycle -------------------------------------------------------------------------------------------

ACTIONS = {
    S.ACTIVE: lambda a, by: (
        arrangement_services.arrangement_start(arrangement_id=a.pk, by=by, on=date(2031, 1, 1))
        if a.status == S.PLANNED
        else arrangement_services.arrangement_resume(arrangement_id=a.pk, by=by)
    ),
    S.PAUSED: lambda a, by: arrangement_services.arrangement_pause(
        arrangement_id=a.pk, by=by, reason="Hospital stay"
    ),
    S.ENDING: lambda a, by: arrangement_services.arrangement_give_notice(
        arrangement_id=a.pk, by=by, end_date=date(2030, 6, 1), end_reason="persons_choice"
    ),
    S.ENDED: lambda a, by: arrangement_services.arrangement_end(
        arrangement_id=a.pk, by=by, end_reason="planned_end"
    ),
}


@pytest.mark.parametrize("from_status", S.values)
@pytest.mark.parametrize("to_status", [S.ACTIVE, S.PAUSED, S.ENDING, S.ENDED])
def test_every_lifecycle_transition_is_allowed_or_refused(one_place, coordinator_a, from_status, to_status):
    arrangement = make_arrangement(one_place, by=coordinator_a, support_type="long_term", status=S.PLANNED)
    end_reason = "planned_end" if from_status == S.ENDED else ""
    Arrangement.objects.filter(pk=arrangement.pk).update(status=from_status, end_reason=end_reason)
    arrangement.refresh_from_db()
    allowed = to_status in arrangement_services.ARRANGEMENT_TRANSITIONS[from_status]
    if allowed:
        ACTIONS[to_status](arrangement, coordinator_a)
        arrangement.refresh_from_db()
        assert arrangement.status == to_status
        assert arrangement.transitions.get().to_status == to_status
    else:
        with pytest.raises(DomainError):
            ACTIONS[to_status](arrangement, coordinator_a)
        arrangement.refresh_from_db()
        assert arrangement.status == from_status and not arrangement.transitions.exists()


def test_a_planned_arrangement_cannot_start_before_its_date(one_place, coordinator_a):
    arrangement = make_arrangement(one_place, by=coordinator_a, status=S.PLANNED, start=date(2099, 1, 1))
    with pytest.raises(DomainError, match="mark it active then"):
        arrangement_services.arrangement_start(arrangement_id=arrangement.pk, by=coordinator_a)


def test_ending_cancels_later_bookings(short_break, coordinator_a):
    later = book(short_break, coordinator_a, D, D + timedelta(days=2))
    arrangement_services.arrangement_end(
        arrangement_id=short_break.pk,
        by=coordinator_a,
        end_reason="carers_choice",
        end_date=D - timedelta(days=1),
    )
    later.refresh_from_db()
    assert later.cancelled_at is not None


# --- Places --------------------------------------------------------------------------------------------


def test_a_booking_past_the_places_on_any_night_is_refused(one_place, short_break, coordinator_a):
    other = make_arrangement(one_place, by=coordinator_a)
    book(short_break, coordinator_a, D, D + timedelta(days=3))  # nights 10, 11, 12
    with pytest.raises(DomainError, match="no free place on 12 March 2030"):
        book(other, coordinator_a, D + timedelta(days=2), D + timedelta(days=5))
    assert Booking.objects.count() == 1


def test_a_stay_ending_on_a_day_and_one_starting_that_day_share_no_night(
    one_place, short_break, coordinator_a
):
    other = make_arrangement(one_place, by=coordinator_a)
    book(short_break, coordinator_a, D, D + timedelta(days=3))
    book(other, coordinator_a, D + timedelta(days=3), D + timedelta(days=5))
    assert Booking.objects.count() == 2


def test_a_live_in_arrangement_takes_the_place_every_night(one_place, coordinator_a):
    make_arrangement(
        one_place, by=coordinator_a, support_type="long_term", start=date(2030, 1, 1), end=date(2030, 3, 1)
    )
    visitor = make_arrangement(one_place, by=coordinator_a)
    with pytest.raises(DomainError, match="no free place on 27 February 2030"):
        book(visitor, coordinator_a, date(2030, 2, 27), date(2030, 3, 2))
    book(visitor, coordinator_a, date(2030, 3, 1), date(2030, 3, 4))  # the leaving day is free


def test_a_booking_in_an_availability_gap_is_refused(one_place, short_break, coordinator_a):
    AvailabilityFactory(household=one_place, starts_on=D, ends_on=D + timedelta(days=7))
    with pytest.raises(DomainError, match="not available"):
        book(short_break, coordinator_a, D + timedelta(days=5), session="morning")


def test_the_database_refuses_a_booking_past_the_places_even_without_the_service(
    one_place, short_break, coordinator_a
):
    book(short_break, coordinator_a, D, D + timedelta(days=2))
    other = make_arrangement(one_place, by=coordinator_a)
    with pytest.raises(IntegrityError, match="approved for 1"), transaction.atomic():
        Booking.objects.create(
            arrangement=other,
            household=one_place,
            starts_on=D,
            ends_on=D + timedelta(days=1),
            created_by=coordinator_a,
        )


def test_overlapping_live_in_arrangements_for_one_person_are_refused(scheme_a, coordinator_a, one_place):
    second_home = HouseholdFactory(scheme=scheme_a)
    CarerFactory(household=second_home)
    approve(second_home, max_people=2)
    give_mandatory_checks(second_home, by=coordinator_a)
    first = make_arrangement(one_place, by=coordinator_a, support_type="long_term", start=date(2030, 1, 1))
    with pytest.raises(IntegrityError, match="two overlapping long-term"), transaction.atomic():
        make_arrangement(
            second_home,
            by=coordinator_a,
            support_type="long_term",
            start=date(2030, 6, 1),
            person=first.person,
        )
    # Once the first has a leaving day, the next home can start that day.
    Arrangement.objects.filter(pk=first.pk).update(end_date=date(2030, 6, 1))
    make_arrangement(
        second_home, by=coordinator_a, support_type="long_term", start=date(2030, 6, 1), person=first.person
    )


def test_extending_a_live_in_arrangement_needs_a_place_for_the_extra_days(one_place, coordinator_a):
    stay = make_arrangement(
        one_place, by=coordinator_a, support_type="long_term", start=date(2030, 1, 1), end=date(2030, 2, 1)
    )
    visitor = make_arrangement(one_place, by=coordinator_a)
    book(visitor, coordinator_a, date(2030, 2, 10), date(2030, 2, 12))
    with pytest.raises(DomainError, match="no free place on 10 February 2030"):
        arrangement_services.arrangement_extend(
            arrangement_id=stay.pk, by=coordinator_a, end_date=date(2030, 3, 1)
        )
    arrangement_services.arrangement_extend(
        arrangement_id=stay.pk, by=coordinator_a, end_date=date(2030, 2, 10)
    )


REPETITIONS = 20
CONCURRENT = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_bookings_for_the_last_place_accept_exactly_one(scheme_a, coordinator_a):
    household = HouseholdFactory(scheme=scheme_a)
    CarerFactory(household=household)
    approve(household, max_people=2)
    give_mandatory_checks(household, by=coordinator_a)
    arrangements = [make_arrangement(household, by=coordinator_a) for _ in range(CONCURRENT)]
    for repetition in range(REPETITIONS):
        night = date(2030, 1, 1) + timedelta(days=10 * repetition)
        book(arrangements[0], coordinator_a, night, night + timedelta(days=1))  # one of two places taken
        barrier = threading.Barrier(CONCURRENT)
        outcomes = []

        def attempt(arrangement, night=night, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait()
                book(arrangement, coordinator_a, night, night + timedelta(days=1))
                outcomes.append("booked")
            except DomainError:
                outcomes.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt, args=(a,)) for a in arrangements[1:] + arrangements[:1]]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert outcomes.count("booked") == 1, outcomes
        assert outcomes.count("refused") == CONCURRENT - 1
        assert Booking.objects.filter(starts_on=night).count() == 2


# --- Pages ---------------------------------------------------------------------------------------------


def test_staff_book_from_the_arrangement_page_and_bad_input_keeps_the_typing(
    client_coordinator_a, short_break
):
    url = reverse("arrangements:booking_create", args=[short_break.pk])
    bad = client_coordinator_a.post(
        url, {"starts_on": "2030-03-10", "ends_on": "2030-03-09", "note": "Kept note"}
    )
    assert (
        bad.status_code == 200
        and "leaving day must be after" in bad.content.decode()
        and "Kept note" in bad.content.decode()
    )
    good = client_coordinator_a.post(url, {"starts_on": "2030-03-10", "ends_on": "2030-03-12"})
    assert good.status_code == 302 and Booking.objects.get().nights == 2


def test_a_refused_booking_says_why_next_to_the_form(
    client_coordinator_a, one_place, short_break, coordinator_a
):
    other = make_arrangement(one_place, by=coordinator_a)
    book(other, coordinator_a, D, D + timedelta(days=1))
    response = client_coordinator_a.post(
        reverse("arrangements:booking_create", args=[short_break.pk]),
        {"starts_on": "2030-03-10", "ends_on": "2030-03-11", "note": "Typed"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "no free place" in html and "Typed" in html
    assert Booking.objects.count() == 1


def test_cancelling_a_booking_frees_the_place(client_coordinator_a, short_break, coordinator_a, one_place):
    booking = book(short_break, coordinator_a, D, D + timedelta(days=1))
    client_coordinator_a.post(reverse("arrangements:booking_cancel", args=[booking.pk]), {"reason": "Unwell"})
    booking.refresh_from_db()
    assert booking.cancel_reason == "Unwell"
    book(make_arrangement(one_place, by=coordinator_a), coordinator_a, D, D + timedelta(days=1))


def test_other_scheme_staff_get_404(client_coordinator_b, short_break, one_place):
    assert (
        client_coordinator_b.get(
            reverse("arrangements:arrangement_detail", args=[short_break.pk])
        ).status_code
        == 404
    )
    assert (
        client_coordinator_b.get(reverse("arrangements:household_calendar", args=[one_place.pk])).status_code
        == 404
    )
    assert (
        client_coordinator_b.post(
            reverse("arrangements:booking_create", args=[short_break.pk]),
            {"starts_on": "2030-03-10", "ends_on": "2030-03-11"},
        ).status_code
        == 404
    )
    assert not Booking.objects.exists()


@pytest.mark.parametrize("count", [2, 12])
def test_calendars_use_constant_queries(
    client_coordinator_a, coordinator_a, one_place, count, django_assert_num_queries
):
    household = one_place
    household.current_terms.max_people = 3
    household.current_terms.save()
    arrangement = make_arrangement(household, by=coordinator_a)
    for n in range(count):
        book(
            arrangement,
            coordinator_a,
            date(2030, 3, 1) + timedelta(days=2 * n),
            date(2030, 3, 2) + timedelta(days=2 * n),
        )
    url = reverse("arrangements:household_calendar", args=[household.pk, 2030, 3])
    client_coordinator_a.get(url)
    # session, user, memberships, household (+terms), bookings, live-in stays, availability, occupancy
    with django_assert_num_queries(8):
        response = client_coordinator_a.get(url)
    assert response.status_code == 200
    person_url = reverse("arrangements:person_calendar", args=[arrangement.person_id, 2030, 3])
    client_coordinator_a.get(person_url)
    # session, user, memberships, person, access-free calendar: bookings, stays
    with django_assert_num_queries(6):
        assert client_coordinator_a.get(person_url).status_code == 200


def test_carer_sees_their_arrangements_and_bookings_only(
    client_carer, household_x, coordinator_a, short_break
):
    mine = make_arrangement(household_x, by=coordinator_a)
    book(mine, coordinator_a, date(2099, 1, 1), date(2099, 1, 3))
    html = client_carer.get(reverse("arrangements:carer_arrangements")).content.decode()
    assert mine.person.known_as in html and "2 nights" in html
    assert short_break.person.known_as not in html
    assert client_carer.get(reverse("arrangements:arrangement_detail", args=[mine.pk])).status_code == 403


def test_family_sees_the_arrangements_of_the_person_they_represent(
    client_family_without_authority, person_p, household_x, coordinator_a, client_family_of_q
):
    arrangement = make_arrangement(household_x, by=coordinator_a, person=person_p)
    html = client_family_without_authority.get(reverse("arrangements:family_arrangements")).content.decode()
    assert "Xena" in html
    assert "Xena" not in client_family_of_q.get(reverse("arrangements:family_arrangements")).content.decode()
    assert arrangement.pk


def test_the_same_person_cannot_be_booked_twice_for_one_night(short_break, coordinator_a):
    book(short_break, coordinator_a, D, D + timedelta(days=2))
    with pytest.raises(DomainError, match="already booked"):
        book(short_break, coordinator_a, D + timedelta(days=1), session="morning")
