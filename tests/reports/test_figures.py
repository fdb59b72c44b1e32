"""The figures: right on a small hand-built history, and only ever the schemes asked for."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from arrangements.models import Booking
from carers.models import Household
from reports import queries
from reports.queries import Period
from sharedlives.choices import Funder, SupportType
from tests.carers.factories import HouseholdFactory, approve

from .conftest import expired_and_expiring_checks

Q1 = Period(date(2025, 1, 1), date(2025, 3, 31))
JAN, FEB, MAR = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)


def _pipeline(scheme_ids):
    months, whole = queries.pipeline(scheme_ids, Q1)
    return {m.month: m for m in months}, whole


def test_pipeline_counts_each_stage_in_the_month_it_happened(history_a, history_b, scheme_a):
    months, whole = _pipeline([scheme_a.pk])
    assert list(months) == [JAN, FEB, MAR]
    counts = {m: (r.referrals, r.proposals, r.introductions, r.arrangements) for m, r in months.items()}
    assert counts == {JAN: (2, 1, 0, 0), FEB: (1, 2, 2, 1), MAR: (1, 0, 0, 1)}
    assert (whole.referrals, whole.proposals, whole.introductions, whole.arrangements) == (4, 3, 2, 2)


def test_pipeline_medians_by_month_and_for_the_whole_period(history_a, history_b, scheme_a):
    months, whole = _pipeline([scheme_a.pk])
    assert months[JAN].referral_to_proposal == 10
    assert months[FEB].referral_to_proposal == 20.5  # 21 and 20 days
    assert months[FEB].proposal_to_introduction == 11  # 12 and 10 days: the first introduction counts
    assert months[FEB].introduction_to_arrangement == 14
    assert months[FEB].referral_to_arrangement == 36
    assert months[MAR].introduction_to_arrangement == 13
    assert months[MAR].referral_to_arrangement == 44
    assert months[JAN].proposal_to_introduction is None  # no case: no number, not 0
    assert whole.referral_to_proposal == 20  # 10, 20, 21
    assert whole.proposal_to_introduction == 11
    assert whole.introduction_to_arrangement == 13.5
    assert whole.referral_to_arrangement == 40


def test_a_proposal_counts_from_the_day_it_was_sent_not_drafted(history_a, scheme_a):
    months, _ = _pipeline([scheme_a.pk])
    # Referral 2's proposal was drafted on 3 February and sent on 10 February: 21 days, not 14.
    assert months[FEB].referral_to_proposal == 20.5


def test_scheme_b_is_counted_only_when_asked_for(history_a, history_b, scheme_a, scheme_b):
    _, only_b = _pipeline([scheme_b.pk])
    assert (only_b.referrals, only_b.proposals, only_b.introductions, only_b.arrangements) == (3, 3, 3, 3)
    _, both = _pipeline([scheme_a.pk, scheme_b.pk])
    assert both.referrals == 7 and both.arrangements == 5


def test_months_without_anything_are_there_with_zeros(scheme_a):
    months, whole = queries.pipeline([scheme_a.pk], Period(date(2024, 11, 15), date(2025, 2, 3)))
    assert [m.month for m in months] == [date(2024, 11, 1), date(2024, 12, 1), JAN, FEB]
    assert all(m.referrals == 0 and m.referral_to_proposal is None for m in months)
    assert whole.referrals == 0


def test_households_by_status_lists_every_status(scheme_a, scheme_b, household_x, household_a):
    HouseholdFactory(scheme=scheme_b, status=Household.Status.APPROVED)
    counts = queries.households_by_status([scheme_a.pk])
    assert list(counts) == Household.Status.values
    assert counts[Household.Status.APPROVED] == 1 and counts[Household.Status.ENQUIRY] == 1
    assert sum(counts.values()) == 2


def test_places_used_and_approved_by_scheme(history_a, history_b, scheme_a, scheme_b, coordinator_a):
    today = timezone.localdate()
    approve(HouseholdFactory(scheme=scheme_a, name="Second"), max_people=3)
    HouseholdFactory(scheme=scheme_a, status=Household.Status.ASSESSMENT)  # not approved: no places
    # A short break booked for tonight takes a place tonight.
    Booking.objects.create(
        arrangement=history_a["a1"],
        household=history_a["a1"].household,
        starts_on=today,
        ends_on=today + timedelta(days=1),
        created_by=coordinator_a,
    )
    [a] = queries.places([scheme_a.pk], today=today)
    # Household X: 2 places, one person living there (arrangement 2) and one on a short break.
    assert (a.scheme, a.households, a.approved, a.used, a.free) == ("Scheme A Shared Lives", 2, 5, 2, 3)
    rows = queries.places([scheme_a.pk, scheme_b.pk], today=today)
    assert [(r.scheme, r.approved, r.used) for r in rows] == [
        ("Scheme A Shared Lives", 5, 2),
        ("Scheme B Shared Lives", 3, 0),
    ]


def test_arrangements_running_in_the_period_by_type_and_funder(history_a, history_b, scheme_a):
    journey = history_a["journey"]
    old = journey.proposal(journey.referral(date(2023, 1, 1)), sent=date(2023, 1, 2))
    journey.arrangement(
        old,
        confirmed=date(2023, 2, 1),
        start=date(2023, 3, 1),
        end_date=date(2024, 12, 31),
        status="ended",
        end_reason="planned_end",
        support_type=SupportType.DAY_SUPPORT,
    )
    planned = journey.proposal(journey.referral(date(2025, 1, 3)), sent=date(2025, 1, 4))
    journey.arrangement(
        planned,
        confirmed=date(2025, 1, 5),
        start=date(2025, 2, 1),
        status="planned",
        support_type=SupportType.EMERGENCY,
    )
    counts = queries.arrangements_by_type_and_funder([scheme_a.pk], Q1)
    assert counts == {(SupportType.SHORT_BREAK, Funder.COUNCIL): 1, (SupportType.LONG_TERM, Funder.NHS): 1}


def test_compliance_counts_checks_by_state(scheme_a, household_x, household_y, coordinator_a):
    approve(household_y)  # approved, but with an expired check and nothing else: not matchable
    expired_and_expiring_checks(household_y, coordinator_a)
    states, households = queries.compliance([scheme_a.pk], today=timezone.localdate())
    by_type = {s.check_type: (s.in_date, s.expiring, s.expired) for s in states}
    assert by_type["health_safety"] == (1, 0, 1)
    assert by_type["insurance"] == (1, 1, 0)
    assert by_type["dbs"] == (1, 0, 0)
    assert households == {"approved": 2, "matchable": 1}


def test_connection_test_averages_by_month(history_a, history_b, scheme_a):
    months, whole = queries.connection_test([scheme_a.pk], Q1)
    jan, feb, mar = months
    assert jan.reviews == 0 and jan.informed is None
    assert (feb.reviews, feb.informed, feb.confident, feb.connected) == (2, 3, 4, 3)
    assert (mar.reviews, mar.informed, mar.confident, mar.connected) == (1, 5, 5, 5)
    assert whole.reviews == 3
    assert whole.informed == pytest.approx(11 / 3) and whole.connected == pytest.approx(11 / 3)


def test_a_back_dated_stage_counts_as_no_days_not_fewer(scheme_a, household_x, coordinator_a):
    from .conftest import Journey

    j = Journey(scheme_a, household_x, coordinator_a)
    proposal = j.proposal(j.referral(date(2025, 2, 1)), sent=date(2025, 2, 10))
    j.introduction(proposal, date(2025, 2, 7))  # recorded as three days before the proposal was sent
    _, whole = _pipeline([scheme_a.pk])
    assert whole.proposal_to_introduction == 0
