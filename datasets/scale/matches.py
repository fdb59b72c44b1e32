"""People's referrals and what came of them: proposals answered by both sides, introductions,
arrangements with their transitions, agreements, reviews and bookings.

Households are chosen the way a coordinator would: approved at the time, approved for the support
wanted and the person's client group, without the person's deal-breakers, and with a free place
for the whole arrangement. A household's places are kept as one timeline per place, so that no
night ever has more people than the household is approved for; the database checks it again.
"""

from datetime import date, timedelta

from arrangements.models import Arrangement, Booking
from matching.models import Introduction, MatchProposal, ProposalTransition, RepresentativeOpinion, Response
from people.models import Referral, ReferralTransition
from sharedlives.choices import ClientGroup, SupportType

from . import arrangements, persons, stories, words
from .arrangements import BOOKED, Plan
from .households import CLIENT_GROUP_WEIGHTS, HouseholdInfo
from .persons import PersonInfo
from .world import Clock, World

FREQUENCY = {SupportType.SHORT_BREAK: "One weekend a month", SupportType.DAY_SUPPORT: "Two days a week"}
# The people every dataset has in its largest scheme, so that every status is there and the
# benchmark finds a person, a family member and carers with something to answer.
SAMPLES = [
    {"outcome": "open:proposed", "final": "proposed_unanswered", "decider": "person"},
    {"outcome": "open:proposed", "final": "proposed_unanswered", "decider": "representative"},
    {"outcome": "open:draft"},
    {"outcome": "open:introductions"},
    {"outcome": "open:agreed"},
    {"outcome": "matched", "failures": ["declined:carer_interest", "withdrawn", "lapsed"]},
    {"outcome": "matched", "failures": ["declined:agreement", "declined:person_interest"]},
]


def build(world: World) -> None:
    users = {"person": persons.Counter(), "family": persons.Counter()}
    largest = max(world.schemes, key=lambda s: (s.size, -s.id))
    for scheme in world.schemes:
        world.tick()
        households = [h for h in world.households[scheme.id] if h.approved_on is not None]
        samples = list(SAMPLES) if scheme is largest else []
        for _ in range(scheme.people):
            _person(world, scheme, households, samples.pop(0) if samples else {}, users)
    # In order of start: each new live-in arrangement is then checked for its own first day only,
    # and each household's latest bookings go in first, so each new one has few to be counted with.
    table = world.table(Arrangement)
    start = table.fields.index("start_date")
    table.rows.sort(key=lambda row: (row[start], row[0]))
    world.bookings.sort(key=lambda b: (b["household_id"], -b["starts_on"].toordinal(), b["session"]))
    for booking in world.bookings:
        world.add(Booking, **booking)
    world.bookings.clear()


def _person(world: World, scheme, households: list, sample: dict, users: dict) -> None:
    support_type = SupportType.LONG_TERM if sample else world.pick(stories.SUPPORT_TYPES)
    group = (
        ClientGroup.OLDER_PEOPLE
        if support_type == SupportType.INTERMEDIATE_CARE
        else world.pick(CLIENT_GROUP_WEIGHTS)
    )
    outcome = sample.get("outcome") or world.pick(stories.OUTCOMES)
    story = stories.plan(
        world, outcome, support_type, failures=sample.get("failures"), final=sample.get("final")
    )
    received = _place(world, story)
    decider = sample.get("decider")
    if decider == "person":
        users["person_forced"] = True
    elif decider == "representative":
        users["family_forced"] = True
    person = persons.build_person(world, scheme, group=group, received=received, decider=decider, users=users)
    arrangement = _referral(world, person, story, received, households, prefer_users=bool(sample))
    if arrangement is None or sample:
        return
    # Some people are referred again: a second kind of short-term support, or a new home.
    if support_type in BOOKED and world.chance(0.1):
        again = arrangement.start + timedelta(days=world.rng.randint(60, 600))
        other = (
            SupportType.DAY_SUPPORT if support_type == SupportType.SHORT_BREAK else SupportType.SHORT_BREAK
        )
    elif support_type == SupportType.LONG_TERM and arrangement.status == "ended" and world.chance(0.3):
        again, other = arrangement.end + timedelta(days=world.rng.randint(0, 30)), support_type
    else:
        return
    if again > world.today:
        return
    # The furthest this referral has got by today; "received" always fits.
    for outcome in (_outcome_since(world, again), "assessment", "screening", "received"):
        story = stories.plan(world, outcome, other)
        if again + timedelta(days=story.last) <= world.today:
            break
    _referral(world, person, story, again, households, prefer_users=False)


