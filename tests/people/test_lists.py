"""The people list and the referral queue: filters, sorting, paging, and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import ClosedReason, Referral
from sharedlives.choices import Funder, SupportType

from .factories import PersonFactory, ReferralFactory

LIST_URL = reverse("people:person_list")
QUEUE_URL = reverse("people:referral_queue")


def _people_with_referrals(scheme, count):
    today = timezone.localdate()
    for n in range(count):
        person = PersonFactory(scheme=scheme, last_name=f"Person{n:03d}", funder=Funder.COUNCIL)
        ReferralFactory(person=person, received_on=today - timedelta(days=n))


@pytest.mark.parametrize("count", [5, 50])
def test_people_list_uses_the_same_number_of_queries_for_5_and_50_people(
    client_coordinator_a, scheme_a, count, django_assert_num_queries
):
    _people_with_referrals(scheme_a, count)
    # 1 session, 2 user, 3 memberships (staff check, cached on the user),
    # 4 count for the paginator, 5 the page of people with their current referral (subqueries),
    # 6-8 session save (savepoint, update, release)
    with django_assert_num_queries(8):
        response = client_coordinator_a.get(LIST_URL)
    assert response.status_code == 200
    assert b"Person000" in response.content


@pytest.mark.parametrize("count", [5, 50])
def test_referral_queue_uses_the_same_number_of_queries_for_5_and_50_people(
    client_coordinator_a, scheme_a, count, django_assert_num_queries
):
    _people_with_referrals(scheme_a, count)
    # 1 session, 2 user, 3 memberships, 4 count for the paginator,
    # 5 the page of referrals (+person via a join), 6 counts by status (one GROUP BY),
    # 7-9 session save (savepoint, update, release)
    with django_assert_num_queries(9):
        response = client_coordinator_a.get(QUEUE_URL)
    assert response.status_code == 200
    assert f"Person{count - 1:03d}".encode() in response.content  # longest waiting first


def _names(response):
    return [p.last_name for p in response.context["page"].object_list]


@pytest.fixture
def mixed_people(scheme_a):
    today = timezone.localdate()
    long_wait = PersonFactory(scheme=scheme_a, last_name="Longwait", funder=Funder.NHS)
    ReferralFactory(
        person=long_wait, status=Referral.Status.MATCHING, received_on=today - timedelta(weeks=20)
    )
    recent = PersonFactory(scheme=scheme_a, last_name="Recent", funder=Funder.COUNCIL)
    ReferralFactory(
        person=recent, support_type=SupportType.SHORT_BREAK, received_on=today - timedelta(days=3)
    )
    middle = PersonFactory(scheme=scheme_a, last_name="Middle", funder=Funder.COUNCIL)
    ReferralFactory(person=middle, status=Referral.Status.SCREENING, received_on=today - timedelta(weeks=6))
    closed = PersonFactory(scheme=scheme_a, last_name="Closed")
    ReferralFactory(
        person=closed,
        status=Referral.Status.CLOSED,
        closed_reason=ClosedReason.WITHDRAWN,
        received_on=today - timedelta(weeks=50),
    )
    PersonFactory(scheme=scheme_a, last_name="Unreferred")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Closed", "Longwait", "Middle", "Recent", "Unreferred"]),
        ({"status": "matching"}, ["Longwait"]),
        ({"status": "closed"}, ["Closed"]),
        ({"support_type": "short_break"}, ["Recent"]),
        ({"funder": "council"}, ["Middle", "Recent"]),
        ({"waiting": "under_4_weeks"}, ["Recent"]),
        ({"waiting": "4_to_12_weeks"}, ["Middle"]),
        ({"waiting": "over_12_weeks"}, ["Longwait"]),
        ({"sort": "waiting"}, ["Longwait", "Middle", "Recent", "Closed", "Unreferred"]),
        ({"sort": "newest"}, ["Unreferred", "Closed", "Middle", "Recent", "Longwait"]),
    ],
)
def test_people_list_filters_and_sorts(client_coordinator_a, mixed_people, query, expected):
    assert _names(client_coordinator_a.get(LIST_URL, query)) == expected


def test_people_name_search_is_posted_and_kept_in_the_session_not_the_address(
    client_coordinator_a, mixed_people
):
    response = client_coordinator_a.post(LIST_URL + "?funder=council", {"q": "long"})
    assert response.status_code == 302 and response.url == LIST_URL + "?funder=council"
    assert "long" not in response.url
    assert _names(client_coordinator_a.get(LIST_URL)) == ["Longwait"]
    # A name in the address (an old bookmark) is ignored.
    assert _names(client_coordinator_a.get(LIST_URL, {"q": "middle"})) == ["Longwait"]
    client_coordinator_a.post(LIST_URL, {"clear": "1"})
    assert len(_names(client_coordinator_a.get(LIST_URL))) == 5


def test_the_current_referral_is_the_open_one_even_when_an_older_one_is_closed(
    client_coordinator_a, person_p
):
    today = timezone.localdate()
    ReferralFactory(
        person=person_p,
        status=Referral.Status.CLOSED,
        closed_reason=ClosedReason.NO_CARER_FOUND,
        received_on=today,
    )
    ReferralFactory(
        person=person_p, support_type=SupportType.DAY_SUPPORT, received_on=today - timedelta(days=30)
    )
    person = client_coordinator_a.get(LIST_URL).context["page"].object_list[0]
    assert (person.current_status, person.current_support_type) == ("received", "day_support")
    assert person.waiting_since == today - timedelta(days=30)


def test_the_people_list_pages_by_25_and_keeps_the_filters_in_the_page_links(client_coordinator_a, scheme_a):
    _people_with_referrals(scheme_a, 30)
    response = client_coordinator_a.get(LIST_URL, {"funder": "council"})
    assert len(response.context["page"].object_list) == 25
    assert "?funder=council&amp;page=2" in response.content.decode()
