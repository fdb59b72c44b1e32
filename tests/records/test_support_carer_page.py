"""The carers' "Supporting <name>" page: open while their support of the person is open (the one
rule, records.access.open_support), 404 otherwise and to everyone else; only the listed fields."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arrangements.models import Arrangement, ArrangementStatus, Booking
from matching import services as matching_services
from people.models import Referral, ReferralStatus, Representative
from records.access import open_support
from records.models import EmergencyContact, Medicine, RecordsSettings, RiskPlan, SupportPlan
from sharedlives.audit.models import AccessLog
from sharedlives.choices import SupportType
from tests.matching.conftest import answer
from tests.people.factories import ReferralFactory

TODAY = timezone.localdate()


def support_url(person):
    return reverse("records:support", args=[person.pk])


def as_short_break(arrangement):
    Arrangement.objects.filter(pk=arrangement.pk).update(support_type=SupportType.SHORT_BREAK)
    arrangement.refresh_from_db()
    return arrangement


def book(arrangement, by, *, starts_in: int, nights: int = 2, cancelled=False) -> Booking:
    starts_on = TODAY + timedelta(days=starts_in)
    return Booking.objects.create(
        arrangement=arrangement,
        household=arrangement.household,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=nights),
        created_by=by,
        cancelled_at=timezone.now() if cancelled else None,
        cancelled_by=by if cancelled else None,
    )


def _live_in(arrangement, by, *, status, end_in=None):
    fields = {"status": status, "end_date": TODAY + timedelta(days=end_in) if end_in is not None else None}
    if end_in is not None and end_in < 0:
        fields["start_date"] = TODAY - timedelta(days=30)
    if status == ArrangementStatus.ENDED:
        fields["end_reason"] = Arrangement.EndReason.PLANNED_END
    Arrangement.objects.filter(pk=arrangement.pk).update(**fields)


def _short_break(arrangement, by, *, starts_in=None, nights=2, cancelled=False, days_around=None):
    as_short_break(arrangement)
    Arrangement.objects.filter(pk=arrangement.pk).update(start_date=TODAY - timedelta(days=30))
    if starts_in is not None:
        book(arrangement, by, starts_in=starts_in, nights=nights, cancelled=cancelled)
    if days_around is not None:
        RecordsSettings.objects.update_or_create(
            scheme_id=arrangement.scheme_id, defaults={"days_around_stay": days_around}
        )


# (case, how to set up P's arrangement with household X, whether the carers' support is open)
CASES = [
    ("live-in planned from today", lambda a, by: _live_in(a, by, status=ArrangementStatus.PLANNED), True),
    ("live-in active", lambda a, by: _live_in(a, by, status=ArrangementStatus.ACTIVE), True),
    ("live-in paused", lambda a, by: _live_in(a, by, status=ArrangementStatus.PAUSED), True),
    (
        "live-in ending next week",
        lambda a, by: _live_in(a, by, status=ArrangementStatus.ENDING, end_in=7),
        True,
    ),
    ("live-in leaving today", lambda a, by: _live_in(a, by, status=ArrangementStatus.ENDING, end_in=0), True),
    ("live-in ended", lambda a, by: _live_in(a, by, status=ArrangementStatus.ENDED, end_in=0), False),
    (
        "live-in whose end date has passed",
        lambda a, by: _live_in(a, by, status=ArrangementStatus.ACTIVE, end_in=-1),
        False,
    ),
    ("short break with no stay booked", lambda a, by: _short_break(a, by), False),
    ("short break during a stay", lambda a, by: _short_break(a, by, starts_in=-1), True),
    ("short break, a stay in 7 days (the default)", lambda a, by: _short_break(a, by, starts_in=7), True),
    ("short break, a stay in 8 days", lambda a, by: _short_break(a, by, starts_in=8), False),
    (
        "short break, a stay that ended 7 days ago",
        lambda a, by: _short_break(a, by, starts_in=-9, nights=2),
        True,
    ),
    (
        "short break, a stay that ended 8 days ago",
        lambda a, by: _short_break(a, by, starts_in=-10, nights=2),
        False,
    ),
    (
        "short break, a cancelled stay tomorrow",
        lambda a, by: _short_break(a, by, starts_in=1, cancelled=True),
        False,
    ),
    (
        "short break, a stay in 9 days, the scheme opens 10 days before",
        lambda a, by: _short_break(a, by, starts_in=9, days_around=10),
        True,
    ),
    (
        "short break, a stay in 5 days, the scheme opens 2 days before",
        lambda a, by: _short_break(a, by, starts_in=5, days_around=2),
        False,
    ),
    (
        "short break, a stay in 2 days, the scheme opens 2 days before",
        lambda a, by: _short_break(a, by, starts_in=2, days_around=2),
        True,
    ),
]


@pytest.mark.parametrize(("setup", "is_open"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_page_opens_exactly_when_the_rule_says_support_is_open(
    arrangement_px, coordinator_a, client_carer, setup, is_open
):
    setup(arrangement_px, coordinator_a)
    assert open_support(Arrangement.objects.filter(pk=arrangement_px.pk)).exists() is is_open
    response = client_carer.get(support_url(arrangement_px.person))
    assert response.status_code == (200 if is_open else 404)


def test_carers_see_nothing_before_the_arrangement_is_confirmed(proposal, person_p, client_carer):
    assert not Arrangement.objects.filter(person=person_p).exists()
    assert client_carer.get(support_url(person_p)).status_code == 404


def test_the_carers_of_another_household_get_404(arrangement_px, client_carer_y):
    assert client_carer_y.get(support_url(arrangement_px.person)).status_code == 404


def test_the_carer_gets_404_for_a_person_they_do_not_support(arrangement_px, person_q, client_carer):
    assert client_carer.get(support_url(person_q)).status_code == 404


@pytest.mark.parametrize(
    "client_name",
    [
        "client_coordinator_a",
        "client_manager_a",
        "client_person",
        "client_family_sees_records",
        "client_family",
    ],
)
def test_staff_the_person_and_their_family_get_404_on_the_carers_page(arrangement_px, request, client_name):
    client = request.getfixturevalue(client_name)
    assert client.get(support_url(arrangement_px.person)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(arrangement_px, anon_client):
    response = anon_client.get(support_url(arrangement_px.person))
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- What the page shows, and never shows --------------------------------------------------------
@pytest.fixture
def full_record(
    arrangement_px, coordinator_a, person_p, person_q, family_with_authority, household_x, carer_user
):
    """P's support plan filled in, and secrets around it that the carers must never see."""
    profile = person_p.profile
    profile.how_to_support_me = "Give Pat time to answer."
    profile.important_to_me = "My guitar and my cat."
    profile.save()
    person_p.address = "SECRET-ADDRESS 1 High Street"
    person_p.social_worker_name = "SECRET-SOCIAL-WORKER"
    person_p.save()
    SupportPlan.objects.create(
        person=person_p,
        communication="Pat uses short sentences and Makaton.",
        routines="Up at seven, tea at six.",
        allergies="Penicillin.",
        health_conditions="Epilepsy.",
        gp_name="Dr Gill",
        gp_practice="Harbour Surgery",
        gp_phone="01632 960001",
        updated_by=coordinator_a,
    )
    risk = {"what_helps": "w", "what_to_do": "d", "who_to_tell": "t", "added_by": coordinator_a}
    RiskPlan.objects.create(
        person=person_p,
        risk="Seizures at night",
        what_helps="A baby monitor.",
        what_to_do="Recovery position; time it.",
        who_to_tell="The on-call coordinator.",
        review_on=TODAY + timedelta(days=60),
        added_by=coordinator_a,
    )
    RiskPlan.objects.create(
        person=person_p,
        risk="SECRET-REMOVED-RISK",
        review_on=TODAY,
        removed_at=timezone.now(),
        removed_by=coordinator_a,
        **risk,
    )
    RiskPlan.objects.create(person=person_q, risk="SECRET-OTHER-PERSONS-RISK", review_on=TODAY, **risk)
    medicine = {"strength": "200 mg", "dose": "One tablet", "added_by": coordinator_a}
    Medicine.objects.create(
        person=person_p, name="Lamotrigine", times=[time(20), time(8)], starts_on=TODAY, **medicine
    )
    Medicine.objects.create(
        person=person_p,
        name="Paracetamol",
        as_needed=True,
        as_needed_reason="For a headache",
        max_in_day=4,
        starts_on=TODAY,
        **medicine,
    )
    Medicine.objects.create(
        person=person_p,
        name="SECRET-STOPPED-MEDICINE",
        times=[time(8)],
        starts_on=TODAY - timedelta(days=10),
        stops_on=TODAY - timedelta(days=1),
        **medicine,
    )
    Medicine.objects.create(
        person=person_q, name="SECRET-OTHER-MEDICINE", times=[time(8)], starts_on=TODAY, **medicine
    )
    EmergencyContact.objects.create(
        person=person_p,
        name="Sam Porter",
        relationship="brother",
        phone="07700 900111",
        added_by=coordinator_a,
    )
    EmergencyContact.objects.create(
        person=person_p,
        name="SECRET-REMOVED-CONTACT",
        phone="0",
        added_by=coordinator_a,
        removed_at=timezone.now(),
    )
    Representative.objects.filter(person=person_p).update(
        phone="07700 900222",
        note="SECRET-REPRESENTATIVE-NOTE",
        email="secret.rep@example.test",
        address="SECRET-REP-ADDRESS",
    )
    Representative.objects.create(
        person=person_p,
        full_name="SECRET-FORMER-REP",
        removed_at=timezone.now(),
        removed_by=coordinator_a,
        removed_reason="Moved away",
    )
    Referral.objects.filter(person=person_p).update(reasons="SECRET-REFERRAL-REASON")
    # Someone else's proposal to the same household, turned down with a reason.
    referral_q = ReferralFactory(person=person_q, status=ReferralStatus.MATCHING)
    draft = matching_services.proposal_create(
        referral_id=referral_q.pk, household_id=household_x.pk, by=coordinator_a
    )
    proposal_q = matching_services.proposal_send(proposal_id=draft.pk, by=coordinator_a)
    answer(proposal_q, "carer", "not_interested", carer_user, note="SECRET-DECLINE-REASON")
    return arrangement_px


