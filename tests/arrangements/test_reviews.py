"""Reviews with the connection test: rules, the schedule from scheme settings, pages, who sees what."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone

from arrangements import services as arrangement_services
from arrangements.models import (
    LIVE_ARRANGEMENT_STATUSES,
    Arrangement,
    ArrangementStatus,
    Review,
    ReviewSettings,
)
from matching.models import MatchProposal, ProposalStatus
from people.models import ReferralStatus
from sharedlives.audit.models import AccessLog
from sharedlives.choices import SupportType
from sharedlives.dates import add_months
from sharedlives.errors import DomainError
from tests.people.factories import PersonFactory, ReferralFactory

TODAY = date(2031, 6, 15)


def make_arrangement(
    household,
    person,
    *,
    by,
    start: date,
    status: str = ArrangementStatus.ACTIVE,
    support_type: str = SupportType.LONG_TERM,
    end: date | None = None,
    end_reason: str = "",
) -> Arrangement:
    """An arrangement as a confirmed proposal leaves it, made directly (consent is tested elsewhere)."""
    referral = ReferralFactory(person=person, support_type=support_type, status=ReferralStatus.MATCHED)
    proposal = MatchProposal.objects.create(
        scheme_id=person.scheme_id,
        referral=referral,
        person=person,
        household=household,
        status=ProposalStatus.CONFIRMED,
        support_type=support_type,
        created_by=by,
    )
    return Arrangement.objects.create(
        scheme_id=person.scheme_id,
        proposal=proposal,
        person=person,
        household=household,
        support_type=support_type,
        status=status,
        start_date=start,
        end_date=end,
        end_reason=end_reason,
        created_by=by,
    )


def review_fields(**overrides) -> dict:
    fields = {
        "held_on": TODAY - timedelta(days=1),
        "participants": "Pat, Xena (carer), Cora (coordinator)",
        "persons_words": "I like living here. I go to the allotment on Saturdays.",
        "informed_score": 4,
        "informed_comment": "INFORMED-COMMENT knows the bus routes now",
        "confident_score": 3,
        "confident_comment": "CONFIDENT-COMMENT",
        "connected_score": 5,
        "connected_comment": "CONNECTED-COMMENT",
        "actions": "STAFF-ACTION: look into a cookery course",
        "next_review_on": TODAY + timedelta(days=300),
    }
    return fields | overrides


@pytest.fixture
def arrangement(household_x, person_p, coordinator_a):
    return make_arrangement(household_x, person_p, by=coordinator_a, start=TODAY - timedelta(days=60))


@pytest.fixture
def started(household_x, person_p, coordinator_a):
    """An arrangement that started 60 days before the real today, for the pages' forms."""
    start = timezone.localdate() - timedelta(days=60)
    return make_arrangement(household_x, person_p, by=coordinator_a, start=start)


def record(arrangement, by, **overrides) -> Review:
    return arrangement_services.review_record(
        arrangement_id=arrangement.pk, by=by, today=TODAY, **review_fields(**overrides)
    )


# --- Rules -----------------------------------------------------------------------------------------


def test_staff_record_a_review_with_the_connection_test(arrangement, coordinator_a):
    review = record(arrangement, coordinator_a)
    assert (review.informed_score, review.confident_score, review.connected_score) == (4, 3, 5)
    assert review.recorded_by == coordinator_a
    assert review.persons_words.startswith("I like living here")
    assert arrangement_services.next_review_due(arrangement) == TODAY + timedelta(days=300)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": TODAY + timedelta(days=1)}, "cannot be in the future"),
        ({"held_on": TODAY - timedelta(days=61)}, "before the arrangement started"),
        ({"next_review_on": TODAY - timedelta(days=1)}, "next review must be after this one"),
        ({"next_review_on": TODAY - timedelta(days=2)}, "next review must be after this one"),
        ({"next_review_on": TODAY + timedelta(days=400)}, "at least every 12 months"),
        ({"participants": "   "}, "who took part"),
        ({"confident_score": 6}, "from 1 to 5"),
        ({"connected_score": 0}, "from 1 to 5"),
    ],
)
def test_review_rules_refuse_in_words_and_save_nothing(arrangement, coordinator_a, overrides, message):
    with pytest.raises(DomainError, match=message):
        record(arrangement, coordinator_a, **overrides)
    assert not Review.objects.exists()


