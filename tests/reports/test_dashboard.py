"""The staff dashboard: what it counts, that it counts only the user's schemes, and in constant queries."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from arrangements.models import CONTINUOUS_TYPES, Arrangement, ArrangementStatus
from carers.models import Check, Household, HouseholdStatus
from carers.selectors import compliance_rows
from matching.models import OPEN_STATUSES, MatchProposal, ProposalStatus
from people.models import ReferralStatus
from reports import dashboard
from sharedlives.choices import SupportType
from tests.arrangements.test_reviews import make_arrangement
from tests.carers.factories import matchable_household
from tests.matching.conftest import *  # noqa: F403  (the households, people and proposals of matching)
from tests.people.factories import PersonFactory, ReferralFactory


def _populate(scheme, household, by, n: int) -> None:
    """`n` of everything the dashboard counts, in `scheme`, all with `household`."""
    today = timezone.localdate()
    carer = household.carers.first()
    for i in range(n):
        person = PersonFactory(scheme=scheme, first_name=f"Person{i}", last_name="Dashboard")
        referral = ReferralFactory(
            person=person, status=ReferralStatus.RECEIVED, received_on=today - timedelta(days=10 + i)
        )
        MatchProposal.objects.create(
            scheme=scheme,
            referral=referral,
            person=person,
            household=household,
            status=ProposalStatus.PROPOSED,
            support_type=SupportType.SHORT_BREAK,
            carer_deadline=today + timedelta(days=5),
            created_by=by,
        )
        # Short breaks and day support take no place until booked, so any number fit.
        make_arrangement(
            household,
            person,
            by=by,
            start=today + timedelta(days=10),
            status=ArrangementStatus.PLANNED,
            support_type=SupportType.SHORT_BREAK,
        )
        make_arrangement(  # first review overdue, ending soon
            household,
            person,
            by=by,
            start=today - timedelta(weeks=8),
            end=today + timedelta(days=20),
            support_type=SupportType.DAY_SUPPORT,
        )
        Check.objects.create(
            household=household,
            carer=carer,
            check_type=Check.Type.AWARENESS,
            title=f"Awareness course {i}",
            done_on=today - timedelta(days=400),
            expires_on=today + timedelta(days=5),
            verified_by=by,
        )


@pytest.fixture
def lives_with_x(household_x, person_p, coordinator_a):
    """Pat has lived with carer X's household for 100 days: one of its two places is taken."""
    return make_arrangement(
        household_x, person_p, by=coordinator_a, start=timezone.localdate() - timedelta(days=100)
    )


def test_dashboard_shows_what_needs_doing(
    client_coordinator_a, household_x, coordinator_a, scheme_a, lives_with_x
):
    _populate(scheme_a, household_x, coordinator_a, 1)
    today = timezone.localdate()
    make_arrangement(  # first review due in 5 days
        household_x,
        PersonFactory(scheme=scheme_a),
        by=coordinator_a,
        start=today - timedelta(weeks=6) + timedelta(days=5),
        support_type=SupportType.SHORT_BREAK,
    )
    response = client_coordinator_a.get(reverse("staff_dashboard"))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["referrals"]["total"] == 1
    assert ctx["referrals"]["oldest"].person.first_name == "Person0"
    assert {s["status"]: s["count"] for s in ctx["proposals"]["stages"]}["proposed"] == 1
    assert [(a.event, a.event_on) for a in ctx["arrangements_soon"]] == [
        ("starts", today + timedelta(days=10)),
        ("ends", today + timedelta(days=20)),
    ]
    assert (ctx["reviews"]["overdue"], ctx["reviews"]["due_soon"]) == (2, 1)
    assert (ctx["checks"]["expired"], ctx["checks"]["expiring"], ctx["checks"]["households"]) == (0, 1, 1)
    assert ctx["places"] == dashboard.Places(households=1, places=2, taken=1, free=1)
    html = response.content.decode()
    assert "Person0 Dashboard" in html and "Patricia Parker" in html
    assert reverse("matching:board") in html and reverse("carers:compliance") in html
    assert reverse("arrangements:reviews_due") in html and reverse("accounts:invitation_list") in html


