"""Each page answers the right role with the content that matters, and the wrong role with 403."""

import pytest
from django.apps import apps
from django.urls import reverse

from people.models import CapacityAssessment, ClosedReason, Referral

from .factories import (
    CapacityAssessmentFactory,
    LegalAuthorityFactory,
    ReferralFactory,
    RepresentativeFactory,
)


@pytest.fixture
def full_record(person_p, coordinator_a, family_with_authority):
    ReferralFactory(person=person_p, status=Referral.Status.SCREENING)
    ReferralFactory(
        person=person_p,
        status=Referral.Status.CLOSED,
        closed_reason=ClosedReason.UNSUITABLE,
        support_type="day_support",
    )
    advocate = RepresentativeFactory(person=person_p, full_name="Ada Advocate", role="advocate")
    LegalAuthorityFactory(representative=advocate, kind="dwp_appointee", checked_by=coordinator_a)
    CapacityAssessmentFactory(
        person=person_p, outcome=CapacityAssessment.Outcome.HAS_CAPACITY, recorded_by=coordinator_a
    )
    return person_p


STAFF_PAGES = [
    "person_detail",
    "person_edit",
    "person_profile",
    "person_profile_edit",
    "person_history",
    "person_referral_create",
    "person_representative_create",
    "person_capacity_create",
]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_coordinator_opens_every_page_about_a_person_of_their_scheme(client_coordinator_a, full_record, name):
    response = client_coordinator_a.get(reverse(f"people:{name}", args=[full_record.pk]))
    assert response.status_code == 200
    assert "Patricia Parker" in response.content.decode()


@pytest.mark.parametrize("client_fixture", ["client_carer", "client_person", "client_family"])
@pytest.mark.parametrize("name", [*STAFF_PAGES, "person_export", "person_access_log"])
def test_other_roles_get_403_on_staff_pages(request, client_fixture, full_record, name):
    client = request.getfixturevalue(client_fixture)
    assert client.get(reverse(f"people:{name}", args=[full_record.pk])).status_code == 403


