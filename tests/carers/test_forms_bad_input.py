"""Bad input on every form: a clear message by the field, what was typed kept, nothing saved, never a 500."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carers.models import Availability, Carer, CarerSettings, Check, Household, HouseholdMember, PanelDecision

from .factories import AvailabilityFactory, MemberFactory

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


@pytest.fixture
def setup(household_a, coordinator_a):
    """household_a with a member, a check and an unavailable period to edit."""
    member = MemberFactory(household=household_a, name="Milo Abbott")
    check = Check.objects.create(
        household=household_a,
        check_type=Check.Type.GAS_SAFETY,
        done_on=date(2024, 5, 1),
        expires_on=date(2025, 5, 1),
        verified_by=coordinator_a,
    )
    period = AvailabilityFactory(household=household_a)
    Household.objects.filter(pk=household_a.pk).update(status=Household.Status.READY_FOR_PANEL)
    return {"h": household_a, "member": member, "check": check, "period": period}


def _snapshot():
    """Everything these forms could write."""
    return (
        list(Household.objects.values_list("name", "postcode", "about_us", "status").order_by("pk")),
        list(Carer.objects.values_list("first_name", "email").order_by("pk")),
        list(HouseholdMember.objects.values_list("name", "left_on").order_by("pk")),
        list(Check.objects.values_list("done_on", "evidence").order_by("pk")),
        list(Availability.objects.values_list("starts_on", "ends_on").order_by("pk")),
        PanelDecision.objects.count(),
        CarerSettings.objects.count(),
    )


CASES = [
    pytest.param(
        lambda s: reverse("carers:household_create"),
        {
            "name": "Kept Household",
            "first_name": "Kim",
            "last_name": "Kept",
            "postcode": "XYZ",
            "email": "k@x.test",
        },
        "Enter a full UK postcode",
        'value="Kept Household"',
        id="household_create",
    ),
    pytest.param(
        lambda s: reverse("carers:household_edit", args=[s["h"].pk]),
        {
            "name": "",
            "postcode": "NS1 1AA",
            "smoking": "none",
            "spare_rooms": "-1",
            "culture": "Kept culture",
        },
        "This field is required.",
        'value="Kept culture"',
        id="household_edit",
    ),
    pytest.param(
        lambda s: reverse("carers:household_edit", args=[s["h"].pk]),
        {
            "name": "Still Here",
            "postcode": "NS1 1AA",
            "smoking": "none",
            "spare_rooms": "1",
            "pets": "A parrot",
        },
        "tick &#x27;Pets in the home&#x27;",
        "A parrot",
        id="household_edit_pets",
    ),
    pytest.param(
        lambda s: reverse("carers:household_about", args=[s["h"].pk]),
        {"about_us": "   "},
        "Write a few words about your household.",
        "",
        id="about_edit",
    ),
    pytest.param(
        lambda s: reverse("carers:household_interests", args=[s["h"].pk]),
        {"interests": ["999999"]},
        "Select a valid choice.",
        "",
        id="interests_edit",
    ),
    pytest.param(
        lambda s: reverse("carers:household_carer_add", args=[s["h"].pk]),
        {"first_name": "Kept", "last_name": "Carer", "email": "not-an-email"},
        "Enter a valid email address.",
        'value="not-an-email"',
        id="carer_add",
    ),
    pytest.param(
        lambda s: reverse("carers:household_carer_edit", args=[s["h"].pk, s["h"].carers.get().pk]),
        {"first_name": "", "last_name": "Abbott", "phone": "01632 960123"},
        "This field is required.",
        'value="01632 960123"',
        id="carer_edit",
    ),
    pytest.param(
        lambda s: reverse("carers:household_member_add", args=[s["h"].pk]),
        {"name": "Kept Kid", "relationship": "son", "age_band": "toddler"},
        "Select a valid choice.",
        'value="Kept Kid"',
        id="member_add",
    ),
    pytest.param(
        lambda s: reverse("carers:household_member_edit", args=[s["h"].pk, s["member"].pk]),
        {"name": "Milo Abbott", "relationship": "nephew", "age_band": "5_11", "left_on": TOMORROW},
        "cannot be in the future",
        'value="nephew"',
        id="member_edit",
    ),
    pytest.param(
        lambda s: reverse("carers:household_transitions", args=[s["h"].pk]),
        {"to_status": "approved", "reason": "Kept reason"},
        "Only a panel decision can make this household approved",
        "Kept reason",
        id="transition",
    ),
    pytest.param(
        lambda s: reverse("carers:household_panel", args=[s["h"].pk]),
        {"decided_on": "2025-01-10", "decision": "approve", "decision_maker": "Kept Maker", "max_people": ""},
        "Say how many people the household is approved for at once.",
        'value="Kept Maker"',
        id="panel_decision",
    ),
    pytest.param(
        lambda s: reverse("carers:household_transitions", args=[s["h"].pk]),
        {"to_status": "assessment", "reason": ""},
        "This field is required.",
        'value="assessment" selected',
        id="transition_reason",
    ),
    pytest.param(
        lambda s: reverse("carers:household_panel", args=[s["h"].pk]),
        {"decided_on": "2025-01-10", "decision": "deregister", "decision_maker": "Kept Maker"},
        "A panel cannot de-register a household that is ready for panel",
        'value="Kept Maker"',
        id="panel_decision_wrong_status",
    ),
    pytest.param(
        lambda s: reverse("carers:household_panel", args=[s["h"].pk]),
        {"decided_on": TOMORROW, "decision": "defer", "decision_maker": "Kept Maker"},
        "cannot be in the future",
        'value="Kept Maker"',
        id="panel_decision_future",
    ),
    pytest.param(
        lambda s: reverse("carers:household_check_add", args=[s["h"].pk]),
        {"check_type": "dbs", "done_on": "2024-02-01", "evidence": "Kept evidence"},
        "Say which carer this is for.",
        "Kept evidence",
        id="check_add",
    ),
    pytest.param(
        lambda s: reverse("carers:household_check_add", args=[s["h"].pk]),
        {"check_type": "gas_safety", "done_on": "31/02/2024", "evidence": "Kept evidence"},
        "Enter a valid date.",
        "Kept evidence",
        id="check_add_date",
    ),
    pytest.param(
        lambda s: reverse("carers:household_check_edit", args=[s["h"].pk, s["check"].pk]),
        {"done_on": TOMORROW, "evidence": "Kept evidence"},
        "cannot be in the future",
        "Kept evidence",
        id="check_edit",
    ),
    pytest.param(
        lambda s: reverse("carers:household_availability", args=[s["h"].pk]),
        {"starts_on": "2030-09-10", "ends_on": "2030-09-01", "reason": "holiday", "note": "Kept note"},
        "The end date must be on or after the start date.",
        'value="Kept note"',
        id="availability_add",
    ),
    pytest.param(
        lambda s: reverse("carers:household_availability_edit", args=[s["h"].pk, s["period"].pk]),
        {"starts_on": "2030-09-10", "ends_on": "2030-09-01", "reason": "holiday", "note": "Kept note"},
        "The end date must be on or after the start date.",
        'value="Kept note"',
        id="availability_edit",
    ),
    pytest.param(
        lambda s: reverse("carers:compliance_settings", args=[s["h"].scheme_id]),
        {"dbs_months": "0", "insurance_months": "12"},
        "A renewal period is at least 1 month.",
        'value="12"',
        id="scheme_settings",
    ),
]


@pytest.mark.parametrize(("url", "data", "error", "kept"), CASES)
def test_bad_input_shows_the_error_keeps_the_input_and_saves_nothing(
    client_manager_a, setup, url, data, error, kept
):
    before = _snapshot()
    response = client_manager_a.post(url(setup), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert error in html
    assert kept in html
    assert _snapshot() == before


def test_carer_bad_input_on_their_own_form_keeps_what_they_typed(client_carer, household_x):
    response = client_carer.post(
        reverse("carers:household_member_add", args=[household_x.pk]),
        {"name": "", "relationship": "Kept relation"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'value="Kept relation"' in html
    assert not HouseholdMember.objects.exists()


def test_registry_filter_with_bad_input_shows_the_error_and_still_lists(client_coordinator_a, household_a):
    response = client_coordinator_a.get(reverse("carers:household_list") + "?free_places=lots")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a number." in html and 'value="lots"' in html
    assert household_a.name in html