def test_referrals_waiting_counts_each_open_status_and_finds_the_oldest_across_them(scheme_a, coordinator_a):
    today = timezone.localdate()
    waiting = [
        (ReferralStatus.RECEIVED, 3),
        (ReferralStatus.RECEIVED, 9),
        (ReferralStatus.ASSESSMENT, 40),  # the oldest open referral, in a later stage
        (ReferralStatus.MATCHING, 12),
        (ReferralStatus.MATCHED, 90),  # not waiting any more, however old
    ]
    for status, days in waiting:
        ReferralFactory(
            person=PersonFactory(scheme=scheme_a, first_name=f"Waited{days}"),
            status=status,
            received_on=today - timedelta(days=days),
        )
    result = dashboard.referrals_waiting(coordinator_a)
    assert [(c["status"], c["count"]) for c in result["counts"]] == [
        ("received", 2),
        ("screening", 0),
        ("assessment", 1),
        ("matching", 1),
    ]
    assert result["total"] == 4
    assert result["oldest"].person.first_name == "Waited40"


def test_scheme_b_sees_none_of_scheme_as_numbers(
    client_coordinator_b, household_x, coordinator_a, scheme_a, lives_with_x
):
    _populate(scheme_a, household_x, coordinator_a, 2)
    response = client_coordinator_b.get(reverse("staff_dashboard"))
    ctx = response.context
    assert ctx["referrals"]["total"] == 0 and ctx["referrals"]["oldest"] is None
    assert ctx["proposals"]["total"] == 0
    assert ctx["arrangements_soon"] == []
    assert (ctx["reviews"]["overdue"], ctx["reviews"]["due_soon"], ctx["reviews"]["rows"]) == (0, 0, [])
    assert (ctx["checks"]["expired"], ctx["checks"]["expiring"]) == (0, 0)
    assert ctx["places"] == dashboard.Places(households=0, places=0, taken=0, free=0)
    html = response.content.decode()
    for name in ("Person0", "Patricia", "Xena"):
        assert name not in html


@pytest.mark.parametrize("count", [1, 8])
def test_dashboard_uses_constant_queries(
    client_coordinator_a, household_x, coordinator_a, scheme_a, lives_with_x, count, django_assert_num_queries
):
    _populate(scheme_a, household_x, coordinator_a, count)
    url = reverse("staff_dashboard")
    client_coordinator_a.get(url)  # the first request after signing in also updates the session
    # 1 session, 2 user, 3 memberships (roles),
    # 4 the oldest open referral of each status (+person), with its status's count,
    # 5 arrangements starting or ending soon (+person, household),
    # 6 the most overdue reviews (+person, household), with the counts overdue and due soon,
    # 7 the totals: open proposals by stage, checks expired and expiring, places free
    # 8 the safeguarding card (safeguarding.selectors.summary): incidents and complaints open or late
    # 9 the living-together card (records.alerts.alert_counts): doses, money, notes
    with django_assert_num_queries(9):
        response = client_coordinator_a.get(url)
    assert response.context["reviews"]["overdue"] == count + 1
    assert response.context["checks"]["expiring"] == count


def test_places_free_counts_only_matchable_households_and_people_there_today(
    household_x, household_a, person_p, person_q, coordinator_a, scheme_a
):
    today = timezone.localdate()
    other = matchable_household(scheme_a, by=coordinator_a)  # 2 places, nobody there
    make_arrangement(household_x, person_p, by=coordinator_a, start=today - timedelta(days=30))  # there today
    make_arrangement(household_x, person_q, by=coordinator_a, start=today + timedelta(days=3))  # not yet
    make_arrangement(  # has left
        other,
        PersonFactory(scheme=scheme_a),
        by=coordinator_a,
        start=today - timedelta(days=300),
        end=today - timedelta(days=1),
        status=ArrangementStatus.ENDED,
        end_reason="planned_end",
    )
    make_arrangement(  # leaves today: the leaving day is free
        other, PersonFactory(scheme=scheme_a), by=coordinator_a, start=today - timedelta(days=50), end=today
    )
    make_arrangement(  # a short break takes a place only on its booked nights
        other,
        PersonFactory(scheme=scheme_a),
        by=coordinator_a,
        start=today - timedelta(days=50),
        support_type=SupportType.SHORT_BREAK,
    )
    # household_a (an enquiry, not approved) has no places to offer.
    assert dashboard.totals(coordinator_a, today=today)["places"] == dashboard.Places(
        households=2, places=4, taken=1, free=3
    )


