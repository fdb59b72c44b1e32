"""The coordinator's alerts (records.alerts): each rule fires on a hand-built case and not on its
near miss."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from arrangements.models import Arrangement
from records import alerts
from records.models import DailyNote, DoseOutcome, DoseRecord, Medicine, MoneyCheck, RecordsSettings

pytestmark = pytest.mark.django_db


def at(day, hh, mm=0):
    return timezone.make_aware(datetime.combine(day, time(hh, mm)))


def kinds(scheme, now):
    return [(a.kind, a.person_id) for a in alerts.alerts([scheme.pk], now=now)]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def morning_pill(person_p, coordinator_a, today):
    return Medicine.objects.create(
        person=person_p,
        name="Sertraline",
        strength="50 mg",
        dose="One tablet",
        times=[time(8, 0)],
        starts_on=today - timedelta(days=30),
        added_by=coordinator_a,
    )


def started_days_ago(arrangement, days):
    Arrangement.objects.filter(pk=arrangement.pk).update(
        start_date=timezone.localdate() - timedelta(days=days)
    )


def dose(medicine, household, by, day, outcome=DoseOutcome.GIVEN, **kwargs):
    reason = "" if outcome == DoseOutcome.GIVEN else "Said no"
    return DoseRecord.objects.create(
        medicine=medicine,
        person=medicine.person,
        household=household,
        day=day,
        due_at=kwargs.pop("due_at", time(8, 0)),
        outcome=outcome,
        at=at(day, 8, 5),
        reason=reason,
        recorded_by=by,
        **kwargs,
    )


# --- Missed doses ------------------------------------------------------------------------------------
def test_a_dose_not_recorded_two_hours_after_its_time_is_missed(
    arrangement_px, morning_pill, scheme_a, person_p, household_x, today
):
    found = alerts.alerts([scheme_a.pk], now=at(today, 10, 1))
    assert [(a.kind, a.person_id, a.household_id, a.count) for a in found] == [
        (alerts.MISSED_DOSE, person_p.pk, household_x.pk, 1)
    ]


def test_a_dose_within_its_grace_is_not_yet_missed(arrangement_px, morning_pill, scheme_a, today):
    assert kinds(scheme_a, at(today, 9, 59)) == []


def test_a_recorded_dose_is_not_missed(
    arrangement_px, morning_pill, scheme_a, household_x, carer_user, today
):
    dose(morning_pill, household_x, carer_user, today)
    assert kinds(scheme_a, at(today, 12)) == []


def test_the_grace_is_the_schemes_setting(arrangement_px, morning_pill, scheme_a, today):
    RecordsSettings.objects.create(scheme=scheme_a, missed_dose_grace_hours=4)
    assert kinds(scheme_a, at(today, 11, 59)) == []
    assert kinds(scheme_a, at(today, 12, 1))[0][0] == alerts.MISSED_DOSE


def test_no_dose_is_missed_on_days_the_person_was_not_with_the_household(
    arrangement_px, morning_pill, scheme_a, today
):
    # The arrangement starts tomorrow: today nobody was giving Pat her medicines.
    Arrangement.objects.filter(pk=arrangement_px.pk).update(start_date=today + timedelta(days=1))
    assert kinds(scheme_a, at(today, 12)) == []


def test_a_stopped_medicine_is_never_missed(arrangement_px, morning_pill, scheme_a, today):
    Medicine.objects.filter(pk=morning_pill.pk).update(stops_on=today - timedelta(days=1))
    assert kinds(scheme_a, at(today, 12)) == []


def test_missed_doses_of_past_days_are_counted_over_the_window(
    arrangement_px, morning_pill, scheme_a, household_x, carer_user, today
):
    started_days_ago(arrangement_px, 20)
    for days_ago in range(1, 4):  # given on three of the last eight days
        dose(morning_pill, household_x, carer_user, today - timedelta(days=days_ago))
    (alert,) = [a for a in alerts.alerts([scheme_a.pk], now=at(today, 12)) if a.kind == alerts.MISSED_DOSE]
    assert alert.count == alerts.WINDOW_DAYS + 1 - 3


# --- Refusals ------------------------------------------------------------------------------------------
def test_three_refusals_in_seven_days_alert(morning_pill, scheme_a, household_x, carer_user, person_p, today):
    for days_ago in (0, 3, 6):
        dose(morning_pill, household_x, carer_user, today - timedelta(days=days_ago), DoseOutcome.REFUSED)
    found = [a for a in alerts.alerts([scheme_a.pk], now=at(today, 12)) if a.kind == alerts.REFUSALS]
    assert [(a.person_id, a.count) for a in found] == [(person_p.pk, 3)]


def test_two_refusals_or_one_seven_days_ago_do_not(morning_pill, scheme_a, household_x, carer_user, today):
    for days_ago in (0, 3, 7):  # the third is eight days ago counting today: outside the seven
        dose(morning_pill, household_x, carer_user, today - timedelta(days=days_ago), DoseOutcome.REFUSED)
    assert alerts.REFUSALS not in dict(kinds(scheme_a, at(today, 12)))


def test_a_corrected_refusal_does_not_count(morning_pill, scheme_a, household_x, carer_user, today):
    refused = [
        dose(morning_pill, household_x, carer_user, today - timedelta(days=d), DoseOutcome.REFUSED)
        for d in (0, 1, 2)
    ]
    dose(morning_pill, household_x, carer_user, today - timedelta(days=2), corrects=refused[-1])
    assert alerts.REFUSALS not in dict(kinds(scheme_a, at(today, 12)))


def test_the_refusal_pattern_is_the_schemes_setting(morning_pill, scheme_a, household_x, carer_user, today):
    RecordsSettings.objects.create(scheme=scheme_a, refusals_alert_count=2, refusals_alert_days=3)
    for days_ago in (0, 2):
        dose(morning_pill, household_x, carer_user, today - timedelta(days=days_ago), DoseOutcome.REFUSED)
    assert alerts.REFUSALS in dict(kinds(scheme_a, at(today, 12)))


# --- Money ------------------------------------------------------------------------------------------------
def check(person, household, by, counted, recorded, minutes_ago):
    return MoneyCheck.objects.create(
        person=person,
        household=household,
        kind=MoneyCheck.Kind.CARER_COUNT,
        counted=Decimal(counted),
        recorded_balance=Decimal(recorded),
        checked_by=by,
        checked_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_a_count_that_differs_from_the_record_alerts(scheme_a, person_p, household_x, carer_user):
    check(person_p, household_x, carer_user, "37.50", "40.00", minutes_ago=5)
    (alert,) = alerts.alerts([scheme_a.pk])
    assert (alert.kind, alert.amount) == (alerts.MONEY, Decimal("-2.50"))


def test_a_later_count_that_agrees_clears_it(scheme_a, person_p, household_x, carer_user):
    check(person_p, household_x, carer_user, "37.50", "40.00", minutes_ago=60)
    check(person_p, household_x, carer_user, "40.00", "40.00", minutes_ago=5)
    assert kinds(scheme_a, timezone.now()) == []


# --- No daily note -----------------------------------------------------------------------------------------
def note(arrangement, by, day):
    return DailyNote.objects.create(
        scheme=arrangement.scheme,
        arrangement=arrangement,
        person=arrangement.person,
        household=arrangement.household,
        day=day,
        went_well="A walk by the river",
        written_by=by,
    )


def test_a_live_in_arrangement_with_no_note_for_three_days_alerts(
    arrangement_px, scheme_a, carer_user, today
):
    started_days_ago(arrangement_px, 10)
    note(arrangement_px, carer_user, today - timedelta(days=3))
    (alert,) = alerts.alerts([scheme_a.pk])
    assert (alert.kind, alert.count) == (alerts.NO_NOTE, 3)


def test_a_note_two_days_ago_is_recent_enough(arrangement_px, scheme_a, carer_user, today):
    started_days_ago(arrangement_px, 10)
    note(arrangement_px, carer_user, today - timedelta(days=2))
    assert kinds(scheme_a, timezone.now()) == []


def test_an_arrangement_two_days_old_is_not_yet_late(arrangement_px, scheme_a, today):
    started_days_ago(arrangement_px, 2)
    assert kinds(scheme_a, timezone.now()) == []


def test_counts_are_by_kind_and_other_schemes_see_none(
    arrangement_px, morning_pill, scheme_a, scheme_b, person_p, household_x, carer_user, today
):
    started_days_ago(arrangement_px, 10)
    check(person_p, household_x, carer_user, "1.00", "2.00", minutes_ago=1)
    counts = alerts.alert_counts([scheme_a.pk], now=at(today, 12))
    assert counts == {alerts.MISSED_DOSE: 1, alerts.REFUSALS: 0, alerts.MONEY: 1, alerts.NO_NOTE: 1}
    assert set(alerts.alert_counts([scheme_b.pk], now=at(today, 12)).values()) == {0}


# --- The days a person is with a household: the alerts' SQL and the chart's Python agree -----------
COVER_CASES = {
    # name: (support type, days since start, bookings as (from, until) days from today)
    "live-in for weeks": ("long_term", 30, []),
    "live-in since yesterday": ("long_term", 1, []),
    "short break, a stay over the weekend": ("short_break", 60, [(-4, -2)]),
    "short break, staying now": ("short_break", 60, [(-1, 2)]),
    "short break, no stay this week": ("short_break", 60, [(-30, -25)]),
    "day support, two sessions": ("day_support", 60, [(-5, -5), (-2, -2)]),
}


@pytest.mark.parametrize("case", COVER_CASES)
def test_missed_doses_count_the_days_the_chart_says_the_person_was_with_the_household(
    case, arrangement_px, morning_pill, scheme_a, coordinator_a, today
):
    from arrangements.models import Booking
    from records.medicines import days_with_household

    support_type, since, stays = COVER_CASES[case]
    Arrangement.objects.filter(pk=arrangement_px.pk).update(
        support_type=support_type, start_date=today - timedelta(days=since)
    )
    for first, last in stays:
        Booking.objects.create(
            arrangement=arrangement_px,
            household=arrangement_px.household,
            starts_on=today + timedelta(days=first),
            ends_on=today + timedelta(days=last),
            session="full_day" if first == last else "",
            created_by=coordinator_a,
        )
    now = at(today, 12)
    window = today - timedelta(days=alerts.WINDOW_DAYS)
    expected = len(days_with_household(arrangement_px.person_id, window, today))
    found = [a.count for a in alerts.alerts([scheme_a.pk], now=now) if a.kind == alerts.MISSED_DOSE]
    assert found == ([expected] if expected else [])
