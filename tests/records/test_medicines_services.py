"""Medicine and dose services: staff enter and stop medicines without rewriting the past; carers
record doses with the reasons the record needs, never twice for one time, never over the most in a
day; a record is corrected by a new one, and a dose of a past day cannot be changed by anyone (the
service refuses, and so does the database)."""

from datetime import datetime, time, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from records.models import DoseRecord, Medicine
from records.services import medicines as services
from records.services.common import RecordsError

pytestmark = pytest.mark.django_db

T8, T20 = time(8, 0), time(20, 0)


def _today():
    return timezone.localdate()


def _at(day, t=time(0, 1)):
    """A moment on `day` that is not in the future (the start of today, for today)."""
    return min(timezone.make_aware(datetime.combine(day, t)), timezone.now())


@pytest.fixture
def regular(person_p, coordinator_a):
    return services.medicine_add(
        person_id=person_p.pk,
        by=coordinator_a,
        name="Sertraline",
        strength="50 mg",
        dose="one tablet",
        route="mouth",
        times=[T20, T8],
        as_needed=False,
        starts_on=_today() - timedelta(days=1),
    )


@pytest.fixture
def prn(person_p, coordinator_a):
    return services.medicine_add(
        person_id=person_p.pk,
        by=coordinator_a,
        name="Paracetamol",
        strength="500 mg",
        dose="two tablets",
        as_needed=True,
        as_needed_reason="for pain",
        max_in_day=2,
        starts_on=_today(),
    )


def _record(medicine, by, household, *, day=None, due_at=T8, outcome="given", reason="", at=None):
    day = day or _today()
    return services.dose_record(
        person_id=medicine.person_id,
        medicine_id=medicine.pk,
        household_id=household.pk,
        day=day,
        due_at=due_at,
        outcome=outcome,
        at=at or _at(day),
        reason=reason,
        by=by,
    )


def _refused(call, *, match: str):
    before = (DoseRecord.objects.count(), Medicine.objects.count())
    with pytest.raises(RecordsError, match=match):
        call()
    assert (DoseRecord.objects.count(), Medicine.objects.count()) == before


# --- Medicines -------------------------------------------------------------------------------------
def test_staff_add_a_regular_medicine_with_its_times_in_order(regular, coordinator_a):
    assert regular.times == [T8, T20] and regular.added_by == coordinator_a and regular.max_in_day is None


def test_a_regular_medicine_without_times_and_an_as_needed_one_without_its_reason_are_refused(
    person_p, coordinator_a
):
    base = {"person_id": person_p.pk, "by": coordinator_a, "name": "X", "strength": "1 mg", "dose": "one"}
    _refused(lambda: services.medicine_add(**base, times=[], starts_on=_today()), match="times of day")
    _refused(
        lambda: services.medicine_add(**base, as_needed=True, max_in_day=2, starts_on=_today()),
        match="Say when",
    )
    _refused(
        lambda: services.medicine_add(**base, as_needed=True, as_needed_reason="pain", starts_on=_today()),
        match="most doses in a day",
    )
    _refused(
        lambda: services.medicine_add(**base, times=[T8], starts_on=_today() - timedelta(days=5)),
        match="before yesterday",
    )


def test_only_staff_of_the_persons_scheme_add_medicines(person_p, coordinator_b, carer_user):
    for who in (coordinator_b, carer_user):
        _refused(
            lambda who=who: services.medicine_add(
                person_id=person_p.pk,
                by=who,
                name="X",
                strength="1",
                dose="1",
                times=[T8],
                starts_on=_today(),
            ),
            match="coordinators and managers",
        )


def test_a_medicine_without_doses_may_change_its_times(regular, coordinator_a):
    services.medicine_update(medicine_id=regular.pk, by=coordinator_a, times=[time(9, 0)])
    regular.refresh_from_db()
    assert regular.times == [time(9, 0)]


def test_a_medicine_with_doses_keeps_its_dose_and_times_but_may_change_its_instructions(
    regular, coordinator_a, carer_user, household_x, arrangement_px
):
    _record(regular, carer_user, household_x)
    with pytest.raises(services.MedicineError, match="Stop this medicine and add the new dose") as refused:
        services.medicine_update(medicine_id=regular.pk, by=coordinator_a, dose="two tablets", times=[T8])
    assert refused.value.fields == ("dose", "times")
    services.medicine_update(medicine_id=regular.pk, by=coordinator_a, instructions="With food.")
    regular.refresh_from_db()
    assert regular.dose == "one tablet" and regular.instructions == "With food."


def test_stopping_a_medicine_sets_its_last_day_but_not_before_a_recorded_dose(
    regular, coordinator_a, carer_user, household_x, arrangement_px
):
    _record(regular, carer_user, household_x)
    _refused(
        lambda: services.medicine_stop(
            medicine_id=regular.pk, stops_on=_today() - timedelta(days=1), by=coordinator_a
        ),
        match="A dose was recorded",
    )
    services.medicine_stop(medicine_id=regular.pk, stops_on=_today(), by=coordinator_a)
    regular.refresh_from_db()
    assert regular.stops_on == _today()
    with pytest.raises(RecordsError, match="already stops"):
        services.medicine_stop(
            medicine_id=regular.pk, stops_on=_today() + timedelta(days=3), by=coordinator_a
        )


# --- Doses -----------------------------------------------------------------------------------------
def test_carer_records_two_doses_one_refused_with_a_reason(regular, carer_user, household_x, arrangement_px):
    given = _record(regular, carer_user, household_x, due_at=T8)
    refused = _record(regular, carer_user, household_x, due_at=T20, outcome="refused", reason="Said no.")
    assert (given.outcome, given.reason, given.household) == ("given", "", household_x)
    assert (refused.outcome, refused.reason) == ("refused", "Said no.")