def _outcome_since(world: World, received: date) -> str:
    waited = (world.today - received).days
    if waited < 20:
        return world.pick({"received": 1, "screening": 1})
    if waited < 60:
        return "assessment"
    return world.pick({"matched": 85, "matching": 10, "closed:withdrawn": 5})


def _place(world: World, story) -> date:
    """The day the referral arrived: open stories end about now, finished ones any time before."""
    if stories.is_open(story.outcome):
        return world.today - timedelta(days=story.last + world.rng.randint(0, 3))
    latest = world.today - timedelta(days=story.last)
    return world.day_between(world.start, latest) if latest > world.start else latest


def _suits(h: HouseholdInfo, person: PersonInfo, support_type: str, strict: bool) -> bool:
    if support_type not in h.support_types:
        return False
    if not strict:
        return True
    return (
        person.client_group in h.client_groups
        and not (person.no_pets and h.has_pets)
        and not (person.no_smoking and h.smokes)
        and not (person.no_children and h.has_children)
        and not (person.needs_level and not h.level)
        and person.carer_gender in ("no_preference", h.main_gender)
    )


def _find(world, households, person, support_type, *, on: date, plan=None, now=False, avoid=(), users=False):
    """A household for a proposal made on `on`: approved then (and now, with `now`), and with a free
    place for the whole of `plan` when given. The person's wishes count first, then only the support
    type; with `users`, households whose carer signs in are tried first."""
    if not households:
        return None, None
    offset = world.rng.randrange(len(households))
    ordered = households[offset:] + households[:offset]
    passes = [(True, True), (False, True)] if users else []
    for strict, need_user in [*passes, (True, False), (False, False)]:
        for h in ordered:
            if h.id in avoid or (need_user and h.carer_user is None):
                continue
            if h.approved_on > on or on >= h.starts_until or (h.ends_by is not None and on >= h.ends_by):
                continue
            if (now and not h.is_approved_now) or not _suits(h, person, support_type, strict):
                continue
            if plan is None:
                return h, None
            slot = h.free_slot(plan.start, plan.end)
            if slot is not None:
                return h, slot
    return None, None


