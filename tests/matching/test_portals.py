"""What each side sees and can do on its own pages: staged disclosure, easy-read answers, scoping."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Response
from people.models import Profile

from .conftest import answer, to_introductions

# Things the carer must never see about the person before (or after) both sides are interested.
PERSON_SECRETS = [
    "Parker",
    "1990",
    "15 June",
    "SECRET-RISK-DETAIL",
    "Finds crowds hard",
    "person.p@example.test",
]
HOUSEHOLD_SECRETS = [
    "Xu",
    "carer.x@example.test",
    "NS1 1AA",
    "07700",
    "Enhanced DBS",
    "SECRET-HOUSEHOLD-ADDRESS",
]


@pytest.fixture
def rich_proposal(proposal):
    person = proposal.person
    person.postcode = "NS1 4AB"
    person.phone = "07700 900123"
    person.address = "1 Secret Street"
    person.save()
    Profile.objects.filter(person=person).update(needs_summary="Needs help with cooking.")
    household = proposal.household
    household.address = "SECRET-HOUSEHOLD-ADDRESS"
    household.postcode = "NS1 1AA"
    household.save()
    household.carers.update(phone="07700 900456")
    return proposal


def _html(client, name, pk):
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    # Random tokens (CSRF) could contain any short string by chance; they carry no data.
    return re.sub(r'value="[A-Za-z0-9_-]{32,}"', "", response.content.decode())


def test_carer_sees_the_matching_profile_and_nothing_more(client_carer, rich_proposal):
    html = _html(client_carer, "matching:carer_proposal", rich_proposal.pk)
    assert "Pat" in html and "30s" in html and "Pat makes everyone laugh." in html
    assert "Needs help with cooking." in html and "NS1" in html
    for secret in PERSON_SECRETS + ["1 Secret Street", "07700 900123", "NS1 4AB"]:
        assert secret not in html, secret


@pytest.mark.parametrize(
    ("client_fixture", "url_name"),
    [
        ("client_person", "matching:person_proposal"),
        ("client_family_without_authority", "matching:family_proposal"),
        ("client_family_with_authority", "matching:family_proposal"),
    ],
)
def test_person_side_sees_the_household_profile_and_nothing_more(
    request, client_fixture, url_name, rich_proposal
):
    client = request.getfixturevalue(client_fixture)
    html = _html(client, url_name, rich_proposal.pk)
    assert "Xena" in html and "We love the sea." in html
    for secret in HOUSEHOLD_SECRETS:
        assert secret not in html, secret


def test_decline_reasons_are_for_staff_only(proposal, carer_user, client_person, client_coordinator_a):
    answer(proposal, "carer", "not_interested", carer_user, note="SECRET-DECLINE-REASON")
    person_page = _html(client_person, "matching:person_proposal", proposal.pk)
    assert "not going ahead" in person_page.lower() and "SECRET-DECLINE-REASON" not in person_page
    staff_page = _html(client_coordinator_a, "matching:proposal_detail", proposal.pk)
    assert "SECRET-DECLINE-REASON" in staff_page


def test_person_answers_through_a_check_your_answer_page(client_person, proposal):
    detail = _html(client_person, "matching:person_proposal", proposal.pk)
    check_url = reverse("matching:person_check_answer", args=[proposal.pk, "interested"])
    assert check_url in detail
    check = client_person.get(check_url).content.decode()
    assert "Check your answer" in check and "Yes, I want to meet Xena" in check
    assert not Response.objects.exists()  # nothing is sent by looking
    client_person.post(check_url)
    response = Response.objects.get()
    assert (response.side, response.answer, response.channel, response.basis) == (
        "person",
        "interested",
        "portal",
        "own_decision",
    )


def test_carer_answers_from_their_page(client_carer, proposal):
    response = client_carer.post(
        reverse("matching:carer_proposal", args=[proposal.pk]), {"answer": "interested"}
    )
    assert response.status_code == 302
    assert Response.objects.get().side == "carer"


@pytest.mark.parametrize(
    ("posted", "shown"),
    [
        ({"answer": "yes please", "note": "We met at the fair"}, "We could not read that answer"),
        ({"answer": "agree", "note": "We met at the fair"}, "Agreeing comes after both sides are interested"),
        ({"answer": "interested", "note": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_carer_answer_that_is_refused_says_so_and_keeps_the_note(client_carer, proposal, posted, shown):
    """ "agree" is not offered before introductions; a tampered post is refused in words."""
    response = client_carer.post(reverse("matching:carer_proposal", args=[proposal.pk]), posted)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and shown in html
    assert posted["note"][:50] in html
    assert not Response.objects.filter(proposal=proposal).exists()


def test_family_member_with_authority_decides_when_the_person_lacks_capacity(
    client_family_with_authority, proposal, p_lacks_capacity
):
    detail = _html(client_family_with_authority, "matching:family_proposal", proposal.pk)
    assert "You hold a welfare authority" in detail
    client_family_with_authority.post(
        reverse("matching:family_check_answer", args=[proposal.pk, "interested"])
    )
    assert Response.objects.get().basis == "attorney"


def test_family_member_without_authority_can_only_give_views(
    client_family_without_authority, proposal, p_lacks_capacity
):
    detail = _html(client_family_without_authority, "matching:family_proposal", proposal.pk)
    assert "give your views" in detail.lower()
    assert reverse("matching:family_check_answer", args=[proposal.pk, "interested"]) not in detail
    response = client_family_without_authority.post(
        reverse("matching:family_opinion", args=[proposal.pk]),
        {"view": "concerns", "comment": "Too far from me"},
    )
    assert response.status_code == 302
    assert proposal.opinions.get().comment == "Too far from me"
    assert not Response.objects.exists()


def test_typing_the_check_your_answer_address_without_authority_explains_and_goes_back(
    client_family_without_authority, proposal, p_lacks_capacity
):
    url = reverse("matching:family_check_answer", args=[proposal.pk, "interested"])
    response = client_family_without_authority.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("matching:family_proposal", args=[proposal.pk])
    assert "you cannot make the decision for Pat" in response.content.decode()
    assert "Send this answer" not in response.content.decode()


def test_bad_view_input_keeps_the_typing_and_saves_nothing(client_family_without_authority, proposal):
    response = client_family_without_authority.post(
        reverse("matching:family_opinion", args=[proposal.pk]), {"view": "nonsense", "comment": "Kept words"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Kept words" in html
    assert not proposal.opinions.exists()


def test_person_lacking_capacity_is_told_who_decides(client_person, proposal, p_lacks_capacity):
    html = _html(client_person, "matching:person_proposal", proposal.pk)
    assert "Someone who can decide for you will answer." in html
    assert reverse("matching:person_check_answer", args=[proposal.pk, "interested"]) not in html


def test_carer_x_gets_404_on_proposals_to_carer_y(client_carer_y, household_y, proposal):
    assert client_carer_y.get(reverse("matching:carer_proposal", args=[proposal.pk])).status_code == 404
    assert (
        client_carer_y.post(
            reverse("matching:carer_proposal", args=[proposal.pk]), {"answer": "interested"}
        ).status_code
        == 404
    )
    assert not Response.objects.exists()


def test_family_of_q_gets_404_on_proposals_for_p(client_family_of_q, proposal):
    assert client_family_of_q.get(reverse("matching:family_proposal", args=[proposal.pk])).status_code == 404
    assert (
        client_family_of_q.post(
            reverse("matching:family_check_answer", args=[proposal.pk, "interested"])
        ).status_code
        == 404
    )


def test_drafts_are_not_shown_to_either_side(client_carer, client_person, draft):
    assert client_carer.get(reverse("matching:carer_proposal", args=[draft.pk])).status_code == 404
    assert client_person.get(reverse("matching:person_proposal", args=[draft.pk])).status_code == 404


def test_other_scheme_staff_get_404_on_the_proposal(client_coordinator_b, proposal):
    assert (
        client_coordinator_b.get(reverse("matching:proposal_detail", args=[proposal.pk])).status_code == 404
    )
    assert (
        client_coordinator_b.post(
            reverse("matching:proposal_withdraw", args=[proposal.pk]), {"reason": "x"}
        ).status_code
        == 404
    )


def test_staff_record_a_phone_answer_and_bad_input_keeps_what_was_typed(client_coordinator_a, proposal):
    url = reverse("matching:proposal_record_response", args=[proposal.pk])
    bad = client_coordinator_a.post(
        url, {"side": "carer", "answer": "interested", "channel": "portal", "note": "Kept note"}
    )
    assert bad.status_code == 200 and "Kept note" in bad.content.decode() and not Response.objects.exists()
    good = client_coordinator_a.post(url, {"side": "carer", "answer": "interested", "channel": "phone"})
    assert good.status_code == 302 and Response.objects.get().channel == "phone"


def test_refused_rule_is_shown_next_to_the_form_with_input_kept(
    client_coordinator_a, proposal, p_lacks_capacity
):
    url = reverse("matching:proposal_record_response", args=[proposal.pk])
    response = client_coordinator_a.post(
        url, {"side": "person", "answer": "interested", "channel": "phone", "note": "Typed"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "best-interests decision must say who was consulted" in html
    assert "Typed" in html


def test_staff_journey_through_the_pages(client_coordinator_a, draft, carer_user, person_user):
    client_coordinator_a.post(reverse("matching:proposal_send", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "proposed"
    to_introductions(draft, carer=carer_user, person=person_user)
    client_coordinator_a.post(
        reverse("matching:proposal_record_introduction", args=[draft.pk]),
        {"kind": "tea_visit", "happened_on": "2026-01-05", "attended": "Pat, mum, Xena"},
    )
    assert draft.introductions.count() == 1
    answer(draft, "carer", "agree", carer_user)
    answer(draft, "person", "agree", person_user)
    response = client_coordinator_a.post(
        reverse("matching:proposal_confirm", args=[draft.pk]), {"start_date": "2030-01-01"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "confirmed" and draft.arrangement.start_date.year == 2030
    board = client_coordinator_a.get(reverse("matching:board")).content.decode()
    assert "Pat Parker" in board


@pytest.mark.parametrize("count", [3, 20])
def test_board_uses_constant_queries(
    client_coordinator_a, coordinator_a, count, django_assert_num_queries, scheme_a, household_x
):
    from matching import services
    from people.models import ReferralStatus
    from tests.people.factories import PersonFactory, ReferralFactory

    for _ in range(count):
        referral = ReferralFactory(person=PersonFactory(scheme=scheme_a), status=ReferralStatus.MATCHING)
        services.proposal_create(referral_id=referral.pk, household_id=household_x.pk, by=coordinator_a)
    url = reverse("matching:board")
    client_coordinator_a.get(url)
    # session, user, memberships, open proposals, latest outcomes (each with person and household)
    with django_assert_num_queries(5):
        client_coordinator_a.get(url)


def test_board_shows_an_open_proposal_however_long_it_has_waited(client_coordinator_a, proposal):
    from matching.models import MatchProposal

    MatchProposal.objects.filter(pk=proposal.pk).update(
        status_changed_at=timezone.now() - timedelta(days=400)
    )
    board = client_coordinator_a.get(reverse("matching:board")).content.decode()
    assert proposal.get_absolute_url() in board and "400 days" in board


def test_confirmed_arrangement_appears_on_the_person_and_family_home_pages(
    proposal, carer_user, person_user, coordinator_a, client_person, client_family_without_authority
):
    from matching import services

    from .conftest import to_agreed

    to_agreed(proposal, carer=carer_user, person=person_user)
    services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=date(2030, 1, 1))
    person_home = client_person.get(reverse("person_home")).content.decode()
    assert "Your Shared Lives" in person_home and "Xena" in person_home and "1 January 2030" in person_home
    family_home = client_family_without_authority.get(reverse("family_home")).content.decode()
    assert "Arrangements" in family_home and "Xena" in family_home


def test_open_proposal_shows_on_the_person_home_page(proposal, client_person):
    html = client_person.get(reverse("person_home")).content.decode()
    assert reverse("matching:person_proposal", args=[proposal.pk]) in html


@pytest.mark.parametrize(
    ("client_fixture", "pages", "secrets"),
    [
        (
            "client_carer",
            ["matching:carer_proposals", "carer_home", ("matching:carer_proposal",)],
            PERSON_SECRETS,
        ),
        (
            "client_person",
            [
                "matching:person_proposals",
                "person_home",
                ("matching:person_proposal",),
                ("matching:person_check_answer", "interested"),
            ],
            HOUSEHOLD_SECRETS,
        ),
        (
            "client_family_with_authority",
            [
                "matching:family_proposals",
                "family_home",
                ("matching:family_proposal",),
                ("matching:family_check_answer", "interested"),
            ],
            HOUSEHOLD_SECRETS,
        ),
    ],
)
def test_no_portal_page_shows_the_other_sides_forbidden_fields(
    request, client_fixture, pages, secrets, rich_proposal
):
    client = request.getfixturevalue(client_fixture)
    if client_fixture == "client_family_with_authority":
        request.getfixturevalue("p_lacks_capacity")  # so the attorney decides, and sees the answer page
    for page in pages:
        url = (
            reverse(page[0], args=[rich_proposal.pk, *page[1:]]) if isinstance(page, tuple) else reverse(page)
        )
        response = client.get(url)
        assert response.status_code == 200, url
        html = re.sub(r'value="[A-Za-z0-9_-]{32,}"', "", response.content.decode())
        for secret in secrets:
            assert secret not in html, f"{secret} on {url}"
