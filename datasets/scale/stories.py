"""The shape of each referral's story, before it is placed in time or given a household.

A story is a list of dated actions, in days after the referral arrived: the referral's own steps,
then proposals, each with its actions (sent, answered by each side, introductions, withdrawn by
staff, lapsed, confirmed). The proposal and referral statuses follow from the actions when the
rows are written, by the same rules as the services, so they always agree with the answers.
"""

from dataclasses import dataclass, field

from sharedlives.choices import SupportType

from .world import World

OUTCOMES = {
    "received": 2,
    "screening": 2,
    "assessment": 3,
    "matching": 3,
    "open:draft": 1,
    "open:proposed": 3,
    "open:introductions": 2,
    "open:agreed": 1,
    "matched": 74,
    "closed:withdrawn": 2,
    "closed:unsuitable": 2,
    "closed:no_carer_found": 3,
}
OPEN_OUTCOMES = {"received", "screening", "assessment", "matching"} | {
    o for o in OUTCOMES if o.startswith("open:")
}
FAILURES = {
    "declined:carer_interest": 22,
    "declined:person_interest": 16,
    "declined:agreement": 12,
    "declined:withdraw_yes": 5,
    "withdrawn": 25,
    "lapsed": 20,
}
SUPPORT_TYPES = {
    SupportType.LONG_TERM: 58,
    SupportType.SHORT_BREAK: 27,
    SupportType.DAY_SUPPORT: 17,
    SupportType.EMERGENCY: 1.5,
    SupportType.INTERMEDIATE_CARE: 1.5,
}
STEPS = [("screening", 1, 10), ("assessment", 5, 30), ("matching", 10, 60)]
INTRODUCTIONS = {
    SupportType.LONG_TERM: ["meeting", "tea_visit", "day_visit", "overnight", "trial_stay"],
    SupportType.SHORT_BREAK: ["meeting", "tea_visit", "overnight"],
    SupportType.DAY_SUPPORT: ["meeting", "day_visit"],
    SupportType.EMERGENCY: ["meeting"],
    SupportType.INTERMEDIATE_CARE: ["meeting"],
}


@dataclass
class ProposalPlan:
    outcome: str
    actions: list = field(default_factory=list)  # (day, action, detail)

    @property
    def created(self) -> int:
        return self.actions[0][0]

    @property
    def last(self) -> int:
        return self.actions[-1][0]


@dataclass
class Story:
    outcome: str
    support_type: str
    steps: list = field(default_factory=list)  # (day, referral status)
    proposals: list = field(default_factory=list)
    closed_reason: str = ""

    @property
    def last(self) -> int:
        days = [d for d, _s in self.steps] + [p.last for p in self.proposals]
        return max(days)


def plan(
    world: World, outcome: str, support_type: str, *, failures: list | None = None, final: str | None = None
) -> Story:
    """A story with this outcome, in days after the referral arrived (day 0). `failures` are the
    outcomes of the proposals that came to nothing first; `final` that of the open proposal."""
    rng = world.rng
    story = Story(outcome=outcome, support_type=support_type)
    quick = support_type in (SupportType.EMERGENCY, SupportType.INTERMEDIATE_CARE)
    day = 0
    story.steps.append((0, "received"))
    reached = {"received": 0, "screening": 1, "assessment": 2}.get(outcome, 3)
    if outcome in ("closed:withdrawn", "closed:unsuitable"):
        reached = rng.randint(0, 2)  # closed before matching began
    for status, low, high in STEPS[:reached]:
        day += rng.randint(low, high) if not quick else rng.randint(0, 2)
        story.steps.append((day, status))
    if outcome in ("closed:withdrawn", "closed:unsuitable"):
        story.steps.append((day + rng.randint(5, 40), "closed"))
        story.closed_reason = outcome.split(":")[1]
        return story
    if outcome in ("received", "screening", "assessment"):
        return story
    if failures is None:
        count = world.pick({1: 60, 2: 40} if outcome == "closed:no_carer_found" else {0: 60, 1: 28, 2: 12})
        failures = [world.pick(FAILURES) for _ in range(count)]
    for failure in failures:
        day += rng.randint(3, 30)
        proposal = proposal_plan(world, failure, day, support_type)
        story.proposals.append(proposal)
        day = proposal.last
    if outcome == "closed:no_carer_found":
        story.steps.append((day + rng.randint(10, 60), "closed"))
        story.closed_reason = "no_carer_found"
    elif outcome == "matched":
        story.proposals.append(proposal_plan(world, "confirmed", day + rng.randint(1, 20), support_type))
    elif outcome.startswith("open:"):
        final = final or outcome.split(":")[1]
        story.proposals.append(proposal_plan(world, final, day + rng.randint(3, 30), support_type))
    return story