def _referral(
    world: World, person: PersonInfo, story, received: date, households, *, prefer_users
) -> Plan | None:
    """Write the referral, its proposals and any arrangement. Returns the arrangement's plan."""
    today = world.today
    on = lambda offset: received + timedelta(days=offset)  # noqa: E731
    placed = []
    avoid = set()
    arrangement = None
    for index, proposal in enumerate(story.proposals):
        created = on(proposal.created)
        is_last = index == len(story.proposals) - 1
        plan = slot = None
        if proposal.outcome == "confirmed":
            confirm_day, gap = next((on(d), g) for d, a, g in proposal.actions if a == "confirm")
            plan = arrangements.plan(world, story.support_type, confirm_day + timedelta(days=gap))
            household, slot = _find(
                world, households, person, story.support_type, on=created, plan=plan, avoid=avoid
            )
        elif is_last and stories.is_open(story.outcome):
            # Open now: a household approved today; one agreed already has room from the wanted start.
            room = arrangements.plan(world, story.support_type, today + timedelta(days=30))
            room.status = "active"
            household, _slot = _find(
                world,
                households,
                person,
                story.support_type,
                on=created,
                plan=room if proposal.outcome == "agreed" else None,
                now=True,
                avoid=avoid,
                users=prefer_users,
            )
        else:
            household, _slot = _find(world, households, person, story.support_type, on=created, avoid=avoid)
        if household is None:
            continue
        avoid.add(household.id)
        if plan is not None:
            household.slots[slot].append((plan.start, plan.end))
            arrangement = plan
        placed.append((proposal, household, plan))
    steps = list(story.steps)
    closed_reason = story.closed_reason
    if story.outcome == "matched" and arrangement is None:
        # Nobody had room: the referral waits, or was closed when no carer could be found.
        waited_from = on(max([steps[-1][0], *(p.last for p, _h, _a in placed)]))
        if waited_from + timedelta(days=180) <= today:
            closed_on = world.day_between(waited_from + timedelta(days=90), today)
            steps.append(((closed_on - received).days, "closed"))
            closed_reason = "no_carer_found"
    referral_id = world.new_id(Referral)
    staff = world.rng.choice(person.scheme.coordinators)
    wanted = received + timedelta(days=world.rng.randint(30, 90))
    for proposal, household, plan in placed:
        confirmed = _proposal(
            world, person, referral_id, household, proposal, received, story.support_type, wanted, plan
        )
        if confirmed is not None:
            steps.append(((confirmed - received).days, "matched"))
    steps.sort(key=lambda s: s[0])
    clock = Clock(world)
    status = ""
    moment = None
    for offset, to in steps:
        moment = clock.at(on(offset))
        world.add(
            ReferralTransition,
            referral_id=referral_id,
            from_status=status,
            to_status=to,
            by_id=staff,
            at=moment,
            reason="Arrangement confirmed." if to == "matched" else "",
        )
        status = to
    known_as = person.known_as
    world.add(
        Referral,
        id=referral_id,
        person_id=person.id,
        status=status,
        closed_reason=closed_reason if status == "closed" else "",
        support_type=story.support_type,
        client_groups=[person.client_group],
        wanted_from=wanted,
        frequency=FREQUENCY.get(story.support_type, ""),
        reasons=world.rng.choice(words.REASONS).format(n=known_as),
        urgency={SupportType.EMERGENCY: "emergency", SupportType.INTERMEDIATE_CARE: "urgent"}.get(
            story.support_type, world.pick({"routine": 75, "soon": 18, "urgent": 7})
        ),
        referrer_name=world.rng.choice(words.REFERRERS),
        referrer_organisation=f"{person.scheme.name.removesuffix(' Shared Lives')} adult social care",
        referrer_phone="01632 961000",
        referrer_email="",
        documents_noted="Care act assessment; support plan.",
        received_on=received,
        status_changed_at=moment,
        created_at=world.at(received),
    )
    return arrangement


def _person_side(world: World, person: PersonInfo, staff: int) -> dict:
    """Who gives the person's answer, on what basis, the way the service decides it."""
    if person.decider == "person":
        if person.user and world.chance(0.5):
            return {"basis": "own_decision", "channel": "portal", "recorded_by_id": person.user}
        return {
            "basis": "own_decision",
            "channel": world.pick({"in_person": 3, "phone": 2, "letter": 1}),
            "recorded_by_id": staff,
        }
    if person.decider == "representative":
        rep_id, rep_user, basis = person.welfare_rep
        if rep_user and world.chance(0.6):
            return {
                "basis": basis,
                "channel": "portal",
                "recorded_by_id": rep_user,
                "representative_id": rep_id,
            }
        return {
            "basis": basis,
            "channel": world.pick({"phone": 1, "in_person": 1}),
            "recorded_by_id": staff,
            "representative_id": rep_id,
        }
    return {
        "basis": "best_interests",
        "channel": "in_person",
        "recorded_by_id": staff,
        "consulted": "Family, social worker and day service staff",
    }


def _carer_side(world: World, household: HouseholdInfo, staff: int) -> dict:
    if household.carer_user and world.chance(0.5):
        return {"basis": "own_decision", "channel": "portal", "recorded_by_id": household.carer_user}
    return {
        "basis": "own_decision",
        "channel": world.pick({"phone": 2, "in_person": 1}),
        "recorded_by_id": staff,
    }