def test_a_household_that_is_not_matchable_offers_no_places(household_x, person_p, coordinator_a):
    make_arrangement(household_x, person_p, by=coordinator_a, start=timezone.localdate() - timedelta(days=30))
    Check.objects.filter(household=household_x, check_type=Check.Type.INSURANCE).update(
        done_on=timezone.localdate() - timedelta(days=400),
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    places = dashboard.totals(coordinator_a, today=timezone.localdate())["places"]
    assert places == dashboard.Places(households=0, places=0, taken=0, free=0)


def test_totals_agree_with_the_querysets_they_follow(
    scheme_a, scheme_b, coordinator_a, coordinator_b, household_x, household_a, person_p, lives_with_x
):
    """The hand-written totals against the ORM's own rules, on households of every kind (matchable
    with places free or full, not yet approved, resigned with an expiring check, with a lapsed
    insurance), proposals in every status, and the same kinds of rows in another scheme."""
    today = timezone.localdate()
    _populate(scheme_a, household_x, coordinator_a, 3)
    for scheme, by in ((scheme_a, coordinator_a), (scheme_b, coordinator_b)):
        full = matchable_household(scheme, by=by)
        for i in range(2):  # both its places taken
            make_arrangement(full, PersonFactory(scheme=scheme), by=by, start=today - timedelta(days=10 + i))
        lapsed = matchable_household(scheme, by=by)
        Check.objects.filter(household=lapsed, check_type=Check.Type.INSURANCE).update(
            done_on=today - timedelta(days=400), expires_on=today - timedelta(days=1)
        )
        resigned = matchable_household(scheme, by=by)
        Check.objects.filter(household=resigned, check_type=Check.Type.INSURANCE).update(
            expires_on=today + timedelta(days=3)
        )
        Household.objects.filter(pk=resigned.pk).update(status=HouseholdStatus.RESIGNED)
        for status in ProposalStatus.values:
            MatchProposal.objects.create(
                scheme=scheme,
                referral=ReferralFactory(person=PersonFactory(scheme=scheme)),
                person=PersonFactory(scheme=scheme),
                household=full,
                status=status,
                support_type=SupportType.SHORT_BREAK,
                created_by=by,
            )

    for user in (coordinator_a, coordinator_b):
        got = dashboard.totals(user, today=today)
        open_proposals = MatchProposal.objects.for_user(user).filter(status__in=OPEN_STATUSES)
        assert {s["status"]: s["count"] for s in got["proposals"]["stages"]} == {
            s: open_proposals.filter(status=s).count() for s in OPEN_STATUSES
        }
        rows = list(compliance_rows(user, today=today))
        assert (got["checks"]["expired"], got["checks"]["expiring"], got["checks"]["households"]) == (
            sum(c.expires_on < today for c in rows),
            sum(c.expires_on >= today for c in rows),
            len({c.household_id for c in rows}),
        )
        matchable = Household.objects.for_user(user).matchable(on=today).select_related("current_terms")
        places = {h.pk: h.current_terms.max_people for h in matchable}
        taken = {
            pk: Arrangement.objects.filter(household_id=pk, support_type__in=CONTINUOUS_TYPES)
            .live()
            .filter(start_date__lte=today)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
            .count()
            for pk in places
        }
        assert got["places"] == dashboard.Places(
            households=len(places),
            places=sum(places.values()),
            taken=sum(taken.values()),
            free=sum(max(places[pk] - taken[pk], 0) for pk in places),
        )
        assert got["places"].households >= 1 and got["checks"]["expired"] >= 1
