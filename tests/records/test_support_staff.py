"""Staff keep the support plan the carers see: the plan, the risk plans and the emergency contacts.
Staff of the person's scheme only (404 to everyone else); bad input shows its error next to the
field and writes nothing; removing a risk plan or a contact hides it from the carers."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from records.models import EmergencyContact, RiskPlan, SupportPlan
from records.services import RecordsError
from records.services import support as services
from sharedlives.audit.models import AccessLog

TODAY = timezone.localdate()
NEXT_MONTH = TODAY + timedelta(days=30)


def plan_url(person):
    return reverse("records:support_plan_edit", args=[person.pk])


def risk_data(**overrides):
    return {
        "risk": "Leaves the house at night",
        "what_helps": "A door alarm.",
        "what_to_do": "Phone the police if not back in ten minutes.",
        "who_to_tell": "The on-call coordinator.",
        "review_on": NEXT_MONTH.isoformat(),
        **overrides,
    }


def contact_data(**overrides):
    return {
        "name": "Sam Porter",
        "relationship": "brother",
        "phone": "07700 900111",
        "note": "",
        "position": "1",
        **overrides,
    }


@pytest.fixture
def risk_plan(person_p, coordinator_a):
    return services.risk_plan_add(
        person_id=person_p.pk,
        by=coordinator_a,
        risk="Seizures",
        what_helps="Sleep.",
        what_to_do="Recovery position.",
        who_to_tell="The GP.",
        review_on=NEXT_MONTH,
    )


@pytest.fixture
def contact(person_p, coordinator_a):
    return services.emergency_contact_add(
        person_id=person_p.pk, by=coordinator_a, name="Sam Porter", phone="07700 900111"
    )


RECORDS_WRITE = re.compile(r'\b(?:INSERT INTO|UPDATE|DELETE FROM) "records_', re.IGNORECASE)


class writes:
    """Captures the statements run inside it; `.count` is the INSERTs, UPDATEs and DELETEs of records
    tables among them (those later rolled back included)."""

    def __enter__(self):
        self._ctx = CaptureQueriesContext(connection)
        self._ctx.__enter__()
        return self

    def __exit__(self, *exc):
        self._ctx.__exit__(*exc)
        # The history middleware puts its context before a statement: look for the write anywhere.
        self.count = sum(len(RECORDS_WRITE.findall(q["sql"])) for q in self._ctx.captured_queries)
        return False


# --- Who may use the staff pages ----------------------------------------------------------------
@pytest.mark.parametrize("client_name", ["client_coordinator_a", "client_manager_a"])
def test_staff_of_the_persons_scheme_see_the_support_plan_page(person_p, request, client_name):
    response = request.getfixturevalue(client_name).get(plan_url(person_p))
    assert response.status_code == 200
    assert "The support plan the carers see" in response.content.decode()


@pytest.mark.parametrize(
    "client_name",
    ["client_coordinator_b", "client_carer", "client_person", "client_family_sees_records", "client_admin"],
)
def test_everyone_else_gets_404_on_the_support_plan_page(arrangement_px, person_p, request, client_name):
    assert request.getfixturevalue(client_name).get(plan_url(person_p)).status_code == 404


def test_the_support_plan_page_is_in_the_access_log(person_p, coordinator_a, client_coordinator_a):
    client_coordinator_a.get(plan_url(person_p))
    assert AccessLog.objects.filter(
        user=coordinator_a, object_type="people.person", object_id=person_p.pk, page="support plan"
    ).exists()


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("records:risk_plan_add", "person"),
        ("records:contact_add", "person"),
        ("records:risk_plan_edit", "risk_plan"),
        ("records:contact_edit", "contact"),
    ],
)
def test_staff_of_scheme_b_get_404_on_every_form(
    person_p, risk_plan, contact, client_coordinator_b, client_carer, name, target
):
    obj = {"person": person_p, "risk_plan": risk_plan, "contact": contact}[target]
    for client in (client_coordinator_b, client_carer):
        assert client.get(reverse(name, args=[obj.pk])).status_code == 404


def test_staff_of_scheme_b_cannot_remove_a_risk_plan_or_contact(risk_plan, contact, client_coordinator_b):
    assert (
        client_coordinator_b.post(reverse("records:risk_plan_remove", args=[risk_plan.pk])).status_code == 404
    )
    assert client_coordinator_b.post(reverse("records:contact_remove", args=[contact.pk])).status_code == 404
    risk_plan.refresh_from_db()
    contact.refresh_from_db()
    assert risk_plan.removed_at is None
    assert contact.removed_at is None


# --- The support plan --------------------------------------------------------------------------------
def test_saving_the_plan_makes_it_once_then_changes_it(person_p, coordinator_a, client_coordinator_a):
    response = client_coordinator_a.post(
        plan_url(person_p), {"communication": "Makaton.", "gp_phone": "01632 960001"}
    )
    assert response.status_code == 302
    client_coordinator_a.post(plan_url(person_p), {"communication": "Makaton and pictures."})
    plan = SupportPlan.objects.get(person=person_p)
    assert plan.communication == "Makaton and pictures."
    assert plan.updated_by == coordinator_a


def test_a_plan_too_long_shows_the_error_next_to_the_field_and_saves_nothing(person_p, client_coordinator_a):
    with writes() as w:
        response = client_coordinator_a.post(plan_url(person_p), {"communication": "x" * 5001})
    assert response.status_code == 200
    assert "communication" in response.context["form"].errors
    assert 'id="error_1_id_communication"' in response.content.decode()
    assert "x" * 5001 in response.content.decode()  # what was typed is kept
    assert not SupportPlan.objects.filter(person=person_p).exists()
    assert w.count == 0


# --- Risk plans ------------------------------------------------------------------------------------
def test_staff_add_a_risk_plan_the_carers_then_see(
    person_p, arrangement_px, client_coordinator_a, client_carer
):
    with writes() as w:
        response = client_coordinator_a.post(
            reverse("records:risk_plan_add", args=[person_p.pk]), risk_data()
        )
    assert response.status_code == 302
    assert w.count == 1  # the risk plan (the counter sees the writes it is meant to catch)
    assert RiskPlan.objects.filter(person=person_p, risk="Leaves the house at night").exists()
    assert (
        "A door alarm." in client_carer.get(reverse("records:support", args=[person_p.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"what_to_do": ""}, "what_to_do"),
        ({"risk": "r" * 201}, "risk"),
        ({"review_on": (TODAY - timedelta(days=1)).isoformat()}, "review_on"),
        ({"review_on": "not a date"}, "review_on"),
    ],
)
def test_a_bad_risk_plan_shows_the_error_next_to_the_field_and_writes_nothing(
    person_p, client_coordinator_a, overrides, field
):
    with writes() as w:
        response = client_coordinator_a.post(
            reverse("records:risk_plan_add", args=[person_p.pk]), risk_data(**overrides)
        )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert not RiskPlan.objects.exists()
    assert w.count == 0


def test_staff_change_a_risk_plan_and_may_keep_a_review_date_now_past(risk_plan, client_coordinator_a):
    RiskPlan.objects.filter(pk=risk_plan.pk).update(review_on=TODAY - timedelta(days=3))
    data = risk_data(risk="Seizures at night", review_on=(TODAY - timedelta(days=3)).isoformat())
    response = client_coordinator_a.post(reverse("records:risk_plan_edit", args=[risk_plan.pk]), data)
    assert response.status_code == 302
    risk_plan.refresh_from_db()
    assert risk_plan.risk == "Seizures at night"


def test_a_risk_plan_cannot_be_moved_to_a_past_review_date(risk_plan, coordinator_a):
    with pytest.raises(RecordsError, match="cannot be in the past"):
        services.risk_plan_update(
            risk_plan_id=risk_plan.pk,
            by=coordinator_a,
            risk="r",
            what_helps="h",
            what_to_do="d",
            who_to_tell="t",
            review_on=TODAY - timedelta(days=1),
        )


def test_removing_a_risk_plan_hides_it_from_the_carers_and_keeps_the_row(
    risk_plan, arrangement_px, coordinator_a, client_coordinator_a, client_carer
):
    carer_page = reverse("records:support", args=[risk_plan.person_id])
    assert "Recovery position." in client_carer.get(carer_page).content.decode()
    assert (
        client_coordinator_a.get(reverse("records:risk_plan_remove", args=[risk_plan.pk])).status_code == 405
    )
    response = client_coordinator_a.post(reverse("records:risk_plan_remove", args=[risk_plan.pk]))
    assert response.status_code == 302
    risk_plan.refresh_from_db()
    assert risk_plan.removed_at is not None
    assert risk_plan.removed_by == coordinator_a
    assert "Recovery position." not in client_carer.get(carer_page).content.decode()
    # A removed plan cannot be changed any more.
    assert client_coordinator_a.get(reverse("records:risk_plan_edit", args=[risk_plan.pk])).status_code == 404
    with pytest.raises(RecordsError, match="removed"):
        services.risk_plan_remove(risk_plan_id=risk_plan.pk, by=coordinator_a)


def test_the_support_plan_page_counts_the_risk_plans_due_for_review(
    risk_plan, person_p, client_coordinator_a
):
    RiskPlan.objects.filter(pk=risk_plan.pk).update(review_on=TODAY)
    assert "1 due for review" in client_coordinator_a.get(plan_url(person_p)).content.decode()


# --- Emergency contacts --------------------------------------------------------------------------
def test_staff_add_change_and_remove_an_emergency_contact(
    person_p, arrangement_px, client_coordinator_a, client_carer
):
    client_coordinator_a.post(reverse("records:contact_add", args=[person_p.pk]), contact_data())
    contact = EmergencyContact.objects.get(person=person_p)
    client_coordinator_a.post(
        reverse("records:contact_edit", args=[contact.pk]), contact_data(note="If Pat is unwell at night.")
    )
    carer_page = reverse("records:support", args=[person_p.pk])
    assert "If Pat is unwell at night." in client_carer.get(carer_page).content.decode()
    client_coordinator_a.post(reverse("records:contact_remove", args=[contact.pk]))
    contact.refresh_from_db()
    assert contact.removed_at is not None
    assert "Sam Porter" not in client_carer.get(carer_page).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": ""}, "phone"),
        ({"name": ""}, "name"),
        ({"position": "0"}, "position"),
        ({"position": "x"}, "position"),
    ],
)
def test_a_bad_contact_shows_the_error_next_to_the_field_and_writes_nothing(
    person_p, client_coordinator_a, overrides, field
):
    with writes() as w:
        response = client_coordinator_a.post(
            reverse("records:contact_add", args=[person_p.pk]), contact_data(**overrides)
        )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not EmergencyContact.objects.exists()
    assert w.count == 0


# --- The services refuse before they write -------------------------------------------------------
REFUSALS = [
    ("another scheme's staff", "coordinator_b", "support_plan_save", {"communication": "x"}),
    ("a carer", "carer_user", "support_plan_save", {"communication": "x"}),
    ("a field the plan does not have", "coordinator_a", "support_plan_save", {"risk_detail": "x"}),
    ("text that is too long", "coordinator_a", "support_plan_save", {"routines": "x" * 5001}),
    ("text that is not text", "coordinator_a", "support_plan_save", {"routines": 7}),
    (
        "a risk plan by another scheme's staff",
        "coordinator_b",
        "risk_plan_add",
        {"risk": "r", "what_helps": "h", "what_to_do": "d", "who_to_tell": "t", "review_on": NEXT_MONTH},
    ),
    (
        "a risk plan with a blank risk",
        "coordinator_a",
        "risk_plan_add",
        {"risk": "  ", "what_helps": "h", "what_to_do": "d", "who_to_tell": "t", "review_on": NEXT_MONTH},
    ),
    (
        "a risk plan with no date",
        "coordinator_a",
        "risk_plan_add",
        {"risk": "r", "what_helps": "h", "what_to_do": "d", "who_to_tell": "t", "review_on": None},
    ),
    ("a contact with no phone", "coordinator_a", "emergency_contact_add", {"name": "n", "phone": ""}),
    (
        "a contact at position 0",
        "coordinator_a",
        "emergency_contact_add",
        {"name": "n", "phone": "1", "position": 0},
    ),
    ("a contact by a carer", "carer_user", "emergency_contact_add", {"name": "n", "phone": "1"}),
]


@pytest.mark.parametrize(("by", "service", "kwargs"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_the_services_refuse_with_a_sentence_and_write_nothing(person_p, request, by, service, kwargs):
    user = request.getfixturevalue(by)
    with writes() as w, pytest.raises(RecordsError) as refused:
        getattr(services, service)(person_id=person_p.pk, by=user, **kwargs)
    assert str(refused.value).endswith(".")
    assert w.count == 0


def test_changing_or_removing_someone_elses_rows_is_refused(risk_plan, contact, coordinator_b):
    with writes() as w:
        with pytest.raises(RecordsError):
            services.risk_plan_remove(risk_plan_id=risk_plan.pk, by=coordinator_b)
        with pytest.raises(RecordsError):
            services.emergency_contact_update(contact_id=contact.pk, by=coordinator_b, name="n", phone="1")
        with pytest.raises(RecordsError):
            services.emergency_contact_remove(contact_id=contact.pk, by=coordinator_b)
    assert w.count == 0
