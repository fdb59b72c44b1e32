from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sharedlives.accounts import services
from sharedlives.accounts.models import Invitation, User

pytestmark = pytest.mark.django_db(transaction=False)

INVITE_URL = reverse("accounts:invitation_list")


def _invite(client, **overrides):
    data = {"full_name": "Nia Newcarer", "email": "nia@example.test", "kind": "carer"} | overrides
    return client.post(INVITE_URL, data)


def _token_from_last_email() -> str:
    body = mail.outbox[-1].body
    link = next(line for line in body.splitlines() if "/invitation/" in line)
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_coordinator_invites_a_carer_who_gets_an_email_with_a_link(
    client_coordinator_a, scheme_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_coordinator_a, scheme=scheme_a.pk)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.scheme == scheme_a and invitation.status == "pending"
    assert invitation.user.kind == User.Kind.CARER and not invitation.user.is_active
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nia@example.test"]
    token = _token_from_last_email()
    assert token not in invitation.token_hash  # only a hash is stored


def test_invitation_link_works_once_and_signs_the_person_in(
    client_coordinator_a, scheme_a, anon_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_coordinator_a, scheme=scheme_a.pk)
    url = reverse("accounts:invitation_accept", args=[_token_from_last_email()])

    page = anon_client.get(url)
    assert page.status_code == 200 and b"nia@example.test" in page.content

    response = anon_client.post(
        url, {"new_password1": "a-long-pass-phrase", "new_password2": "a-long-pass-phrase"}
    )
    assert response.status_code == 302 and response.url == reverse("home")
    user = User.objects.get(email="nia@example.test")
    assert user.is_active and user.check_password("a-long-pass-phrase")
    assert anon_client.get(reverse("home")).url == reverse("carer_home")  # signed in, sent to their home

    again = anon_client.post(
        url, {"new_password1": "another-pass-phrase", "new_password2": "another-pass-phrase"}
    )
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    user.refresh_from_db()
    assert user.check_password("a-long-pass-phrase")


def test_expired_invitation_is_refused_with_a_clear_message(coordinator_a, scheme_a, anon_client):
    invitation, token = services.invitation_create(
        scheme=scheme_a, email="late@example.test", full_name="Lee Late", kind="family", by=coordinator_a
    )
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=now - timedelta(days=8), expires_at=now - timedelta(minutes=1)
    )
    url = reverse("accounts:invitation_accept", args=[token])
    response = anon_client.post(
        url, {"new_password1": "a-long-pass-phrase", "new_password2": "a-long-pass-phrase"}
    )
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.get(email="late@example.test").is_active


def test_bad_token_is_refused_with_a_clear_message(anon_client, db):
    response = anon_client.get(reverse("accounts:invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_revoked_invitation_link_no_longer_works(client_coordinator_a, coordinator_a, scheme_a, anon_client):
    invitation, token = services.invitation_create(
        scheme=scheme_a, email="gone@example.test", full_name="Gwen Gone", kind="carer", by=coordinator_a
    )
    response = client_coordinator_a.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    page = anon_client.get(reverse("accounts:invitation_accept", args=[token]))
    assert page.status_code == 410 and "cancelled" in page.content.decode()


def test_inviting_again_replaces_the_earlier_link(coordinator_a, scheme_a, anon_client):
    _, first = services.invitation_create(
        scheme=scheme_a, email="twice@example.test", full_name="Tia Twice", kind="carer", by=coordinator_a
    )
    _, second = services.invitation_create(
        scheme=scheme_a, email="twice@example.test", full_name="Tia Twice", kind="carer", by=coordinator_a
    )
    assert anon_client.get(reverse("accounts:invitation_accept", args=[first])).status_code == 410
    assert anon_client.get(reverse("accounts:invitation_accept", args=[second])).status_code == 200
    assert User.objects.filter(email="twice@example.test").count() == 1


def test_bad_email_is_a_form_error_and_nothing_is_created(client_coordinator_a, scheme_a):
    response = _invite(client_coordinator_a, scheme=scheme_a.pk, email="not-an-email", full_name="Kept Name")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a valid email address." in html
    assert 'value="Kept Name"' in html and 'value="not-an-email"' in html
    assert not Invitation.objects.exists()
    assert not User.objects.filter(kind=User.Kind.CARER).exists()


def test_email_of_an_existing_account_is_refused(client_coordinator_a, scheme_a, carer_user):
    response = _invite(client_coordinator_a, scheme=scheme_a.pk, email=carer_user.email.upper())
    assert response.status_code == 200
    assert "already an account" in response.content.decode()
    assert not Invitation.objects.exists()


def test_coordinator_cannot_invite_into_another_scheme(client_coordinator_a, scheme_b):
    response = _invite(client_coordinator_a, scheme=scheme_b.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_weak_password_is_refused_and_the_invitation_stays_usable(coordinator_a, scheme_a, anon_client):
    _, token = services.invitation_create(
        scheme=scheme_a, email="weak@example.test", full_name="Wes Weak", kind="person", by=coordinator_a
    )
    url = reverse("accounts:invitation_accept", args=[token])
    response = anon_client.post(url, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not User.objects.get(email="weak@example.test").is_active
    assert anon_client.get(url).status_code == 200


def test_staff_of_scheme_b_get_404_on_scheme_a_invitations(coordinator_a, scheme_a, client_coordinator_b):
    invitation, _ = services.invitation_create(
        scheme=scheme_a, email="a-only@example.test", full_name="Ann Only", kind="carer", by=coordinator_a
    )
    response = client_coordinator_b.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"
    listing = client_coordinator_b.get(INVITE_URL)
    assert b"a-only@example.test" not in listing.content


def test_revoke_refuses_get(client_coordinator_a, coordinator_a, scheme_a):
    invitation, _ = services.invitation_create(
        scheme=scheme_a, email="g@example.test", full_name="G G", kind="carer", by=coordinator_a
    )
    assert (
        client_coordinator_a.get(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code
        == 405
    )


def test_invitation_change_is_in_history_with_the_acting_user(client_coordinator_a, coordinator_a, scheme_a):
    _invite(client_coordinator_a, scheme=scheme_a.pk)
    event = apps.get_model("accounts", "InvitationEvent").objects.get(pgh_label="insert")
    assert event.pgh_context.metadata["user"] == coordinator_a.pk
    assert event.pgh_context.metadata["url"] == INVITE_URL


@pytest.mark.parametrize("count", [3, 30])
def test_invitation_list_uses_constant_queries(
    client_coordinator_a, coordinator_a, scheme_a, count, django_assert_num_queries
):
    for n in range(count):
        services.invitation_create(
            scheme=scheme_a,
            email=f"p{n}@example.test",
            full_name=f"Person {n}",
            kind="carer",
            by=coordinator_a,
        )
    client_coordinator_a.get(INVITE_URL)  # the first page of a session records its start
    # session, user, memberships, schemes for the form, invitations count,
    # invitations page (+scheme, user, inviter via joins)
    with django_assert_num_queries(6):
        response = client_coordinator_a.get(INVITE_URL)
    assert b"Person 2" in response.content
