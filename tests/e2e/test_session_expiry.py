"""Journey 5: the session ends halfway through a long form. After signing in again the user is
back on the form with what they typed. Keyboard only."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from people.models import Profile

from .world import PASSWORD, codes_for, sent_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ADMIRED = "Pat is brilliant at card games and remembers everyone's birthday."
IMPORTANT = "Seeing her brother Bob every Sunday."


def _let_the_session_go_idle(user) -> None:
    """As if the user left the page open for longer than the idle time-out."""
    key = next(c["value"] for c in user.page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=key)
    session["_last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 60
    session.save()


def test_typing_survives_a_session_time_out(journey):
    world = sent_proposal(with_family=False)
    code = codes_for()
    coordinator = journey.user("coordinator")
    coordinator.sign_in(world.coordinator.email, PASSWORD, totp=code())
    coordinator.open(f"/people/{world.person.pk}/")
    coordinator.follow("Change profile")
    coordinator.type_into("What people like and admire about me", ADMIRED)
    coordinator.type_into("What is important to me", IMPORTANT)
    coordinator.tick("No smoking in the home")
    coordinator.shot("typing-the-profile")
    form_path = coordinator.path

    _let_the_session_go_idle(coordinator)
    coordinator.submit("Save")
    coordinator.sees("You were signed out after")
    assert coordinator.path.startswith("/accounts/login/")
    coordinator.shot("signed-out")

    coordinator.sign_in(world.coordinator.email, PASSWORD, totp=code())
    assert coordinator.path == form_path, coordinator.path
    coordinator.sees("We kept what you typed")
    assert coordinator.field("What people like and admire about me").input_value() == ADMIRED
    assert coordinator.field("What is important to me").input_value() == IMPORTANT
    assert coordinator.field("No smoking in the home", exact=True).is_checked()
    coordinator.shot("typing-restored")
    coordinator.submit("Save")

    profile = Profile.objects.get(person=world.person)
    assert profile.admired_for == ADMIRED and profile.no_smoking
    journey.assert_accessible()