SHOWN = [
    "Supporting Pat",
    "Give Pat time to answer.",
    "My guitar and my cat.",
    "Pat makes everyone laugh.",
    "Finds crowds hard.",
    "Pat uses short sentences and Makaton.",
    "Up at seven, tea at six.",
    "Penicillin.",
    "Epilepsy.",
    "Dr Gill",
    "01632 960001",
    "Seizures at night",
    "A baby monitor.",
    "Recovery position; time it.",
    "The on-call coordinator.",
    "Lamotrigine 200 mg",
    "08:00, 20:00",
    "For a headache",
    "Sam Porter",
    "07700 900111",
    "Wendy Welfare",
    "07700 900222",
]
NEVER_SHOWN = [
    "SECRET-RISK-DETAIL",
    "SECRET-ADDRESS",
    "SECRET-SOCIAL-WORKER",
    "SECRET-REMOVED-RISK",
    "SECRET-OTHER-PERSONS-RISK",
    "SECRET-STOPPED-MEDICINE",
    "SECRET-OTHER-MEDICINE",
    "SECRET-REMOVED-CONTACT",
    "SECRET-REPRESENTATIVE-NOTE",
    "secret.rep@example.test",
    "SECRET-REP-ADDRESS",
    "SECRET-FORMER-REP",
    "SECRET-REFERRAL-REASON",
    "SECRET-DECLINE-REASON",
    "Quentin",
    "OPG reference",  # the representative's legal authority
    "Parker",  # the person's surname
]


