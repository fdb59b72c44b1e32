"""CSRF: every state-changing request is refused without the token, for every URL that accepts a
POST (taken from the permission matrix) and as a persona the matrix lets through."""

import pytest
from django.conf import settings
from django.urls import reverse

from .matrix import LOGIN, build_url
from .test_permission_matrix import _entries
from .world import PERSONAS

REACHED = (200, 302)
# Signing out answers with the sign-in page, but it is a change all the same.
ALSO_CHANGES = {"account_logout": "coord_a"}
TOKEN = "t" * 32  # a well-formed secret, sent back both as the cookie and in the form


def _accepted_posts():
    """(name, persona, pattern, entry): each URL, admin included, that some persona may POST to,
    with the first such persona."""
    seen = set()
    for name, pattern, entry in _entries():
        if entry is None or name in seen:
            continue
        seen.add(name)
        persona = ALSO_CHANGES.get(name) or next((p for p in PERSONAS if entry.post[p] in REACHED), None)
        if persona is not None:
            yield pytest.param(name, persona, pattern, entry, id=f"{name} as {persona}")


ACCEPTED = list(_accepted_posts())


@pytest.mark.parametrize(("name", "persona", "pattern", "entry"), ACCEPTED)
def test_a_post_without_the_csrf_token_is_refused(world, name, persona, pattern, entry):
    url = build_url(name, pattern, entry.args, world)
    client = world.client(persona, enforce_csrf_checks=True)
    refused = world.request(persona, "POST", url, {"probe": "1"}, client=client)
    assert refused.status_code == 403, f"{name} accepted a POST without a CSRF token"
    assert b"CSRF" in refused.content or refused.reason_phrase == "Forbidden"

    # The same request with the token gets through: the 403 above was the CSRF check, nothing else.
    client = world.client(persona, enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = TOKEN
    allowed = world.request(persona, "POST", url, {"probe": "1", "csrfmiddlewaretoken": TOKEN}, client=client)
    assert allowed.status_code != 403, f"{name} refused a POST that had the token"


def test_every_kind_of_change_is_covered():
    names = {param.values[0] for param in ACCEPTED}
    assert len(names) >= 150
    assert LOGIN not in {param.values[1] for param in ACCEPTED}
    for must in [
        "account_login",
        "account_logout",
        "people:person_edit",
        "matching:proposal_send",
        "audit:destroy",
    ]:
        assert must in names


def test_sign_in_itself_needs_the_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("account_login"), {"login": "x@example.test", "password": "y"}
    )
    assert response.status_code == 403
