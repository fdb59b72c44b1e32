"""The rules of medicines, in one place: which doses are due on a day, when one is missed, how many
"as needed" doses are left, and the month's medicines administration record (MAR) of a person.

- A regular medicine is due at each of its `times` on each day it is taken (`Medicine.taken_on`:
  from `starts_on` to `stops_on`, both included). An "as needed" medicine has no due times.
- A due dose with no record is **missed** once its time (in the app's time zone) and the scheme's
  `RecordsSettings.missed_dose_grace_hours` have passed: `is_missed`. `MISSED_SQL` says the same in
  SQL, for queries over many people (the coordinator's alerts); a test holds the two together.
- The carers record a dose on its day or the day after (`RECORD_DAYS`); after that a dose's record
  is fixed (the database refuses changes once the day has passed) and a correction is a new record
  whose `corrects` points at the record it corrects. The latest of a chain is the one that stands:
  the record no other record corrects.
- Doses count on the days the person is with a carer household (`days_with_household`: a live-in
  arrangement, or a short break or day support with a stay or session booked that day); on other
  days the chart shows them as "away" rather than missed, as the coordinator's alerts do.

Everything here but `chart`, `days_with_household` and `day_doses` is pure: no queries.
"""

from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from arrangements.models import BOOKED_TYPES, LIVE_ARRANGEMENT_STATUSES, Arrangement, Booking

from .models import DoseOutcome, DoseRecord, Medicine, RecordsSettings

# A dose may be recorded (or a record corrected) on its day and this many days after it.
RECORD_DAYS = 1

GRACE_HOURS_DEFAULT = RecordsSettings._meta.get_field("missed_dose_grace_hours").default


# --- Pure rules --------------------------------------------------------------------------------
def due_times(medicine: Medicine, day: date) -> list[time]:
    """The times a regular medicine is due on `day`, earliest first; none for an "as needed"
    medicine or on a day it is not taken (before it starts, after it stops)."""
    if medicine.as_needed or not medicine.taken_on(day):
        return []
    return sorted(set(medicine.times))


def due_datetime(day: date, due_at: time) -> datetime:
    """The moment a dose is due: `due_at` on `day` in the app's time zone."""
    return timezone.make_aware(datetime.combine(day, due_at))


def is_missed(day: date, due_at: time, now: datetime, grace_hours: int) -> bool:
    """Whether a dose due at `due_at` on `day` that has no record is missed at `now`: strictly more
    than `grace_hours` after its time. At exactly the end of the grace it is still only late.
    The caller says there is no record; a dose with a record (of any outcome) is never missed."""
    return now > due_datetime(day, due_at) + timedelta(hours=grace_hours)


# The same rule in SQL, for a query over many doses. Fill in the column or parameter names:
# MISSED_SQL.format(day="d.day", due_at="t.due_at", grace_hours="st.grace", now="%(now)s",
# tz="%(tz)s") with tz the app's time zone name (timezone.get_current_timezone_name()).
MISSED_SQL = "((({day}) + ({due_at})) AT TIME ZONE {tz}) + make_interval(hours => {grace_hours}) < {now}"


def as_needed_left(medicine: Medicine, day: date, doses_given: int) -> int:
    """How many more doses of an "as needed" medicine may be given on `day`, when `doses_given`
    have been given that day (refused and other outcomes do not count). 0 on a day it is not
    taken, and for a regular medicine."""
    if not medicine.as_needed or not medicine.taken_on(day):
        return 0
    return max((medicine.max_in_day or 0) - doses_given, 0)


def may_record_on(day: date, today: date) -> bool:
    """Whether a dose of `day` may still be recorded, or its record corrected, on `today`."""
    return today - timedelta(days=RECORD_DAYS) <= day <= today


def standing(records: Iterable[DoseRecord]) -> list[DoseRecord]:
    """Of some dose records (with all the corrections of each), the ones that stand: those no other
    record among them corrects. Each stands with `was_corrected` set when it is a correction."""
    records = list(records)
    corrected = {r.corrects_id for r in records if r.corrects_id}
    result = []
    for record in records:
        if record.pk not in corrected:
            record.was_corrected = record.corrects_id is not None
            result.append(record)
    return result


