"""Who sees which household: staff of its scheme, its own carers, and nobody else."""

import pytest
from django.urls import reverse

from carers.access import get_household_for_user
from carers.models import Household

HOUSEHOLD_PAGES = [
    "carers:household_detail",
    "carers:household_terms",
    "carers:household_checks",
    "carers:household_availability",
    "carers:household_transitions",
    "carers:household_history",
    "carers:household_edit",
    "carers:household_carer_add",
    "carers:household_check_add",
    "carers:household_panel",
    "carers:household_about",
    "carers:household_interests",
    "carers:household_member_add",
]
STAFF_PAGES = [
    "carers:household_list",
    "carers:household_create",
    "carers:compliance",
    "carers:compliance_csv",
]


def test_household_queryset_gives_staff_their_schemes_and_a_carer_their_own_household(
    household_a, household_x, household_y, coordinator_a, coordinator_b, carer_user, person_user, family_user
):
    assert set(Household.objects.for_user(coordinator_a)) == {household_a, household_x, household_y}
    assert set(Household.objects.for_user(coordinator_b)) == set()
    assert list(Household.objects.for_user(carer_user)) == [household_x]
    assert list(Household.objects.for_user(person_user)) == []
    assert list(Household.objects.for_user(family_user)) == []


def test_access_helper_answers_404_to_anyone_the_household_does_not_concern(
    household_x, coordinator_b, carer_y_user
):
    from django.http import Http404

    for outsider in (coordinator_b, carer_y_user):
        with pytest.raises(Http404):
            get_household_for_user(outsider, household_x.pk)


@pytest.mark.parametrize("url_name", HOUSEHOLD_PAGES)
def test_staff_of_scheme_b_get_404_on_every_page_of_a_scheme_a_household(
    client_coordinator_b, household_a, url_name
):
    assert client_coordinator_b.get(reverse(url_name, args=[household_a.pk])).status_code == 404


@pytest.mark.parametrize("url_name", HOUSEHOLD_PAGES)
def test_staff_of_the_scheme_reach_every_page_of_its_household(client_manager_a, household_a, url_name):
    assert client_manager_a.get(reverse(url_name, args=[household_a.pk])).status_code == 200


@pytest.mark.parametrize("url_name", STAFF_PAGES)
@pytest.mark.parametrize("client_fixture", ["client_carer", "client_person", "client_family"])
def test_carers_and_other_roles_cannot_reach_staff_pages(request, client_fixture, url_name):
    assert request.getfixturevalue(client_fixture).get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize(
    "url_name",
    [
        "carers:household_detail",
        "carers:household_checks",
        "carers:household_history",
        "carers:household_edit",
        "carers:household_panel",
    ],
)
def test_a_carer_cannot_reach_the_staff_pages_of_their_own_household(client_carer, household_x, url_name):
    assert client_carer.get(reverse(url_name, args=[household_x.pk])).status_code == 403


@pytest.mark.parametrize(
    "url_name", ["carers:household_about", "carers:household_interests", "carers:household_member_add"]
)
def test_a_carer_gets_404_on_another_households_pages(client_carer, household_x, household_y, url_name):
    assert client_carer.get(reverse(url_name, args=[household_y.pk])).status_code == 404
    assert client_carer.get(reverse(url_name, args=[household_x.pk])).status_code == 200


def test_a_carer_cannot_post_into_another_household(client_carer, household_y):
    response = client_carer.post(
        reverse("carers:household_about", args=[household_y.pk]), {"about_us": "Hacked"}
    )
    assert response.status_code == 404
    household_y.refresh_from_db()
    assert household_y.about_us == "Private words."


def test_carer_home_shows_only_their_own_household(client_carer, household_x, household_y):
    html = client_carer.get(reverse("carer_home")).content.decode()
    assert "Xena Xu household" in html and "We love the sea." in html
    assert "Yusuf" not in html and "Private words." not in html


def test_registry_lists_only_the_users_schemes(client_coordinator_b, household_a, scheme_b):
    from .factories import HouseholdFactory

    HouseholdFactory(scheme=scheme_b, name="Bramble household")
    html = client_coordinator_b.get(reverse("carers:household_list")).content.decode()
    assert "Bramble household" in html and household_a.name not in html


def test_a_coordinator_cannot_record_a_panel_decision(client_coordinator_a, household_a):
    assert (
        client_coordinator_a.get(reverse("carers:household_panel", args=[household_a.pk])).status_code == 403
    )


def test_scheme_settings_are_for_managers_of_that_scheme_only(
    client_manager_a, client_coordinator_a, client_coordinator_b, scheme_a
):
    url = reverse("carers:compliance_settings", args=[scheme_a.pk])
    assert client_manager_a.get(url).status_code == 200
    assert client_coordinator_a.get(url).status_code == 403
    assert client_coordinator_b.get(url).status_code == 404


@pytest.mark.parametrize("url_name", ["carers:household_list", "carers:household_detail", "carer_home"])
def test_anonymous_visitors_are_sent_to_sign_in(anon_client, household_a, url_name):
    args = [household_a.pk] if url_name == "carers:household_detail" else []
    response = anon_client.get(reverse(url_name, args=args))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
