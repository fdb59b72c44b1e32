"""The rules of medicines (records/medicines.py): which doses are due on a day, when one is missed
(in Python and in the SQL the alerts use, on the same table of cases), how many "as needed" doses are
left, and the month's chart on a hand-built month, in a constant number of queries."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from arrangements.models import Arrangement
from records import medicines as rules
from records.models import DoseRecord, Medicine

D = date(2025, 3, 10)
T8 = time(8, 0)


def _medicine(**kw) -> Medicine:
    """An unsaved medicine: the pure rules need no database."""
    values = {
        "name": "Paracetamol",
        "strength": "500 mg",
        "dose": "one tablet",
        "times": [time(20, 0), T8],
        "starts_on": D,
        "stops_on": None,
        "as_needed": False,
    } | kw
    return Medicine(**values)


# --- due_times ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "medicine, day, expected",
    [
        pytest.param(_medicine(), D, [T8, time(20, 0)], id="on its first day, earliest first"),
        pytest.param(_medicine(), D - timedelta(days=1), [], id="the day before it starts"),
        pytest.param(_medicine(starts_on=D + timedelta(days=1)), D, [], id="starts tomorrow"),
        pytest.param(_medicine(stops_on=D), D, [T8, time(20, 0)], id="on its last day"),
        pytest.param(_medicine(stops_on=D), D + timedelta(days=1), [], id="the day after it stopped"),
        pytest.param(
            _medicine(as_needed=True, times=[], as_needed_reason="pain", max_in_day=4), D, [], id="as needed"
        ),
    ],
)
def test_due_times_are_the_times_of_a_day_it_is_taken(medicine, day, expected):
    assert rules.due_times(medicine, day) == expected


# --- is_missed ------------------------------------------------------------------------------------
def _at(day, hh, mm=0, ss=0, us=0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hh, mm, ss, us))


MISSED_CASES = [
    # (day, due_at, now, grace_hours, missed)
    pytest.param(D, T8, _at(D, 7, 59), 2, False, id="before its time"),
    pytest.param(D, T8, _at(D, 9, 0), 2, False, id="late but within the grace"),
    pytest.param(D, T8, _at(D, 10, 0), 2, False, id="exactly at the end of the grace"),
    pytest.param(D, T8, _at(D, 10, 0, 0, 1), 2, True, id="just after the grace"),
    pytest.param(D, T8, _at(D, 8, 0, 1), 0, True, id="no grace: a second after its time"),
    pytest.param(
        D, time(23, 30), _at(D + timedelta(days=1), 1, 30), 2, False, id="late at night, grace next day"
    ),
    pytest.param(D, time(23, 30), _at(D + timedelta(days=1), 1, 31), 2, True, id="missed after midnight"),
    # British Summer Time starts on 30 March 2025: 08:00 is 07:00 UTC that day.
    pytest.param(date(2025, 3, 30), T8, _at(date(2025, 3, 30), 10, 0), 2, False, id="summer time boundary"),
    pytest.param(date(2025, 3, 30), T8, _at(date(2025, 3, 30), 10, 1), 2, True, id="summer time, after"),
]


@pytest.mark.parametrize("day, due_at, now, grace, missed", MISSED_CASES)
def test_is_missed_only_strictly_after_the_time_and_its_grace(day, due_at, now, grace, missed):
    assert rules.is_missed(day, due_at, now, grace) is missed


@pytest.mark.django_db
@pytest.mark.parametrize("day, due_at, now, grace, missed", MISSED_CASES)
def test_the_sql_rule_of_missed_agrees_with_is_missed(day, due_at, now, grace, missed):
    sql = "SELECT " + rules.MISSED_SQL.format(
        day="%(day)s::date", due_at="%(due_at)s::time", grace_hours="%(grace)s", now="%(now)s", tz="%(tz)s"
    )
    params = {
        "day": day,
        "due_at": due_at,
        "grace": grace,
        "now": now,
        "tz": timezone.get_current_timezone_name(),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchone()[0] is missed


# --- as_needed_left -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "medicine, day, given, left",
    [
        pytest.param(_medicine(as_needed=True, times=[], max_in_day=4), D, 0, 4, id="none given"),
        pytest.param(_medicine(as_needed=True, times=[], max_in_day=4), D, 3, 1, id="one left"),
        pytest.param(_medicine(as_needed=True, times=[], max_in_day=4), D, 4, 0, id="the most given"),
        pytest.param(_medicine(as_needed=True, times=[], max_in_day=4), D, 5, 0, id="never below none"),
        pytest.param(
            _medicine(as_needed=True, times=[], max_in_day=4, stops_on=D),
            D + timedelta(days=1),
            0,
            0,
            id="stopped",
        ),
        pytest.param(_medicine(), D, 0, 0, id="a regular medicine"),
    ],
)
def test_as_needed_left_counts_down_from_the_most_in_a_day(medicine, day, given, left):
    assert rules.as_needed_left(medicine, day, given) == left


@pytest.mark.parametrize(
    "day, today, allowed",
    [
        (D, D, True),
        (D - timedelta(days=1), D, True),
        (D - timedelta(days=2), D, False),
        (D + timedelta(days=1), D, False),
    ],
)
def test_a_dose_is_recorded_on_its_day_or_the_day_after(day, today, allowed):
    assert rules.may_record_on(day, today) is allowed


# --- The month's chart ----------------------------------------------------------------------------
def _last_month() -> tuple[int, int]:
    first = timezone.localdate().replace(day=1) - timedelta(days=1)
    return first.year, first.month


def _dose(medicine, household, by, day, due_at, outcome, *, reason="", corrects=None, at=None):
    return DoseRecord.objects.create(
        medicine=medicine,
        person=medicine.person,
        household=household,
        day=day,
        due_at=due_at,
        outcome=outcome,
        reason=reason,
        at=at or timezone.make_aware(datetime.combine(day, due_at or time(12, 0))),
        corrects=corrects,
        recorded_by=by,
        recorded_at=timezone.make_aware(datetime.combine(day, time(22, 0))),
    )


@pytest.fixture
def month(arrangement_px, person_p, household_x, carer_user, coordinator_a):
    """Last month for P, by hand: P came to household X on the 3rd. A regular medicine at 08:00 and
    20:00 from the 1st to the 20th; an "as needed" one, twice on the 5th."""
    year, month = _last_month()
    day = lambda n: date(year, month, n)  # noqa: E731
    Arrangement.objects.filter(pk=arrangement_px.pk).update(start_date=day(3))
    regular = Medicine.objects.create(
        person=person_p,
        name="Sertraline",
        strength="50 mg",
        dose="one tablet",
        times=[T8, time(20, 0)],
        starts_on=day(1),
        stops_on=day(20),
        added_by=coordinator_a,
    )
    prn = Medicine.objects.create(
        person=person_p,
        name="Ibuprofen",
        strength="200 mg",
        dose="one tablet",
        as_needed=True,
        as_needed_reason="for pain",
        max_in_day=3,
        starts_on=day(1),
        added_by=coordinator_a,
    )
    x = household_x
    _dose(regular, x, carer_user, day(3), T8, "given")
    _dose(regular, x, carer_user, day(3), time(20, 0), "refused", reason="Said she felt sick.")
    first = _dose(regular, x, carer_user, day(4), T8, "given")
    _dose(
        regular,
        x,
        carer_user,
        day(4),
        T8,
        "refused",
        reason="Wrongly recorded: she spat it out.",
        corrects=first,
    )
    _dose(prn, x, carer_user, day(5), None, "given", reason="Headache after the dentist.")
    _dose(prn, x, carer_user, day(5), None, "given", reason="Headache again at bedtime.")
    return {"year": year, "month": month, "day": day, "regular": regular, "prn": prn}


def _cells(chart, medicine, due_at):
    row = next(r for r in chart.rows if r.medicine == medicine and r.due_at == due_at)
    return {c.day.day: c for c in row.cells}


@pytest.mark.django_db
def test_chart_shows_given_refused_corrected_missed_away_and_not_prescribed(month, person_p):
    chart = rules.chart(person_p, month["year"], month["month"], now=timezone.now())
    morning, evening = _cells(chart, month["regular"], T8), _cells(chart, month["regular"], time(20, 0))
    assert morning[1].state == rules.AWAY and morning[2].state == rules.AWAY  # before P came
    assert morning[3].state == "given" and morning[3].code == "G"
    assert evening[3].state == "refused" and evening[3].record.reason == "Said she felt sick."
    assert morning[4].state == "refused" and morning[4].corrected  # the correction stands
    assert not morning[3].corrected
    assert evening[4].state == rules.MISSED and evening[4].code == "M"
    assert morning[21].state == rules.NOT_TAKEN  # stopped on the 20th
    assert [d.reason for d in chart.as_needed_doses] == [
        "Headache after the dentist.",
        "Headache again at bedtime.",
    ]
    prn_row = next(r for r in chart.as_needed if r.medicine == month["prn"])
    assert prn_row.cells[4].given == 2 and prn_row.cells[5].given == 0
    assert [n.reason for n in chart.notes] == ["Said she felt sick.", "Wrongly recorded: she spat it out."]


@pytest.mark.django_db
def test_chart_leaves_a_dose_blank_while_it_may_still_be_given(month, person_p):
    """Seen from the 4th at 21:00, the 20:00 dose of the 4th is late but not yet missed."""
    day4 = month["day"](4)
    now = timezone.make_aware(datetime.combine(day4, time(21, 0)))
    chart = rules.chart(person_p, month["year"], month["month"], now=now, grace_hours=2)
    assert _cells(chart, month["regular"], time(20, 0))[4].state == rules.DUE
    assert _cells(chart, month["regular"], time(20, 0))[4].code == ""


@pytest.mark.django_db
def test_chart_uses_the_same_queries_for_one_medicine_as_for_five_with_many_doses(
    month, person_p, household_x, carer_user, coordinator_a
):
    year, m = month["year"], month["month"]
    with CaptureQueriesContext(connection) as one:
        rules.chart(person_p, year, m, now=timezone.now())
    for n in range(4):
        medicine = Medicine.objects.create(
            person=person_p,
            name=f"Medicine {n}",
            strength="1 mg",
            dose="one",
            times=[T8, time(13, 0), time(20, 0)],
            starts_on=month["day"](1),
            added_by=coordinator_a,
        )
        for d in range(3, 28):
            for t in (T8, time(13, 0), time(20, 0)):
                _dose(medicine, household_x, carer_user, month["day"](d), t, "given")
    # settings, medicines, doses (with who recorded them and the medicine), arrangements, bookings
    with CaptureQueriesContext(connection) as five:
        chart = rules.chart(person_p, year, m, now=timezone.now())
    assert len(one) == len(five) == 5
    assert len(chart.rows) == 2 + 4 * 3
