import time

from django.urls import reverse


def _age_session(client, *, idle=0, since_start=0):
    session = client.session
    now = int(time.time())
    session["_last_seen"] = now - idle
    session["_started"] = now - since_start
    session.save()


def test_idle_session_is_signed_out_with_a_message(client_coordinator_a, settings):
    client_coordinator_a.get(reverse("staff_dashboard"))
    _age_session(client_coordinator_a, idle=settings.SESSION_IDLE_TIMEOUT + 5, since_start=3600)
    response = client_coordinator_a.get(reverse("staff_dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    page = client_coordinator_a.get(response.url)
    assert "without activity" in page.content.decode()
    assert client_coordinator_a.get(reverse("staff_dashboard")).status_code == 302


def test_active_session_stays_signed_in_until_the_absolute_limit(client_coordinator_a, settings):
    client_coordinator_a.get(reverse("staff_dashboard"))
    _age_session(client_coordinator_a, idle=60, since_start=settings.SESSION_ABSOLUTE_TIMEOUT - 100)
    assert client_coordinator_a.get(reverse("staff_dashboard")).status_code == 200
    _age_session(client_coordinator_a, idle=60, since_start=settings.SESSION_ABSOLUTE_TIMEOUT + 1)
    assert client_coordinator_a.get(reverse("staff_dashboard")).status_code == 302


def test_signed_in_pages_are_not_cached_and_carry_a_strict_policy(client_coordinator_a):
    response = client_coordinator_a.get(reverse("staff_dashboard"))
    assert "no-store" in response["Cache-Control"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_passwords_are_hashed_with_argon2_by_default():
    from django.conf import settings as real_settings

    # conftest swaps in a fast hasher for the tests; the configured first hasher is Argon2.
    from sharedlives import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert real_settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] == 10


def test_sign_in_is_rate_limited_per_account(anon_client, coordinator_a):
    from django.core.cache import cache

    from tests.factories import PASSWORD

    cache.clear()
    login = reverse("account_login")
    for _ in range(5):
        anon_client.post(login, {"login": coordinator_a.email, "password": "wrong-password"})
    response = anon_client.post(login, {"login": coordinator_a.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "Too many" in response.content.decode()
    assert anon_client.get(reverse("staff_dashboard")).status_code == 302  # still signed out
    cache.clear()


def test_rate_limits_use_a_cache_shared_by_all_workers(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend.endswith(("DatabaseCache", "RedisCache"))


def test_typing_posted_after_the_session_ended_is_given_back_after_sign_in(
    client_coordinator_a, coordinator_a, scheme_a, settings
):
    from tests.factories import PASSWORD, totp_code

    url = reverse("accounts:invitation_list")
    client_coordinator_a.get(url)
    _age_session(client_coordinator_a, idle=settings.SESSION_IDLE_TIMEOUT + 5, since_start=3600)
    typed = {"full_name": "Typed Before Timeout", "email": "typed@example.test", "kind": "family"}
    response = client_coordinator_a.post(url, typed)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))

    from sharedlives.accounts.models import Invitation

    assert not Invitation.objects.exists()  # nothing was saved while signed out
    password_checked = client_coordinator_a.post(
        response.url, {"login": coordinator_a.email, "password": PASSWORD}
    )
    assert password_checked.url == reverse("mfa_authenticate")  # staff give their authenticator code too
    signed_in = client_coordinator_a.post(password_checked.url, {"code": totp_code()})
    assert signed_in.status_code == 302 and signed_in.url == url
    page = client_coordinator_a.get(url).content.decode()
    assert "We kept what you typed" in page and "Typed Before Timeout" in page
    again = client_coordinator_a.get(url).content.decode()
    assert "Typed Before Timeout" not in again  # restored once


def test_passwords_are_never_kept_in_a_draft(anon_client, db):
    from sharedlives.accounts.drafts import DRAFTS_KEY

    anon_client.post(reverse("staff_dashboard"), {"note": "keep me", "password": "secret-value"})
    drafts = anon_client.session[DRAFTS_KEY]
    assert drafts[reverse("staff_dashboard")] == {"note": ["keep me"]}