# --- Who was with a household when ---------------------------------------------------------------
def days_with_household(person_id: int, first: date, last: date) -> set[date]:
    """The days from `first` to `last` the person was with a carer household: covered by a live
    arrangement of a live-in type, or by a booked (not cancelled) stay or session of a short-break
    or day-support one. Two queries."""
    bookings = Booking.objects.active().filter(starts_on__lte=last, ends_on__gte=first)
    arrangements = (
        Arrangement.objects.filter(person_id=person_id, status__in=LIVE_ARRANGEMENT_STATUSES)
        .filter(start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .only("id", "support_type", "start_date", "end_date")
        .prefetch_related(
            Prefetch("bookings", queryset=bookings.only("id", "arrangement_id", "starts_on", "ends_on"))
        )
    )
    days: set[date] = set()
    for arrangement in arrangements:
        start = max(arrangement.start_date, first)
        end = min(arrangement.end_date or last, last)
        if arrangement.support_type in BOOKED_TYPES:
            spans = [(max(b.starts_on, start), min(b.ends_on, end)) for b in arrangement.bookings.all()]
        else:
            spans = [(start, end)]
        for a, b in spans:
            days.update(a + timedelta(days=n) for n in range((b - a).days + 1))
    return days


# --- The month's chart ---------------------------------------------------------------------------
# What a cell of the chart says, with the letter printed on the MAR.
GIVEN, REFUSED, NOT_NEEDED, NOT_AVAILABLE = (o.value for o in DoseOutcome)
MISSED, DUE, NOT_TAKEN, AWAY = "missed", "due", "not_taken", "away"
CODES = {
    GIVEN: ("G", "Given"),
    REFUSED: ("R", "Refused"),
    NOT_NEEDED: ("N", "Not needed"),
    NOT_AVAILABLE: ("U", "Not available (unavailable)"),
    MISSED: ("M", "Missed: no record"),
    DUE: ("", "Not recorded yet"),
    NOT_TAKEN: ("-", "Not prescribed that day"),
    AWAY: ("A", "Away from the household"),
}


@dataclass
class Cell:
    day: date
    state: str  # a DoseOutcome value, MISSED, DUE, NOT_TAKEN or AWAY
    record: DoseRecord | None = None  # the record that stands, for a recorded dose

    @property
    def code(self) -> str:
        return CODES[self.state][0]

    @property
    def label(self) -> str:
        return CODES[self.state][1]

    @property
    def corrected(self) -> bool:
        return bool(self.record and self.record.was_corrected)

    @property
    def late(self) -> bool:
        """Recorded after its day."""
        return bool(self.record and timezone.localdate(self.record.recorded_at) > self.record.day)


@dataclass
class Row:
    """One line of the chart: a regular medicine at one of its times, or an "as needed" medicine
    (`due_at` None), whose cells hold that day's doses in `doses`."""

    medicine: Medicine
    due_at: time | None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class AsNeededCell:
    day: date
    doses: list[DoseRecord]
    taken: bool  # prescribed that day

    @property
    def given(self) -> int:
        return sum(1 for d in self.doses if d.outcome == GIVEN)


@dataclass
class AsNeededRow:
    medicine: Medicine
    cells: list[AsNeededCell] = field(default_factory=list)


@dataclass
class Chart:
    person: object
    first: date
    last: date
    days: list[date]
    rows: list[Row]
    as_needed: list[AsNeededRow]
    as_needed_doses: list[DoseRecord]  # every "as needed" dose that stands, in the order given
    notes: list[DoseRecord]  # the regular doses that stand with a reason or a correction
    codes: dict = field(default_factory=lambda: CODES)


def month_days(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def chart(person, year: int, month: int, *, now: datetime, grace_hours: int | None = None) -> Chart:
    """The medicines administration record of `person` for a month: a row per regular medicine and
    due time, a row per "as needed" medicine, a cell per day. A recorded dose shows the record that
    stands (the latest correction, marked as a correction); a dose with no record is missed once
    `is_missed` says so, blank while it may still be given, and "away" on a day the person was not
    with a carer household. Five queries however many medicines and doses (four with `grace_hours`
    given): the scheme's settings, the medicines, the doses with who recorded them, and the days
    with a household (arrangements, bookings)."""
    first, last = month_days(year, month)
    if grace_hours is None:
        grace_hours = RecordsSettings.for_scheme(person.scheme_id).missed_dose_grace_hours
    medicines = list(
        Medicine.objects.filter(person=person, starts_on__lte=last)
        .filter(Q(stops_on__isnull=True) | Q(stops_on__gte=first))
        .order_by("as_needed", "name", "pk")
    )
    records = list(
        DoseRecord.objects.filter(person=person, day__gte=first, day__lte=last)
        .select_related("recorded_by", "medicine")
        .order_by("day", "at", "pk")
    )
    present = days_with_household(person.pk, first, last)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]

    stands = standing(records)
    for r in stands:
        r.code = CODES[r.outcome][0]
    slots = {(r.medicine_id, r.day, r.due_at): r for r in stands if r.due_at is not None}
    as_needed_by_day: dict[tuple[int, date], list[DoseRecord]] = defaultdict(list)
    for r in stands:
        if r.due_at is None:
            as_needed_by_day[(r.medicine_id, r.day)].append(r)

    rows, as_needed_rows = [], []
    for medicine in medicines:
        if medicine.as_needed:
            cells = [
                AsNeededCell(day, as_needed_by_day.get((medicine.pk, day), []), medicine.taken_on(day))
                for day in days
            ]
            as_needed_rows.append(AsNeededRow(medicine, cells))
            continue
        for due_at in sorted(set(medicine.times)):
            row = Row(medicine, due_at)
            for day in days:
                record = slots.get((medicine.pk, day, due_at))
                if record is not None:
                    row.cells.append(Cell(day, record.outcome, record))
                elif not medicine.taken_on(day):
                    row.cells.append(Cell(day, NOT_TAKEN))
                elif day not in present:
                    row.cells.append(Cell(day, AWAY))
                elif is_missed(day, due_at, now, grace_hours):
                    row.cells.append(Cell(day, MISSED))
                else:
                    row.cells.append(Cell(day, DUE))
            rows.append(row)
    as_needed_doses = [r for r in stands if r.due_at is None]
    notes = sorted(
        (r for r in stands if r.due_at is not None and (r.reason or r.was_corrected)),
        key=lambda r: (r.day, r.due_at, r.medicine.name, r.pk),
    )
    return Chart(
        person=person,
        first=first,
        last=last,
        days=days,
        rows=rows,
        as_needed=as_needed_rows,
        as_needed_doses=as_needed_doses,
        notes=notes,
    )


# --- A day's doses, for the carers' page -----------------------------------------------------------
@dataclass
class DueDose:
    medicine: Medicine
    day: date
    due_at: time
    record: DoseRecord | None  # the record that stands
    missed: bool


@dataclass
class AsNeededToday:
    medicine: Medicine
    day: date
    doses: list[DoseRecord]
    left: int


def day_doses(person, medicines: list[Medicine], day: date, *, now: datetime, grace_hours: int):
    """The doses of `day` for the given medicines (a list, already read): each due dose with the record
    that stands for it, and each "as needed" medicine with its doses and how many are left. One query."""
    records = standing(
        DoseRecord.objects.filter(person=person, day=day).select_related("recorded_by").order_by("at", "pk")
    )
    slots = {(r.medicine_id, r.due_at): r for r in records if r.due_at is not None}
    due, as_needed = [], []
    for medicine in medicines:
        if medicine.as_needed:
            if medicine.taken_on(day):
                doses = [r for r in records if r.medicine_id == medicine.pk and r.due_at is None]
                given = sum(1 for r in doses if r.outcome == GIVEN)
                as_needed.append(AsNeededToday(medicine, day, doses, as_needed_left(medicine, day, given)))
            continue
        for due_at in due_times(medicine, day):
            record = slots.get((medicine.pk, due_at))
            missed = record is None and is_missed(day, due_at, now, grace_hours)
            due.append(DueDose(medicine, day, due_at, record, missed))
    due.sort(key=lambda d: (d.due_at, d.medicine.name, d.medicine.pk))
    return due, as_needed
