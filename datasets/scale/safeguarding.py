"""Incidents and accidents, safeguarding concerns (some about a carer, opening an allegation),
complaints and compliments, and the notifications the regulator was sent, at national rates:

- incidents: about 1.5 per person-year of live arrangement, each in the household of the arrangement;
- concerns: about 0.08 per person per year, about 15% of them naming a carer household (allegations);
- complaints about 0.03 and compliments about 0.05 per person per year;
- a notification for each event the regulator's rules call for (safeguarding.rules, the one place
  that decides), most sent, the latest few still due.

Every status a record has is reached through the moves the services allow, one transition row each,
with the dates the model's constraints ask for (a referred concern its referral date, a closed
incident its closing time, an answered complaint its outcome).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from arrangements.models import Arrangement
from safeguarding import rules
from safeguarding.models import (
    AbuseCategory,
    Allegation,
    Channel,
    Complaint,
    ComplaintTransition,
    Concern,
    ConcernTransition,
    FeedbackFrom,
    FeedbackKind,
    Harm,
    Incident,
    IncidentKind,
    IncidentTransition,
    MedicalHelp,
    Notification,
    SafeguardingSettings,
    SentHow,
)
from sharedlives.accounts.models import REGULATOR_NATION, Scheme
from sharedlives.dates import add_working_days

from . import words
from .world import Clock, World

INCIDENTS_PER_LIVE_YEAR = 1.5
CONCERNS_PER_YEAR = 0.08
ABOUT_A_CARER = 0.15
COMPLAINTS_PER_YEAR = 0.03
COMPLIMENTS_PER_YEAR = 0.05
# Each stage reads the scheme's regulator and the arrangements, written by earlier stages.
READS = (Scheme, Arrangement)
MODELS = [
    Incident,
    IncidentTransition,
    Concern,
    ConcernTransition,
    Allegation,
    Complaint,
    ComplaintTransition,
    Notification,
]

KINDS = {
    IncidentKind.ACCIDENT: 35,
    IncidentKind.BEHAVIOUR: 20,
    IncidentKind.INCIDENT: 18,
    IncidentKind.MEDICATION: 15,
    IncidentKind.MISSING: 5,
    IncidentKind.OTHER: 5,
    IncidentKind.DEATH: 0.5,
    IncidentKind.DOLS_APPLICATION: 1,
    IncidentKind.DOLS_OUTCOME: 0.5,
}
HARM = {Harm.NONE: 55, Harm.MINOR: 38, Harm.SERIOUS: 7}
HELP = {
    Harm.NONE: {MedicalHelp.NONE: 90, MedicalHelp.GP: 10},
    Harm.MINOR: {MedicalHelp.FIRST_AID: 70, MedicalHelp.GP: 25, MedicalHelp.HOSPITAL: 5},
    Harm.SERIOUS: {MedicalHelp.HOSPITAL: 90, MedicalHelp.GP: 10},
    Harm.DEATH: {MedicalHelp.HOSPITAL: 1},
}
POLICE = {IncidentKind.MISSING: 0.6, IncidentKind.BEHAVIOUR: 0.06, IncidentKind.DEATH: 0.5}
WHAT_HAPPENED = {
    IncidentKind.ACCIDENT: "{n} tripped on the step into the kitchen and fell.",
    IncidentKind.BEHAVIOUR: "{n} became very upset at the shops and hit out at a stranger.",
    IncidentKind.INCIDENT: "{n}'s bus did not arrive and they were left waiting in the rain for an hour.",
    IncidentKind.MEDICATION: "{n}'s evening tablets were missed: the blister pack was found full at bedtime.",
    IncidentKind.MISSING: "{n} did not come back from the corner shop and could not be reached on the phone.",
    IncidentKind.OTHER: "{n} was scared by a neighbour's dog on the path and would not go out again.",
    IncidentKind.DEATH: "{n} died peacefully in their sleep.",
    IncidentKind.DOLS_APPLICATION: "An application was made to deprive {n} of their liberty in hospital.",
    IncidentKind.DOLS_OUTCOME: "The application to deprive {n} of their liberty was authorised.",
}
LOCATIONS = [
    "At home, in the kitchen",
    "At home, on the stairs",
    "In the garden",
    "In town",
    "At the day centre",
]
CATEGORIES = {
    AbuseCategory.NEGLECT: 25,
    AbuseCategory.PSYCHOLOGICAL: 18,
    AbuseCategory.FINANCIAL: 17,
    AbuseCategory.PHYSICAL: 15,
    AbuseCategory.SELF_NEGLECT: 10,
    AbuseCategory.DOMESTIC: 5,
    AbuseCategory.ORGANISATIONAL: 4,
    AbuseCategory.SEXUAL: 3,
    AbuseCategory.DISCRIMINATORY: 2,
    AbuseCategory.MODERN_SLAVERY: 1,
}
CONCERN_OUTCOMES = {"substantiated": 25, "partly": 20, "not": 35, "inconclusive": 20}
COMPLAINT_OUTCOMES = {"upheld": 30, "partly": 30, "not_upheld": 40}
COMPLAINT_FROM = {
    FeedbackFrom.FAMILY: 45,
    FeedbackFrom.PERSON: 25,
    FeedbackFrom.OTHER: 22,
    FeedbackFrom.CARER: 8,
}
COMPLIMENT_FROM = {FeedbackFrom.FAMILY: 50, FeedbackFrom.PERSON: 20, FeedbackFrom.OTHER: 30}
STAFF_CHANNELS = {Channel.PHONE: 50, Channel.EMAIL: 30, Channel.LETTER: 10, Channel.IN_PERSON: 10}
WITHHELD = "Sharing it would be likely to put someone at risk of serious harm."

_settings = {f.name: f.default for f in SafeguardingSettings._meta.concrete_fields}
ACKNOWLEDGE_DAYS = _settings["complaint_acknowledge_days"]
ANSWER_DAYS = _settings["complaint_answer_days"]


def _poisson(world: World, mean: float) -> int:
    """How many events happen in a span whose expected count is `mean` (Knuth's method, small means)."""
    count, total = 0, world.rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += world.rng.expovariate(1.0)
    return count


def _years(first: date, last: date) -> float:
    return max(0, (last - first).days) / 365.25


def _rows(table, *names):
    index = [table.fields.index(name) for name in names]
    return [tuple(row[i] for i in index) for row in table.rows]


@dataclass
class Place:
    """A scheme as these records need it: its staff and its regulator."""

    id: int
    coordinators: list
    manager: int
    regulator: str
    people: dict = field(default_factory=dict)  # person id -> PersonInfo


def build(world: World) -> None:
    kept = world.kept
    regulators = dict(_rows(kept[Scheme], "id", "regulator"))
    by_scheme: dict[int, list] = {}
    for row in _rows(
        kept[Arrangement], "id", "scheme_id", "person_id", "household_id", "status", "start_date", "end_date"
    ):
        by_scheme.setdefault(row[1], []).append(row)
    places = {
        s.id: Place(id=s.id, coordinators=s.coordinators, manager=s.manager, regulator=regulators[s.id])
        for s in world.schemes
    }
    for person in world.people:
        places[person.scheme.id].people[person.id] = person
    for info in world.schemes:
        world.tick()
        scheme = places[info.id]
        households = {h.id: h for h in world.households[info.id]}
        homes: dict[int, list[int]] = {}
        for _id, _scheme, person_id, household_id, status, start, end in sorted(by_scheme.get(info.id, [])):
            homes.setdefault(person_id, []).append(household_id)
            _incidents(world, scheme, scheme.people[person_id], households[household_id], status, start, end)
        approved = [h for h in households.values() if h.approved_on is not None]
        for person in scheme.people.values():
            _concerns(world, scheme, person, homes.get(person.id, []), approved)
            _complaints(world, scheme, person, homes.get(person.id, []), households)


# --- Incidents -------------------------------------------------------------------------------------


def _incidents(world, scheme, person, household, status: str, start: date, end: date | None) -> None:
    """Incidents during the arrangement's live days (up to today, within the years of history)."""
    today = world.today
    first = max(start, world.start)
    last = today if status != "ended" or end is None else min(end, today)
    if status == "planned" or last <= first:
        return
    for _ in range(_poisson(world, INCIDENTS_PER_LIVE_YEAR * _years(first, last))):
        _incident(world, scheme, person, household, world.day_between(first, last))


def _incident(world, scheme, person, household, day: date) -> None:
    rng, today = world.rng, world.today
    kind = world.pick(KINDS)
    harm = Harm.DEATH if kind == IncidentKind.DEATH else world.pick(HARM)
    if kind in (IncidentKind.DOLS_APPLICATION, IncidentKind.DOLS_OUTCOME, IncidentKind.MEDICATION):
        harm = Harm.NONE
    police = world.chance(POLICE.get(kind, 0.01))
    occurred = world.at(day, 7, 21)
    by_carer = household.carer_user is not None and world.chance(0.6)
    reporter = household.carer_user if by_carer else rng.choice(scheme.coordinators)
    clock = Clock(world)
    clock.last = occurred
    reported = clock.at(day if day < today else today)
    age = (today - day).days
    if age > 60:
        final = "closed" if world.chance(0.97) else "under_review"
    elif age > 7:
        final = world.pick({"closed": 6, "under_review": 3, "reported": 1})
    else:
        final = world.pick({"reported": 5, "under_review": 4, "closed": 1})
    incident_id = world.new_id(Incident)
    moves = [("", "reported", reporter, reported)]
    reviewed_by = closed_at = None
    if final in ("under_review", "closed"):
        reviewed_by = scheme.manager
        review_day = world.past(day + timedelta(days=rng.randint(0, 5)))
        moves.append(("reported", "under_review", scheme.manager, clock.at(review_day)))
    if final == "closed":
        closed_day = world.past(day + timedelta(days=rng.randint(3, 45)))
        closed_at = clock.at(closed_day)
        moves.append(("under_review", "closed", scheme.manager, closed_at))
    world.add(
        Incident,
        id=incident_id,
        scheme_id=scheme.id,
        kind=kind,
        occurred_at=occurred,
        location=rng.choice(LOCATIONS),
        person_id=person.id,
        household_id=household.id,
        others_involved="",
        what_happened=WHAT_HAPPENED[kind].format(n=person.known_as),
        harm=harm,
        injuries={Harm.MINOR: "A bruise and a graze.", Harm.SERIOUS: "A broken bone."}.get(harm, ""),
        medical_help=world.pick(HELP[harm]),
        police_involved=police,
        police_reference=f"PN-{incident_id:07d}" if police else "",
        immediate_action="Made them safe and comfortable and rang the coordinator.",
        is_safeguarding_worry=world.chance(0.02),
        status=final,
        reported_by_id=reporter,
        reported_at=reported,
        reviewed_by_id=reviewed_by,
        actions="Talked it through with the household; the risk plan was updated." if closed_at else "",
        lessons="Shared with the carers' group at the next meeting." if closed_at else "",
        closed_at=closed_at,
        withheld_reason="",
    )
    for from_status, to_status, by, at in moves:
        world.add(
            IncidentTransition,
            incident_id=incident_id,
            from_status=from_status,
            to_status=to_status,
            by_id=by,
            at=at,
            reason="",
        )
    facts = SimpleNamespace(kind=kind, harm=harm, police_involved=police)
    _notifications(world, scheme, rules.incident_triggers(facts), reported, incident_id=incident_id)


# --- Concerns and allegations ----------------------------------------------------------------------


def _concerns(world, scheme, person, homes: list[int], approved: list) -> None:
    since = max(person.since or world.start, world.start)
    for _ in range(_poisson(world, CONCERNS_PER_YEAR * _years(since, world.today))):
        _concern(world, scheme, person, homes, approved, world.day_between(since, world.today))


def _concern(world, scheme, person, homes, approved, day: date) -> None:
    rng, today = world.rng, world.today
    categories = [world.pick(CATEGORIES)]
    if world.chance(0.2):
        other = world.pick(CATEGORIES)
        if other not in categories:
            categories.append(other)
    household_id = None
    if world.chance(ABOUT_A_CARER):
        household_id = rng.choice(homes) if homes else (rng.choice(approved).id if approved else None)
    clock = Clock(world)
    raised = clock.at(day)
    lead = scheme.manager
    age = (today - day).days
    moves = [("", "raised", rng.choice(scheme.coordinators), raised)]
    values = {"referred_on": None, "enquiry_started_on": None, "outcome": "", "outcome_on": None}
    closed_at = None
    status = "raised"
    if age >= 1 or world.chance(0.5):
        values["referred_on"] = world.past(day + timedelta(days=rng.randint(0, 2)))
        moves.append(("raised", "referred", lead, clock.at(values["referred_on"])))
        status = "referred"
        enquiry = world.chance(0.6)
        enquiry_on = world.past(values["referred_on"] + timedelta(days=rng.randint(3, 21)))
        if enquiry and (today - enquiry_on).days >= 0 and age > 5:
            values["enquiry_started_on"] = enquiry_on
            moves.append(("referred", "enquiry", lead, clock.at(enquiry_on)))
            status = "enquiry"
        outcome_on = values["referred_on"] + timedelta(days=rng.randint(14, 120))
        if values["enquiry_started_on"]:
            outcome_on = max(outcome_on, values["enquiry_started_on"] + timedelta(days=7))
        if outcome_on < today:
            values["outcome"], values["outcome_on"] = world.pick(CONCERN_OUTCOMES), outcome_on
            moves.append((status, "outcome", lead, clock.at(outcome_on)))
            status = "outcome"
            closed_on = outcome_on + timedelta(days=rng.randint(2, 60))
            if closed_on < today:
                closed_at = clock.at(closed_on)
                moves.append(("outcome", "closed", lead, closed_at))
                status = "closed"
    concern_id = world.new_id(Concern)
    world.add(
        Concern,
        id=concern_id,
        scheme_id=scheme.id,
        person_id=person.id,
        categories=categories,
        summary=f"{person.known_as} told staff about something that worried them.",
        immediate_risk=world.chance(0.1),
        immediate_action="Talked with them and agreed how to keep them safe.",
        source_incident_id=None,
        about_household_id=household_id,
        about_carer_id=None,
        about_member_id=None,
        about_other=""
        if household_id
        else rng.choice(["A relative", "A neighbour", "Someone at college", ""]),
        status=status,
        raised_by_id=moves[0][2],
        raised_at=raised,
        lead_id=lead,
        council_reference=f"ASC-SG-{concern_id:06d}" if values["referred_on"] else "",
        council_contact="The council's adult safeguarding team" if values["referred_on"] else "",
        enquiry_by="The council's safeguarding social worker" if values["enquiry_started_on"] else "",
        outcome_note="",
        actions="The support plan and risk plan were updated." if closed_at else "",
        closed_at=closed_at,
        withheld_reason=WITHHELD if world.chance(0.02) else "",
        **values,
    )
    for from_status, to_status, by, at in moves:
        world.add(
            ConcernTransition,
            concern_id=concern_id,
            from_status=from_status,
            to_status=to_status,
            by_id=by,
            at=at,
            reason="",
        )
    if household_id is not None:
        world.add(
            Allegation,
            concern_id=concern_id,
            household_id=household_id,
            status="closed" if closed_at else "open",
            opened_at=raised,
            suspended_at=None,
            suspended_by_id=None,
            message_to_carers="",
            panel_decision_id=None,
            closed_at=closed_at,
        )
    facts = SimpleNamespace(categories=categories)
    _notifications(world, scheme, rules.concern_triggers(facts), raised, concern_id=concern_id)


# --- Notifications ---------------------------------------------------------------------------------


def _notifications(world, scheme, triggers: set, due_since: datetime, *, incident_id=None, concern_id=None):
    for trigger in rules.due_for(scheme.regulator, triggers):
        recent = (world.today - due_since.date()).days < 3
        sent = not recent or world.chance(0.4)
        sent_at = due_since + timedelta(hours=world.rng.randint(1, 30)) if sent else None
        if sent_at is not None and sent_at.date() > world.today:
            sent_at = due_since + timedelta(minutes=30)
        world.add(
            Notification,
            scheme_id=scheme.id,
            regulator=scheme.regulator,
            trigger=trigger,
            incident_id=incident_id,
            concern_id=concern_id,
            due_since=due_since,
            sent_at=sent_at,
            sent_how=world.pick({SentHow.PORTAL: 8, SentHow.EMAIL: 2}) if sent else "",
            regulator_reference=f"REG-{world.rng.randint(1000000, 9999999)}" if sent else "",
            sent_text=rules.form_name(scheme.regulator, trigger) if sent else "",
            sent_by_id=scheme.manager if sent else None,
        )


# --- Complaints and compliments --------------------------------------------------------------------


def _complaints(world, scheme, person, homes: list[int], households: dict) -> None:
    since = max(person.since or world.start, world.start)
    years = _years(since, world.today)
    for kind, rate in (
        (FeedbackKind.COMPLAINT, COMPLAINTS_PER_YEAR),
        (FeedbackKind.COMPLIMENT, COMPLIMENTS_PER_YEAR),
    ):
        for _ in range(_poisson(world, rate * years)):
            _feedback(world, scheme, person, homes, households, kind, world.day_between(since, world.today))


def _feedback(world, scheme, person, homes, households, kind: str, received: date) -> None:
    rng, today = world.rng, world.today
    compliment = kind == FeedbackKind.COMPLIMENT
    from_who = world.pick(COMPLIMENT_FROM if compliment else COMPLAINT_FROM)
    household_id = rng.choice(homes) if homes and world.chance(0.6) else None
    made_by = None
    if from_who == FeedbackFrom.PERSON and person.user and world.chance(0.5):
        made_by, name = person.user, person.known_as
    elif from_who == FeedbackFrom.FAMILY and world.chance(0.4):
        family = [user for _rep, user in person.viewers if user]
        made_by = family[0] if family else None
        name = f"{rng.choice(words.WOMEN + words.MEN)} {rng.choice(words.SURNAMES)}"
    elif from_who == FeedbackFrom.CARER and household_id and households[household_id].carer_user:
        made_by, name = households[household_id].carer_user, households[household_id].name
    else:
        name = (
            person.known_as
            if from_who == FeedbackFrom.PERSON
            else (
                households[household_id].name
                if from_who == FeedbackFrom.CARER and household_id
                else f"{rng.choice(words.WOMEN + words.MEN)} {rng.choice(words.SURNAMES)}"
            )
        )
    if from_who == FeedbackFrom.CARER:
        # A carer's complaint is about their own household and names no person (complaint_make).
        person_id = None
        if household_id is None:
            made_by = None
    else:
        person_id = person.id
    staff = rng.choice(scheme.coordinators)
    nation = REGULATOR_NATION[scheme.regulator]
    clock = Clock(world)
    created = clock.at(received)
    recorded_by = made_by or staff
    status, moves = "received", [("", "received", recorded_by, created)]
    acknowledged = add_working_days(received, rng.randint(1, ACKNOWLEDGE_DAYS + 1), nation)
    values = {
        "acknowledged_on": None,
        "investigator_id": None,
        "outcome": "",
        "response": "",
        "answered_on": None,
    }
    closed_at = None
    if acknowledged < today:
        values["acknowledged_on"] = acknowledged
        moves.append(("received", "acknowledged", staff, clock.at(acknowledged)))
        status = "acknowledged"
        if compliment:
            closed_at = clock.at(world.past(acknowledged + timedelta(days=rng.randint(0, 5))))
            moves.append(("acknowledged", "closed", staff, closed_at))
            status = "closed"
        else:
            answered = add_working_days(received, rng.randint(5, ANSWER_DAYS + 10), nation)
            if world.chance(0.5):
                investigate = world.past(acknowledged + timedelta(days=rng.randint(0, 4)))
                values["investigator_id"] = scheme.manager
                moves.append(("acknowledged", "investigating", staff, clock.at(investigate)))
                status = "investigating"
            if answered < today:
                values.update(
                    outcome=world.pick(COMPLAINT_OUTCOMES),
                    response="Thank you for telling us. We looked into it and here is what we found and "
                    "will do. If you are not happy with this answer you can ask the Ombudsman to look at it.",
                    answered_on=answered,
                )
                moves.append((status, "answered", scheme.manager, clock.at(answered)))
                status = "answered"
                closed_on = answered + timedelta(days=rng.randint(7, 40))
                if closed_on < today:
                    closed_at = clock.at(closed_on)
                    moves.append(("answered", "closed", staff, closed_at))
                    status = "closed"
    complaint_id = world.new_id(Complaint)
    world.add(
        Complaint,
        id=complaint_id,
        scheme_id=scheme.id,
        kind=kind,
        made_by_id=made_by,
        from_who=from_who,
        complainant_name=name,
        complainant_contact="",
        channel=Channel.PORTAL if made_by else world.pick(STAFF_CHANNELS),
        person_id=person_id,
        household_id=household_id,
        received_on=received,
        summary="Thank you for the lovely support."
        if compliment
        else "A visit was changed without telling us.",
        wanted_outcome="" if compliment else "To be told in good time.",
        status=status,
        recorded_by_id=recorded_by,
        acknowledge_by=add_working_days(received, ACKNOWLEDGE_DAYS, nation),
        answer_by=add_working_days(received, ANSWER_DAYS, nation),
        closed_at=closed_at,
        withheld_reason="",
        **values,
    )
    for from_status, to_status, by, at in moves:
        world.add(
            ComplaintTransition,
            complaint_id=complaint_id,
            from_status=from_status,
            to_status=to_status,
            by_id=by,
            at=at,
            reason="",
        )
