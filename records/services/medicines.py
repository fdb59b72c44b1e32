"""Medicines and doses: staff enter a person's medicines from the prescription and stop them; the
carers (or staff) record each dose and correct a record with a new one.

The rules of what is due and when a dose is missed are in records/medicines.py. A medicine that has
doses recorded keeps what it said when they were given: its dose, times and dates cannot change
(stop it and add the new dose as a new medicine); only its instructions, prescriber and last day
can. Each service checks everything before it writes anything.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from arrangements.models import Arrangement
from people.models import Person

from ..access import is_staff_of, open_support
from ..medicines import GIVEN, RECORD_DAYS, may_record_on, standing
from ..models import SHORT_TEXT, DoseOutcome, DoseRecord, Medicine, Route
from .common import RecordsError

# What may still change once a medicine has doses recorded: nothing the record of a dose relied on.
CHANGEABLE_WITH_DOSES = frozenset({"instructions", "prescriber", "stops_on"})
MEDICINE_FIELDS = (
    "name",
    "strength",
    "dose",
    "route",
    "times",
    "as_needed",
    "as_needed_reason",
    "max_in_day",
    "starts_on",
    "stops_on",
    "instructions",
    "prescriber",
)
STOP_AND_ADD = "Stop this medicine and add the new dose as a new medicine."
# A little slack for a phone whose clock runs ahead of the server's.
FUTURE_SLACK = timedelta(minutes=5)


class MedicineError(RecordsError):
    """A refusal about particular fields of the form (`fields`), shown next to them."""

    def __init__(self, message: str, fields: tuple[str, ...] = ()):
        super().__init__(message)
        self.fields = fields


def _long(day: date) -> str:
    return date_format(day, "l j F")


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


# --- Medicines ------------------------------------------------------------------------------------
def _ensure_staff(by, person) -> None:
    if not is_staff_of(by, person):
        raise RecordsError("Only the scheme's coordinators and managers enter medicines.")


def _ensure_medicine_makes_sense(values: dict, *, today: date, new: bool, before: dict | None = None) -> None:
    """The prescription as entered: what the form checks, checked again here."""
    for name in ("name", "strength", "dose"):
        if not (values.get(name) or "").strip():
            raise MedicineError("Fill this in, as the prescription says.", (name,))
    if values.get("route") not in Route.values:
        raise MedicineError("Choose how it is taken.", ("route",))
    times = values.get("times") or []
    if len(set(times)) != len(times):
        raise MedicineError("A time is given twice.", ("times",))
    if values.get("as_needed"):
        if times:
            raise MedicineError(
                'An "as needed" medicine has no set times: leave the times empty.', ("times",)
            )
        if not (values.get("as_needed_reason") or "").strip():
            raise MedicineError('Say when an "as needed" medicine is given.', ("as_needed_reason",))
        if len(values["as_needed_reason"]) > SHORT_TEXT:
            raise MedicineError(f"Keep this under {SHORT_TEXT} characters.", ("as_needed_reason",))
        if not values.get("max_in_day") or values["max_in_day"] < 1:
            raise MedicineError("Give the most doses in a day (1 or more).", ("max_in_day",))
    else:
        if not times:
            raise MedicineError("Give the times of day it is given, for example 08:00, 20:00.", ("times",))
        if values.get("max_in_day"):
            raise MedicineError(
                'The most in a day is for "as needed" medicines: leave it empty.', ("max_in_day",)
            )
    starts_on, stops_on = values.get("starts_on"), values.get("stops_on")
    if starts_on is None:
        raise MedicineError("Give the first day it is given.", ("starts_on",))
    earliest = today - timedelta(days=RECORD_DAYS)
    if (new or starts_on != before["starts_on"]) and starts_on < earliest:
        raise MedicineError(
            "The first day cannot be before yesterday: it is the first day the carers give it, "
            "from when doses can be recorded.",
            ("starts_on",),
        )
    if stops_on is not None and stops_on < starts_on:
        raise MedicineError("The last day cannot be before the first day.", ("stops_on",))


def _clean(values: dict) -> dict:
    values = {k: values[k] for k in MEDICINE_FIELDS if k in values}
    for name in ("name", "strength", "dose", "as_needed_reason", "instructions", "prescriber"):
        if name in values:
            values[name] = (values[name] or "").strip()
    values["times"] = sorted(values.get("times") or [])
    if values.get("as_needed"):
        values["times"] = []
    else:
        values["as_needed_reason"] = ""
        values["max_in_day"] = None
    return values


@transaction.atomic
def medicine_add(*, person_id: int, by, **values) -> Medicine:
    """Add a medicine of the person from the prescription. Regular medicines have their times; "as
    needed" ones when they are given and the most in a day. The first day is today, yesterday or later."""
    person = Person.objects.get(pk=person_id)
    _ensure_staff(by, person)
    values = _clean(values)
    values.setdefault("route", Route.MOUTH)
    values.setdefault("as_needed", False)
    _ensure_medicine_makes_sense(values, today=timezone.localdate(), new=True)
    return Medicine.objects.create(person=person, added_by=by, **values)