def test_a_refused_dose_without_a_reason_is_refused(regular, carer_user, household_x, arrangement_px):
    _refused(lambda: _record(regular, carer_user, household_x, outcome="refused"), match="Say why")
    _refused(
        lambda: _record(regular, carer_user, household_x, outcome="not_available", reason="  "),
        match="Say why",
    )


def test_an_as_needed_dose_given_without_why_is_refused(prn, carer_user, household_x, arrangement_px):
    _refused(
        lambda: _record(prn, carer_user, household_x, due_at=None), match="why the .as needed. dose was given"
    )


def test_the_most_in_a_day_of_an_as_needed_medicine_is_enforced(prn, carer_user, household_x, arrangement_px):
    _record(prn, carer_user, household_x, due_at=None, reason="Headache.")
    _record(prn, carer_user, household_x, due_at=None, outcome="refused", reason="Did not want it.")
    _record(prn, carer_user, household_x, due_at=None, reason="Headache again.")
    _refused(
        lambda: _record(prn, carer_user, household_x, due_at=None, reason="Still hurts."),
        match="most in a day is 2",
    )
    # A refusal is not a dose given, so it may still be recorded.
    _record(prn, carer_user, household_x, due_at=None, outcome="refused", reason="Offered, said no.")


def test_a_dose_is_refused_when_the_medicine_is_not_taken_that_day_or_not_at_that_time(
    person_p, coordinator_a, regular, carer_user, household_x, arrangement_px
):
    tomorrow = services.medicine_add(
        person_id=person_p.pk,
        by=coordinator_a,
        name="Later",
        strength="1 mg",
        dose="one",
        times=[T8],
        starts_on=_today() + timedelta(days=1),
    )
    _refused(lambda: _record(tomorrow, carer_user, household_x), match="is not given on")
    _refused(
        lambda: _record(regular, carer_user, household_x, due_at=time(13, 0)), match="choose one of these"
    )
    _refused(lambda: _record(regular, carer_user, household_x, due_at=None), match="choose one of these")


def test_a_second_record_for_the_same_time_is_refused_and_a_correction_takes_its_place(
    regular, carer_user, household_x, arrangement_px
):
    first = _record(regular, carer_user, household_x)
    _refused(
        lambda: _record(regular, carer_user, household_x, outcome="refused", reason="No."),
        match="recorded already",
    )
    correction = services.dose_correct(
        dose_id=first.pk,
        outcome="refused",
        at=_at(_today()),
        reason="Wrong button: she refused.",
        by=carer_user,
    )
    assert correction.corrects == first and correction.due_at == T8 and correction.day == first.day
    first.refresh_from_db()
    assert first.outcome == "given"  # the first record is never changed
    with pytest.raises(RecordsError, match="corrected already"):
        services.dose_correct(
            dose_id=first.pk, outcome="given", at=_at(_today()), reason="Again.", by=carer_user
        )


def test_a_correction_says_what_was_wrong(regular, carer_user, household_x, arrangement_px):
    first = _record(regular, carer_user, household_x)
    _refused(
        lambda: services.dose_correct(
            dose_id=first.pk, outcome="given", at=_at(_today()), reason="", by=carer_user
        ),
        match="what was wrong",
    )


def test_yesterdays_doses_may_still_be_recorded_but_not_those_of_the_day_before(
    regular, carer_user, household_x, arrangement_px
):
    yesterday = _today() - timedelta(days=1)
    recorded = _record(regular, carer_user, household_x, day=yesterday, at=_at(yesterday, T8))
    assert recorded.day == yesterday
    _refused(
        lambda: _record(regular, carer_user, household_x, day=_today() - timedelta(days=2)),
        match="on their day or the day after",
    )


def test_a_dose_of_a_past_day_cannot_be_changed_by_the_service_or_the_database(
    regular, carer_user, household_x, arrangement_px
):
    two_days_ago = _today() - timedelta(days=2)
    Medicine.objects.filter(pk=regular.pk).update(starts_on=two_days_ago)
    old = DoseRecord.objects.create(
        medicine=regular,
        person=regular.person,
        household=household_x,
        day=two_days_ago,
        due_at=T8,
        outcome="given",
        at=_at(two_days_ago, T8),
        recorded_by=carer_user,
    )
    _refused(
        lambda: services.dose_correct(
            dose_id=old.pk, outcome="refused", at=_at(two_days_ago, T8), reason="x", by=carer_user
        ),
        match="on their day or the day after",
    )
    with pytest.raises(Exception, match="(?i)cannot update"), transaction.atomic():
        DoseRecord.objects.filter(pk=old.pk).update(outcome="refused", reason="Changed by hand.")
    with pytest.raises(Exception, match="(?i)cannot delete"), transaction.atomic():
        DoseRecord.objects.filter(pk=old.pk).delete()
    old.refresh_from_db()
    assert old.outcome == "given"


def test_carers_of_another_household_cannot_record_doses(regular, carer_y_user, household_y, arrangement_px):
    _refused(lambda: _record(regular, carer_y_user, household_y), match="while your household supports")


def test_staff_may_record_a_dose_for_the_household_that_supports_the_person(
    regular, coordinator_a, household_x, arrangement_px
):
    dose = _record(regular, coordinator_a, household_x, outcome="not_available", reason="Pharmacy closed.")
    assert dose.recorded_by == coordinator_a
