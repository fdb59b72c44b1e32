"""Headers on every page, and no personal data in any address."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from .matrix import kwarg_names, walk

# The only values an address may carry besides record ids (which are plain numbers).
NOT_IDS = {
    "token": "an invitation token (single-use, only its hash is stored)",
    "key": "allauth's email-confirmation and password-reset keys; the kind of record files attach to",
    "size": "a photo's size: display or thumb",
    "direction": "which way a photo moves in its household's order: up or down",
    "uidb36": "allauth's password-reset user reference",
    "answer": "a proposal answer: interested, agree...",
    "kind": "an agreement kind",
    "record_type": "a retention record type: people.person or carers.household",
    "app_label": "the admin's app names",
    "object_id": "the admin's object ids",
    "content_type_id": "the admin's content type ids",
    "id": "the admin's user id (Django's own password-change page)",
    "year": "a calendar year",
    "month": "a calendar month",
}


def test_addresses_carry_ids_only():
    """No address takes a name, an email or other free text: a new <str:...> must be justified here."""
    for name, pattern in walk():
        route = str(pattern.pattern)
        for converter, arg in re.findall(r"<(?:(\w+):)?(\w+)>", route):
            if converter == "int":
                continue
            assert arg in NOT_IDS, f"{name}: <{converter or 'str'}:{arg}> in {route}"
        for arg in kwarg_names(pattern):
            # An int argument named for the record it picks ("person_pk", "person_id") is an id.
            assert arg in NOT_IDS or arg.endswith(("pk", "_id")) or arg in ("pk", "id"), f"{name}: {arg}"


@pytest.mark.parametrize(
    "url",
    [
        reverse("account_login"),
        reverse("account_reset_password"),
        reverse("account_signup"),
        "/no-such-page/",
    ],
)
def test_public_pages_are_not_cached_and_carry_the_security_headers(db, url):
    response = Client().get(url)
    assert "no-store" in response["Cache-Control"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_invitation_page_which_shows_an_address_is_not_cached(world):
    response = world.request("anon", "GET", reverse("accounts:invitation_accept", args=[world["token"]]))
    assert response.status_code == 200 and "invited@example.test" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_downloads_of_records_are_not_cached(world):
    for url in [
        reverse("people:person_export", args=[world["person_p"].pk]),
        reverse("audit:person_export", args=[world["person_p"].pk]),
        reverse("carers:compliance_csv"),
    ]:
        response = world.request("mgr_a", "GET", url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], url


def test_static_files_stay_cacheable(db, settings):
    response = Client().get(settings.STATIC_URL_PATH + "css/app.css")
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_nul_character_is_refused_with_a_clear_page_before_any_view(world):
    person = world["person_p"]
    url = reverse("people:person_edit", args=[person.pk])
    data = {"first_name": "Pat\x00", "last_name": "Parker", "date_of_birth": "1990-06-15"}
    response = world.request("coord_a", "POST", url, data)
    assert response.status_code == 400
    assert "could not read what was sent" in response.content.decode()
    assert type(person).objects.get(pk=person.pk).first_name == "Patricia"
    assert world.request("coord_a", "GET", reverse("people:person_list") + "?q=%00").status_code == 400
