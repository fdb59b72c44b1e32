"""Demo reviews: two years of connection-test scores for the demo scheme.

Adds, directly with the ORM, a few earlier arrangements that have ended (so the history reaches back
two years and families can see past reviews), then reviews every arrangement of the scheme that has
been going long enough, on the scheme's schedule, with scores that mostly rise over time. A paused
arrangement's latest review was put off, so it shows as overdue; other live ones fall due in their turn.

Runs after the steps that create arrangements. Idempotent: does nothing if the scheme has reviews.
Ended arrangements take no place, so the database's places and one-home triggers never refuse them.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from arrangements.models import (
    Arrangement,
    ArrangementStatus,
    ArrangementTransition,
    EndReason,
    Review,
    ReviewSettings,
)
from arrangements.services import ARRANGEMENT_TRANSITIONS
from arrangements.services.reviews import add_months
from carers.models import APPROVED_STATUSES, Household
from people.models import Person, Referral, ReferralStatus, ReferralTransition
from people.services import REFERRAL_TRANSITIONS
from sharedlives.choices import SupportType

from .models import MatchProposal, ProposalStatus, ProposalTransition
from .services.proposals import PROPOSAL_TRANSITIONS

# person, support type, days since it started, days since it ended, why it ended, why it happened
HISTORY = [
    (
        "Rose Hughes",
        SupportType.SHORT_BREAK,
        830,
        30,
        EndReason.NEEDS_CHANGED,
        "Short breaks so that Helen could rest; Rose now needs somewhere to live.",
    ),
    (
        "Daniel Hughes",
        SupportType.DAY_SUPPORT,
        760,
        200,
        EndReason.PERSONS_CHOICE,
        "Day support twice a week; Dan chose a college course instead.",
    ),
    (
        "Sophie Turner",
        SupportType.INTERMEDIATE_CARE,
        720,
        640,
        EndReason.PLANNED_END,
        "Home from hospital after a fall, until she could manage at home again.",
    ),
]

PERSONS_WORDS = [
    "I like it here. {carers} help me but they let me do things my way.",
    "I went to the shops on my own on the bus. I was a bit scared but I did it.",
    "I have a new friend from the allotment. We have tea on Thursdays.",
    "Sometimes I miss my mum but I phone her every Sunday.",
    "I want to learn to cook a curry like {carers} do.",
    "I am happy. I want to keep going to the drama group.",
]
INFORMED = [
    "Knows who to ask about money and benefits now.",
    "Understands the bus timetable and uses the app.",
    "Has a health passport and took it to the GP.",
    "Still unsure about the new medication; carers will go through it again.",
]
CONFIDENT = [
    "Spoke up at the review and chaired part of it.",
    "Goes to the corner shop alone.",
    "Tried swimming for the first time.",
    "Anxious in crowds still, but leaves the house every day.",
]
CONNECTED = [
    "Sees family every weekend.",
    "Joined the allotment society and the choir.",
    "Has a circle of three friends from the day centre.",
    "Volunteers at the café on Wednesdays.",
]
ACTIONS = [
    "Coordinator to ask about a travel-training course.",
    "Carers to support a GP medication review before the next review.",
    "Look into evening classes at the college.",
    "Keep the Sunday phone calls; arrange a visit to family in the summer.",
]


def _household_for(scheme, support_type: str) -> Household | None:
    """An approved household whose terms include the support type; failing that, any approved one."""
    approved = list(
        Household.objects.filter(scheme=scheme, status__in=APPROVED_STATUSES, current_terms__isnull=False)
        .select_related("current_terms")
        .order_by("name")
    )
    for household in approved:
        if support_type in household.current_terms.support_types:
            return household
    return approved[0] if approved else None


def _history(scheme, *, by, today: date) -> None:
    people = {p.full_name: p for p in Person.objects.filter(scheme=scheme)}
    for name, support_type, started_days_ago, ended_days_ago, reason, story in HISTORY:
        person = people.get(name)
        household = _household_for(scheme, support_type)
        if person is None or household is None:
            continue
        if Arrangement.objects.filter(person=person, support_type=support_type).exists():
            continue
        start = today - timedelta(days=started_days_ago)
        end = today - timedelta(days=ended_days_ago)
        referral = Referral.objects.create(
            person=person,
            status=ReferralStatus.MATCHED,
            support_type=support_type,
            reasons=story,
            referrer_name="Sam Lee",
            referrer_organisation="Northshire adult social care",
            received_on=start - timedelta(days=70),
            status_changed_at=_at(start - timedelta(days=10)),
            created_at=_at(start - timedelta(days=70)),
        )
        proposal = MatchProposal.objects.create(
            scheme=scheme,
            referral=referral,
            person=person,
            household=household,
            status=ProposalStatus.CONFIRMED,
            support_type=support_type,
            proposed_start=start,
            created_by=by,
            created_at=_at(start - timedelta(days=45)),
            status_changed_at=_at(start - timedelta(days=10)),
        )
        arrangement = Arrangement.objects.create(
            scheme=scheme,
            proposal=proposal,
            person=person,
            household=household,
            support_type=support_type,
            status=ArrangementStatus.ENDED,
            start_date=start,
            end_date=end,
            end_reason=reason,
            funder=person.funder,
            created_by=by,
            created_at=_at(start - timedelta(days=10)),
        )
        referral_moments = [start - timedelta(days=d) for d in (70, 60, 50, 40, 10)]
        _walk(
            ReferralTransition,
            "referral",
            referral,
            REFERRAL_PATH,
            REFERRAL_TRANSITIONS,
            referral_moments,
            by,
        )
        proposal_moments = [start - timedelta(days=d) for d in (45, 44, 30, 15, 10)]
        _walk(
            ProposalTransition,
            "proposal",
            proposal,
            PROPOSAL_PATH,
            PROPOSAL_TRANSITIONS,
            proposal_moments,
            by,
        )
        _walk(
            ArrangementTransition,
            "arrangement",
            arrangement,
            ARRANGEMENT_PATH,
            ARRANGEMENT_TRANSITIONS,
            [start, end],
            by,
            reasons={ArrangementStatus.ENDED: story},
        )


# The way each past record came to its final status, from its first status.
REFERRAL_PATH = [
    ReferralStatus.RECEIVED,
    ReferralStatus.SCREENING,
    ReferralStatus.ASSESSMENT,
    ReferralStatus.MATCHING,
    ReferralStatus.MATCHED,
]
PROPOSAL_PATH = [
    ProposalStatus.DRAFT,
    ProposalStatus.PROPOSED,
    ProposalStatus.INTRODUCTIONS,
    ProposalStatus.AGREED,
    ProposalStatus.CONFIRMED,
]
ARRANGEMENT_PATH = [ArrangementStatus.PLANNED, ArrangementStatus.ACTIVE, ArrangementStatus.ENDED]


def _walk(model, fk: str, obj, path, allowed, moments, by, reasons=None) -> None:
    """The transition rows of a past record, one per step of `path`, each checked against the
    services' table `allowed` (a first row, from nothing, when `moments` has one per status)."""
    first_row = len(moments) == len(path)
    froms = ["", *path[:-1]] if first_row else path[:-1]
    steps = list(zip(froms, path if first_row else path[1:], strict=True))
    rows = []
    for (from_status, to_status), day in zip(steps, moments, strict=True):
        if from_status and to_status not in allowed[from_status]:
            raise ValueError(f"The demo would move a {fk} from {from_status} to {to_status}.")
        rows.append(
            model(
                **{fk: obj},
                from_status=from_status,
                to_status=to_status,
                by=by,
                at=_at(day),
                reason=(reasons or {}).get(to_status, ""),
            )
        )
    model.objects.bulk_create(rows)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(15, 0)))