def test_the_carer_sees_what_they_need_to_support_the_person(full_record, client_carer):
    html = client_carer.get(support_url(full_record.person)).content.decode()
    missing = [text for text in SHOWN if text not in html]
    assert not missing


def test_the_staff_only_and_other_peoples_data_never_reach_the_carers_page(full_record, client_carer):
    html = client_carer.get(support_url(full_record.person)).content.decode()
    leaked = [text for text in NEVER_SHOWN if text in html]
    assert not leaked


def test_the_marker_strings_are_in_the_database_so_the_leak_test_can_fail(full_record, person_p):
    assert person_p.profile.risk_detail == "SECRET-RISK-DETAIL"
    assert RiskPlan.objects.filter(risk="SECRET-OTHER-PERSONS-RISK").exists()
    assert Representative.objects.filter(note="SECRET-REPRESENTATIVE-NOTE").exists()
    assert Referral.objects.filter(reasons="SECRET-REFERRAL-REASON").exists()


def test_each_view_of_the_page_is_in_the_access_log(arrangement_px, carer_user, client_carer):
    client_carer.get(support_url(arrangement_px.person))
    client_carer.get(support_url(arrangement_px.person))
    logged = AccessLog.objects.filter(
        user=carer_user,
        object_type="people.person",
        object_id=arrangement_px.person_id,
        page="supporting page",
    )
    assert logged.count() == 2
    assert logged.first().scheme_id == arrangement_px.person.scheme_id


