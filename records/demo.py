"""Demo living-together records for seed_demo: a month of daily notes, medicines and doses, and the
person's money, for the demo's live-in arrangement (the demo carer's own, if they have one).

Runs after the arrangement and safeguarding steps. The past days' rows are written as the carers
would have written them on each day (notes, doses and money are fixed once their day has passed,
so no service could write them now). Three evening doses refused in the last week and one count of
money that was short give the coordinator's dashboard its alerts. Idempotent: does nothing more
once the arrangement has notes.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from arrangements.models import CONTINUOUS_TYPES, Arrangement, ArrangementStatus
from sharedlives.accounts.models import User

from .models import (
    DailyNote,
    DoseOutcome,
    DoseRecord,
    EmergencyContact,
    Medicine,
    MoneyCheck,
    MoneyEntry,
    NoteReading,
    NoteWords,
    RiskPlan,
    SupportPlan,
)

CARER = "carer@demo.sharedlives.test"
COORDINATOR = "coordinator@demo.sharedlives.test"
DAYS = 30

WENT_WELL = [
    "Made pancakes for everyone and laughed a lot.",
    "Walked to the park and fed the ducks.",
    "Chose their own clothes and was proud of the outfit.",
    "Helped with the shopping and found everything on the list.",
    "Sang along to the radio in the car.",
    "Had a good chat with the neighbour over the fence.",
]
ACTIVITIES = [
    "Day centre in the morning, gardening after lunch.",
    "Swimming at the leisure centre.",
    "Art group at the library.",
    "A quiet day at home with films.",
    "Bus into town for a coffee.",
]
SAW = ["Mum came for tea.", "Friends at the day centre.", "Nobody new today.", "Their brother rang."]
HEALTH = ["Bright and chatty.", "A bit tired in the afternoon.", "Good appetite.", "Slept well."]


def _at(day, hour: int, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _arrangement(scheme, carer: User | None):
    live = Arrangement.objects.filter(
        scheme=scheme, status=ArrangementStatus.ACTIVE, support_type__in=CONTINUOUS_TYPES
    ).select_related("person", "household")
    mine = live.filter(household__carers__user=carer).first() if carer else None
    return mine or live.order_by("start_date", "pk").first()


def seed(ctx: dict) -> None:
    scheme, users = ctx["scheme"], ctx["users"]
    carer_user, coordinator = users.get(CARER), users[COORDINATOR]
    arrangement = _arrangement(scheme, carer_user)
    if arrangement is None or DailyNote.objects.filter(arrangement=arrangement).exists():
        return
    writer = carer_user if arrangement.household.carers.filter(user=carer_user).exists() else coordinator
    rng = random.Random(19)
    today = timezone.localdate()
    first = max(arrangement.start_date, today - timedelta(days=DAYS))
    _support_plan(arrangement.person, coordinator, today)
    medicines = _medicines(arrangement.person, coordinator, first)
    for offset in range((today - first).days + 1):
        day = first + timedelta(days=offset)
        if day < today and rng.random() < 0.9:
            _note(arrangement, writer, day, rng)
        _doses(arrangement, writer, medicines, day, today, rng)
    _money(arrangement, writer, coordinator, first, today, rng)
    last_note = DailyNote.objects.filter(arrangement=arrangement).order_by("-day").first()
    if last_note and arrangement.person.user_id:
        NoteWords.objects.create(
            note=last_note,
            words="I liked the ducks best.",
            written_by=arrangement.person.user,
            written_at=_at(last_note.day, 20),
            day=last_note.day,
        )
    earlier = DailyNote.objects.filter(arrangement=arrangement).order_by("day").first()
    if earlier:
        NoteReading.objects.create(
            note=earlier, read_by=coordinator, comment="A warm, detailed note. Thank you.", sampled=True
        )


def _support_plan(person, by, today) -> None:
    SupportPlan.objects.update_or_create(
        person=person,
        defaults={
            "communication": "Speaks in short sentences. Give one choice at a time and wait for the answer.",
            "routines": "Up at 7.30, breakfast with the radio on. Bath in the evening, lights out by 10.",
            "allergies": "Penicillin (rash).",
            "health_conditions": "Epilepsy, well controlled. Asthma in cold weather.",
            "gp_name": "Dr Amara Okafor",
            "gp_practice": "Riverside Surgery",
            "gp_phone": "01632 960 111",
            "updated_by": by,
        },
    )
    RiskPlan.objects.create(
        person=person,
        risk="Seizures",
        what_helps="Regular sleep and medicines on time.",
        what_to_do="Time the seizure, keep them safe, recovery position. Call 999 after 5 minutes.",
        who_to_tell="The coordinator, the same day.",
        review_on=today + timedelta(days=90),
        added_by=by,
    )
    RiskPlan.objects.create(
        person=person,
        risk="Crossing busy roads",
        what_helps="Use the crossings; walk on the inside of the pavement.",
        what_to_do="If they step out, call their name calmly and stop.",
        who_to_tell="The coordinator at the next visit.",
        review_on=today + timedelta(days=180),
        added_by=by,
    )
    EmergencyContact.objects.create(
        person=person, name="Jean Edwards", relationship="Mum", phone="07700 900 123", position=1, added_by=by
    )
    EmergencyContact.objects.create(
        person=person,
        name="Out-of-hours duty team",
        relationship="The scheme",
        phone="01632 960 999",
        note="Evenings and weekends",
        position=2,
        added_by=by,
    )


def _medicines(person, by, first):
    regular = [
        Medicine.objects.create(
            person=person,
            name="Lamotrigine",
            strength="100 mg",
            dose="One tablet",
            times=[time(8), time(20)],
            starts_on=first - timedelta(days=200),
            instructions="With water.",
            prescriber="Dr Amara Okafor",
            added_by=by,
        ),
        Medicine.objects.create(
            person=person,
            name="Salbutamol inhaler",
            strength="100 micrograms a puff",
            dose="Two puffs",
            route=Medicine.Route.INHALED,
            times=[time(8)],
            starts_on=first - timedelta(days=100),
            added_by=by,
        ),
    ]
    as_needed = Medicine.objects.create(
        person=person,
        name="Paracetamol",
        strength="500 mg",
        dose="Two tablets",
        as_needed=True,
        as_needed_reason="Headache or period pain",
        max_in_day=4,
        starts_on=first - timedelta(days=300),
        added_by=by,
    )
    return regular, as_needed


def _note(arrangement, by, day, rng) -> None:
    DailyNote.objects.create(
        scheme=arrangement.scheme,
        arrangement=arrangement,
        person=arrangement.person,
        household=arrangement.household,
        day=day,
        went_well=rng.choice(WENT_WELL),
        activities=rng.choice(ACTIVITIES),
        saw=rng.choice(SAW),
        health_mood=rng.choice(HEALTH),
        to_watch="Coughing a little at night." if rng.random() < 0.1 else "",
        written_by=by,
        written_at=_at(day, 21, rng.randint(0, 50)),
    )


def _doses(arrangement, by, medicines, day, today, rng) -> None:
    regular, as_needed = medicines
    now = timezone.localtime()
    refused_days = {today - timedelta(days=d) for d in (1, 3, 5)}
    for medicine in regular:
        for due in medicine.times:
            if day == today and due.hour >= now.hour:
                continue  # not due yet
            refused = medicine.name == "Lamotrigine" and due.hour == 20 and day in refused_days
            DoseRecord.objects.create(
                medicine=medicine,
                person=arrangement.person,
                household=arrangement.household,
                day=day,
                due_at=due,
                outcome=DoseOutcome.REFUSED if refused else DoseOutcome.GIVEN,
                reason="Said they felt sick and did not want it." if refused else "",
                at=_at(day, due.hour, rng.randint(0, 20)),
                recorded_by=by,
                recorded_at=_at(day, due.hour, 25),
            )
    if day < today and rng.random() < 0.1:
        DoseRecord.objects.create(
            medicine=as_needed,
            person=arrangement.person,
            household=arrangement.household,
            day=day,
            outcome=DoseOutcome.GIVEN,
            reason="Said their head hurt after the swimming.",
            at=_at(day, 16),
            recorded_by=by,
            recorded_at=_at(day, 16, 5),
        )


def _money(arrangement, by, coordinator, first, today, rng) -> None:
    person, household = arrangement.person, arrangement.household
    balance = Decimal("0")
    spends = [
        ("Cinema ticket", "7.50"),
        ("Coffee and cake", "4.20"),
        ("Magazine", "3.99"),
        ("Bus fare", "2.80"),
    ]
    for offset in range((today - first).days):
        day = first + timedelta(days=offset)
        if day.weekday() == 0:
            MoneyEntry.objects.create(
                person=person,
                household=household,
                day=day,
                direction=MoneyEntry.Direction.IN,
                amount=Decimal("25.00"),
                what="Weekly personal money",
                no_receipt_reason="Paid in cash by the appointee",
                recorded_by=by,
                recorded_at=_at(day, 10),
            )
            balance += Decimal("25.00")
        if rng.random() < 0.3 and balance > 10:
            what, amount = rng.choice(spends)
            MoneyEntry.objects.create(
                person=person,
                household=household,
                day=day,
                direction=MoneyEntry.Direction.OUT,
                amount=Decimal(amount),
                what=what,
                no_receipt_reason="Paid on the bus, no ticket kept"
                if what == "Bus fare"
                else "Paper receipt kept in the money tin",
                recorded_by=by,
                recorded_at=_at(day, 15),
            )
            balance -= Decimal(amount)
        if day.weekday() == 6:
            MoneyCheck.objects.create(
                person=person,
                household=household,
                kind=MoneyCheck.Kind.CARER_COUNT,
                counted=balance,
                recorded_balance=balance,
                checked_by=by,
                checked_at=_at(day, 19),
                day=day,
            )
    # The latest count was two pounds short: the coordinator's alert.
    MoneyCheck.objects.create(
        person=person,
        household=household,
        kind=MoneyCheck.Kind.STAFF_CHECK,
        counted=balance - Decimal("2.00"),
        recorded_balance=balance,
        note="Counted with the carer at the visit; a receipt may be missing.",
        checked_by=coordinator,
        checked_at=_at(today, 9),
    )
