"""The one history renderer (sharedlives.history.describe), fed real events from the triggers."""

from datetime import timedelta

import pghistory
import pytest
from django.apps import apps
from django.utils import timezone
from pghistory.models import MiddlewareEvents

from people.models import PersonLanguage, Profile
from sharedlives import history
from sharedlives.history import Change
from sharedlives.reference.models import Language
from tests.people.factories import PersonFactory, ReferralFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def _events(obj, model_name: str):
    """The events of one people model that reference `obj`, oldest first, read now."""
    events = MiddlewareEvents.objects.across(apps.get_model("people", model_name)).references(obj)
    return list(events.order_by("pgh_id"))


def test_a_changed_field_shows_its_label_before_and_after_and_who_changed_it(coordinator_a):
    person = PersonFactory(first_name="Patricia", last_name="Parker")
    with pghistory.context(user=coordinator_a.pk):
        person.last_name = "Parker-Jones"
        person.save()

    update = history.describe(_events(person, "PersonEvent"))[-1]

    assert update.summary == "Person changed" and update.action == "update"
    assert update.user == coordinator_a
    assert update.changes == [Change("Last name", "Parker", "Parker-Jones")]


def test_choices_show_their_labels_arrays_of_choices_too_and_booleans_say_yes_or_no():
    person = PersonFactory()
    referral = ReferralFactory(person=person, client_groups=["autism", "dementia"], received_on="2025-03-04")
    RepresentativeFactory(person=person, full_name="Rita Rep", may_see_proposals=False)

    (added,) = history.describe(_events(referral, "ReferralEvent"))
    (representative,) = history.describe(_events(person, "RepresentativeEvent"))

    shown = {change.field: change.after for change in added.changes}
    assert shown["Support wanted"] == "Long-term (live-in)"
    assert shown["Client groups"] == "Autism, Dementia"
    assert shown["Received on"] == "4 Mar 2025"
    assert "Id" not in shown and "Created at" not in shown  # bookkeeping
    assert Change("May see proposals", "", "No") in representative.changes


def test_foreign_keys_show_the_names_the_caller_asks_for_and_nothing_for_the_rest(
    coordinator_a, django_assert_num_queries
):
    person = PersonFactory()
    polish = Language.objects.get(name="Polish")
    with pghistory.context(user=coordinator_a.pk):
        PersonLanguage.objects.create(person=person, language=polish)
    events = _events(person, "PersonLanguageEvent")

    # the users named in the contexts, then the languages named in the events
    with django_assert_num_queries(2):
        (named,) = history.describe(events, named=(Language,))
    assert named.changes == [Change("Language", "", "Polish")]  # the person's id is not shown
    assert named.user == coordinator_a

    (unnamed,) = history.describe(events)
    assert unnamed.changes == []


def test_each_caller_gives_its_own_summary_and_may_hide_more_columns():
    person = PersonFactory(first_name="Patricia")

    (created,) = history.describe(
        _events(person, "PersonEvent"),
        hidden={"first_name"},
        summary=lambda event, model, names: f"{model.__name__} {history.VERBS[event.pgh_label]}!",
    )

    assert created.summary == "Person added!"
    assert "First name" not in {change.field for change in created.changes}
    assert Change("Last name", "", person.last_name) in created.changes


def test_an_update_of_only_bookkeeping_columns_is_left_out():
    person = PersonFactory()
    profile = Profile.objects.get(person=person)
    # Nothing a reader would call a change.
    Profile.objects.filter(pk=profile.pk).update(updated_at=timezone.now() + timedelta(minutes=1))

    events = _events(profile, "ProfileEvent")

    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert [entry.action for entry in history.describe(events)] == ["insert"]