def _score(base: int, n: int, salt: int) -> int:
    """Scores that start low and mostly rise, with a wobble now and then."""
    wobble = (-1, 0, 0, 1)[(salt + n) % 4]
    return max(1, min(5, base + n + wobble))


def _review_dates(arrangement: Arrangement, settings: ReviewSettings, today: date) -> list[tuple[date, date]]:
    """(held on, next review by) for each review on the schedule up to today or the end date."""
    last_day = min(today, arrangement.end_date or today)
    due = arrangement.start_date + timedelta(weeks=settings.first_review_weeks)
    dates = []
    n = 0
    while due <= last_day:
        # Reviews happen around the date they were due, not on it.
        held = min(max(due + timedelta(days=(arrangement.pk + n) % 9 - 4), arrangement.start_date), last_day)
        if dates and held <= dates[-1][0]:
            held = dates[-1][0] + timedelta(days=1)
        next_on = add_months(held, settings.review_every_months)
        dates.append((held, next_on))
        due, n = next_on, n + 1
    if arrangement.status == ArrangementStatus.PAUSED and dates:
        dates.pop()  # put off while the arrangement is paused: it shows as overdue
    return dates


def _participants(arrangement: Arrangement, staff_name: str) -> str:
    carers = [c.first_name for c in arrangement.household.carers.all()]
    family = [r.full_name.split(" ")[0] for r in arrangement.person.representatives.all() if r.user_id]
    who = [
        arrangement.person.known_as,
        f"{' and '.join(carers)} ({'carers' if len(carers) > 1 else 'carer'})",
        f"{staff_name} (coordinator)",
    ]
    if family:
        who.append(f"{family[0]} ({arrangement.person.known_as}'s family)")
    return ", ".join(who)


def seed(ctx: dict) -> None:
    scheme = ctx["scheme"]
    if Review.objects.filter(arrangement__scheme=scheme).exists():
        return
    staff = ctx["users"]["coordinator@demo.sharedlives.test"]
    today = timezone.localdate()
    _history(scheme, by=staff, today=today)
    settings = ReviewSettings.for_scheme(scheme.pk)
    arrangements = (
        Arrangement.objects.filter(scheme=scheme)
        .select_related("person", "household")
        .prefetch_related("household__carers", "person__representatives")
        .order_by("start_date", "pk")
    )
    reviews = []
    for arrangement in arrangements:
        carers = " and ".join(c.first_name for c in arrangement.household.carers.all()) or "my carers"
        for n, (held, next_on) in enumerate(_review_dates(arrangement, settings, today)):
            salt = arrangement.pk + n
            reviews.append(
                Review(
                    arrangement=arrangement,
                    held_on=held,
                    participants=_participants(arrangement, staff.get_short_name()),
                    persons_words=PERSONS_WORDS[salt % len(PERSONS_WORDS)].format(carers=carers),
                    informed_score=_score(2, n, salt),
                    informed_comment=INFORMED[salt % len(INFORMED)],
                    confident_score=_score(2, n, salt + 1),
                    confident_comment=CONFIDENT[salt % len(CONFIDENT)],
                    connected_score=_score(3, n, salt + 2),
                    connected_comment=CONNECTED[salt % len(CONNECTED)],
                    actions=ACTIONS[salt % len(ACTIONS)],
                    next_review_on=next_on,
                    recorded_by=staff,
                    recorded_at=_at(held),
                )
            )
    Review.objects.bulk_create(reviews)
