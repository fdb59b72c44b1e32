"""The carer's own pages: their household, terms and checks, and the parts of the profile they may edit."""

from datetime import timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from carers.models import CarerSettings, Check, HouseholdMember
from carers.services import add_months
from sharedlives.reference.models import Interest

from .factories import MemberFactory


def test_a_carer_without_a_household_gets_a_friendly_home_page(client_carer):
    for url_name in ("carer_home", "carers:my_household"):
        response = client_carer.get(reverse(url_name))
        assert response.status_code == 200
        assert "has not linked your account to your household" in response.content.decode()


def test_carer_home_shows_terms_checks_and_what_is_due_next(client_carer, household_x, coordinator_a):
    today = timezone.localdate()
    insurance = household_x.checks.get(check_type=Check.Type.INSURANCE)
    Check.objects.filter(pk=insurance.pk).update(
        done_on=add_months(today, -12) + timedelta(days=9), expires_on=today + timedelta(days=9)
    )
    html = client_carer.get(reverse("carer_home")).content.decode()
    assert "What you are approved for" in html and "Long-term (live-in), Short breaks" in html
    assert "Enhanced DBS check" in html and "Safeguarding training" in html
    due = html[html.index("What is due next") : html.index("About us")]
    assert "Insurance" in due and (today + timedelta(days=9)).strftime("%-d %B %Y") in due


def test_carer_home_names_a_mandatory_check_that_is_missing(client_carer, household_x):
    household_x.checks.filter(check_type=Check.Type.HEALTH_SAFETY).delete()
    html = client_carer.get(reverse("carer_home")).content.decode()
    due = html[html.index("What is due next") : html.index("About us")]
    assert "Home health and safety check" in due and "we have no record yet" in due


def test_carer_edits_about_us_and_the_change_is_in_history_with_their_name(
    client_carer, carer_user, household_x
):
    url = reverse("carers:household_about", args=[household_x.pk])
    response = client_carer.post(url, {"about_us": "We love the sea and long walks."})
    assert response.status_code == 302 and response.url == reverse("carer_home")
    household_x.refresh_from_db()
    assert household_x.about_us == "We love the sea and long walks."
    event = apps.get_model("carers", "HouseholdEvent").objects.filter(pgh_label="update").latest("pgh_id")
    assert event.pgh_context.metadata["user"] == carer_user.pk
    assert event.about_us == "We love the sea and long walks."


def test_carer_changes_interests_and_household_members(client_carer, household_x):
    baking = Interest.objects.get(name="Baking")
    client_carer.post(
        reverse("carers:household_interests", args=[household_x.pk]), {"interests": [baking.pk]}
    )
    assert list(household_x.interests.all()) == [baking]

    client_carer.post(
        reverse("carers:household_member_add", args=[household_x.pk]),
        {"name": "Zac Xu", "relationship": "grandson", "age_band": "under_5"},
    )
    member = HouseholdMember.objects.get()
    moved_out = timezone.localdate().isoformat()
    client_carer.post(
        reverse("carers:household_member_edit", args=[household_x.pk, member.pk]),
        {"name": "Zac Xu", "relationship": "grandson", "age_band": "under_5", "left_on": moved_out},
    )
    member.refresh_from_db()
    assert member.left_on.isoformat() == moved_out  # the record is kept
    assert not household_x.members.living_there().exists()


def test_a_carer_may_edit_only_what_the_scheme_allows(client_carer, household_x, scheme_a):
    CarerSettings.objects.create(
        scheme=scheme_a, carers_may_edit_about_us=False, carers_may_edit_members=False
    )
    assert client_carer.get(reverse("carers:household_about", args=[household_x.pk])).status_code == 403
    response = client_carer.post(
        reverse("carers:household_about", args=[household_x.pk]), {"about_us": "Changed"}
    )
    assert response.status_code == 403
    household_x.refresh_from_db()
    assert household_x.about_us == "We love the sea."
    assert client_carer.get(reverse("carers:household_member_add", args=[household_x.pk])).status_code == 403
    assert client_carer.get(reverse("carers:household_interests", args=[household_x.pk])).status_code == 200
    html = client_carer.get(reverse("carer_home")).content.decode()
    assert "Edit 'about us'" not in html and "Edit interests" in html


def test_a_carer_may_edit_everything_the_defaults_allow_when_the_scheme_set_nothing(
    client_carer, household_x, scheme_a
):
    assert not CarerSettings.objects.filter(scheme=scheme_a).exists()
    html = client_carer.get(reverse("carer_home")).content.decode()
    assert "Edit 'about us'" in html and "Edit interests" in html


def test_a_carer_cannot_edit_another_households_member(client_carer, household_y):
    member = MemberFactory(household=household_y, name="Yara Young")
    url = reverse("carers:household_member_edit", args=[household_y.pk, member.pk])
    assert (
        client_carer.post(url, {"name": "Changed", "relationship": "x", "age_band": "5_11"}).status_code
        == 404
    )
    member.refresh_from_db()
    assert member.name == "Yara Young"


def test_our_household_shows_what_people_see_and_never_the_address_or_checks(client_carer, household_x):
    from carers.models import Household

    Household.objects.filter(pk=household_x.pk).update(address="1 Secret Lane", postcode="NS1 2AB")
    html = client_carer.get(reverse("carers:my_household")).content.decode()
    assert "We love the sea." in html and "Xena, Shared Lives carer" in html and "NS1" in html
    assert "Secret Lane" not in html and "NS1 2AB" not in html and "Enhanced DBS" not in html


def test_carer_navigation_links_home_and_our_household(client_carer, household_x):
    html = client_carer.get(reverse("carer_home")).content.decode()
    assert reverse("carers:my_household") in html
    assert f'href="{reverse("carers:household_list")}"' not in html
    assert f'href="{reverse("carers:compliance")}"' not in html