def proposal_plan(world: World, outcome: str, created: int, support_type: str) -> ProposalPlan:
    """The actions of one proposal that ends (for now) in `outcome`."""
    rng = world.rng
    p = ProposalPlan(outcome=outcome)
    act = p.actions.append
    act((created, "create", None))
    if outcome == "draft":
        return p
    sent = created + rng.randint(0, 3)
    act((sent, "send", None))
    if outcome in ("proposed", "proposed_unanswered"):
        who = (
            "none"
            if outcome == "proposed_unanswered"
            else world.pick({"none": 40, "person": 35, "carer": 25})
        )
        if who == "person":
            act((sent + rng.randint(0, 3), "answer", ("person", "interested")))
        elif who == "carer":
            act((sent + rng.randint(1, 6), "answer", ("carer", "interested")))
        return p
    if outcome == "lapsed":
        if world.chance(0.4):
            act((sent + rng.randint(1, 5), "answer", ("person", "interested")))
        act((sent + 8, "lapse", None))
        return p
    if outcome == "withdrawn":
        day = sent
        for side in ("carer", "person"):
            if world.chance(0.4):
                day = sent + rng.randint(1, 6)
                act((day, "answer", (side, "interested")))
        act((day + rng.randint(1, 20), "withdraw", None))
        p.actions.sort(key=lambda a: a[0])
        return p
    carer_day, person_day = sent + rng.randint(1, 6), sent + rng.randint(1, 10)
    if outcome == "declined:carer_interest":
        if world.chance(0.5):
            act((person_day, "answer", ("person", "interested")))
        act((carer_day, "answer", ("carer", "not_interested")))
        p.actions.sort(key=lambda a: a[0])
        return p
    if outcome == "declined:person_interest":
        if world.chance(0.5):
            act((carer_day, "answer", ("carer", "interested")))
        act((person_day, "answer", ("person", "not_interested")))
        p.actions.sort(key=lambda a: a[0])
        return p
    answers = sorted(
        [(carer_day, "answer", ("carer", "interested")), (person_day, "answer", ("person", "interested"))]
    )
    p.actions.extend(answers)
    day = answers[-1][0]
    kinds = INTRODUCTIONS[support_type]
    wanted = {"introductions": rng.randint(0, 2), "agreed": rng.randint(1, 3), "confirmed": rng.randint(1, 3)}
    for kind in kinds[: wanted.get(outcome, rng.randint(1, 2))]:
        day += rng.randint(4, 15)
        act((day, "introduction", kind))
    if outcome == "introductions":
        if world.chance(0.4):
            act((day + rng.randint(1, 5), "answer", (rng.choice(["carer", "person"]), "agree")))
        return p
    if outcome == "declined:agreement":
        act((day + rng.randint(1, 7), "answer", (rng.choice(["carer", "person"]), "decline")))
        return p
    if outcome == "declined:withdraw_yes":
        side = rng.choice(["carer", "person"])
        act((day + 1, "answer", (side, "agree")))
        act((day + rng.randint(2, 10), "answer", (side, "withdraw")))
        return p
    agrees = sorted(
        [
            (day + rng.randint(1, 7), "answer", ("carer", "agree")),
            (day + rng.randint(1, 7), "answer", ("person", "agree")),
        ]
    )
    p.actions.extend(agrees)
    if outcome == "confirmed":
        act((agrees[-1][0] + rng.randint(1, 10), "confirm", rng.randint(7, 40)))
    return p


def is_open(outcome: str) -> bool:
    return outcome in OPEN_OUTCOMES
