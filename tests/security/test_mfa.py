"""Two-factor authentication: required for scheme staff and admins, offered to everyone else."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from sharedlives.accounts.models import SchemeMembership, User
from sharedlives.audit.models import SecurityEvent
from tests.factories import PASSWORD, UserFactory, give_totp, sign_in, staff_user, totp_code

LOGIN = reverse("account_login")


def _password_login(client, user):
    return client.post(LOGIN, {"login": user.email, "password": PASSWORD})


@pytest.fixture
def new_coordinator(scheme_a):
    """A coordinator who has never set up an authenticator app."""
    return staff_user(scheme_a, full_name="Nell Newstaff", email="new.staff@example.test", totp=False)


def test_staff_without_an_authenticator_are_sent_to_set_one_up_before_anything_else(new_coordinator):
    client = Client()
    _password_login(client, new_coordinator)
    for name in ["staff_dashboard", "people:person_list", "accounts:invitation_list", "home"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), name
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Set up an authenticator app" in html and "data:image/svg+xml;base64," in html
    assert "second step at sign-in" in html  # the message says why


# Real commits: allauth announces the new app (and we mark the session) when the transaction commits.
@pytest.mark.django_db(transaction=True)
def test_setting_up_the_app_lets_staff_in_and_shows_recovery_codes(new_coordinator, mailoutbox):
    import time

    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

    client = Client()
    _password_login(client, new_coordinator)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 200 and "There is a problem" in wrong.content.decode()
    assert not Authenticator.objects.filter(user=new_coordinator).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302 and response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=new_coordinator, type="totp").exists()
    codes = client.get(response.url)
    assert codes.status_code == 200 and "Your recovery codes" in codes.content.decode()
    # The code checked while setting up counts for this session: staff pages open now.
    assert client.get(reverse("accounts:invitation_list")).status_code == 200
    assert SecurityEvent.objects.filter(user=new_coordinator, kind="mfa_added").exists()
    assert [m.to for m in mailoutbox] == [[new_coordinator.email]]  # told by email


def test_login_asks_staff_for_the_code_and_refuses_a_wrong_one(coordinator_a):
    client = Client()
    response = _password_login(client, coordinator_a)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    page = client.get(response.url)
    assert page.status_code == 200 and "authenticator app" in page.content.decode()
    assert client.get(reverse("accounts:invitation_list")).status_code == 302  # not signed in yet

    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "123456" if totp_code() != "123456" else "654321"}
    )
    assert wrong.status_code == 200 and "There is a problem" in wrong.content.decode()
    assert client.get(reverse("accounts:invitation_list")).status_code == 302
    assert SecurityEvent.objects.filter(user=coordinator_a, kind="mfa_failed").exists()

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert right.status_code == 302
    assert client.get(reverse("accounts:invitation_list")).status_code == 200


def test_a_code_works_only_once(coordinator_a):
    code = totp_code()
    first = Client()
    _password_login(first, coordinator_a)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    second = Client()
    _password_login(second, coordinator_a)
    replay = second.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200  # refused: the same code cannot sign in twice


def test_a_session_without_the_second_factor_is_asked_for_it(coordinator_a):
    """A staff session that began without a code (for example before the rule) must give one."""
    client = Client()
    client.force_login(coordinator_a)  # no second factor recorded in the session
    url = reverse("people:person_list") + "?q=x"
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    confirmed = client.post(response.url, {"code": totp_code()})
    assert confirmed.status_code == 302 and confirmed.url == url
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("superuser", [True, False])
def test_anyone_who_may_use_the_admin_needs_the_second_factor_too(db, superuser):
    admin = UserFactory(
        kind=User.Kind.STAFF, is_staff=True, is_superuser=superuser, email="root@example.test"
    )
    client = Client()
    _password_login(client, admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_staff_cannot_switch_their_second_factor_off(client_coordinator_a, coordinator_a):
    response = client_coordinator_a.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "cannot deactivate" in response.content.decode()
    assert Authenticator.objects.filter(user=coordinator_a, type="totp").exists()


@pytest.mark.parametrize("kind", [User.Kind.CARER, User.Kind.FAMILY, User.Kind.PERSON])
def test_carers_and_families_are_offered_two_step_sign_in_but_not_made_to(kind, db):
    user = UserFactory(kind=kind, email=f"{kind}@example.test")
    client = Client()
    _password_login(client, user)
    assert client.get(reverse("home")).status_code == 302
    home = client.get(client.get(reverse("home")).url)
    assert home.status_code == 200  # straight in, no set-up demanded
    assert reverse("mfa_index") in home.content.decode()  # offered in the navigation
    offer = client.get(reverse("mfa_index"))
    assert offer.status_code == 200 and "It is up to you" in offer.content.decode()


def test_a_carer_who_chose_two_step_sign_in_is_asked_for_the_code(carer_user):
    give_totp(carer_user)
    client = Client()
    response = _password_login(client, carer_user)
    assert response.url == reverse("mfa_authenticate")
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code()}).status_code == 302
    assert client.get(reverse("carer_home")).status_code == 200
    # ... and may switch it off again.
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=carer_user, type="totp").exists()


def test_a_recovery_code_signs_in_once(coordinator_a):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(coordinator_a).generate_codes()
    client = Client()
    _password_login(client, coordinator_a)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    again = Client()
    _password_login(again, coordinator_a)
    assert again.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 200


def test_test_personas_are_signed_in_the_way_allauth_signs_people_in(client_manager_a, manager_a):
    """The shared personas carry a checked second factor, so they reach staff pages directly."""
    assert manager_a.memberships.get().role == SchemeMembership.Role.MANAGER
    assert client_manager_a.get(reverse("people:person_list")).status_code == 200
    fresh = sign_in(Client(), manager_a)
    assert fresh.get(reverse("people:person_list")).status_code == 200
