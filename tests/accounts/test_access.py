"""Deny by default: every page needs a login except an explicit allow-list, and roles see only their part."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sharedlives.accounts.models import Scheme, User

# Views that anyone may open without signing in. A new public view must be added here on purpose.
PUBLIC = {
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_signup",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_logout",
    # The second step of signing in: only reachable with a password already checked (allauth's login stage).
    "mfa_authenticate",
    "accounts:invitation_accept",
    "admin:login",
}

SAMPLE_ARGS = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "path": "sample",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", prefix + str(p.pattern), p


def _sample_url(route: str) -> str:
    import re

    def sub(match):
        converter = match.group(1) or "str"
        return SAMPLE_ARGS.get(converter, "sample")

    url = re.sub(r"<(?:(\w+):)?\w+>", sub, route)
    url = url.lstrip("^").rstrip("$").replace("\\Z", "")
    return "/" + url


def _all_named_urls():
    return [(name, _sample_url(route), p) for name, route, p in _walk(get_resolver().url_patterns)]


def test_every_non_public_url_redirects_anonymous_visitors_to_login(anon_client):
    login = reverse("account_login")
    checked = 0
    for name, url, _pattern in _all_named_urls():
        if name in PUBLIC or "(?P<" in url or "\\" in url:
            continue
        response = anon_client.get(url, follow=True)
        assert response.redirect_chain, f"{name} {url} gave {response.status_code} without a redirect"
        final = response.redirect_chain[-1][0]
        assert final.startswith(login), f"{name} {url} ended at {final}"
        checked += 1
    assert checked >= 10


def test_only_the_allow_listed_views_are_public():
    public = {
        name
        for name, _url, pattern in _all_named_urls()
        if getattr(pattern.callback, "login_required", True) is False
    }
    unexpected = public - PUBLIC
    assert not unexpected, f"views open without login that are not in the allow-list: {sorted(unexpected)}"


@pytest.mark.parametrize(
    ("client_fixture", "expected"),
    [
        ("client_coordinator_a", "staff_dashboard"),
        ("client_carer", "carer_home"),
        ("client_person", "person_home"),
        ("client_family", "family_home"),
        ("client_admin", "admin:index"),
    ],
)
def test_home_sends_each_role_to_its_own_home(request, client_fixture, expected):
    client = request.getfixturevalue(client_fixture)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse(expected)
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("client_fixture", ["client_carer", "client_person", "client_family"])
@pytest.mark.parametrize("url_name", ["staff_dashboard", "accounts:invitation_list"])
def test_non_staff_cannot_reach_staff_pages(request, client_fixture, url_name):
    client = request.getfixturevalue(client_fixture)
    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize(
    ("client_fixture", "url_name"),
    [
        ("client_coordinator_a", "carer_home"),
        ("client_carer", "person_home"),
        ("client_person", "family_home"),
        ("client_family", "carer_home"),
    ],
)
def test_each_home_is_only_for_its_role(request, client_fixture, url_name):
    assert request.getfixturevalue(client_fixture).get(reverse(url_name)).status_code == 403


def test_staff_without_a_scheme_see_an_explanation_not_a_dashboard(db):
    from django.test import Client

    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(kind=User.Kind.STAFF))
    response = client.get(reverse("home"))
    assert response.status_code == 200 and b"not part of a scheme" in response.content
    assert client.get(reverse("staff_dashboard")).status_code == 403


def test_scheme_and_user_scoping(coordinator_a, coordinator_b, scheme_a, scheme_b, carer_user):
    assert list(Scheme.objects.for_user(coordinator_a)) == [scheme_a]
    assert list(Scheme.objects.for_user(carer_user)) == []
    visible_to_b = set(User.objects.for_user(coordinator_b))
    assert coordinator_b in visible_to_b and coordinator_a not in visible_to_b


def test_navigation_depends_on_role(client_coordinator_a, client_carer):
    staff_page = client_coordinator_a.get(reverse("staff_dashboard")).content.decode()
    assert reverse("accounts:invitation_list") in staff_page
    carer_page = client_carer.get(reverse("carer_home")).content.decode()
    assert reverse("accounts:invitation_list") not in carer_page
    assert 'href="#main"' in carer_page  # skip link


def test_sign_in_with_email_and_password(anon_client, carer_user):
    from tests.factories import PASSWORD

    response = anon_client.post(
        reverse("account_login"), {"login": "CARER.X@example.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert anon_client.get(reverse("carer_home")).status_code == 200


def test_staff_sign_in_with_email_password_and_authenticator_code(anon_client, coordinator_a):
    from tests.factories import PASSWORD, totp_code

    response = anon_client.post(
        reverse("account_login"), {"login": "COORD.A@example.test", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert anon_client.get(reverse("staff_dashboard")).status_code == 302  # not signed in yet
    response = anon_client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert anon_client.get(reverse("accounts:invitation_list")).status_code == 200


def test_wrong_password_shows_an_error_and_keeps_the_email(anon_client, coordinator_a):
    response = anon_client.post(
        reverse("account_login"), {"login": coordinator_a.email, "password": "wrong-one"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and coordinator_a.email in html


def test_signup_is_closed(anon_client, db):
    anon_client.post(
        reverse("account_signup"),
        {"email": "x@example.test", "password1": "a-long-pass", "password2": "a-long-pass"},
    )
    assert not User.objects.filter(email="x@example.test").exists()
