"""Arrangements made from confirmed proposals, with what follows: transitions, agreements, the
review schedule with the connection test, and bookings of short breaks and day support."""

import json
from dataclasses import dataclass
from datetime import date, timedelta

from arrangements.models import Agreement, AgreementKind, Arrangement, ArrangementTransition, Review
from carers.services import add_months
from sharedlives.choices import ClientGroup, Funder, SupportType

from . import words
from .world import Clock, World

BOOKED = (SupportType.SHORT_BREAK, SupportType.DAY_SUPPORT)
SHORT_TERM = (SupportType.EMERGENCY, SupportType.INTERMEDIATE_CARE)
END_REASONS = {
    "persons_choice": 30,
    "carers_choice": 20,
    "needs_changed": 25,
    "planned_end": 10,
    "other": 10,
    "death": 5,
}
REFERENCE_PREFIX = {
    Funder.COUNCIL: "ASC",
    Funder.NHS: "NHS-ICB",
    Funder.PERSONAL_BUDGET: "PB",
    Funder.PERSONAL_HEALTH_BUDGET: "PHB",
    Funder.SELF_FUNDED: "SELF",
}
SCORES = {5: 30, 4: 40, 3: 20, 2: 7, 1: 3}
BOOK_AHEAD_DAYS = 90


@dataclass
class Plan:
    """An arrangement's dates and status as of the reference day."""

    start: date
    end: date | None  # end_date: actual or planned; None while open-ended
    status: str
    notice_on: date | None = None
    paused_on: date | None = None
    end_reason: str = ""


def plan(world: World, support_type: str, start: date) -> Plan:
    """How long an arrangement starting on `start` lasts, and where it stands today."""
    rng, today = world.rng, world.today
    if support_type == SupportType.LONG_TERM:
        natural = start + timedelta(days=30 + int(rng.expovariate(1 / 2900)))
    elif support_type in BOOKED:
        natural = start + timedelta(days=60 + int(rng.expovariate(1 / 1500)))
    elif support_type == SupportType.EMERGENCY:
        natural = start + timedelta(days=rng.randint(7, 56))
    else:
        natural = start + timedelta(days=rng.randint(14, 42))
    planned_end = natural if support_type in SHORT_TERM else None
    if start > today:
        return Plan(start, planned_end, "planned")
    if natural <= today:
        reason = "planned_end" if support_type in SHORT_TERM else world.pick(END_REASONS)
        notice = natural - timedelta(days=rng.randint(28, 56))
        return Plan(
            start,
            natural,
            "ended",
            notice_on=notice if notice > start and world.chance(0.5) else None,
            end_reason=reason,
        )
    if support_type not in SHORT_TERM and natural <= today + timedelta(days=60):
        notice = max(start, min(today, natural - timedelta(days=rng.randint(28, 56))))
        return Plan(start, natural, "ending", notice_on=notice, end_reason=world.pick(END_REASONS))
    if start + timedelta(days=30) < today and world.chance(0.03):
        return Plan(
            start, planned_end, "paused", paused_on=world.day_between(start + timedelta(days=30), today)
        )
    return Plan(start, planned_end, "active")


def reasons_json(world: World, support_type: str, person) -> str:
    group = ClientGroup(person.client_group).label.lower()
    reasons = [
        f"Approved for {SupportType(support_type).label.lower()}",
        f"Has supported people with {group}"
        if person.client_group != "older_people"
        else "Has supported older people",
        f"Shares {world.rng.randint(1, 4)} interests",
        f"{world.rng.randint(1, 25)} km away",
    ]
    return json.dumps(reasons)


