"""Sessions: a new id at sign-in, sign-out ends the server-side session, and losing access
(deactivation, a removed membership or role) ends every session of that user at once."""

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from sharedlives.accounts.models import SchemeMembership, User
from tests.factories import PASSWORD, totp_code

STAFF_PAGE = reverse("people:person_list")


def _session_exists(key: str) -> bool:
    return Session.objects.filter(session_key=key).exists()


def test_signing_in_gives_a_new_session_id(carer_user):
    client = Client()
    client.get(reverse("account_login"))
    client.session.save()  # an anonymous session, as an attacker could plant one
    before = client.session.session_key
    assert _session_exists(before)
    client.post(reverse("account_login"), {"login": carer_user.email, "password": PASSWORD})
    after = client.session.session_key
    assert after != before and not _session_exists(before)
    assert client.get(reverse("carer_home")).status_code == 200


def test_staff_get_a_new_session_id_after_the_second_factor_too(coordinator_a):
    client = Client()
    client.post(reverse("account_login"), {"login": coordinator_a.email, "password": PASSWORD})
    between = client.session.session_key
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.session.session_key != between
    assert client.get(STAFF_PAGE).status_code == 200


def test_signing_out_ends_the_session_on_the_server(client_coordinator_a):
    key = client_coordinator_a.session.session_key
    assert _session_exists(key)
    response = client_coordinator_a.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not _session_exists(key)
    # The old cookie is worth nothing now, even replayed.
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get(STAFF_PAGE).status_code == 302


def test_deactivating_a_user_ends_their_sessions_at_once(client_coordinator_a, coordinator_a):
    key = client_coordinator_a.session.session_key
    assert client_coordinator_a.get(STAFF_PAGE).status_code == 200
    coordinator_a.is_active = False
    coordinator_a.save()
    response = client_coordinator_a.get(STAFF_PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not _session_exists(key)


def test_removing_a_membership_ends_the_staff_members_sessions(client_coordinator_a, coordinator_a):
    key = client_coordinator_a.session.session_key
    assert client_coordinator_a.get(STAFF_PAGE).status_code == 200
    SchemeMembership.objects.filter(user=coordinator_a).delete()
    response = client_coordinator_a.get(STAFF_PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not _session_exists(key)


def test_changing_a_role_ends_the_staff_members_sessions(client_manager_a, manager_a):
    assert client_manager_a.get(STAFF_PAGE).status_code == 200
    SchemeMembership.objects.filter(user=manager_a).update(role=SchemeMembership.Role.COORDINATOR)
    assert client_manager_a.get(STAFF_PAGE).status_code == 302


def test_deactivation_in_the_admin_ends_sessions_and_a_stale_save_cannot_revive_them(
    client_admin, client_coordinator_a, coordinator_a
):
    stale = User.objects.get(pk=coordinator_a.pk)  # loaded before the change
    change = reverse("admin:accounts_user_change", args=[coordinator_a.pk])
    form = client_admin.get(change).context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and k not in ("groups", "user_permissions")
    }
    data |= {
        "is_active": "",
        "is_staff": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "date_joined_0": coordinator_a.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": coordinator_a.date_joined.strftime("%H:%M:%S"),
    }
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client_admin.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    coordinator_a.refresh_from_db()
    assert not coordinator_a.is_active
    assert client_coordinator_a.get(STAFF_PAGE).status_code == 302

    # Someone saves an old copy of the user that still says active: the sessions stay ended.
    epoch = coordinator_a.session_epoch
    stale.save()
    stale.refresh_from_db()
    assert stale.session_epoch >= epoch


def test_a_signed_out_users_session_data_is_not_left_behind(client_coordinator_a, coordinator_a):
    """After losing access the session is flushed, not merely ignored."""
    client_coordinator_a.get(STAFF_PAGE)
    key = client_coordinator_a.session.session_key
    User.objects.filter(pk=coordinator_a.pk).update(is_active=False)  # a bulk update counts too
    client_coordinator_a.get(STAFF_PAGE)
    assert not _session_exists(key)
