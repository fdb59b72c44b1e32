"""Representatives: adding, inviting as family users (or linking an existing family account),
recording and removing legal authority."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from people import services
from people.models import AuthorityKind, LegalAuthority, Representative
from people.services import PeopleError
from sharedlives.accounts.models import Invitation, User
from tests.factories import UserFactory

from .factories import RepresentativeFactory


def test_coordinator_adds_a_representative(client_coordinator_a, person_p):
    response = client_coordinator_a.post(
        reverse("people:person_representative_create", args=[person_p.pk]),
        {"full_name": "Ivy Ives", "role": "advocate", "relationship": "advocate", "may_see_proposals": "on"},
    )
    assert response.status_code == 302
    representative = Representative.objects.get(full_name="Ivy Ives")
    assert representative.person == person_p and representative.may_see_proposals


def test_inviting_a_representative_creates_a_family_user_linked_in_the_same_transaction(
    client_coordinator_a, person_p, django_capture_on_commit_callbacks
):
    representative = RepresentativeFactory(person=person_p, full_name="Nell New", email="Nell@Example.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_coordinator_a.post(
            reverse("people:representative_invite", args=[representative.pk])
        )
    assert response.status_code == 302
    representative.refresh_from_db()
    invitation = Invitation.objects.get()
    assert representative.user == invitation.user
    assert invitation.kind == User.Kind.FAMILY and invitation.user.kind == User.Kind.FAMILY
    assert invitation.scheme == person_p.scheme and not invitation.user.is_active
    assert mail.outbox[0].to == ["nell@example.test"]


def test_an_existing_family_user_is_linked_instead_of_invited(
    coordinator_a, person_q, family_without_authority, django_capture_on_commit_callbacks
):
    representative = RepresentativeFactory(person=person_q, email=family_without_authority.email.upper())
    with django_capture_on_commit_callbacks(execute=True):
        _, invitation = services.representative_invite(representative_id=representative.pk, by=coordinator_a)
    assert invitation is None and not mail.outbox
    representative.refresh_from_db()
    assert representative.user == family_without_authority
    assert not Invitation.objects.exists()


def test_an_email_that_signs_in_as_another_role_is_refused(coordinator_a, person_p, carer_user):
    representative = RepresentativeFactory(person=person_p, email=carer_user.email)
    with pytest.raises(PeopleError, match="already signs in as a shared lives carer"):
        services.representative_invite(representative_id=representative.pk, by=coordinator_a)
    representative.refresh_from_db()
    assert representative.user is None


def test_a_representative_without_an_email_cannot_be_invited(client_coordinator_a, person_p):
    representative = RepresentativeFactory(person=person_p, full_name="No Mail", email="")
    response = client_coordinator_a.post(
        reverse("people:representative_invite", args=[representative.pk]), follow=True
    )
    assert "Add an email address for No Mail first." in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_same_family_user_cannot_represent_the_same_person_twice(
    coordinator_a, person_p, family_without_authority
):
    second = RepresentativeFactory(person=person_p, email=family_without_authority.email)
    with pytest.raises(PeopleError, match="already represents"):
        services.representative_invite(representative_id=second.pk, by=coordinator_a)


def test_a_representatives_sign_in_must_be_a_family_account(coordinator_a, person_p, carer_user):
    with pytest.raises(PeopleError, match="family member's account"):
        services.representative_create(
            person_id=person_p.pk, by=coordinator_a, full_name="X", user=carer_user
        )


def test_inviting_the_person_themselves_creates_a_person_user(
    client_coordinator_a, person_q, django_capture_on_commit_callbacks
):
    person_q.email = "quentin@example.test"
    person_q.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_coordinator_a.post(reverse("people:person_invite", args=[person_q.pk]))
    person_q.refresh_from_db()
    assert person_q.user.kind == User.Kind.PERSON and person_q.user.email == "quentin@example.test"
    assert Invitation.objects.get().kind == User.Kind.PERSON
    assert mail.outbox[0].to == ["quentin@example.test"]


def test_a_person_who_already_has_a_sign_in_is_not_invited_again(coordinator_a, person_p):
    with pytest.raises(PeopleError, match="already has a sign-in"):
        services.person_invite(person_id=person_p.pk, by=coordinator_a)


def test_a_person_account_already_linked_to_someone_else_is_refused(
    coordinator_a, person_p, person_q, person_user
):
    person_q.email = person_user.email
    person_q.save()
    with pytest.raises(PeopleError, match="already the sign-in of someone else"):
        services.person_invite(person_id=person_q.pk, by=coordinator_a)


def test_coordinator_records_a_welfare_lpa_checked_by_them(client_coordinator_a, coordinator_a, person_p):
    representative = RepresentativeFactory(person=person_p)
    response = client_coordinator_a.post(
        reverse("people:authority_create", args=[representative.pk]),
        {"kind": "health_welfare_lpa", "evidence_seen": "Registered LPA", "checked_on": "2025-01-10"},
    )
    assert response.status_code == 302
    authority = LegalAuthority.objects.get()
    assert (authority.checked_by, authority.checked_on, authority.status) == (
        coordinator_a,
        date(2025, 1, 10),
        "valid",
    )
    assert authority.allows_welfare_decision


@pytest.mark.parametrize(
    ("kind", "allows"),
    [
        (AuthorityKind.HEALTH_WELFARE_LPA, True),
        (AuthorityKind.WELFARE_DEPUTY, True),
        (AuthorityKind.PROPERTY_FINANCE_LPA, False),
        (AuthorityKind.FINANCE_DEPUTY, False),
        (AuthorityKind.DWP_APPOINTEE, False),
    ],
)
def test_only_welfare_authorities_allow_the_decision_about_where_to_live(kind, allows):
    assert LegalAuthority(kind=kind).allows_welfare_decision is allows


def test_coordinator_removes_an_authority_with_a_reason(client_coordinator_a, coordinator_a, person_p):
    representative = RepresentativeFactory(person=person_p)
    authority = services.authority_record(
        representative_id=representative.pk,
        by=coordinator_a,
        kind=AuthorityKind.WELFARE_DEPUTY,
        evidence_seen="Order",
        checked_on=date(2025, 1, 1),
    )
    response = client_coordinator_a.post(
        reverse("people:authority_remove", args=[authority.pk]), {"reason": "Order discharged"}
    )
    assert response.status_code == 302
    authority.refresh_from_db()
    assert authority.status == "removed" and authority.removed_by == coordinator_a
    with pytest.raises(PeopleError, match="already been removed"):
        services.authority_remove(authority_id=authority.pk, by=coordinator_a, reason="again")


def test_an_expired_authority_shows_as_expired(person_p, coordinator_a):
    representative = RepresentativeFactory(person=person_p)
    today = timezone.localdate()
    authority = services.authority_record(
        representative_id=representative.pk,
        by=coordinator_a,
        kind=AuthorityKind.WELFARE_DEPUTY,
        evidence_seen="Order",
        checked_on=today - timedelta(days=10),
        expires_on=today,
    )
    assert authority.status == "expired"


def test_a_removed_representative_cannot_be_given_authority(person_p, coordinator_a):
    representative = RepresentativeFactory(person=person_p)
    services.representative_remove(representative_id=representative.pk, by=coordinator_a, reason="Left")
    with pytest.raises(PeopleError, match="no longer represents"):
        services.authority_record(
            representative_id=representative.pk,
            by=coordinator_a,
            kind=AuthorityKind.HEALTH_WELFARE_LPA,
            evidence_seen="LPA",
            checked_on=date(2025, 1, 1),
        )


def test_the_database_refuses_an_expiry_before_the_check(person_p, coordinator_a):
    from django.db import IntegrityError

    representative = RepresentativeFactory(person=person_p)
    with pytest.raises(IntegrityError):
        LegalAuthority.objects.create(
            representative=representative,
            kind=AuthorityKind.WELFARE_DEPUTY,
            evidence_seen="x",
            checked_by=coordinator_a,
            checked_on=date(2025, 1, 10),
            expires_on=date(2025, 1, 1),
        )


def test_removing_a_representative_keeps_the_row_for_the_record(client_coordinator_a, person_p):
    representative = RepresentativeFactory(person=person_p, full_name="Gone Away")
    client_coordinator_a.post(
        reverse("people:representative_remove", args=[representative.pk]), {"reason": "Moved"}
    )
    representative.refresh_from_db()
    assert representative.is_removed and representative.removed_reason == "Moved"
    html = client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk])).content.decode()
    assert "Former representatives" in html and "Gone Away" in html


def test_family_users_other_than_linked_ones_see_nobody(person_p):
    stranger = UserFactory(kind=User.Kind.FAMILY)
    from people.models import Person

    assert not Person.objects.for_user(stranger).exists()
