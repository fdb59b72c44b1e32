"""The note's draft, in a real browser at 320 px: what a carer typed comes back when they open the
form again (a lost signal, an ended session), and is forgotten once the note is sent. The form works
without it; this checks the script in the page. Needs Debian's Chromium, as tests/e2e does."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from records.models import DailyNote
from tests.factories import sign_in

from .notes_helpers import yesterday

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def carer_page(live_server, carer_user, monkeypatch):
    """A phone-sized browser tab signed in as carer X."""
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("Browser tests need /usr/bin/chromium (apt-get install chromium).", pytrace=False)
        pytest.skip("Browser tests need /usr/bin/chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM set-up runs beside it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    session = sign_in(Client(), carer_user).cookies[settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        context = browser.new_context(viewport={"width": 320, "height": 700})
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        page.script_errors = []
        page.on("pageerror", lambda error: page.script_errors.append(str(error)))
        yield page
        browser.close()


def test_an_unsent_note_comes_back_and_is_forgotten_once_sent(
    live_server, carer_page, arrangement_px, person_p
):
    page = carer_page
    form = live_server.url + reverse("records:note_create", args=[person_p.pk])
    page.goto(form)
    page.get_by_label("What went well").fill("Pat sang all afternoon.")
    page.get_by_label("Yesterday").check()
    page.goto(live_server.url + "/")  # away, as when the signal drops or the tab is closed
    page.goto(form)
    assert page.get_by_label("What went well").input_value() == "Pat sang all afternoon."
    assert page.get_by_label("Yesterday").is_checked()
    assert page.get_by_text("Your unsent note was restored").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scrolling

    page.get_by_role("button", name="Send the note").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your note about Pat is saved").is_visible()
    page.goto(form)
    assert page.get_by_label("What went well").input_value() == ""
    assert not page.get_by_text("Your unsent note was restored").is_visible()

    # "Start again" forgets a draft.
    page.get_by_label("Anything to watch").fill("A cough.")
    page.goto(form)
    page.get_by_role("button", name="Start again").click()
    assert page.get_by_label("Anything to watch").input_value() == ""
    page.goto(form)
    assert page.get_by_label("Anything to watch").input_value() == ""
    assert page.script_errors == []
    assert list(DailyNote.objects.values_list("day", "went_well")) == [
        (yesterday(), "Pat sang all afternoon.")
    ]
