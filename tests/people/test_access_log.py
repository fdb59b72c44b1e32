"""Every view of a person's record is logged (who, which person, which page; never the content),
and managers, the person and their welfare attorney can see who looked."""

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import Person
from sharedlives.audit.models import AccessLog

from .factories import CapacityAssessmentFactory, ReferralFactory

STAFF_PAGES_THAT_SHOW_A_PERSON = [
    ("person_detail", "person detail"),
    ("person_edit", "person edit"),
    ("person_profile", "profile"),
    ("person_profile_edit", "profile edit"),
    ("person_history", "history"),
    ("person_export", "export"),
]


def _rows():
    return list(AccessLog.objects.values_list("user_id", "scheme_id", "object_type", "object_id", "page"))


@pytest.mark.parametrize(("name", "page"), STAFF_PAGES_THAT_SHOW_A_PERSON)
def test_each_staff_view_of_a_person_writes_one_access_row(
    client_coordinator_a, coordinator_a, person_p, name, page
):
    client_coordinator_a.get(reverse(f"people:{name}", args=[person_p.pk]))
    assert _rows() == [(coordinator_a.pk, person_p.scheme_id, "people.person", person_p.pk, page)]


def test_changing_a_referral_logs_a_view_of_the_person(client_coordinator_a, coordinator_a, person_p):
    referral = ReferralFactory(person=person_p)
    client_coordinator_a.get(reverse("people:referral_edit", args=[referral.pk]))
    assert _rows() == [(coordinator_a.pk, person_p.scheme_id, "people.person", person_p.pk, "referral edit")]


def test_the_person_home_page_logs_the_persons_own_view(client_person_p, person_user, person_p):
    client_person_p.get(reverse("person_home"))
    assert _rows() == [(person_user.pk, person_p.scheme_id, "people.person", person_p.pk, "person home")]


def test_the_family_home_logs_a_view_of_each_person_shown(
    client_family_without_authority, family_without_authority, person_p, person_q
):
    from .factories import RepresentativeFactory

    RepresentativeFactory(person=person_q, user=family_without_authority)
    client_family_without_authority.get(reverse("family_home"))
    assert sorted(r[3] for r in _rows()) == sorted([person_p.pk, person_q.pk])
    assert {r[4] for r in _rows()} == {"family home"}


def test_the_family_page_about_a_person_logs_the_view(
    client_family_without_authority, family_without_authority, person_p
):
    client_family_without_authority.get(reverse("people:family_person", args=[person_p.pk]))
    assert _rows() == [
        (family_without_authority.pk, person_p.scheme_id, "people.person", person_p.pk, "family person")
    ]


@pytest.mark.parametrize(
    ("client_fixture", "url_name", "needs_person"),
    [
        ("client_coordinator_a", "people:person_list", False),
        ("client_coordinator_a", "people:referral_queue", False),
        ("client_coordinator_a", "people:person_create", False),
        ("client_coordinator_a", "staff_dashboard", False),
        ("client_coordinator_a", "people:person_referral_create", True),
        ("client_coordinator_a", "people:person_capacity_create", True),
        ("client_manager_a", "people:person_access_log", True),
        ("client_person", "people:person_who_looked", False),
        ("client_family", "family_home", False),  # represents nobody yet
    ],
)
def test_pages_that_show_no_person_record_write_no_access_row(
    request, person_q, client_fixture, url_name, needs_person
):
    ReferralFactory(person=person_q)
    client = request.getfixturevalue(client_fixture)
    args = [person_q.pk] if needs_person else []
    assert client.get(reverse(url_name, args=args)).status_code == 200
    assert AccessLog.objects.count() == 0


def test_a_failed_attempt_by_an_outsider_logs_nothing(client_coordinator_b, person_p):
    assert client_coordinator_b.get(reverse("people:person_detail", args=[person_p.pk])).status_code == 404
    assert AccessLog.objects.count() == 0


def test_the_log_never_holds_the_records_content(client_coordinator_a, person_p):
    client_coordinator_a.get(reverse("people:person_profile", args=[person_p.pk]))
    row = AccessLog.objects.get()
    stored = " ".join(str(getattr(row, f.attname)) for f in AccessLog._meta.concrete_fields)
    assert "Pat" not in stored and "laugh" not in stored and "SECRET" not in stored


def test_a_manager_sees_who_looked_at_a_person(client_coordinator_a, client_manager_a, person_p):
    client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk]))
    response = client_manager_a.get(reverse("people:person_access_log", args=[person_p.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cora Coordinator" in html and "Person detail" in html


def test_a_coordinator_who_is_not_a_manager_cannot_see_the_access_log(client_coordinator_a, person_p):
    assert (
        client_coordinator_a.get(reverse("people:person_access_log", args=[person_p.pk])).status_code == 403
    )
    html = client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk])).content.decode()
    assert reverse("people:person_access_log", args=[person_p.pk]) not in html


def test_the_person_sees_in_plain_words_who_looked_at_their_record(
    client_coordinator_a, client_person_p, person_p
):
    client_coordinator_a.get(reverse("people:person_profile", args=[person_p.pk]))
    client_person_p.get(reverse("person_home"))  # their own look is not listed back to them
    html = client_person_p.get(reverse("people:person_who_looked")).content.decode()
    today = timezone.localdate()
    assert f"Cora Coordinator (scheme staff) looked at your profile on {today.day} {today:%B}." in html
    assert "You looked" not in html and html.count("<li>") == 1


def test_a_welfare_attorney_sees_who_looked_at_the_persons_record(
    client_coordinator_a, client_family_with_authority, person_p
):
    client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk]))
    response = client_family_with_authority.get(reverse("people:family_who_looked", args=[person_p.pk]))
    assert response.status_code == 200
    assert "Cora Coordinator (scheme staff) looked at Pat&#x27;s record on" in response.content.decode()


def test_a_family_member_without_authority_cannot_see_who_looked(client_family_without_authority, person_p):
    response = client_family_without_authority.get(reverse("people:family_who_looked", args=[person_p.pk]))
    assert response.status_code == 403
    page = client_family_without_authority.get(reverse("people:family_person", args=[person_p.pk]))
    assert reverse("people:family_who_looked", args=[person_p.pk]) not in page.content.decode()


def test_person_views_are_logged_against_the_person_not_other_objects(client_coordinator_a, person_p):
    CapacityAssessmentFactory(person=person_p)
    client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk]))
    assert list(AccessLog.objects.for_object(Person.objects.get(pk=person_p.pk))) == list(
        AccessLog.objects.all()
    )
