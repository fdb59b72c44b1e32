"""One rule for places: every part of the app that counts a household's people agrees, night by night.

Each case sets up a household approved for one person and says how many people it has on the
night in question. The table then checks, for every case, that the places rule (arrangements.places),
the calendar, the staff dashboard, the places report, the ranking for a short break and for a
long-term home, and what booking_create and arrangement_create accept all say the same.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from arrangements import places
from arrangements import services as arrangement_services
from arrangements.models import ArrangementStatus as S
from arrangements.models import Booking
from carers.models import Availability
from matching import ranking
from matching import services as matching_services
from people.models import ReferralStatus
from reports import dashboard, queries
from sharedlives.errors import DomainError
from tests.carers.factories import (
    AvailabilityFactory,
    CarerFactory,
    HouseholdFactory,
    approve,
    give_mandatory_checks,
)
from tests.people.factories import PersonFactory, ReferralFactory

from .test_arrangements import make_arrangement


def night() -> date:
    """The night every case is about: soon, so that the household's checks are all in date."""
    return timezone.localdate() + timedelta(days=20)


def _arrangement(hh, by, support_type, start, end=None, status=S.ACTIVE, **kw):
    return make_arrangement(hh, by=by, support_type=support_type, start=start, end=end, status=status, **kw)


def _stay(hh, by, arrives, leaves):
    a = _arrangement(hh, by, "short_break", arrives - timedelta(days=60))
    return arrangement_services.booking_create(arrangement_id=a.pk, by=by, starts_on=arrives, ends_on=leaves)


def _session(hh, by, day):
    a = _arrangement(hh, by, "day_support", day - timedelta(days=60))
    return arrangement_services.booking_create(arrangement_id=a.pk, by=by, starts_on=day, session="full_day")


def _ended(hh, by, d):
    a = _arrangement(hh, by, "long_term", d - timedelta(days=200), end=d - timedelta(days=100))
    a.status, a.end_reason = S.ENDED, "planned_end"
    a.save()


def _cancelled(hh, by, d):
    booking = _stay(hh, by, d - timedelta(days=1), d + timedelta(days=2))
    arrangement_services.booking_cancel(booking_id=booking.pk, by=by, reason="Carer unwell")


def _other_scheme(hh, by, d, elsewhere):
    scheme_b, coordinator_b = elsewhere
    other = HouseholdFactory(scheme=scheme_b, name="Elsewhere")
    CarerFactory(household=other)
    approve(other, max_people=1)
    give_mandatory_checks(other, by=coordinator_b)
    _arrangement(other, coordinator_b, "long_term", d - timedelta(days=30))


@dataclass
class Case:
    name: str
    build: object  # (household, coordinator, night, (scheme B, its coordinator)) -> None
    people: int  # on the night
    later: int = 0  # the most people on any night of the year after it


CASES = [
    Case("empty household", lambda hh, by, d, b: None, 0),
    Case(
        "long-term, living there",
        lambda hh, by, d, b: _arrangement(hh, by, "long_term", d - timedelta(30)),
        1,
        1,
    ),
    Case(
        "emergency, starting that night",
        lambda hh, by, d, b: _arrangement(hh, by, "emergency", d, status=S.PLANNED),
        1,
        1,
    ),
    Case(
        "intermediate care, planned for the next day",
        lambda hh, by, d, b: _arrangement(hh, by, "intermediate_care", d + timedelta(1), status=S.PLANNED),
        0,
        1,
    ),
    Case(
        "long-term, paused",
        lambda hh, by, d, b: _arrangement(hh, by, "long_term", d - timedelta(30), status=S.PAUSED),
        1,
        1,
    ),
    Case(
        "long-term, leaving that day",
        lambda hh, by, d, b: _arrangement(hh, by, "long_term", d - timedelta(30), end=d, status=S.ENDING),
        0,
    ),
    Case(
        "long-term, leaving the next day",
        lambda hh, by, d, b: _arrangement(
            hh, by, "long_term", d - timedelta(30), end=d + timedelta(1), status=S.ENDING
        ),
        1,
    ),
    Case("long-term, ended", lambda hh, by, d, b: _ended(hh, by, d), 0),
    Case(
        "short-break arrangement with no stay booked",
        lambda hh, by, d, b: _arrangement(hh, by, "short_break", d - timedelta(30)),
        0,
    ),
    Case(
        "short break over the night",
        lambda hh, by, d, b: _stay(hh, by, d - timedelta(1), d + timedelta(1)),
        1,
    ),
    Case("short break arriving that day", lambda hh, by, d, b: _stay(hh, by, d, d + timedelta(2)), 1),
    Case("short break leaving that day", lambda hh, by, d, b: _stay(hh, by, d - timedelta(2), d), 0),
    Case(
        "short break booked later in the year",
        lambda hh, by, d, b: _stay(hh, by, d + timedelta(100), d + timedelta(103)),
        0,
        1,
    ),
    Case("short break cancelled", lambda hh, by, d, b: _cancelled(hh, by, d), 0),
    Case("day session that day", lambda hh, by, d, b: _session(hh, by, d), 1),
    Case("day session the next day", lambda hh, by, d, b: _session(hh, by, d + timedelta(1)), 0, 1),
    Case(
        "carers away that night",
        lambda hh, by, d, b: AvailabilityFactory(household=hh, starts_on=d, ends_on=d + timedelta(3)),
        0,
    ),
    Case("someone living in a household of another scheme", _other_scheme, 0),
]