def test_next_review_may_be_set_sooner_but_not_later_than_the_schemes_interval(arrangement, coordinator_a):
    ReviewSettings.objects.create(scheme_id=arrangement.scheme_id, review_every_months=6)
    held = TODAY - timedelta(days=1)
    with pytest.raises(DomainError, match="at least every 6 months"):
        record(
            arrangement,
            coordinator_a,
            held_on=held,
            next_review_on=add_months(held, 6) + timedelta(1),
        )
    review = record(arrangement, coordinator_a, held_on=held, next_review_on=add_months(held, 6))
    assert review.next_review_on == date(2031, 12, 14)


def test_only_staff_of_the_scheme_record_reviews(arrangement, coordinator_b, carer_user):
    for outsider in (coordinator_b, carer_user):
        with pytest.raises(DomainError, match="Only staff of this arrangement's scheme"):
            record(arrangement, outsider)
    assert not Review.objects.exists()


def test_a_closing_review_of_an_ended_arrangement_is_allowed(household_x, person_p, coordinator_a):
    ended = make_arrangement(
        household_x,
        person_p,
        by=coordinator_a,
        start=TODAY - timedelta(days=500),
        end=TODAY - timedelta(days=100),
        status=ArrangementStatus.ENDED,
        end_reason="persons_choice",
    )
    review = record(
        ended, coordinator_a, held_on=TODAY - timedelta(days=90), next_review_on=TODAY + timedelta(days=90)
    )
    assert review.arrangement == ended


def test_add_months_keeps_the_day_or_falls_back_to_the_month_end():
    assert add_months(date(2031, 1, 31), 1) == date(2031, 2, 28)
    assert add_months(date(2032, 1, 31), 1) == date(2032, 2, 29)
    assert add_months(date(2031, 11, 15), 12) == date(2032, 11, 15)
    assert add_months(date(2031, 11, 15), 3) == date(2032, 2, 15)


# --- The schedule ----------------------------------------------------------------------------------


def _annotated(arrangement) -> date:
    """The stored date, as the lists, the dashboard and reminders read it."""
    return Arrangement.objects.values_list("next_review_due", flat=True).get(pk=arrangement.pk)


def test_first_review_is_due_six_weeks_after_the_start_by_default(arrangement):
    expected = arrangement.start_date + timedelta(weeks=6)
    assert arrangement_services.next_review_due(arrangement) == expected
    assert _annotated(arrangement) == expected


def test_first_review_follows_the_schemes_setting(arrangement):
    ReviewSettings.objects.create(scheme_id=arrangement.scheme_id, first_review_weeks=4)
    expected = arrangement.start_date + timedelta(weeks=4)
    assert arrangement_services.next_review_due(arrangement) == expected
    assert _annotated(arrangement) == expected


def test_after_reviews_the_next_is_the_date_set_at_the_latest(arrangement, coordinator_a):
    latest = record(
        arrangement, coordinator_a, held_on=TODAY - timedelta(days=2), next_review_on=TODAY + timedelta(100)
    )
    # Recorded later, but held earlier: it does not decide the next date.
    record(
        arrangement, coordinator_a, held_on=TODAY - timedelta(days=20), next_review_on=TODAY + timedelta(30)
    )
    assert arrangement_services.next_review_due(arrangement) == latest.next_review_on
    row = arrangement_services.with_last_review_on(Arrangement.objects.filter(pk=arrangement.pk)).get()
    assert (row.next_review_due, row.last_review_on) == (latest.next_review_on, latest.held_on)