def test_a_refused_look_is_not_logged_as_a_view(arrangement_px, carer_y_user, client_carer_y):
    client_carer_y.get(support_url(arrangement_px.person))
    assert not AccessLog.objects.filter(user=carer_y_user, page="supporting page").exists()


def test_the_page_makes_the_same_number_of_queries_with_more_rows(full_record, client_carer, coordinator_a):
    url = support_url(full_record.person)
    client_carer.get(url)
    with CaptureQueriesContext(connection) as before:
        client_carer.get(url)
    person = full_record.person
    for n in range(5):
        RiskPlan.objects.create(
            person=person,
            risk=f"Risk {n}",
            what_helps="w",
            what_to_do="d",
            who_to_tell="t",
            review_on=TODAY,
            added_by=coordinator_a,
        )
        EmergencyContact.objects.create(person=person, name=f"C {n}", phone="1", added_by=coordinator_a)
        Medicine.objects.create(
            person=person,
            name=f"M {n}",
            strength="1",
            dose="1",
            times=[time(9)],
            starts_on=TODAY,
            added_by=coordinator_a,
        )
    with CaptureQueriesContext(connection) as after:
        client_carer.get(url)
    assert len(after) == len(before)


# --- The carer's home page -------------------------------------------------------------------------
def test_the_carers_home_lists_the_people_they_support_with_a_link(arrangement_px, client_carer):
    html = client_carer.get(reverse("carer_home")).content.decode()
    assert "People you support" in html
    assert f'href="{support_url(arrangement_px.person)}"' in html


def test_the_carers_home_no_longer_lists_someone_once_the_arrangement_ended(
    arrangement_px, coordinator_a, client_carer
):
    _live_in(arrangement_px, coordinator_a, status=ArrangementStatus.ENDED, end_in=0)
    html = client_carer.get(reverse("carer_home")).content.decode()
    assert support_url(arrangement_px.person) not in html


def test_another_households_carer_home_does_not_list_the_person(arrangement_px, client_carer_y):
    html = client_carer_y.get(reverse("carer_home")).content.decode()
    assert support_url(arrangement_px.person) not in html
    assert "People you support" not in html


def test_the_carers_home_lists_each_person_once(arrangement_px, coordinator_a, client_carer):
    as_short_break(arrangement_px)
    book(arrangement_px, coordinator_a, starts_in=0)
    book(arrangement_px, coordinator_a, starts_in=3)
    html = client_carer.get(reverse("carer_home")).content.decode()
    assert html.count(f'href="{support_url(arrangement_px.person)}"') == 1


# --- The staff person page --------------------------------------------------------------------------
def test_the_staff_person_page_links_to_the_support_plan(person_p, client_coordinator_a):
    html = client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk])).content.decode()
    assert "Living together" in html
    assert reverse("records:support_plan_edit", args=[person_p.pk]) in html


def test_the_page_links_to_the_records_the_carer_keeps(arrangement_px, client_carer):
    html = client_carer.get(support_url(arrangement_px.person)).content.decode()
    for name in ("records:note_create", "records:note_list", "records:medicines", "records:money"):
        assert f'href="{reverse(name, args=[arrangement_px.person_id])}"' in html
