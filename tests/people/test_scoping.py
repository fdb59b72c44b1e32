"""Everyone sees only the people who concern them; anyone else gets 404, not a 403 confirming they exist."""

import pytest
from django.urls import reverse

from people import services
from people.access import get_person_for_user
from people.models import Person
from sharedlives.accounts.models import User
from tests.factories import UserFactory

from .factories import LegalAuthorityFactory, ReferralFactory, RepresentativeFactory

PERSON_PAGES = [
    "person_detail",
    "person_edit",
    "person_profile",
    "person_profile_edit",
    "person_history",
    "person_export",
    "person_access_log",
    "person_referral_create",
    "person_representative_create",
    "person_capacity_create",
]


def test_staff_see_the_people_of_their_own_schemes_only(
    coordinator_a, coordinator_b, person_p, person_q, person_b
):
    assert set(Person.objects.for_user(coordinator_a)) == {person_p, person_q}
    assert set(Person.objects.for_user(coordinator_b)) == {person_b}


def test_a_person_sees_only_themselves(person_user, person_p, person_q):
    assert list(Person.objects.for_user(person_user)) == [person_p]


def test_a_family_member_sees_only_the_people_they_represent(
    family_without_authority, person_p, person_q, family_of_q
):
    assert list(Person.objects.for_user(family_without_authority)) == [person_p]
    assert list(Person.objects.for_user(family_of_q)) == [person_q]


def test_one_family_member_may_represent_two_people(family_without_authority, person_p, person_q):
    RepresentativeFactory(person=person_q, user=family_without_authority)
    assert set(Person.objects.for_user(family_without_authority)) == {person_p, person_q}


def test_carers_and_anonymous_visitors_see_nobody(carer_user, person_p):
    from django.contrib.auth.models import AnonymousUser

    assert not Person.objects.for_user(carer_user).exists()
    assert not Person.objects.for_user(AnonymousUser()).exists()


@pytest.mark.parametrize("name", PERSON_PAGES)
def test_staff_of_scheme_b_get_404_on_every_page_about_a_scheme_a_person(
    client_coordinator_b, person_p, name
):
    response = client_coordinator_b.get(reverse(f"people:{name}", args=[person_p.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["representative_edit", "representative_remove", "representative_invite", "authority_create"]
)
def test_staff_of_scheme_b_get_404_on_scheme_a_representatives(client_coordinator_b, person_p, name):
    representative = RepresentativeFactory(person=person_p, email="rep@example.test")
    assert client_coordinator_b.post(reverse(f"people:{name}", args=[representative.pk])).status_code == 404
    representative.refresh_from_db()
    assert representative.user is None and not representative.is_removed


def test_staff_of_scheme_b_get_404_on_scheme_a_authorities(client_coordinator_b, person_p, coordinator_a):
    authority = LegalAuthorityFactory(representative__person=person_p, checked_by=coordinator_a)
    response = client_coordinator_b.post(
        reverse("people:authority_remove", args=[authority.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    authority.refresh_from_db()
    assert authority.removed_at is None


def test_staff_of_scheme_b_cannot_invite_for_scheme_a_through_the_person_invite(
    client_coordinator_b, person_p
):
    assert client_coordinator_b.post(reverse("people:person_invite", args=[person_p.pk])).status_code == 404


def test_the_lists_show_only_the_users_schemes(client_coordinator_b, person_p, person_b):
    ReferralFactory(person=person_p)
    ReferralFactory(person=person_b)
    people = client_coordinator_b.get(reverse("people:person_list")).content.decode()
    queue = client_coordinator_b.get(reverse("people:referral_queue")).content.decode()
    for html in (people, queue):
        assert "Bella Brown" in html and "Patricia Parker" not in html


def test_a_family_member_of_p_gets_404_on_q(client_family_without_authority, person_q):
    for name in ["family_person", "family_who_looked"]:
        assert (
            client_family_without_authority.get(reverse(f"people:{name}", args=[person_q.pk])).status_code
            == 404
        )


def test_a_family_member_of_q_gets_404_on_p(client_family_of_q, person_p):
    assert client_family_of_q.get(reverse("people:family_person", args=[person_p.pk])).status_code == 404


def test_a_family_member_sees_only_what_a_representative_may_see(client_family_without_authority, person_p):
    html = client_family_without_authority.get(
        reverse("people:family_person", args=[person_p.pk])
    ).content.decode()
    assert "Pat makes everyone laugh." in html
    assert "Finds crowds hard." in html  # the risk summary is shared in matching anyway
    assert "SECRET-RISK-DETAIL" not in html  # staff-only detail never is
    assert person_p.date_of_birth.strftime("%Y") not in html
    home = client_family_without_authority.get(reverse("family_home")).content.decode()
    assert "SECRET-RISK-DETAIL" not in home and "Quentin" not in home


def test_a_removed_representative_loses_access_on_the_next_request(
    client_family_without_authority, family_without_authority, person_p, coordinator_a
):
    url = reverse("people:family_person", args=[person_p.pk])
    assert client_family_without_authority.get(url).status_code == 200
    representative = person_p.representatives.get(user=family_without_authority)
    services.representative_remove(
        representative_id=representative.pk, by=coordinator_a, reason="Asked to stop"
    )
    assert client_family_without_authority.get(url).status_code == 404
    assert "Pat" not in client_family_without_authority.get(reverse("family_home")).content.decode()


def test_the_person_sees_only_their_own_page(client_person_p, person_p, person_q):
    html = client_person_p.get(reverse("person_home")).content.decode()
    assert "Patricia Parker" in html and "Quentin" not in html


def test_the_access_helper_answers_404_for_anyone_the_person_does_not_concern(
    person_p, coordinator_b, carer_user
):
    from django.http import Http404

    other_person_user = UserFactory(kind=User.Kind.PERSON)
    for outsider in (coordinator_b, carer_user, other_person_user):
        with pytest.raises(Http404):
            get_person_for_user(outsider, person_p.pk)
