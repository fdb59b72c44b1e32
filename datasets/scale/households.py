"""Carer households: their carers, members, homes, approval lifecycle (transitions, panel
decisions, versions of approval terms), checks renewed over the years and unavailable periods."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from carers.check_rules import CHECK_RULES, CheckType
from carers.models import (
    ApprovalTerms,
    Availability,
    Carer,
    CarerSettings,
    Check,
    Household,
    HouseholdInterest,
    HouseholdLanguage,
    HouseholdMember,
    HouseholdStatus,
    HouseholdTransition,
    PanelDecision,
)
from carers.services import add_months
from sharedlives.accounts.models import User
from sharedlives.choices import ClientGroup, Faith, SupportType

from . import words
from .schemes import EMAIL_DOMAIN, SchemeInfo, add_user, person_name
from .world import World

S = HouseholdStatus
STATUS_WEIGHTS = {
    S.APPROVED: 722,
    S.PROBATION: 50,
    S.ON_HOLD: 40,
    S.SUSPENDED: 10,
    S.APPEALING: 3,
    S.RESIGNED: 60,
    S.DEREGISTERED: 15,
    S.ENQUIRY: 20,
    S.INITIAL_VISIT: 15,
    S.ASSESSMENT: 25,
    S.READY_FOR_PANEL: 10,
    S.DECLINED: 10,
    S.WITHDRAWN: 20,
}
APPROVED_ONCE = {S.APPROVED, S.PROBATION, S.ON_HOLD, S.SUSPENDED, S.APPEALING, S.RESIGNED, S.DEREGISTERED}
# The way to each status: (status reached, days after the previous step, low and high).
TO_PANEL = [(S.INITIAL_VISIT, 7, 30), (S.ASSESSMENT, 14, 45), (S.READY_FOR_PANEL, 60, 150)]
PATHS = {
    S.ENQUIRY: [],
    S.INITIAL_VISIT: TO_PANEL[:1],
    S.ASSESSMENT: TO_PANEL[:2],
    S.READY_FOR_PANEL: TO_PANEL,
    S.DECLINED: [*TO_PANEL, ("panel:decline", 14, 45)],
    S.WITHDRAWN: [TO_PANEL[0], (S.WITHDRAWN, 10, 60)],
}
CLIENT_GROUP_WEIGHTS = {
    ClientGroup.LEARNING_DISABILITY: 55,
    ClientGroup.AUTISM: 15,
    ClientGroup.MENTAL_HEALTH: 12,
    ClientGroup.OLDER_PEOPLE: 8,
    ClientGroup.DEMENTIA: 3,
    ClientGroup.PHYSICAL_DISABILITY: 5,
    ClientGroup.YOUNG_ADULTS_LEAVING_CARE: 2,
}
PERSONAL_AFTER_APPROVAL = [
    (CheckType.SAFEGUARDING, 1.0),
    (CheckType.FIRST_AID, 0.8),
    (CheckType.MENTAL_CAPACITY_ACT, 0.5),
    (CheckType.MEDICATION, 0.6),
    (CheckType.DATA_PROTECTION, 0.4),
]
LAPSING = [CheckType.HEALTH_SAFETY, CheckType.INSURANCE, CheckType.DBS, CheckType.SAFEGUARDING]
RULES = CarerSettings(scheme_id=0)  # every scheme keeps the default renewal periods


@dataclass
class HouseholdInfo:
    id: int
    scheme: SchemeInfo
    name: str
    status: str
    since: date | None = None  # the enquiry
    approved_on: date | None = None
    starts_until: date | None = None  # new arrangements start before this day
    ends_by: date | None = None  # every arrangement has ended by this day (resigned, de-registered)
    places: int = 0
    support_types: tuple = ()
    client_groups: tuple = ()
    has_pets: bool = False
    smokes: bool = False
    has_children: bool = False
    level: bool = False
    main_gender: str = ""
    carer_user: int | None = None
    slots: list = field(default_factory=list)  # one list of (start, end or None) per place

    @property
    def is_approved_now(self) -> bool:
        return self.status in (S.APPROVED, S.PROBATION)

    def free_slot(self, start: date, end: date | None) -> int | None:
        """A place free from `start` to `end` (exclusive; None: open-ended), within the approval."""
        if self.approved_on is None or start < self.approved_on or start >= self.starts_until:
            return None
        if self.ends_by is not None and (end is None or end > self.ends_by):
            return None
        for index, taken in enumerate(self.slots):
            if all((end is not None and end <= s) or (e is not None and e <= start) for s, e in taken):
                return index
        return None


def build(world: World) -> None:
    carer_users = 0
    largest = max(world.schemes, key=lambda s: (s.size, -s.id))
    for scheme in world.schemes:
        world.tick()
        forced_users = 3 if scheme is largest else 0
        for _ in range(scheme.size):
            status = world.pick(STATUS_WEIGHTS)
            wants_user = status in APPROVED_ONCE - {S.RESIGNED, S.DEREGISTERED} and world.chance(0.4)
            if forced_users and status in (S.APPROVED, S.PROBATION):
                wants_user, forced_users = True, forced_users - 1
            user_no = None
            if wants_user:
                carer_users += 1
                user_no = carer_users
            world.households[scheme.id].append(_household(world, scheme, status, user_no))


def _timeline(world: World, status: str) -> list[tuple[date, str]]:
    """Dated steps from the enquiry to today's status: (day, step). Steps starting with "panel:" are
    panel decisions; the others are status changes."""
    rng, today = world.rng, world.today
    steps = [*TO_PANEL, ("panel:approve", 14, 45)] if status in APPROVED_ONCE else PATHS[status]
    if status in APPROVED_ONCE and status != S.PROBATION and world.chance(0.55):
        # Most of today's carers were approved before the period began or early in it.
        enquiry = world.day_between(world.start - timedelta(days=300), world.start)
    elif status in APPROVED_ONCE:
        enquiry = world.day_between(world.start, today - timedelta(days=330))
    elif status in (S.ENQUIRY, S.INITIAL_VISIT, S.ASSESSMENT, S.READY_FOR_PANEL):
        enquiry = today - timedelta(days=rng.randint(0, 60) + sum(low for _s, low, _h in steps))
    else:
        enquiry = world.day_between(world.start, today - timedelta(days=120))
    events = [(enquiry, S.ENQUIRY)]
    day = enquiry
    for step, low, high in steps:
        day = day + timedelta(days=rng.randint(low, high))
        events.append((day, step))
    if status == S.PROBATION:
        # Approved on probation within the last year.
        shift = events[-1][0] - (today - timedelta(days=rng.randint(10, 330)))
        events = [(d - shift, "panel:approve_probation" if s == "panel:approve" else s) for d, s in events]
    overshoot = (events[-1][0] - today).days
    if overshoot > 0:
        events = [(d - timedelta(days=overshoot), s) for d, s in events]
    approved = events[-1][0]
    later = world.day_between(approved + timedelta(days=120), today)
    if status == S.APPROVED and world.chance(0.1) and approved + timedelta(days=240) < today:
        events[-1] = (approved, "panel:approve_probation")
        events.append((approved + timedelta(days=rng.randint(180, 240)), S.APPROVED))
    if status == S.APPROVED and world.chance(0.15) and approved + timedelta(days=400) < today:
        events.append((world.day_between(approved + timedelta(days=365), today), "panel:review_approve"))
    if status in (S.ON_HOLD, S.SUSPENDED, S.RESIGNED):
        events.append((later, status))
    elif status in (S.DEREGISTERED, S.APPEALING):
        events.append((later, "panel:deregister"))
        if status == S.APPEALING:
            events.append((min(today, later + timedelta(days=rng.randint(5, 40))), S.APPEALING))
    return sorted(events, key=lambda e: e[0])


def _household(world: World, scheme: SchemeInfo, status: str, user_no: int | None) -> HouseholdInfo:
    rng = world.rng
    joint = world.chance(0.45)
    genders = [world.pick({"woman": 68, "man": 30, "non_binary": 2})]
    if joint:
        genders.append(
            "man" if genders[0] == "woman" and world.chance(0.85) else world.pick({"woman": 1, "man": 1})
        )
    people = [person_name(world, g) for g in genders]
    surname = people[0][1]
    if joint:
        name = f"{people[0][0]} and {people[1][0]} {surname}"
        people[1] = (people[1][0], surname)
    else:
        name = f"{people[0][0]} {surname}"
    postcode, east, north = rng.choice(scheme.postcodes)
    events = _timeline(world, status)
    enquiry = events[0][0]
    has_pets = world.chance(0.35)
    smoking = world.pick({"none": 85, "outside": 13, "inside": 2})
    level = world.chance(0.3)
    hh = HouseholdInfo(
        id=world.new_id(Household),
        scheme=scheme,
        name=name,
        status=status,
        since=enquiry,
        has_pets=has_pets,
        smokes=smoking != "none",
        level=level,
        main_gender=genders[0],
    )
    experience = sorted(
        {world.pick(CLIENT_GROUP_WEIGHTS) for _ in range(rng.randint(1, 3))}, key=ClientGroup.values.index
    )
    world.add(
        Household,
        id=hh.id,
        scheme_id=scheme.id,
        name=name,
        status=status,
        status_note="",
        current_terms_id=None,
        address=f"{rng.randint(1, 140)} {rng.choice(words.STREETS)} {rng.choice(words.STREET_KINDS)}\n"
        f"{scheme.name.removesuffix(' Shared Lives')}",
        postcode=postcode,
        easting=east,
        northing=north,
        about_us=rng.choice(words.ABOUT_US),
        has_pets=has_pets,
        pets=rng.choice(words.PETS) if has_pets else "",
        smoking=smoking,
        spare_rooms=rng.choice([0, 1, 1, 1, 2, 2, 3]),
        ground_floor_bedroom=level or world.chance(0.1),
        level_access=level,
        adapted_bathroom=level and world.chance(0.5),
        hoist=level and world.chance(0.15),
        faith=world.pick(
            {
                "": 20,
                Faith.NONE: 35,
                Faith.CHRISTIAN: 30,
                Faith.MUSLIM: 7,
                Faith.HINDU: 3,
                Faith.SIKH: 2,
                Faith.JEWISH: 1,
                Faith.BUDDHIST: 1,
                Faith.OTHER: 1,
            }
        ),
        culture=rng.choice(words.CULTURES),
        experience=experience,
        created_at=world.at(enquiry),
        updated_at=world.at(events[-1][0]),
    )
    carer_ids = []
    for position, ((first, last), gender) in enumerate(zip(people, genders, strict=True), start=1):
        user_id = None
        email = ""
        if position == 1 and user_no is not None:
            email = f"carer{user_no}@{EMAIL_DOMAIN}"
            user_id = add_user(
                world,
                scheme_id=scheme.id,
                email=email,
                full_name=f"{first} {last}",
                kind=User.Kind.CARER,
                joined=events[-1][0],
            )
            hh.carer_user = user_id
        carer_ids.append(
            world.add(
                Carer,
                household_id=hh.id,
                position=position,
                first_name=first,
                last_name=last,
                gender=gender,
                phone=f"07700 9{rng.randint(0, 99999):05d}",
                email=email,
                user_id=user_id,
            )
        )
    _members(world, hh)
    for language in _some(world, world.languages[1:], 0.25, first=world.languages[0]):
        world.add(HouseholdLanguage, household_id=hh.id, language_id=language)
    for interest in rng.sample(world.interests, rng.randint(2, 6)):
        world.add(HouseholdInterest, household_id=hh.id, interest_id=interest)
    _lifecycle(world, hh, events, experience)
    _checks(world, hh, carer_ids, events)
    if hh.approved_on and world.chance(0.15):
        starts = world.day_between(world.today - timedelta(days=200), world.today + timedelta(days=120))
        world.add(
            Availability,
            household_id=hh.id,
            starts_on=starts,
            ends_on=starts + timedelta(days=rng.randint(3, 21)),
            reason=world.pick({"holiday": 6, "illness": 2, "family": 1, "other": 1}),
            note="",
        )
    return hh


def _some(world: World, pool: list, p: float, *, first=None) -> list:
    chosen = [first] if first is not None else []
    if world.chance(p):
        chosen.append(world.rng.choice(pool))
    return chosen


def _members(world: World, hh: HouseholdInfo) -> None:
    rng = world.rng
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
        relationship, band = rng.choice(words.MEMBERS)
        first, _last = person_name(world, world.pick({"woman": 1, "man": 1}))
        left = world.day_between(world.start, world.today) if world.chance(0.08) else None
        if band in ("under_5", "5_11", "12_17") and left is None:
            hh.has_children = True
        world.add(
            HouseholdMember,
            household_id=hh.id,
            name=f"{first} {hh.name.split()[-1]}",
            relationship=relationship,
            age_band=band,
            left_on=left,
        )


def _lifecycle(world: World, hh: HouseholdInfo, events: list, experience: list) -> None:
    """Transitions, panel decisions and approval terms for the dated steps of `events`."""
    rng = world.rng
    scheme = hh.scheme
    coordinator = rng.choice(scheme.coordinators)
    status = ""
    version = 0
    terms_id = None
    support_types = _support_types(world)
    groups = sorted(set(experience) | {world.pick(CLIENT_GROUP_WEIGHTS)}, key=ClientGroup.values.index)
    places = world.pick({1: 55, 2: 35, 3: 10})
    for day, step in events:
        decision_id = None
        to_status = step
        if step.startswith("panel:"):
            kind = step.split(":", 1)[1]
            decision = {"decline": "decline", "deregister": "deregister"}.get(kind, "approve")
            decision_id = world.add(
                PanelDecision,
                household_id=hh.id,
                decided_on=day,
                decision=decision,
                decision_maker=f"{scheme.manager_name}, registered manager",
                minutes="Panel met the household's assessor." if decision == "approve" else "",
                conditions="",
                recorded_by_id=scheme.manager,
                recorded_at=world.at(day),
            )
            if decision == "approve":
                version += 1
                if kind == "review_approve":
                    places = min(3, places + 1)
                terms_id = world.add(
                    ApprovalTerms,
                    household_id=hh.id,
                    version=version,
                    panel_decision_id=decision_id,
                    max_people=places,
                    support_types=support_types,
                    client_groups=groups,
                    effective_from=day,
                    created_at=world.at(day),
                )
                hh.approved_on = hh.approved_on or day
            to_status = {
                "approve": S.APPROVED,
                "approve_probation": S.PROBATION,
                "review_approve": None,
                "decline": S.DECLINED,
                "deregister": S.DEREGISTERED,
            }[kind]
        if to_status is None:
            continue
        manager_only = to_status == S.SUSPENDED or decision_id is not None
        world.add(
            HouseholdTransition,
            household_id=hh.id,
            from_status=status,
            to_status=to_status,
            by_id=scheme.manager if manager_only else coordinator,
            at=world.at(day),
            reason="",
            panel_decision_id=decision_id,
        )
        status = to_status
        if status in (S.ON_HOLD, S.SUSPENDED):
            hh.starts_until = day
        if status in (S.RESIGNED, S.DEREGISTERED):
            hh.starts_until = hh.ends_by = hh.ends_by or day
    assert status == hh.status, (status, hh.status)
    if terms_id is not None:
        world.current_terms.append((hh.id, terms_id))
        hh.places = places
        hh.support_types = tuple(support_types)
        hh.client_groups = tuple(groups)
        hh.slots = [[] for _ in range(places)]
        if hh.starts_until is None:
            hh.starts_until = world.today + timedelta(days=3650)


def _support_types(world: World) -> list[str]:
    chosen = [
        t
        for t, p in (
            (SupportType.LONG_TERM, 0.62),
            (SupportType.SHORT_BREAK, 0.42),
            (SupportType.DAY_SUPPORT, 0.3),
            (SupportType.EMERGENCY, 0.1),
            (SupportType.INTERMEDIATE_CARE, 0.05),
        )
        if world.chance(p)
    ]
    return chosen or [SupportType.LONG_TERM]


def _checks(world: World, hh: HouseholdInfo, carer_ids: list[int], events: list) -> None:
    """Checks done during assessment and after approval, renewed before they expire until today
    (or until the household left). A few households let one mandatory check lapse."""
    days = {step: day for day, step in events}
    assessed = days.get(S.ASSESSMENT)
    if assessed is None:
        return
    end = hh.ends_by or world.today
    approved = hh.approved_on
    lapsed = None
    # A few carers let a mandatory check lapse; more of those on hold or suspended.
    if (hh.status == S.APPROVED and world.chance(0.04)) or (
        hh.status in (S.ON_HOLD, S.SUSPENDED) and world.chance(0.3)
    ):
        lapsed = world.rng.choice(LAPSING)
    verifier = world.rng.choice(hh.scheme.coordinators)

    def chain(check_type, first_done, carer_id=None, title=""):
        _record_chain(world, hh, check_type, first_done, end, carer_id, title, verifier, lapsed == check_type)

    def after(day, low, high):
        return min(end, day + timedelta(days=world.rng.randint(low, high)))

    for carer_id in carer_ids:
        chain(CheckType.DBS, after(assessed, 0, 20), carer_id)
        chain(CheckType.REFERENCE_1, after(assessed, 5, 40), carer_id)
        chain(CheckType.REFERENCE_2, after(assessed, 5, 40), carer_id)
        if S.READY_FOR_PANEL in days:
            chain(CheckType.MEDICAL, after(assessed, 20, 60), carer_id)
        if approved:
            for check_type, p in PERSONAL_AFTER_APPROVAL:
                if world.chance(p):
                    chain(check_type, after(approved, -40, 60), carer_id)
            if world.chance(0.3):
                chain(
                    CheckType.AWARENESS,
                    after(approved, 0, 400),
                    carer_id,
                    world.rng.choice(words.AWARENESS_COURSES),
                )
    if S.READY_FOR_PANEL in days:
        chain(CheckType.HEALTH_SAFETY, after(assessed, 20, 60))
        chain(CheckType.INSURANCE, after(assessed, 10, 60))
        if world.chance(0.85):
            chain(CheckType.GAS_SAFETY, after(assessed, 10, 60))
        if world.chance(0.3):
            chain(CheckType.LANDLORD, after(assessed, 10, 60))
    if approved and approved + timedelta(days=365) <= end:
        chain(CheckType.CARER_REVIEW, after(approved, 330, 380))


def _record_chain(world, hh, check_type, first_done, end, carer_id, title, verifier, lapse) -> None:
    months = RULES.renewal_months(check_type)
    done_dates = [min(first_done, world.today)]
    if months:
        while True:
            expires = add_months(done_dates[-1], months)
            renewed = expires - timedelta(days=world.rng.randint(0, 45))
            if renewed > end:
                break
            if lapse and add_months(renewed, months) > world.today and expires < world.today:
                break  # not renewed in time: the current record has expired
            done_dates.append(max(renewed, done_dates[-1] + timedelta(days=1)))
    last = len(done_dates) - 1
    for index, done in enumerate(done_dates):
        world.add(
            Check,
            household_id=hh.id,
            carer_id=carer_id if CHECK_RULES[check_type].per_carer else None,
            check_type=check_type,
            title=title,
            done_on=done,
            expires_on=add_months(done, months) if months else None,
            is_current=index == last,
            evidence="Seen and copied to the carer's file.",
            verified_by_id=verifier,
            recorded_at=world.at(world.past(done + timedelta(days=world.rng.randint(0, 5)))),
        )
