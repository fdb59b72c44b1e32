"""Complaint and compliment pages: the person's two-step easy-read form, the family's and carers'
form, each maker's own pages, and the staff's list, record form and next steps."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding import services
from safeguarding.models import (
    Channel,
    Complaint,
    ComplaintOutcome,
    ComplaintStatus,
    FeedbackFrom,
    FeedbackKind,
)
from safeguarding.services.complaints import deadlines
from safeguarding.views.complaints import TELL_US_SESSION_KEY
from sharedlives.accounts.models import SchemeMembership, User
from tests.factories import UserFactory, sign_in, staff_user
from tests.people.factories import PersonFactory, RepresentativeFactory

from .test_complaint_services import answer, letter, scottish_scheme

pytestmark = pytest.mark.django_db

TELL_US = reverse("safeguarding:person_tell_us")
CHECK = reverse("safeguarding:person_tell_us_check")
SEND = reverse("safeguarding:complaint_send")
OWN = reverse("safeguarding:own_complaints")
LIST = reverse("safeguarding:complaint_list")
RECORD = reverse("safeguarding:complaint_record")
LGSCO = "If you are not happy with our answer you can ask the Local Government and Social Care Ombudsman"
SPSO = "If you are not happy with our answer you can ask the Scottish Public Services Ombudsman"


def step(name, complaint):
    return reverse(f"safeguarding:complaint_{name}", args=[complaint.pk])


def long_date(day):
    return date_format(day, "l j F Y")


def family_complaint(family_user, person, summary="The carer forgot the medicine."):
    return services.complaint_make(by=family_user, summary=summary, person_id=person.pk)


# --- The person: "tell us something is wrong" in two steps -------------------------------------


def test_person_tells_us_in_two_steps_and_nothing_is_saved_until_yes(client_person, person_p, person_user):
    page = client_person.get(TELL_US)
    assert (
        page.status_code == 200
        and "What is wrong?" in page.text
        and "What would make it better?" in page.text
    )
    assert "easy-read" in page.text

    response = client_person.post(TELL_US, {"summary": "My room is cold.", "wanted_outcome": "A heater."})
    assert response.status_code == 302 and response.url == CHECK
    assert not Complaint.objects.exists()

    check = client_person.get(CHECK)
    assert "Is this right?" in check.text and "My room is cold." in check.text and "A heater." in check.text
    assert "Yes, send it" in check.text and "No, change it" in check.text
    assert not Complaint.objects.exists()

    sent = client_person.post(CHECK, follow=True)
    complaint = Complaint.objects.get()
    assert sent.redirect_chain[-1][0] == complaint.get_absolute_url()
    assert complaint.made_by == person_user and complaint.person == person_p
    assert (complaint.kind, complaint.from_who, complaint.channel) == ("complaint", "person", "portal")
    assert complaint.summary == "My room is cold." and complaint.wanted_outcome == "A heater."
    acknowledge_by = deadlines(person_p.scheme, timezone.localdate())[0]
    assert complaint.acknowledge_by == acknowledge_by
    assert "Thank you for telling us" in sent.text
    assert f"Someone will talk to you by <strong>{long_date(acknowledge_by)}</strong>" in sent.text
    assert TELL_US_SESSION_KEY not in client_person.session
    # Sent once: the check page now has nothing to send and goes back to the form.
    again = client_person.post(CHECK)
    assert again.status_code == 302 and again.url == TELL_US
    assert Complaint.objects.count() == 1


def test_sent_on_friday_24_december_2027_someone_talks_to_them_by_new_years_eve(
    client_person, person_p, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2027, 12, 24))
    client_person.post(TELL_US, {"summary": "Nobody came.", "wanted_outcome": ""})
    page = client_person.post(CHECK, follow=True)
    complaint = Complaint.objects.get()
    assert complaint.received_on == date(2027, 12, 24)
    # The weekend, then England's bank holidays on Monday 27 and Tuesday 28 December.
    assert complaint.acknowledge_by == date(2027, 12, 31)
    assert "Someone will talk to you by <strong>Friday 31 December 2027</strong>" in page.text


def test_no_change_it_keeps_the_answers(client_person, person_p):
    client_person.post(
        TELL_US, {"summary": "The bus was late.", "wanted_outcome": "Ring me.", "thank_you": "on"}
    )
    form = client_person.get(TELL_US)
    assert "The bus was late.</textarea>" in form.text and "Ring me.</textarea>" in form.text
    assert 'name="thank_you" class="checkboxinput form-check-input" id="id_thank_you" checked' in form.text
    client_person.post(TELL_US, {"summary": "The bus was very late.", "wanted_outcome": ""})
    assert "The bus was very late." in client_person.get(CHECK).text
    client_person.post(CHECK)
    complaint = Complaint.objects.get()
    assert complaint.summary == "The bus was very late." and complaint.kind == FeedbackKind.COMPLAINT


def test_saying_thank_you_sends_a_compliment(client_person, person_p):
    client_person.post(TELL_US, {"summary": "Xena made my birthday cake.", "thank_you": "on"})
    assert "You want to say thank you." in client_person.get(CHECK).text
    client_person.post(CHECK)
    assert Complaint.objects.get().kind == FeedbackKind.COMPLIMENT


def test_the_check_page_without_answers_goes_back_to_the_form(client_person, person_p):
    response = client_person.get(CHECK)
    assert response.status_code == 302 and response.url == TELL_US


def test_the_persons_form_refuses_an_empty_answer_and_keeps_nothing(client_person, person_p):
    response = client_person.post(TELL_US, {"summary": "   ", "wanted_outcome": "x" * 5001})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"summary", "wanted_outcome"}
    assert (
        "Tell us what is wrong, or what was good." in response.text and 'href="#id_summary"' in response.text
    )
    assert TELL_US_SESSION_KEY not in client_person.session
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("who", ["client_family", "client_carer", "client_coordinator_a"])
def test_only_the_person_reaches_tell_us(who, request, person_p):
    client = request.getfixturevalue(who)
    assert client.get(TELL_US).status_code == 403
    assert client.post(CHECK).status_code == 403
    assert not Complaint.objects.exists()


def test_the_persons_home_page_links_to_tell_us_and_their_complaints(client_person, person_p):
    page = client_person.get(reverse("person_home"))
    assert f'href="{TELL_US}">Tell us something is wrong</a>' in page.text
    assert f'href="{OWN}"' in page.text


# --- Family members and carers -------------------------------------------------------------------


def test_family_sends_one_about_the_person_they_represent(client_family, family_without_authority, person_p):
    page = client_family.get(SEND)
    assert page.status_code == 200 and "Patricia Parker" in page.text
    response = client_family.post(
        SEND,
        {
            "kind": "complaint",
            "person": person_p.pk,
            "summary": "Pat missed the day centre.",
            "wanted_outcome": "",
        },
        follow=True,
    )
    complaint = Complaint.objects.get()
    assert response.redirect_chain[-1][0] == complaint.get_absolute_url()
    assert complaint.made_by == family_without_authority and complaint.person == person_p
    assert complaint.from_who == FeedbackFrom.FAMILY
    assert f"We will be in touch by {long_date(complaint.acknowledge_by)}" in response.text


def test_family_cannot_send_one_about_someone_they_do_not_represent(
    client_family, family_without_authority, person_q
):
    page = client_family.get(SEND)
    assert "Quentin" not in page.text
    response = client_family.post(
        SEND, {"kind": "complaint", "person": person_q.pk, "summary": "Posted by hand."}
    )
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_the_send_form_refuses_bad_input(client_family, family_without_authority, person_p):
    response = client_family.post(SEND, {"kind": "grumble", "person": person_p.pk, "summary": ""})
    assert response.context["form"].errors.keys() == {"kind", "summary"}
    assert not Complaint.objects.exists()


def test_carer_sends_one_about_their_household(client_carer, household_x, carer_user):
    response = client_carer.post(SEND, {"kind": "compliment", "summary": "The training day was good."})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == complaint.get_absolute_url()
    assert complaint.household == household_x and complaint.person is None
    assert complaint.made_by == carer_user and complaint.from_who == FeedbackFrom.CARER


@pytest.mark.parametrize("who", ["client_person", "client_coordinator_a"])
def test_only_family_and_carers_reach_the_send_form(who, request, person_p):
    assert request.getfixturevalue(who).get(SEND).status_code == 403


def test_the_family_home_page_links_to_the_send_form_and_their_complaints(
    client_family, family_without_authority
):
    page = client_family.get(reverse("family_home"))
    assert f'href="{SEND}">Tell us something is wrong, or say thank you</a>' in page.text
    assert f'href="{OWN}">Your complaints</a>' in page.text


# --- Each maker sees only their own -------------------------------------------------------------


def test_each_maker_sees_only_their_own(
    client_person,
    client_family,
    client_carer,
    person_p,
    person_user,
    family_without_authority,
    household_x,
    carer_user,
    coordinator_a,
):
    by_family = family_complaint(family_without_authority, person_p)
    by_person = services.complaint_make(by=person_user, summary="My room is cold.")
    by_carer = services.complaint_make(by=carer_user, summary="Payments are late.")
    recorded = letter(coordinator_a, person=person_p, summary="Phoned in about Pat.")

    assert client_family.get(by_family.get_absolute_url()).status_code == 200
    for client, own, others in [
        (client_person, by_person, [by_family, by_carer, recorded]),
        (client_family, by_family, [by_person, by_carer, recorded]),
        (client_carer, by_carer, [by_person, by_family, recorded]),
    ]:
        assert client.get(own.get_absolute_url()).status_code == 200
        for other in others:
            assert client.get(other.get_absolute_url()).status_code == 404
        listed = client.get(OWN).text
        assert f'href="{own.get_absolute_url()}"' in listed
        for other in others:
            assert f'href="{other.get_absolute_url()}"' not in listed


def test_own_complaints_lists_newest_first(client_family, family_without_authority, person_p):
    first = family_complaint(family_without_authority, person_p, "First")
    second = family_complaint(family_without_authority, person_p, "Second")
    page = client_family.get(OWN)
    assert page.text.index(second.reference) < page.text.index(first.reference)


def test_the_persons_own_list_is_easy_read(client_person, person_p, person_user):
    services.complaint_make(by=person_user, summary="My room is cold.")
    page = client_person.get(OWN)
    assert "easy-read" in page.text and "You told us something is wrong on" in page.text


def test_staff_do_not_reach_the_makers_list(client_coordinator_a):
    assert client_coordinator_a.get(OWN).status_code == 403


def test_the_maker_sees_the_answer_in_plain_words_and_the_english_ombudsman(
    client_family, family_without_authority, person_p, coordinator_a, manager_a
):
    complaint = family_complaint(family_without_authority, person_p)
    page = client_family.get(complaint.get_absolute_url())
    assert "We have got it." in page.text and "Ombudsman" not in page.text
    services.complaint_acknowledge(complaint_id=complaint.pk, by=coordinator_a)
    answer(complaint, manager_a, ComplaintOutcome.UPHELD)
    page = client_family.get(complaint.get_absolute_url())
    assert "We agree with you. Something went wrong." in page.text
    assert "We have spoken to the carer." in page.text
    assert LGSCO in page.text and "www.lgo.org.uk" in page.text and "0300 061 0614" in page.text
    services.complaint_close(complaint_id=complaint.pk, by=coordinator_a)
    assert LGSCO in client_family.get(complaint.get_absolute_url()).text  # still there once closed


def test_the_person_sees_the_ombudsman_in_easy_read(
    client_person, person_p, person_user, coordinator_a, manager_a
):
    complaint = services.complaint_make(by=person_user, summary="My room is cold.")
    services.complaint_acknowledge(complaint_id=complaint.pk, by=coordinator_a)
    answer(complaint, manager_a, ComplaintOutcome.NOT_UPHELD)
    page = client_person.get(complaint.get_absolute_url())
    assert "easy-read" in page.text and "We do not think something went wrong." in page.text
    assert LGSCO in page.text


def test_a_scottish_scheme_names_the_scottish_ombudsman():
    scheme = scottish_scheme()
    manager = staff_user(scheme, SchemeMembership.Role.MANAGER, email="manager.s@example.test")
    person = PersonFactory(scheme=scheme, first_name="Sandy")
    family = UserFactory(kind=User.Kind.FAMILY, email="family.s@example.test")
    RepresentativeFactory(person=person, user=family)
    complaint = family_complaint(family, person)
    services.complaint_acknowledge(complaint_id=complaint.pk, by=manager)
    answer(complaint, manager)
    page = sign_in(Client(), family).get(complaint.get_absolute_url())
    assert SPSO in page.text and "www.spso.org.uk" in page.text and "0800 377 7330" in page.text
    assert "Local Government" not in page.text


# --- Staff ---------------------------------------------------------------------------------------


def test_coordinator_of_another_scheme_gets_404(client_coordinator_b, person_p, coordinator_a):
    complaint = letter(coordinator_a, person=person_p)
    assert client_coordinator_b.get(complaint.get_absolute_url()).status_code == 404
    assert (
        client_coordinator_b.post(step("acknowledge", complaint), {"on": timezone.localdate()}).status_code
        == 404
    )
    assert complaint.reference not in client_coordinator_b.get(LIST).text
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED


@pytest.mark.parametrize("who", ["client_person", "client_family", "client_carer"])
def test_makers_do_not_reach_the_staff_pages(who, request, person_p, coordinator_a):
    complaint = letter(coordinator_a, person=person_p)
    client = request.getfixturevalue(who)
    assert client.get(LIST).status_code == 403
    assert client.get(RECORD).status_code == 403
    assert client.post(step("acknowledge", complaint), {"on": timezone.localdate()}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(anon_client):
    for url in (LIST, RECORD, OWN, SEND, TELL_US, CHECK):
        response = anon_client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_staff_record_one_from_a_letter(client_coordinator_a, coordinator_a, person_p, scheme_a):
    came = timezone.localdate() - timedelta(days=2)
    response = client_coordinator_a.post(
        RECORD,
        {
            "kind": "complaint",
            "channel": "letter",
            "from_who": "family",
            "complainant_name": "Mo Parker",
            "complainant_contact": "12 High Street",
            "scheme": scheme_a.pk,
            "person": person_p.pk,
            "received_on": came.isoformat(),
            "summary": "The carer was late.",
            "wanted_outcome": "An apology.",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == complaint.get_absolute_url()
    assert complaint.channel == Channel.LETTER and complaint.made_by is None
    assert complaint.recorded_by == coordinator_a and complaint.person == person_p
    assert complaint.received_on == came
    assert (complaint.acknowledge_by, complaint.answer_by) == deadlines(scheme_a, came)
    page = client_coordinator_a.get(complaint.get_absolute_url())
    assert "Mo Parker" in page.text and "The carer was late." in page.text


def test_the_record_form_refuses_bad_input(client_coordinator_a, person_b, scheme_a):
    response = client_coordinator_a.post(
        RECORD,
        {
            "kind": "complaint",
            "channel": "portal",
            "from_who": "family",
            "complainant_name": "",
            "scheme": scheme_a.pk,
            "person": person_b.pk,
            "received_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
            "summary": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {
        "channel",
        "complainant_name",
        "person",
        "received_on",
        "summary",
    }
    assert not Complaint.objects.exists()


def test_staff_take_a_complaint_through_every_step(
    client_coordinator_a, client_manager_a, person_p, coordinator_a, lead_a
):
    complaint = letter(coordinator_a, person=person_p)
    today = timezone.localdate().isoformat()
    assert client_coordinator_a.post(step("acknowledge", complaint), {"on": today}).status_code == 302
    assert (
        client_coordinator_a.post(step("investigate", complaint), {"investigator": lead_a.pk}).status_code
        == 302
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.INVESTIGATING and complaint.investigator == lead_a

    answer_data = {"outcome": "upheld", "response": "We are sorry.", "answered_on": today}
    refused = client_coordinator_a.post(step("answer", complaint), answer_data)
    assert refused.status_code == 200
    assert "Only a manager of the scheme can answer a complaint." in refused.text
    assert "We are sorry.</textarea>" in refused.text  # what was typed is kept
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.INVESTIGATING and complaint.response == ""

    assert client_manager_a.post(step("answer", complaint), answer_data).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED and complaint.outcome == "upheld"
    assert LGSCO in client_coordinator_a.get(complaint.get_absolute_url()).text

    assert client_coordinator_a.post(step("close", complaint)).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.closed_at is not None


def test_a_step_in_the_wrong_status_is_refused_with_the_sentence(client_manager_a, person_p, coordinator_a):
    complaint = letter(coordinator_a, person=person_p)
    today = timezone.localdate().isoformat()
    refused = client_manager_a.post(
        step("answer", complaint), {"outcome": "upheld", "response": "Sorry.", "answered_on": today}
    )
    assert "This complaint is received, so it cannot become answered." in refused.text
    closed = client_manager_a.post(step("close", complaint), follow=True)
    assert "This complaint is received, so it cannot become closed." in closed.text
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED


def test_a_compliment_is_acknowledged_and_closed_and_cannot_be_answered(
    client_coordinator_a, client_manager_a, household_x, coordinator_a
):
    compliment = letter(coordinator_a, household=household_x, kind=FeedbackKind.COMPLIMENT)
    today = timezone.localdate().isoformat()
    client_coordinator_a.post(step("acknowledge", compliment), {"on": today})
    page = client_coordinator_a.get(compliment.get_absolute_url())
    assert "Send the answer" not in page.text and "Close it" in page.text
    refused = client_manager_a.post(
        step("answer", compliment), {"outcome": "upheld", "response": "Thanks.", "answered_on": today}
    )
    assert "cannot become answered" in refused.text
    client_coordinator_a.post(step("close", compliment))
    compliment.refresh_from_db()
    assert compliment.status == ComplaintStatus.CLOSED and compliment.outcome == ""


def test_every_step_form_refuses_bad_input_and_saves_nothing(
    client_manager_a, person_p, coordinator_a, coordinator_b
):
    complaint = letter(coordinator_a, person=person_p)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    bad = [
        ("acknowledge", {"on": tomorrow}, {"on"}),
        ("acknowledge", {"on": "not a date"}, {"on"}),
        ("investigate", {"investigator": coordinator_b.pk}, {"investigator"}),
        (
            "answer",
            {"outcome": "maybe", "response": " ", "answered_on": ""},
            {"outcome", "response", "answered_on"},
        ),
        ("withhold", {"reason": "x" * 2001}, {"reason"}),
    ]
    for name, data, fields in bad:
        response = client_manager_a.post(step(name, complaint), data)
        assert response.status_code == 200, name
        assert response.context[f"{name}_form"].errors.keys() == fields, name
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    assert (
        complaint.acknowledged_on is None
        and complaint.investigator is None
        and complaint.withheld_reason == ""
    )
    assert complaint.transitions.count() == 1


def test_a_manager_withholds_it_from_the_persons_copy(
    client_manager_a, client_coordinator_a, person_p, coordinator_a
):
    complaint = letter(coordinator_a, person=person_p)
    refused = client_coordinator_a.post(step("withhold", complaint), {"reason": "Names a neighbour."})
    assert "Only a manager of the scheme" in refused.text
    client_manager_a.post(step("withhold", complaint), {"reason": "Names a neighbour."})
    complaint.refresh_from_db()
    assert complaint.withheld_reason == "Names a neighbour."


def test_the_list_shows_an_overdue_badge_past_acknowledge_by(client_coordinator_a, person_p, coordinator_a):
    late = letter(coordinator_a, person=person_p, received_on=timezone.localdate() - timedelta(days=10))
    letter(coordinator_a, person=person_p, summary="Came today.")
    page = client_coordinator_a.get(LIST)
    assert late.acknowledge_by < timezone.localdate() < late.answer_by
    assert page.text.count(">Overdue</span>") == 1
    services.complaint_acknowledge(complaint_id=late.pk, by=coordinator_a)
    assert ">Overdue</span>" not in client_coordinator_a.get(LIST).text


def test_the_list_filters_by_status_and_kind(client_coordinator_a, person_p, household_x, coordinator_a):
    complaint = letter(coordinator_a, person=person_p)
    compliment = letter(coordinator_a, household=household_x, kind=FeedbackKind.COMPLIMENT)
    services.complaint_acknowledge(complaint_id=compliment.pk, by=coordinator_a)
    by_kind = client_coordinator_a.get(LIST, {"kind": "compliment"}).text
    assert compliment.reference in by_kind and complaint.reference not in by_kind
    by_status = client_coordinator_a.get(LIST, {"status": "received"}).text
    assert complaint.reference in by_status and compliment.reference not in by_status
    wrong = client_coordinator_a.get(LIST, {"status": "lost"})
    assert wrong.status_code == 200 and "status" in wrong.context["form"].errors


def test_viewing_a_complaint_about_a_person_is_logged(client_coordinator_a, coordinator_a, person_p):
    from sharedlives.audit.models import AccessLog

    complaint = letter(coordinator_a, person=person_p)
    client_coordinator_a.get(complaint.get_absolute_url())
    assert AccessLog.objects.filter(
        user=coordinator_a, object_type="people.person", object_id=person_p.pk, page="complaint"
    ).exists()


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 10])
def test_complaint_list_uses_constant_queries(
    client_coordinator_a, coordinator_a, scheme_a, rows, django_assert_num_queries
):
    for _ in range(rows):
        letter(coordinator_a, person=PersonFactory(scheme=scheme_a))
    client_coordinator_a.get(LIST)  # the first page of a sign-in also notes the session's activity
    # session, user, memberships, count, page (+scheme, person, household joined), one insert into
    # the access log for the people shown
    with django_assert_num_queries(6):
        page = client_coordinator_a.get(LIST)
    assert len(page.context["rows"]) == rows


@pytest.mark.parametrize("rows", [3, 10])
def test_own_complaints_uses_constant_queries(
    client_family, family_without_authority, person_p, rows, django_assert_num_queries
):
    for n in range(rows):
        family_complaint(family_without_authority, person_p, f"Number {n}")
    client_family.get(OWN)  # the first page of a sign-in also notes the session's activity
    # session, user, count, page (+person, household joined), one insert into the access log
    with django_assert_num_queries(5):
        page = client_family.get(OWN)
    assert len(page.context["rows"]) == rows