@pytest.mark.parametrize("client_fixture", ["client_carer", "client_person", "client_family"])
@pytest.mark.parametrize("name", ["person_list", "referral_queue", "person_create"])
def test_other_roles_get_403_on_staff_lists(request, client_fixture, name):
    assert request.getfixturevalue(client_fixture).get(reverse(f"people:{name}")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(anon_client, person_p):
    response = anon_client.get(reverse("people:person_detail", args=[person_p.pk]))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_person_detail_shows_referrals_representatives_authority_capacity_and_who_decides(
    client_coordinator_a, full_record
):
    html = client_coordinator_a.get(reverse("people:person_detail", args=[full_record.pk])).content.decode()
    assert "Screening" in html and "Closed: unsuitable for Shared Lives" in html
    assert "Move to assessment" in html
    assert "Wendy Welfare" in html and "Health and welfare lasting power of attorney" in html
    assert "Ada Advocate" in html and "Does not allow decisions about where Pat lives" in html
    assert "has capacity for this decision" in html
    assert "Pat decides: assessed on" in html
    assert "SECRET-RISK-DETAIL" in html  # staff see the staff-only detail


def test_staff_navigation_has_people_and_referrals(client_coordinator_a):
    html = client_coordinator_a.get(reverse("staff_dashboard")).content.decode()
    assert reverse("people:person_list") in html and reverse("people:referral_queue") in html


def test_coordinator_adds_a_person_who_gets_an_empty_profile(client_coordinator_a, scheme_a):
    response = client_coordinator_a.post(
        reverse("people:person_create"),
        {
            "scheme": scheme_a.pk,
            "first_name": "Nia",
            "last_name": "New",
            "date_of_birth": "1999-04-01",
            "postcode": "ns1 4ab",
        },
    )
    assert response.status_code == 302
    person = apps.get_model("people", "Person").objects.get(first_name="Nia")
    assert response.url == person.get_absolute_url()
    assert person.scheme == scheme_a and person.postcode == "NS1 4AB" and person.profile.pk


def test_postcode_coordinates_come_from_the_postcode_table(coordinator_a, scheme_a):
    from datetime import date

    from people import services
    from sharedlives.reference.models import Postcode

    Postcode.objects.create(postcode="NS1 4AB", district="NS1", easting=400000, northing=300000)
    person = services.person_create(
        scheme=scheme_a,
        by=coordinator_a,
        first_name="A",
        last_name="B",
        date_of_birth=date(1990, 1, 1),
        postcode="NS1 4AB",
    )
    assert person.coordinates == (400000, 300000)
    person = services.person_update(person_id=person.pk, by=coordinator_a, postcode="ZZ9 9ZZ")
    assert person.coordinates is None


def test_profile_change_is_saved_and_kept_in_history_with_who_made_it(
    client_coordinator_a, coordinator_a, person_p
):
    from sharedlives.reference.models import Interest

    gardening = Interest.objects.get(name="Gardening")
    response = client_coordinator_a.post(
        reverse("people:person_profile_edit", args=[person_p.pk]),
        {
            "admired_for": "Pat is brave.",
            "interests": [gardening.pk],
            "need_categories": ["medication"],
            "carer_gender": "woman",
            "no_pets": "on",
            "live_near_postcode": "NS2",
        },
    )
    assert response.status_code == 302
    person_p.profile.refresh_from_db()
    assert person_p.profile.admired_for == "Pat is brave." and person_p.profile.no_pets
    assert list(person_p.profile.interests.all()) == [gardening]
    assert person_p.profile.live_near_postcode == "NS2"

    history = client_coordinator_a.get(reverse("people:person_history", args=[person_p.pk])).content.decode()
    assert "Profile changed" in history and "Pat is brave." in history
    assert "Interest added: Gardening" in history
    assert "by Cora Coordinator" in history


def test_history_shows_a_referral_status_change_in_words(client_coordinator_a, person_p):
    referral = ReferralFactory(person=person_p)
    client_coordinator_a.post(reverse("people:referral_move", args=[referral.pk]), {"to": "screening"})
    history = client_coordinator_a.get(reverse("people:person_history", args=[person_p.pk])).content.decode()
    assert "Referral changed (long-term (live-in))" in history
    assert "<del>Received</del> Screening" in history


def test_export_downloads_the_whole_record_as_json(client_coordinator_a, full_record):
    import json

    response = client_coordinator_a.get(reverse("people:person_export", args=[full_record.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["first_name"] == "Patricia"
    assert len(data["referrals"]) == 2 and len(data["representatives"]) == 2
    assert data["profile"]["risk_detail"] == "SECRET-RISK-DETAIL"


def test_person_home_is_easy_read_and_shows_their_own_profile_in_plain_words(client_person_p, person_p):
    person_p.profile.no_pets = True
    person_p.profile.save()
    ReferralFactory(person=person_p, status=Referral.Status.MATCHING)
    html = client_person_p.get(reverse("person_home")).content.decode()
    assert 'class="easy-read"' in html
    assert "Hello, Pat" in html and "Pat makes everyone laugh." in html
    assert "No pets." in html
    assert "The scheme is looking for a Shared Lives carer." in html
    assert ">PP</text>" in html  # initials avatar
    assert "SECRET-RISK-DETAIL" not in html


def test_person_without_a_record_yet_sees_a_kind_explanation(client_person):
    html = client_person.get(reverse("person_home")).content.decode()
    assert "Your page is not ready yet." in html


def test_family_home_lists_the_people_they_represent_and_what_they_may_do(
    client_family_without_authority, person_p
):
    html = client_family_without_authority.get(reverse("family_home")).content.decode()
    assert "Pat Parker" in html
    assert "You are Pat's brother." in html
    assert "You can see the carers proposed to Pat" in html


def test_family_member_with_authority_is_told_they_decide_once_capacity_is_lacking(
    client_family_with_authority, person_p
):
    from django.utils import timezone

    url = reverse("people:family_person", args=[person_p.pk])
    assert "Pat makes their own decisions" in client_family_with_authority.get(url).content.decode()
    CapacityAssessmentFactory(person=person_p, assessed_on=timezone.localdate())
    assert "You can make the decision" in client_family_with_authority.get(url).content.decode()


def test_a_person_added_without_a_profile_still_shows_everywhere(
    client_coordinator_a, person_user, scheme_a, family_user
):
    from people.models import Person

    from .factories import RepresentativeFactory

    person = Person.objects.create(
        scheme=scheme_a, first_name="Admin", last_name="Added", date_of_birth="1980-01-01", user=person_user
    )
    RepresentativeFactory(person=person, user=family_user)
    for name in ["person_detail", "person_profile", "person_profile_edit"]:
        assert client_coordinator_a.get(reverse(f"people:{name}", args=[person.pk])).status_code == 200, name
    from django.test import Client

    for user, url in [
        (person_user, reverse("person_home")),
        (family_user, reverse("people:family_person", args=[person.pk])),
    ]:
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 200, url
