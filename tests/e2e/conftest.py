"""Browser journeys: Playwright driving Debian's Chromium against a live server on the test database.

Without /usr/bin/chromium these tests are skipped, saying how to install it; under CI (CI=true)
a missing browser is a failure, so the journeys can never be skipped silently there.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache

from .browser import Journey

CHROMIUM = Path("/usr/bin/chromium")
MISSING = (
    "Browser tests need Debian's Chromium at /usr/bin/chromium: "
    "install Debian's chromium: apt-get install chromium"
)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(MISSING + " (.ci/run installs it).", pytrace=False)
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test code that sets up data with
    # the ORM runs beside it, never inside it. Only for the browser tests: the variable must not
    # reach the other tests (the deployment check refuses it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _launch(sync_playwright)
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _launch(sync_playwright):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def journey(request, browser, live_server):
    """The journey of this test: its users' browsers, screenshots and axe results."""
    # Login rate limits and used authenticator codes live in the cache, which outlives each test.
    cache.clear()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name.removeprefix("test_")).strip("-")
    journey = Journey(name=name, browser=browser, base_url=live_server.url)
    yield journey
    journey.close()