def test_a_new_first_review_period_moves_only_the_first_reviews_not_yet_held(arrangement, coordinator_a):
    settings = ReviewSettings.objects.create(scheme_id=arrangement.scheme_id, first_review_weeks=4)
    assert _annotated(arrangement) == arrangement.start_date + timedelta(weeks=4)
    settings.first_review_weeks = 8
    settings.save()
    assert _annotated(arrangement) == arrangement.start_date + timedelta(weeks=8)
    review = record(arrangement, coordinator_a, held_on=TODAY, next_review_on=TODAY + timedelta(days=90))
    settings.first_review_weeks = 5
    settings.save()
    assert _annotated(arrangement) == review.next_review_on


def test_recording_a_review_adds_no_change_to_the_arrangements_history(arrangement, coordinator_a):
    events = arrangement.events.count()
    record(arrangement, coordinator_a, held_on=TODAY, next_review_on=TODAY + timedelta(days=90))
    assert _annotated(arrangement) == TODAY + timedelta(days=90)
    assert arrangement.events.count() == events


def test_reviews_due_are_overdue_or_within_14_days_and_only_live(household_x, coordinator_a, scheme_a):

    today = timezone.localdate()

    def starting(days_until_first_review, **kwargs):
        person = PersonFactory(scheme=scheme_a)
        start = today + timedelta(days=days_until_first_review) - timedelta(weeks=6)
        # Short breaks take no place until booked, so any number fit in the household.
        return make_arrangement(
            household_x, person, by=coordinator_a, start=start, support_type=SupportType.SHORT_BREAK, **kwargs
        )

    overdue = starting(-3)
    boundary = starting(14)
    starting(15)
    starting(-30, status=ArrangementStatus.ENDED, end=today, end_reason="planned_end")
    paused = starting(0, status=ArrangementStatus.PAUSED)
    due = list(arrangement_services.reviews_due(Arrangement.objects.all(), today=today))
    assert due == [overdue, paused, boundary]
    assert [a.next_review_due for a in due] == [today - timedelta(3), today, today + timedelta(14)]


