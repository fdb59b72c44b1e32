"""Derived values on the person and their profile."""

from datetime import date

import pytest

from people.models import CarerGenderPreference, Person, Profile
from sharedlives.choices import Gender


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2007, 1, 1), "teens"),
        (date(2005, 6, 2), "teens"),
        (date(2005, 6, 1), "20s"),
        (date(1994, 5, 12), "30s"),
        (date(1950, 2, 14), "70s"),
    ],
)
def test_age_band_is_the_decade_for_staged_disclosure(born, band):
    assert Person(date_of_birth=born).age_band(on=date(2025, 6, 1)) == band


def test_known_as_and_initials_use_the_preferred_name():
    person = Person(first_name="Daniel", last_name="Hughes", preferred_name="Dan")
    assert (person.known_as, person.initials, person.full_name) == ("Dan", "DH", "Daniel Hughes")


def test_carer_gender_preferences_use_the_same_values_as_carers_genders():
    preferences = set(CarerGenderPreference.values) - {CarerGenderPreference.NO_PREFERENCE}
    assert preferences <= set(Gender.values)


def test_deal_breakers_read_as_plain_words():
    profile = Profile(no_pets=True, needs_level_access=True, carer_gender=CarerGenderPreference.WOMAN)
    assert profile.deal_breakers == [
        "No pets in the home",
        "A ground-floor bedroom or level access",
        "Main carer: woman",
    ]