def _ensure_last_day(medicine: Medicine, stops_on: date | None, *, today: date) -> None:
    """A medicine stops on a day that leaves what was recorded as it was: not before a day with a
    dose recorded, not before yesterday (the doses of the days before are settled)."""
    if stops_on is None:
        if medicine.stops_on is not None and medicine.stops_on < today - timedelta(days=RECORD_DAYS):
            raise MedicineError(
                "This medicine stopped some days ago. To give it again, add it as a new medicine.",
                ("stops_on",),
            )
        return
    if stops_on < medicine.starts_on:
        raise MedicineError("The last day cannot be before the first day.", ("stops_on",))
    earliest = today - timedelta(days=RECORD_DAYS)
    if stops_on < earliest and stops_on != medicine.stops_on:
        raise MedicineError(
            f"The last day cannot be before yesterday ({_long(earliest)}): the record of the days "
            "before is settled.",
            ("stops_on",),
        )
    last_dose = medicine.doses.order_by("-day").values_list("day", flat=True).first()
    if last_dose and stops_on < last_dose:
        raise MedicineError(
            f"A dose was recorded on {_long(last_dose)}: the last day cannot be before it.", ("stops_on",)
        )


@transaction.atomic
def medicine_update(*, medicine_id: int, by, **values) -> Medicine:
    """Change what a medicine says. Once it has doses recorded, only its instructions, prescriber and
    last day may change: a new dose or new times is a new medicine (`STOP_AND_ADD`)."""
    medicine = Medicine.objects.select_for_update().select_related("person").get(pk=medicine_id)
    _ensure_staff(by, medicine.person)
    today = timezone.localdate()
    before = {name: getattr(medicine, name) for name in MEDICINE_FIELDS}
    after = before | _clean(before | values)
    changed = tuple(name for name in MEDICINE_FIELDS if after[name] != before[name])
    if not changed:
        return medicine
    if medicine.doses.exists():
        fixed = tuple(name for name in changed if name not in CHANGEABLE_WITH_DOSES)
        if fixed:
            raise MedicineError(
                f"Doses of this medicine have been recorded, so what they were given by stays as it was. "
                f"{STOP_AND_ADD}",
                fixed,
            )
    else:
        _ensure_medicine_makes_sense(after, today=today, new=False, before=before)
    if "stops_on" in changed:
        _ensure_last_day(medicine, after["stops_on"], today=today)
    for name in changed:
        setattr(medicine, name, after[name])
    medicine.save(update_fields=list(changed))
    return medicine


@transaction.atomic
def medicine_stop(*, medicine_id: int, stops_on: date, by) -> Medicine:
    """Stop a medicine: `stops_on` is the last day it is given. Not before yesterday, nor before a day
    with a dose recorded; a medicine already stopping earlier stays as it is."""
    medicine = Medicine.objects.select_for_update().select_related("person").get(pk=medicine_id)
    _ensure_staff(by, medicine.person)
    if stops_on is None:
        raise MedicineError("Give the last day it is given.", ("stops_on",))
    if medicine.stops_on is not None and medicine.stops_on <= stops_on:
        raise MedicineError(f"This medicine already stops on {_long(medicine.stops_on)}.", ("stops_on",))
    _ensure_last_day(medicine, stops_on, today=timezone.localdate())
    medicine.stops_on = stops_on
    medicine.save(update_fields=["stops_on"])
    return medicine


# --- Doses ----------------------------------------------------------------------------------------
def _ensure_may_record(by, person, household_id: int) -> None:
    """The carers of a household whose support of the person is open record its doses; the scheme's
    staff may too, for the household that supports the person now."""
    open_here = open_support(Arrangement.objects.filter(person_id=person.pk, household_id=household_id))
    if by.is_authenticated and by.kind == by.Kind.CARER:
        if not open_here.filter(household__carers__user=by).exists():
            raise RecordsError("You can record doses only while your household supports this person.")
    elif is_staff_of(by, person):
        if not open_here.exists():
            raise RecordsError("This household does not support this person now.")
    else:
        raise RecordsError("You cannot record doses for this person.")


def _ensure_when(day: date, at: datetime, *, now: datetime) -> None:
    if not may_record_on(day, timezone.localdate(now)):
        raise MedicineError(
            "Doses are recorded on their day or the day after. For an earlier day, tell your coordinator.",
            ("day",),
        )
    if at > now + FUTURE_SLACK:
        raise MedicineError("The time cannot be later than now.", ("time",))
    if timezone.localdate(at) < day:
        raise MedicineError("The time is before the day of the dose.", ("time",))


def _ensure_reason(outcome: str, reason: str, *, as_needed: bool) -> None:
    if outcome not in DoseOutcome.values:
        raise MedicineError("Choose what happened.", ("outcome",))
    if reason.strip():
        return
    if outcome == GIVEN and as_needed:
        raise MedicineError('Say why the "as needed" dose was given.', ("reason",))
    if outcome != GIVEN:
        raise MedicineError(
            f"Say why: the dose was {DoseOutcome(outcome).label.lower()}.",
            ("reason",),
        )