@pytest.fixture
def household(scheme_a, coordinator_a):
    """The only household of scheme A: matchable and approved for one person at once."""
    hh = HouseholdFactory(scheme=scheme_a, name="One Place")
    CarerFactory(household=hh)
    approve(hh, max_people=1, support_types=["long_term", "short_break", "day_support"])
    give_mandatory_checks(hh, by=coordinator_a)
    return hh


def _refused(action) -> bool:
    """Whether `action` is refused; whatever it writes is undone either way."""
    try:
        with transaction.atomic():
            action()
            transaction.set_rollback(True)
    except DomainError:
        return True
    return False


def _ranking_says_full(household, support_type: str, on: date) -> bool:
    person = PersonFactory(scheme=household.scheme)
    referral = ReferralFactory(
        person=person, status=ReferralStatus.MATCHING, support_type=support_type, wanted_from=on
    )
    found = ranking.candidate(referral, household.pk, on=on - timedelta(days=20))
    return any(reason.startswith("No free place") for reason in found.excluded_because)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_count_of_places_agrees(case, household, coordinator_a, scheme_b, coordinator_b):
    d = night()
    case.build(household, coordinator_a, d, (scheme_b, coordinator_b))
    away = Availability.objects.filter(household=household).exists()

    # The rule itself, and the calendar's count of the night.
    assert places.peak(household.pk, d, d)[1] == case.people
    assert places.occupancy(household.pk, d - timedelta(1), d + timedelta(1))[d] == case.people
    assert places.peak(household.pk, *places.continuous_window(d))[1] == max(case.people, case.later)
    # The dashboard and the places report, on that day.
    totals = dashboard.totals(coordinator_a, today=d)["places"]
    assert (totals.places, totals.taken, totals.free) == (1, case.people, 1 - case.people)
    (report,) = queries.places([household.scheme_id], today=d)
    assert (report.used, report.free) == (case.people, 1 - case.people)

    # A day session that night is refused exactly when the ranking for day support says no place
    # (carers away refuse it too, and the ranking leaves them out for that reason instead).
    full_that_night = case.people >= 1
    assert _ranking_says_full(household, "day_support", d) == full_that_night
    day_person = _arrangement(household, coordinator_a, "day_support", d - timedelta(days=5), status=S.ACTIVE)
    assert _refused(
        lambda: arrangement_services.booking_create(
            arrangement_id=day_person.pk, by=coordinator_a, starts_on=d, session="morning"
        )
    ) == (full_that_night or away)

    # A long-term home from that day is refused exactly when the ranking for long-term says so.
    full_that_year = max(case.people, case.later) >= 1
    assert _ranking_says_full(household, "long_term", d) == full_that_year
    newcomer = PersonFactory(scheme=household.scheme)
    referral = ReferralFactory(person=newcomer, status=ReferralStatus.MATCHING, support_type="long_term")
    proposal = matching_services.proposal_create(
        referral_id=referral.pk, household_id=household.pk, by=coordinator_a
    )
    assert (
        _refused(
            lambda: arrangement_services.arrangement_create(
                scheme_id=household.scheme_id,
                person=newcomer,
                proposal=proposal,
                household_id=household.pk,
                support_type="long_term",
                start_date=d,
                by=coordinator_a,
            )
        )
        == full_that_year
    )


def test_the_database_runs_the_rule_generated_from_the_constants(db):
    """The functions installed by the migrations are those arrangements.places generates today: a
    change to a status or a support type without a migration fails here."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.proname = ANY(%s)",
            [["matching_occupancy", "matching_peak", "matching_check_places", "matching_check_one_home"]],
        )
        installed = dict(cursor.fetchall())
    assert set(installed) == {
        "matching_occupancy",
        "matching_peak",
        "matching_check_places",
        "matching_check_one_home",
    }
    generated = places.install_sql()
    for name, definition in installed.items():
        body = definition.split("$function$")[1] if "$function$" in definition else definition.split("$$")[1]
        chunk = generated.split(f"FUNCTION {name}(")[1].split("$$")[1]
        assert " ".join(body.split()) == " ".join(chunk.split()), name


def test_cancelled_bookings_and_ended_arrangements_take_no_place(household, coordinator_a):
    d = night()
    booking = _stay(household, coordinator_a, d, d + timedelta(days=2))
    assert places.peak(household.pk, d, d)[1] == 1
    arrangement_services.arrangement_end(
        arrangement_id=booking.arrangement_id, by=coordinator_a, end_reason="planned_end"
    )
    assert Booking.objects.get(pk=booking.pk).cancelled_at is not None
    assert places.peak(household.pk, d, d)[1] == 0