def _proposal(world, person, referral_id, household, plan_, received, support_type, wanted, arrangement):
    """Write one proposal and what happened to it, following the services' rules for the status.
    Returns the day it was confirmed, if it was."""
    rng = world.rng
    scheme = person.scheme
    staff = rng.choice(scheme.coordinators)
    proposal_id = world.new_id(MatchProposal)
    clock = Clock(world)
    status = ""
    latest: dict = {}
    deadline = None
    moved_at = created_at = confirmed = None

    def move(to, *, by, moment, reason=""):
        nonlocal status, moved_at
        world.add(
            ProposalTransition,
            proposal_id=proposal_id,
            from_status=status,
            to_status=to,
            by_id=by,
            at=moment,
            reason=reason,
        )
        status, moved_at = to, moment

    for offset, action, detail in plan_.actions:
        day = received + timedelta(days=offset)
        moment = clock.at(day)
        if action == "create":
            created_at = moment
            move("draft", by=staff, moment=moment)
        elif action == "send":
            deadline = day + timedelta(days=7)
            move("proposed", by=staff, moment=moment)
        elif action == "answer":
            side, answer = detail
            round_ = "interest" if answer in ("interested", "not_interested") else "agreement"
            if answer == "withdraw":
                round_ = "interest" if status == "proposed" else "agreement"
            who = (
                _person_side(world, person, staff)
                if side == "person"
                else _carer_side(world, household, staff)
            )
            note = rng.choice(words.DECLINE_NOTES) if answer in ("not_interested", "decline") else ""
            world.add(
                Response,
                proposal_id=proposal_id,
                side=side,
                round=round_,
                answer=answer,
                representative_id=who.get("representative_id"),
                consulted=who.get("consulted", ""),
                note=note,
                at=moment,
                basis=who["basis"],
                channel=who["channel"],
                recorded_by_id=who["recorded_by_id"],
            )
            latest[(round_, side)] = answer
            if answer not in ("interested", "agree"):
                label = "carer household" if side == "carer" else "person side"
                move(
                    "declined",
                    by=who["recorded_by_id"],
                    moment=moment,
                    reason=f"Said no ({label}). {note}".strip(),
                )
            elif all(latest.get((round_, s)) == answer for s in ("carer", "person")):
                move(
                    "introductions" if answer == "interested" else "agreed",
                    by=who["recorded_by_id"],
                    moment=moment,
                )
        elif action == "introduction":
            carer_says, person_says = rng.choice(words.INTRO_FEEDBACK)
            world.add(
                Introduction,
                proposal_id=proposal_id,
                kind=detail,
                happened_on=day,
                attended=f"{person.known_as}, the carers, coordinator",
                carer_feedback=carer_says,
                person_feedback=person_says,
                recorded_by_id=staff,
                recorded_at=moment,
            )
        elif action == "withdraw":
            move("withdrawn", by=staff, moment=moment, reason=rng.choice(words.WITHDRAW_REASONS))
        elif action == "lapse":
            move("lapsed", by=None, moment=moment, reason=f"No answer from the carers by {deadline}.")
        elif action == "confirm":
            confirmed = day
            arrangements.add(world, person, proposal_id, household, support_type, arrangement, moment, staff)
            move("confirmed", by=staff, moment=moment)
    if status != "draft" and person.viewers and world.chance(0.25):
        rep_id, rep_user = rng.choice(person.viewers)
        sent_day = received + timedelta(days=plan_.actions[1][0])
        world.add(
            RepresentativeOpinion,
            proposal_id=proposal_id,
            representative_id=rep_id,
            view=world.pick({"support": 6, "concerns": 3, "object": 1}),
            comment="",
            recorded_by_id=rep_user or staff,
            at=world.at(world.past(sent_day + timedelta(days=rng.randint(0, 3)))),
        )
    world.add(
        MatchProposal,
        id=proposal_id,
        scheme_id=scheme.id,
        referral_id=referral_id,
        person_id=person.id,
        household_id=household.id,
        status=status,
        support_type=support_type,
        proposed_start=wanted,
        carer_deadline=deadline,
        score=rng.randint(25, 95),
        reasons=arrangements.reasons_json(world, support_type, person),
        note="",
        created_by_id=staff,
        created_at=created_at,
        status_changed_at=moved_at,
    )
    return confirmed