def _given_as_needed(medicine: Medicine, day: date, *, leaving_out: int | None = None) -> int:
    """How many "as needed" doses of the medicine stand as given on `day` (leaving out the chain of
    the record `leaving_out`, which is being corrected)."""
    records = list(medicine.doses.filter(day=day, due_at__isnull=True).only("id", "corrects_id", "outcome"))
    if leaving_out is not None:
        chain = {leaving_out}
        by_id = {r.pk: r for r in records}
        current = by_id.get(leaving_out)
        while current is not None and current.corrects_id:
            chain.add(current.corrects_id)
            current = by_id.get(current.corrects_id)
        records = [r for r in records if r.pk not in chain]
    return sum(1 for r in standing(records) if r.outcome == GIVEN)


def _ensure_under_max(medicine: Medicine, day: date, outcome: str, *, leaving_out: int | None = None) -> None:
    if outcome != GIVEN or not medicine.as_needed:
        return
    given = _given_as_needed(medicine, day, leaving_out=leaving_out)
    if given >= medicine.max_in_day:
        raise MedicineError(
            f"The most in a day is {medicine.max_in_day}, and {given} "
            f"{'has' if given == 1 else 'have'} been given on {_long(day)}. Ask the GP or pharmacist "
            "before giving more.",
            ("outcome",),
        )


@transaction.atomic
def dose_record(
    *,
    person_id: int,
    medicine_id: int,
    household_id: int,
    day: date,
    due_at: time | None,
    outcome: str,
    at: datetime,
    reason: str = "",
    by,
) -> DoseRecord:
    """Record a dose of `day`: at one of a regular medicine's times (`due_at`), or an "as needed"
    dose (`due_at` None). Refused when the medicine is not taken that day, the time is not one of
    its times, the dose is recorded already (a correction is `dose_correct`), the most in a day has
    been given, the day is older than yesterday, or the reason is missing (anything but a regular
    dose given says why)."""
    now = timezone.now()
    reason = (reason or "").strip()
    person = Person.objects.get(pk=person_id)
    # Locked so that two carers recording at once are counted one after the other.
    medicine = Medicine.objects.select_for_update().filter(pk=medicine_id, person_id=person.pk).first()
    if medicine is None:
        raise MedicineError("Choose one of the person's medicines.", ("medicine",))
    _ensure_may_record(by, person, household_id)
    _ensure_when(day, at, now=now)
    if not medicine.taken_on(day):
        raise MedicineError(f"{medicine} is not given on {_long(day)}.", ("medicine",))
    if medicine.as_needed and due_at is not None:
        raise MedicineError(f'{medicine} is "as needed": it has no set times.', ("due_at",))
    if not medicine.as_needed:
        if due_at is None or due_at not in medicine.times:
            times = ", ".join(_hhmm(t) for t in sorted(medicine.times))
            raise MedicineError(f"{medicine} is given at {times}: choose one of these times.", ("due_at",))
        first = (
            medicine.doses.filter(day=day, due_at=due_at, corrects__isnull=True)
            .select_related("recorded_by")
            .first()
        )
        if first is not None:
            raise RecordsError(
                f"The {_hhmm(due_at)} dose on {_long(day)} has been recorded already "
                f"({first.get_outcome_display().lower()}, by {first.recorded_by.get_full_name()}). "
                "To change it, correct that record."
            )
    _ensure_reason(outcome, reason, as_needed=medicine.as_needed)
    _ensure_under_max(medicine, day, outcome)
    return DoseRecord.objects.create(
        medicine=medicine,
        person_id=person.pk,
        household_id=household_id,
        day=day,
        due_at=due_at,
        outcome=outcome,
        at=at,
        reason=reason,
        recorded_by=by,
    )


@transaction.atomic
def dose_correct(*, dose_id: int, outcome: str, at: datetime, reason: str, by) -> DoseRecord:
    """Correct the record of a dose with a new record (`corrects` the one it replaces), on the dose's
    day or the day after. The record is never changed. Only the latest record of a dose may be
    corrected, and a correction always says what was wrong."""
    now = timezone.now()
    reason = (reason or "").strip()
    dose = DoseRecord.objects.select_for_update().select_related("medicine", "person").get(pk=dose_id)
    _ensure_may_record(by, dose.person, dose.household_id)
    if dose.corrections.exists():
        raise RecordsError("This record has been corrected already: correct the latest record instead.")
    _ensure_when(dose.day, at, now=now)
    if not reason:
        raise MedicineError("Say what was wrong with the record, and what happened.", ("reason",))
    _ensure_reason(outcome, reason, as_needed=dose.due_at is None)
    medicine = Medicine.objects.select_for_update().get(pk=dose.medicine_id)
    _ensure_under_max(medicine, dose.day, outcome, leaving_out=dose.pk)
    return DoseRecord.objects.create(
        medicine=medicine,
        person_id=dose.person_id,
        household_id=dose.household_id,
        day=dose.day,
        due_at=dose.due_at,
        outcome=outcome,
        at=at,
        reason=reason,
        corrects=dose,
        recorded_by=by,
    )