def add(
    world: World, person, proposal_id: int, household, support_type: str, p: Plan, moment, staff: int
) -> None:
    """The arrangement of a proposal confirmed at `moment`, and everything that followed it."""
    rng, today = world.rng, world.today
    scheme = person.scheme
    arrangement_id = world.new_id(Arrangement)
    funder = (
        Funder.NHS if support_type == SupportType.INTERMEDIATE_CARE else (person.funder or Funder.COUNCIL)
    )
    world.add(
        Arrangement,
        id=arrangement_id,
        scheme_id=scheme.id,
        proposal_id=proposal_id,
        person_id=person.id,
        household_id=household.id,
        support_type=support_type,
        status=p.status,
        start_date=p.start,
        end_date=p.end,
        notice_given_on=p.notice_on,
        end_reason=p.end_reason,
        funder=funder,
        funding_reference=f"{REFERENCE_PREFIX[funder]}-{arrangement_id:06d}",
        payment_band_id=scheme.bands.get(support_type),
        created_by_id=staff,
        created_at=moment,
    )
    clock = Clock(world)
    clock.last = moment
    status = "planned"

    def move(to: str, day: date, reason: str = "") -> None:
        nonlocal status
        world.add(
            ArrangementTransition,
            arrangement_id=arrangement_id,
            from_status=status,
            to_status=to,
            by_id=staff,
            at=clock.at(day),
            reason=reason,
        )
        status = to

    if p.start <= today:
        move("active", p.start)
    if p.status == "paused":
        move("paused", p.paused_on, "In hospital for a few weeks.")
    if p.notice_on is not None and p.status in ("ending", "ended"):
        move("ending", p.notice_on, "Notice given.")
    if p.status == "ended":
        move("ended", p.end, p.end_reason.replace("_", " ").capitalize())
    kinds = [AgreementKind.ARRANGEMENT]
    if support_type == SupportType.LONG_TERM:
        kinds += [AgreementKind.LICENCE, AgreementKind.LICENCE_EASY_READ]
    issued = min(today, max(moment.date(), p.start - timedelta(days=rng.randint(1, 10))))
    for kind in kinds:
        signed = p.start if p.start <= today and p.start >= issued and world.chance(0.95) else None
        world.add(
            Agreement,
            arrangement_id=arrangement_id,
            kind=kind,
            issued_on=issued,
            signed_on=signed,
            recorded_by_id=staff,
        )
    _reviews(world, arrangement_id, person, p, staff)
    if support_type in BOOKED and p.start <= today:
        _bookings(world, arrangement_id, household, support_type, p, staff, moment.date())


def _reviews(world: World, arrangement_id: int, person, p: Plan, staff: int) -> None:
    rng = world.rng
    last = min(world.today, p.end or world.today)
    held = p.start + timedelta(days=42 + rng.randint(-7, 10))
    while held <= last:
        next_on = add_months(held, 12)
        comment = rng.choice(words.REVIEW_COMMENTS)
        world.add(
            Review,
            arrangement_id=arrangement_id,
            held_on=held,
            participants=f"{person.known_as}, the carers, coordinator",
            persons_words=rng.choice(words.PERSONS_WORDS),
            informed_score=world.pick(SCORES),
            informed_comment=comment,
            confident_score=world.pick(SCORES),
            confident_comment="",
            connected_score=world.pick(SCORES),
            connected_comment="",
            actions="Keep going; look at a college course.",
            next_review_on=next_on,
            recorded_by_id=staff,
            recorded_at=world.at(world.past(held + timedelta(days=rng.randint(0, 5)))),
        )
        held = next_on + timedelta(days=rng.randint(-20, 25))


def _bookings(
    world: World, arrangement_id: int, household, support_type: str, p: Plan, staff: int, made
) -> None:
    """Stays every few weeks, or a session most weeks, up to three months ahead, all within the
    arrangement (so within the place it holds). Stays end on the day the person leaves."""
    rng = world.rng
    until = world.today + timedelta(days=BOOK_AHEAD_DAYS)
    if p.end is not None:
        until = min(until, p.end)
    if p.status in ("paused", "ended") and p.end is None:
        until = min(until, world.today)
    day = p.start + timedelta(days=rng.randint(0, 13))
    while day < until:
        if support_type == SupportType.SHORT_BREAK:
            ends = day + timedelta(days=rng.choice([2, 2, 3, 3, 4, 7]))
            if ends > until:
                break
            session, step = "", (ends - day).days + rng.randint(21, 49)
        else:
            ends, step = day, 7
            session = world.pick({"full_day": 6, "morning": 2, "afternoon": 2})
            if not world.chance(0.85):
                day += timedelta(days=step)
                continue
        cancelled = world.chance(0.04)
        booked = max(made, day - timedelta(days=rng.randint(3, 30)))
        world.bookings.append(
            {
                "arrangement_id": arrangement_id,
                "household_id": household.id,
                "starts_on": day,
                "ends_on": ends,
                "session": session,
                "note": "",
                "created_by_id": staff,
                "created_at": world.at(world.past(booked)),
                "cancelled_at": world.at(world.past(max(booked, day - timedelta(days=2))))
                if cancelled
                else None,
                "cancelled_by_id": staff if cancelled else None,
                "cancel_reason": "Unwell on the day." if cancelled else "",
            }
        )
        day += timedelta(days=step)
