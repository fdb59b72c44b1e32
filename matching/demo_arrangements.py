"""Demo arrangements of every type and status, made the proper way: referral, two yeses twice, confirmed.

Then each is started, paused, given notice or ended through the services, and short breaks and day
support get bookings over the coming months. Runs after matching.demo; does nothing if it has run.
"""

from datetime import timedelta

from django.utils import timezone

from arrangements import places
from arrangements import services as arrangement_services
from arrangements.models import Arrangement, EndReason
from carers.models import Household
from people import services as people_services
from people.models import Referral, ReferralStatus
from sharedlives.choices import ClientGroup, SupportType
from sharedlives.errors import DomainError

from . import ranking, services

# person, support type, days since start (negative: starts in the future), what happens then
SCENARIOS = [
    ("Chloe Edwards", SupportType.LONG_TERM, 400, "active"),
    ("George Bennett", SupportType.LONG_TERM, 700, "ended"),
    ("Ethan Morgan", SupportType.SHORT_BREAK, 300, "active"),
    ("Fatima Ali", SupportType.DAY_SUPPORT, 200, "active"),
    ("Hannah Lewis", SupportType.SHORT_BREAK, 150, "paused"),
    ("Isaac Wright", SupportType.LONG_TERM, 250, "ending"),
    ("Kieran Murphy", SupportType.INTERMEDIATE_CARE, 20, "active"),
    ("Jade Thompson", SupportType.EMERGENCY, -10, "planned"),
]


def _referral(person, support_type, *, by, received_on):
    open_one = Referral.objects.open().filter(person=person, support_type=support_type).first()
    referral = open_one or people_services.referral_create(
        person_id=person.pk,
        by=by,
        support_type=support_type,
        client_groups=[ClientGroup.LEARNING_DISABILITY],
        reasons="Referred for Shared Lives support.",
        referrer_name="Sam Lee",
        received_on=received_on,
    )
    steps = {
        ReferralStatus.RECEIVED: people_services.referral_start_screening,
        ReferralStatus.SCREENING: people_services.referral_start_assessment,
        ReferralStatus.ASSESSMENT: people_services.referral_start_matching,
    }
    while referral.status in steps:
        referral = steps[referral.status](referral_id=referral.pk, by=by)
    return referral


def _household_for(referral, start, scheme):
    """A household with a place from `start`: the ranking's best if it has one, else any matchable one."""
    shortlist = [c.household for c in ranking.rank(referral).shortlist]
    for household in shortlist + list(Household.objects.matchable().filter(scheme=scheme).order_by("name")):
        _day, people = places.peak(household.pk, *places.continuous_window(start))
        if people < places.places_of(household):
            return household
    return None


def seed(ctx: dict) -> None:
    scheme = ctx["scheme"]
    if Arrangement.objects.filter(scheme=scheme).count() > 1:
        return
    staff = ctx["users"]["coordinator@demo.sharedlives.test"]
    people = ctx.get("people", {})
    today = timezone.localdate()
    for name, support_type, days_ago, outcome in SCENARIOS:
        person = people.get(name)
        if person is None or person.scheme_id != scheme.pk:
            continue
        start = today - timedelta(days=days_ago)
        referral = _referral(person, support_type, by=staff, received_on=start - timedelta(days=60))
        household = _household_for(referral, start, scheme)
        if referral.status != ReferralStatus.MATCHING or household is None:
            continue
        proposal = services.proposal_create(referral_id=referral.pk, household_id=household.pk, by=staff)
        services.proposal_send(proposal_id=proposal.pk, by=staff)
        for side, answer in (
            ("carer", "interested"),
            ("person", "interested"),
            ("carer", "agree"),
            ("person", "agree"),
        ):
            services.proposal_respond(
                proposal_id=proposal.pk,
                side=side,
                answer=answer,
                by=staff,
                channel="in_person",
                consulted="Family and social worker" if side == "person" else "",
            )
        arrangement = services.proposal_confirm(proposal_id=proposal.pk, by=staff, start_date=start)
        if outcome == "planned":
            continue
        arrangement_services.arrangement_start(arrangement_id=arrangement.pk, by=staff)
        if outcome == "paused":
            arrangement_services.arrangement_pause(
                arrangement_id=arrangement.pk, by=staff, reason="In hospital for a few weeks."
            )
        elif outcome == "ending":
            arrangement_services.arrangement_give_notice(
                arrangement_id=arrangement.pk,
                by=staff,
                end_date=today + timedelta(days=28),
                end_reason=EndReason.PERSONS_CHOICE,
                note="Moving nearer to his sister.",
            )
        elif outcome == "ended":
            arrangement_services.arrangement_end(
                arrangement_id=arrangement.pk,
                by=staff,
                end_reason=EndReason.PLANNED_END,
                end_date=today - timedelta(days=60),
            )
        if outcome in ("active", "paused") and support_type in (
            SupportType.SHORT_BREAK,
            SupportType.DAY_SUPPORT,
        ):
            _bookings(arrangement, support_type, by=staff, today=today)


def _bookings(arrangement, support_type, *, by, today):
    for week in range(1, 13, 2):
        day = today + timedelta(weeks=week)
        try:
            if support_type == SupportType.SHORT_BREAK:
                arrangement_services.booking_create(
                    arrangement_id=arrangement.pk,
                    by=by,
                    starts_on=day,
                    ends_on=day + timedelta(days=3),
                    note="Weekend break",
                )
            else:
                arrangement_services.booking_create(
                    arrangement_id=arrangement.pk, by=by, starts_on=day, session="full_day"
                )
        except DomainError:
            continue  # the household is full or away that week: the demo simply books fewer
