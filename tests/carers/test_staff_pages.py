"""What coordinators and managers do on the registry pages, end to end through the views."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from carers.models import Availability, Check, Household
from sharedlives.accounts.models import Invitation, User
from sharedlives.audit.models import AccessLog
from sharedlives.reference.models import Interest, Language

from .factories import AvailabilityFactory, CarerFactory, HouseholdFactory, add_postcode, approve

S = Household.Status


def test_coordinator_adds_a_household_at_enquiry_with_its_first_carer_and_coordinates(
    client_coordinator_a, scheme_a, coordinator_a
):
    add_postcode("NS1 4AB", 430100, 521200)
    response = client_coordinator_a.post(
        reverse("carers:household_create"),
        {
            "scheme": scheme_a.pk,
            "name": "Nia and Owen Jones",
            "first_name": "Nia",
            "last_name": "Jones",
            "gender": "woman",
            "email": "nia@example.test",
            "postcode": "ns14ab",
        },
    )
    household = Household.objects.get()
    assert response.status_code == 302 and response.url == household.get_absolute_url()
    assert (household.status, household.postcode, household.coordinates) == (
        S.ENQUIRY,
        "NS1 4AB",
        (430100, 521200),
    )
    assert household.carers.get().full_name == "Nia Jones"
    transition = household.transitions.get()
    assert (transition.from_status, transition.to_status, transition.by) == ("", S.ENQUIRY, coordinator_a)


def test_an_unknown_postcode_takes_its_districts_average_coordinates(client_coordinator_a, household_a):
    add_postcode("NS9 1AA", 1000, 2000)
    add_postcode("NS9 2BB", 3000, 4000)
    data = {"name": household_a.name, "postcode": "NS9 9ZZ", "smoking": "none", "spare_rooms": 0}
    client_coordinator_a.post(reverse("carers:household_edit", args=[household_a.pk]), data)
    household_a.refresh_from_db()
    assert household_a.coordinates == (2000, 3000)


def test_coordinator_edits_the_profile_and_the_change_is_in_the_history_tab(
    client_coordinator_a, coordinator_a, household_a
):
    gardening, polish = Interest.objects.get(name="Gardening"), Language.objects.get(name="Polish")
    response = client_coordinator_a.post(
        reverse("carers:household_edit", args=[household_a.pk]),
        {
            "name": household_a.name,
            "postcode": "NS1 1AA",
            "smoking": "outside",
            "spare_rooms": 2,
            "has_pets": "on",
            "pets": "Two cats",
            "level_access": "on",
            "experience": ["autism", "dementia"],
            "interests": [gardening.pk],
            "languages": [polish.pk],
            "about_us": "We like the allotment.",
        },
    )
    assert response.status_code == 302
    household_a.refresh_from_db()
    assert (household_a.smoking, household_a.spare_rooms, household_a.pets) == ("outside", 2, "Two cats")
    assert household_a.experience == ["autism", "dementia"] and household_a.level_access
    assert list(household_a.interests.all()) == [gardening] and list(household_a.languages.all()) == [polish]

    event = apps.get_model("carers", "HouseholdEvent").objects.filter(pgh_label="update").latest("pgh_id")
    assert event.pgh_context.metadata["user"] == coordinator_a.pk
    history = client_coordinator_a.get(reverse("carers:household_history", args=[household_a.pk]))
    html = history.content.decode()
    assert "Household changed" in html and "Cora Coordinator" in html
    assert "Nobody smokes" in html and "Someone smokes, outside only" in html  # before and after, in words
    assert "Household interest added" in html and "Gardening" in html
    assert "Autism, Dementia" in html


def test_a_manager_records_panel_approval_and_earlier_terms_stay_visible(client_manager_a, household_a):
    Household.objects.filter(pk=household_a.pk).update(status=S.READY_FOR_PANEL)
    url = reverse("carers:household_panel", args=[household_a.pk])
    first = {
        "decided_on": "2025-02-03",
        "decision": "approve",
        "decision_maker": "Dana Decider",
        "minutes": "Warm and thorough.",
        "max_people": "1",
        "support_types": ["short_break"],
        "client_groups": ["autism"],
    }
    assert client_manager_a.post(url, first).status_code == 302
    second = first | {
        "decided_on": "2025-08-03",
        "max_people": "3",
        "support_types": ["long_term", "short_break"],
    }
    assert client_manager_a.post(url, second).status_code == 302
    household_a.refresh_from_db()
    assert household_a.status == S.APPROVED and household_a.current_terms.version == 2
    html = client_manager_a.get(reverse("carers:household_terms", args=[household_a.pk])).content.decode()
    assert "3 Feb 2025" in html and "3 Aug 2025" in html
    assert "Long-term (live-in), Short breaks" in html and html.count("<td>Recommend approval</td>") == 2


def test_transition_through_the_status_tab(client_coordinator_a, household_a):
    url = reverse("carers:household_transitions", args=[household_a.pk])
    page = client_coordinator_a.get(url).content.decode()
    assert 'value="initial_visit"' in page and 'value="approved"' not in page
    response = client_coordinator_a.post(url, {"to_status": "initial_visit", "reason": "First visit booked"})
    assert response.status_code == 302
    household_a.refresh_from_db()
    assert household_a.status == S.INITIAL_VISIT
    assert "First visit booked" in client_coordinator_a.get(url).content.decode()


def test_a_forbidden_transition_shows_the_lifecycle_message_next_to_the_field(
    client_coordinator_a, household_a
):
    url = reverse("carers:household_transitions", args=[household_a.pk])
    response = client_coordinator_a.post(url, {"to_status": "resigned", "reason": "Changed their mind"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "A household that is enquiry cannot become resigned" in html
    assert "Changed their mind" in html
    household_a.refresh_from_db()
    assert household_a.status == S.ENQUIRY


def test_recording_a_check_computes_its_expiry_and_lists_it(client_coordinator_a, household_a):
    carer = household_a.carers.get()
    response = client_coordinator_a.post(
        reverse("carers:household_check_add", args=[household_a.pk]),
        {"check_type": "dbs", "carer": carer.pk, "done_on": "2024-04-02", "evidence": "Cert 001234"},
        follow=True,
    )
    assert "Enhanced DBS check recorded; it expires on 2 April 2027." in response.content.decode()
    check = Check.objects.get()
    assert check.expires_on == date(2027, 4, 2) and check.verified_by.email == "coord.a@example.test"
    assert "Cert 001234" in response.content.decode()


def test_an_awareness_course_needs_its_title(client_coordinator_a, household_a):
    carer = household_a.carers.get()
    url = reverse("carers:household_check_add", args=[household_a.pk])
    response = client_coordinator_a.post(
        url, {"check_type": "awareness", "carer": carer.pk, "done_on": "2024-04-02"}
    )
    assert "Give the course title." in response.content.decode()
    client_coordinator_a.post(
        url,
        {"check_type": "awareness", "carer": carer.pk, "done_on": "2024-04-02", "title": "Autism awareness"},
    )
    assert Check.objects.get().label == "Autism awareness"


def test_availability_periods_are_added_changed_and_removed(client_coordinator_a, household_a):
    url = reverse("carers:household_availability", args=[household_a.pk])
    client_coordinator_a.post(url, {"starts_on": "2030-07-01", "ends_on": "2030-07-14", "reason": "holiday"})
    period = Availability.objects.get()
    client_coordinator_a.post(
        reverse("carers:household_availability_edit", args=[household_a.pk, period.pk]),
        {"starts_on": "2030-07-01", "ends_on": "2030-07-21", "reason": "holiday", "note": "Longer trip"},
    )
    period.refresh_from_db()
    assert (period.ends_on, period.note) == (date(2030, 7, 21), "Longer trip")
    remove = reverse("carers:household_availability_remove", args=[household_a.pk, period.pk])
    assert client_coordinator_a.get(remove).status_code == 405
    client_coordinator_a.post(remove)
    assert not Availability.objects.exists()
    assert apps.get_model("carers", "AvailabilityEvent").objects.filter(pgh_label="delete").exists()


def test_staff_of_scheme_b_cannot_remove_a_scheme_a_period(client_coordinator_b, household_a):
    period = AvailabilityFactory(household=household_a)
    url = reverse("carers:household_availability_remove", args=[household_a.pk, period.pk])
    assert client_coordinator_b.post(url).status_code == 404
    assert Availability.objects.filter(pk=period.pk).exists()


def test_adding_a_joint_carer_and_no_third(client_coordinator_a, household_a):
    url = reverse("carers:household_carer_add", args=[household_a.pk])
    client_coordinator_a.post(url, {"first_name": "Ben", "last_name": "Abbott"})
    assert household_a.carers.count() == 2
    response = client_coordinator_a.post(url, {"first_name": "Cal", "last_name": "Abbott"})
    assert "already has two carers" in response.content.decode()
    assert household_a.carers.count() == 2


def test_inviting_a_carer_links_their_new_account_in_the_same_transaction(
    client_coordinator_a, household_a, django_capture_on_commit_callbacks
):
    carer = household_a.carers.get()
    url = reverse("carers:household_carer_invite", args=[household_a.pk, carer.pk])
    assert client_coordinator_a.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client_coordinator_a.post(url)
    assert response.status_code == 302
    carer.refresh_from_db()
    invitation = Invitation.objects.get()
    assert carer.user == invitation.user and carer.user.kind == User.Kind.CARER and not carer.user.is_active
    assert mail.outbox[0].to == [carer.email]
    # Inviting again sends a new link to the same account.
    client_coordinator_a.post(url)
    carer.refresh_from_db()
    assert User.objects.filter(kind=User.Kind.CARER).count() == 1 and carer.user == invitation.user


def test_inviting_a_carer_without_an_email_explains_what_to_do(client_coordinator_a, household_a):
    carer = household_a.carers.get()
    carer.email = ""
    carer.save()
    response = client_coordinator_a.post(
        reverse("carers:household_carer_invite", args=[household_a.pk, carer.pk]), follow=True
    )
    assert "Add an email address for" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_with_the_email_of_an_existing_account_changes_nothing(
    client_coordinator_a, household_a, carer_user
):
    carer = household_a.carers.get()
    carer.email = carer_user.email
    carer.save()
    response = client_coordinator_a.post(
        reverse("carers:household_carer_invite", args=[household_a.pk, carer.pk]), follow=True
    )
    assert "already an account" in response.content.decode()
    carer.refresh_from_db()
    assert carer.user is None and not Invitation.objects.exists()


def test_viewing_a_household_is_written_to_the_access_log(client_coordinator_a, coordinator_a, household_a):
    client_coordinator_a.get(reverse("carers:household_checks", args=[household_a.pk]))
    log = AccessLog.objects.get()
    assert (log.user, log.object_id, log.page) == (coordinator_a, household_a.pk, "carers:household_checks")


# --- The registry list --------------------------------------------------------------------------
@pytest.fixture
def registry(scheme_a, coordinator_a):
    from .factories import give_mandatory_checks

    ready = HouseholdFactory(scheme=scheme_a, name="Ready Reed", status=S.READY_FOR_PANEL, postcode="NS2 1AA")
    CarerFactory(household=ready, first_name="Rita", last_name="Reed")
    big = approve(HouseholdFactory(scheme=scheme_a, name="Big Barn", postcode="NS3 1AA"), max_people=3)
    CarerFactory(household=big, first_name="Bob", last_name="Barn")
    give_mandatory_checks(big, by=coordinator_a)
    small = approve(
        HouseholdFactory(scheme=scheme_a, name="Small Cottage", postcode="NS1 1AA"),
        max_people=1,
        support_types=["day_support"],
        client_groups=["dementia"],
    )
    CarerFactory(household=small, first_name="Sol", last_name="Cottage")
    Check.objects.create(
        household=small,
        check_type=Check.Type.GAS_SAFETY,
        done_on=timezone.localdate() - timedelta(days=400),
        expires_on=timezone.localdate() - timedelta(days=35),
        verified_by=coordinator_a,
    )
    return {"ready": ready, "big": big, "small": small}


def _names(client, query=""):
    html = client.get(reverse("carers:household_list") + query).content.decode()
    return [name for name in ("Ready Reed", "Big Barn", "Small Cottage") if name in html], html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Ready Reed", "Big Barn", "Small Cottage"]),
        ("?status=ready_for_panel", ["Ready Reed"]),
        ("?status=approved&status=ready_for_panel", ["Ready Reed", "Big Barn", "Small Cottage"]),
        ("?support_type=day_support", ["Small Cottage"]),
        ("?client_group=learning_disability", ["Big Barn"]),
        ("?checks=expired", ["Small Cottage"]),
        ("?checks=expiring", []),
        ("?free_places=2", ["Big Barn"]),
        ("?matchable=true", ["Big Barn"]),
        ("?matchable=false", ["Ready Reed", "Small Cottage"]),
        ("?q=rita", ["Ready Reed", "Big Barn", "Small Cottage"]),  # an old bookmark's name search is ignored
    ],
)
def test_registry_filters(client_coordinator_a, registry, query, expected):
    assert _names(client_coordinator_a, query)[0] == expected


@pytest.mark.parametrize(("typed", "expected"), [("rita", ["Ready Reed"]), ("NS3", ["Big Barn"])])
def test_registry_search_is_posted_kept_and_never_in_the_address(
    client_coordinator_a, registry, typed, expected
):
    url = reverse("carers:household_list")
    response = client_coordinator_a.post(url + "?matchable=true&page=2", {"q": typed})
    # Back to the first page of the list, with the other filters kept and the name nowhere in the address.
    assert response.status_code == 302 and response.url == url + "?matchable=true"
    assert _names(client_coordinator_a, "")[0] == expected
    assert f'value="{typed}"' in _names(client_coordinator_a, "")[1]
    cleared = client_coordinator_a.post(url, {"clear": "1"})
    assert cleared.status_code == 302
    assert _names(client_coordinator_a, "")[0] == ["Ready Reed", "Big Barn", "Small Cottage"]


def test_registry_search_too_long_is_refused_next_to_the_field_and_kept(client_coordinator_a, registry):
    url = reverse("carers:household_list")
    client_coordinator_a.post(url, {"q": "rita"})
    response = client_coordinator_a.post(url, {"q": "y" * 101})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most 100 characters" in html and 'value="' + "y" * 101 + '"' in html
    # The earlier search still stands.
    assert _names(client_coordinator_a, "")[0] == ["Ready Reed"]


def test_registry_sorts_by_free_places_and_by_status(client_coordinator_a, registry):
    html = _names(client_coordinator_a, "?sort=-places")[1]
    assert html.index("Big Barn") < html.index("Small Cottage") < html.index("Ready Reed")
    html = _names(client_coordinator_a, "?sort=status")[1]
    assert html.index("Ready Reed") < html.index("Big Barn")


def test_registry_paginates_and_keeps_the_filters_in_page_links(client_coordinator_a, scheme_a):
    for n in range(30):
        HouseholdFactory(scheme=scheme_a, name=f"Household {n:02}", status=S.ASSESSMENT)
    html = client_coordinator_a.get(reverse("carers:household_list") + "?status=assessment").content.decode()
    assert "Household 24" in html and "Household 25" not in html
    assert "?status=assessment&amp;page=2" in html
    page_two = client_coordinator_a.get(reverse("carers:household_list") + "?status=assessment&page=2")
    assert "Household 29" in page_two.content.decode()


# --- Compliance -------------------------------------------------------------------------------
def test_compliance_lists_expired_and_expiring_checks_by_household_and_exports_csv(
    client_coordinator_a, registry, coordinator_a, scheme_a, scheme_b, coordinator_b
):
    today = timezone.localdate()
    big = registry["big"]
    dbs = big.checks.get(check_type=Check.Type.DBS)
    Check.objects.filter(pk=dbs.pk).update(
        done_on=today - timedelta(days=1000), expires_on=today + timedelta(days=10)
    )
    resigned = HouseholdFactory(scheme=scheme_a, name="Gone Away", status=S.RESIGNED)
    Check.objects.create(
        household=resigned,
        check_type=Check.Type.INSURANCE,
        done_on=today - timedelta(days=500),
        expires_on=today - timedelta(days=100),
        verified_by=coordinator_a,
    )
    elsewhere = HouseholdFactory(scheme=scheme_b, name="Other Scheme Place")
    Check.objects.create(
        household=elsewhere,
        check_type=Check.Type.INSURANCE,
        done_on=today - timedelta(days=500),
        expires_on=today - timedelta(days=100),
        verified_by=coordinator_b,
    )

    html = client_coordinator_a.get(reverse("carers:compliance")).content.decode()
    assert html.index("Small Cottage") < html.index("Big Barn")  # the most overdue first
    assert "Gas safety certificate" in html and "Enhanced DBS check" in html
    assert "Ready Reed" not in html and "Gone Away" not in html and "Other Scheme Place" not in html

    response = client_coordinator_a.get(reverse("carers:compliance_csv"))
    assert response.streaming  # a large export starts downloading at once, with the browser's progress
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:4] == ["Scheme", "Household", "Carer", "Check"]
    assert [(r[1], r[3], r[6]) for r in rows[1:]] == [
        ("Big Barn", "Enhanced DBS check", "expiring"),
        ("Small Cottage", "Gas safety certificate", "expired"),
    ]


def test_csv_export_cannot_smuggle_spreadsheet_formulas(client_coordinator_a, scheme_a, coordinator_a):
    household = HouseholdFactory(scheme=scheme_a, name="=HYPERLINK(evil)")
    Check.objects.create(
        household=household,
        check_type=Check.Type.INSURANCE,
        done_on=timezone.localdate() - timedelta(days=400),
        expires_on=timezone.localdate() - timedelta(days=30),
        verified_by=coordinator_a,
    )
    rows = list(
        csv.reader(
            io.StringIO(client_coordinator_a.get(reverse("carers:compliance_csv")).getvalue().decode())
        )
    )
    assert rows[1][1] == "'=HYPERLINK(evil)"


def test_a_manager_changes_renewal_periods_and_expiries_follow(
    client_manager_a, household_a, scheme_a, coordinator_a
):
    carer = household_a.carers.get()
    from carers import services

    check = services.check_record(
        household_id=household_a.pk,
        by=coordinator_a,
        check_type="dbs",
        carer=carer,
        done_on=date(2024, 1, 15),
    )
    url = reverse("carers:compliance_settings", args=[scheme_a.pk])
    data = {f"{t}_months": "" for t in Check.Type.values} | {
        "dbs_months": "24",
        "carers_may_edit_about_us": "on",
        "max_photos": "12",
    }
    assert client_manager_a.post(url, data).status_code == 302
    check.refresh_from_db()
    assert check.expires_on == date(2026, 1, 15)
    settings = scheme_a.carer_settings
    assert settings.insurance_months is None and not settings.carers_may_edit_members


def test_staff_navigation_has_carers_and_compliance(client_coordinator_a):
    html = client_coordinator_a.get(reverse("carers:household_list")).content.decode()
    assert f'href="{reverse("carers:household_list")}" aria-current="page"' in html
    assert reverse("carers:compliance") in html


def test_each_check_due_links_to_recording_it_with_the_kind_and_carer_chosen(
    client_coordinator_a, household_a
):
    """A household at enquiry has no checks: every mandatory one is due, each with its own link."""
    html = client_coordinator_a.get(
        reverse("carers:household_checks", args=[household_a.pk])
    ).content.decode()
    carer = household_a.carers.get()
    add = reverse("carers:household_check_add", args=[household_a.pk])
    assert f"{add}?check_type=dbs&amp;carer={carer.pk}" in html
    form = client_coordinator_a.get(add, {"check_type": "dbs", "carer": carer.pk}).content.decode()
    assert 'value="dbs" selected' in form


def test_the_homes_adaptations_read_the_same_on_the_profile_the_carers_page_and_the_print(
    client_coordinator_a, household_x, carer_user
):
    from django.test import Client

    household_x.level_access = household_x.hoist = True
    household_x.save()
    pages = [
        client_coordinator_a.get(reverse("carers:household_detail", args=[household_x.pk])),
        client_coordinator_a.get(reverse("carers:household_print", args=[household_x.pk])),
    ]
    carer = Client()
    carer.force_login(carer_user)
    pages.append(carer.get(reverse("carers:my_household")))
    for response in pages:
        html = response.content.decode()
        assert "Level access" in html and "Hoist" in html, response.wsgi_request.path
        assert "Ground-floor bedroom" not in html and "No adaptations" not in html