# --- Staff pages -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(anon_client, arrangement):
    response = anon_client.get(reverse("arrangements:review_create", args=[arrangement.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_staff_of_another_scheme_get_404(client_coordinator_b, arrangement, coordinator_a):
    review = record(arrangement, coordinator_a)
    for url in (
        reverse("arrangements:review_create", args=[arrangement.pk]),
        reverse("arrangements:arrangement_reviews", args=[arrangement.pk]),
        reverse("arrangements:review_detail", args=[review.pk]),
    ):
        assert client_coordinator_b.get(url).status_code == 404
    assert (
        client_coordinator_b.post(
            reverse("arrangements:review_create", args=[arrangement.pk]), {}
        ).status_code
        == 404
    )
    assert Review.objects.count() == 1


def test_carers_and_families_cannot_reach_the_staff_pages(
    client_carer, client_family_without_authority, arrangement
):
    for client in (client_carer, client_family_without_authority):
        assert client.get(reverse("arrangements:review_create", args=[arrangement.pk])).status_code == 403
        assert client.get(reverse("arrangements:reviews_due")).status_code == 403


def _form_data(**overrides) -> dict:
    today = timezone.localdate()
    data = review_fields(held_on=today, next_review_on=today + timedelta(days=200)) | overrides
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


def test_coordinator_records_a_review_and_sees_it_in_full(client_coordinator_a, started):
    arrangement = started
    url = reverse("arrangements:review_create", args=[arrangement.pk])
    page = client_coordinator_a.get(url).content.decode()
    assert page.count('type="radio"') == 15  # three scales of five
    assert "5: Very much" in page
    assert f'value="{timezone.localdate().isoformat()}"' in page  # the date picker needs YYYY-MM-DD
    response = client_coordinator_a.post(url, _form_data())
    review = Review.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "arrangements:review_detail", args=[review.pk]
    )
    html = client_coordinator_a.get(response.url).content.decode()
    assert "Mostly" in html and "Very much" in html and "Partly" in html
    assert "INFORMED-COMMENT" in html and "STAFF-ACTION" in html and "Xena (carer)" in html
    assert AccessLog.objects.filter(object_id=arrangement.person_id, page="review").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"held_on": "2999-01-01"}, "held_on", "cannot be in the future"),
        ({"held_on": "not a date"}, "held_on", "Enter a valid date"),
        ({"informed_score": ""}, "informed_score", "This field is required"),
        ({"confident_score": "9"}, "confident_score", "Select a valid choice"),
        ({"next_review_on": "2000-01-01"}, "next_review_on", "after this one"),
        ({"participants": ""}, "participants", "This field is required"),
    ],
)
def test_bad_input_shows_field_errors_keeps_the_typing_and_saves_nothing(
    client_coordinator_a, started, overrides, field, message
):
    response = client_coordinator_a.post(
        reverse("arrangements:review_create", args=[started.pk]), _form_data(**overrides)
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    html = response.content.decode()
    assert "There is a problem" in html
    assert "I go to the allotment on Saturdays." in html  # what was typed is still there
    assert not Review.objects.exists()


def test_reviews_due_page_lists_the_schemes_due_reviews(
    client_coordinator_a, client_coordinator_b, household_x, person_p, coordinator_a
):
    today = timezone.localdate()
    make_arrangement(household_x, person_p, by=coordinator_a, start=today - timedelta(weeks=7))
    html = client_coordinator_a.get(reverse("arrangements:reviews_due")).content.decode()
    assert "Patricia Parker" in html and "Overdue" in html
    html_b = client_coordinator_b.get(reverse("arrangements:reviews_due")).content.decode()
    assert "Patricia Parker" not in html_b and "No review is due" in html_b


def test_reviews_due_page_uses_constant_queries(
    client_coordinator_a, household_x, coordinator_a, scheme_a, django_assert_num_queries
):
    today = timezone.localdate()
    for n in range(6):
        make_arrangement(
            household_x,
            PersonFactory(scheme=scheme_a),
            by=coordinator_a,
            start=today - timedelta(weeks=7, days=n),
            support_type=SupportType.SHORT_BREAK,
        )
    url = reverse("arrangements:reviews_due")
    client_coordinator_a.get(url)
    # 1 session, 2 user, 3 memberships, 4 count for the paginator,
    # 5 the page of arrangements (+person, household, scheme; next due date as subqueries)
    with django_assert_num_queries(5):
        assert client_coordinator_a.get(url).status_code == 200


# --- Carers and families: summaries ----------------------------------------------------------------

STAFF_ONLY = (
    "INFORMED-COMMENT",
    "CONFIDENT-COMMENT",
    "CONNECTED-COMMENT",
    "STAFF-ACTION",
    "Cora (coordinator)",
)


def test_family_sees_summaries_of_the_person_they_represent_without_staff_text(
    client_family_without_authority, arrangement, coordinator_a
):
    record(arrangement, coordinator_a)
    response = client_family_without_authority.get(
        reverse("arrangements:family_reviews", args=[arrangement.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Review on 14 June 2031" in html
    assert "Mostly" in html and "Partly" in html and "Very much" in html
    assert "I go to the allotment on Saturdays." in html
    assert "Next review by 10 April 2032" in html  # 300 days after 15 June 2031
    for text in STAFF_ONLY:
        assert text not in html
    assert AccessLog.objects.filter(object_id=arrangement.person_id, page="review summaries").exists()


def test_family_of_someone_else_gets_404(client_family_of_q, arrangement, coordinator_a):
    record(arrangement, coordinator_a)
    assert (
        client_family_of_q.get(reverse("arrangements:family_reviews", args=[arrangement.pk])).status_code
        == 404
    )


def test_a_removed_representative_gets_404(client_family_without_authority, arrangement, person_p):
    person_p.representatives.update(removed_at=timezone.now(), removed_reason="Moved away")
    url = reverse("arrangements:family_reviews", args=[arrangement.pk])
    assert client_family_without_authority.get(url).status_code == 404


def test_carer_sees_summaries_of_their_own_arrangements_only(
    client_carer, client_carer_y, household_y, arrangement, coordinator_a
):
    record(arrangement, coordinator_a)
    url = reverse("arrangements:carer_reviews", args=[arrangement.pk])
    html = client_carer.get(url).content.decode()
    assert "Review on 14 June 2031" in html and "I go to the allotment on Saturdays." in html
    for text in STAFF_ONLY:
        assert text not in html
    assert client_carer_y.get(url).status_code == 404


def test_summary_pages_are_for_their_own_role(
    client_coordinator_a, client_carer, client_family_without_authority, arrangement
):
    assert (
        client_coordinator_a.get(reverse("arrangements:family_reviews", args=[arrangement.pk])).status_code
        == 403
    )
    assert client_carer.get(reverse("arrangements:family_reviews", args=[arrangement.pk])).status_code == 403
    assert (
        client_family_without_authority.get(
            reverse("arrangements:carer_reviews", args=[arrangement.pk])
        ).status_code
        == 403
    )


# --- Demo data -------------------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    from django.core.management import call_command

    from matching import demo_reviews
    from sharedlives.accounts.models import Scheme, User

    call_command("seed_demo", stdout=StringIO())
    ctx = {
        "scheme": Scheme.objects.get(name="Northshire Shared Lives"),
        "users": {u.email: u for u in User.objects.all()},
    }
    demo_reviews.seed(ctx)
    return ctx


def test_demo_has_two_years_of_reviews_and_is_idempotent(demo):
    from matching import demo_reviews
    from reports import dashboard

    today = timezone.localdate()
    reviews = Review.objects.filter(arrangement__scheme=demo["scheme"])
    first, last = reviews.order_by("held_on").first().held_on, reviews.order_by("held_on").last().held_on
    assert (today - first).days > 730 and (today - last).days < 400  # over two years
    assert reviews.filter(arrangement__status=ArrangementStatus.ENDED).exists()
    assert reviews.filter(arrangement__status__in=LIVE_ARRANGEMENT_STATUSES).exists()
    assert not reviews.filter(held_on__gt=today).exists()
    assert {r.informed_score for r in reviews} <= {1, 2, 3, 4, 5}
    count, arrangements = reviews.count(), Arrangement.objects.count()
    demo_reviews.seed(demo)
    assert (reviews.count(), Arrangement.objects.count()) == (count, arrangements)
    summary = dashboard.reviews_due_summary(demo["users"]["coordinator@demo.sharedlives.test"], today=today)
    assert summary["overdue"] + summary["due_soon"] >= 1


def test_demo_family_member_sees_past_review_summaries(demo):
    from django.test import Client

    helen = demo["users"]["family.authority@demo.sharedlives.test"]
    rose_reviewed = (
        Arrangement.objects.filter(person__first_name="Rose", reviews__isnull=False).distinct().get()
    )
    client = Client()
    client.force_login(helen)
    html = client.get(reverse("arrangements:family_reviews", args=[rose_reviewed.pk])).content.decode()
    assert "Review on" in html and "Better connected" in html


@pytest.mark.parametrize("count", [1, 5])
def test_family_summaries_use_constant_queries(
    client_family_without_authority, arrangement, coordinator_a, count, django_assert_num_queries
):
    for n in range(count):
        record(arrangement, coordinator_a, held_on=TODAY - timedelta(days=50 - n))
    url = reverse("arrangements:family_reviews", args=[arrangement.pk])
    client_family_without_authority.get(url)
    # 1 session, 2 user, 3 the arrangement (scoped to the people they represent, +person, household),
    # 4 the access log row, 5 the reviews (summary fields only); the next review's date is a
    # column of the arrangement
    with django_assert_num_queries(5):
        response = client_family_without_authority.get(url)
    assert response.content.decode().count("Review on") == count
