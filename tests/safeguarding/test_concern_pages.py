"""Safeguarding concern pages: any staff member of the scheme raises a concern, only its managers and
safeguarding leads see it and move it on; a concern about a carer opens an allegation that a manager
suspends the household for, with safety plans for its live arrangements and the panel's decision."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carers.models import HouseholdMember, HouseholdStatus
from safeguarding import services
from safeguarding.models import (
    AbuseCategory,
    Allegation,
    AllegationStatus,
    Concern,
    ConcernStatus,
    SafetyPlan,
)
from sharedlives.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def _raise(by, person, **kwargs) -> Concern:
    return services.concern_raise(
        by=by,
        person_id=person.pk,
        categories=kwargs.pop("categories", [AbuseCategory.PHYSICAL]),
        summary=kwargs.pop("summary", "Pat has a bruise and said someone grabbed them."),
        **kwargs,
    )


def _post(about_person, **changes) -> dict:
    data = {
        "person": about_person.pk,
        "categories": ["physical", "psychological"],
        "summary": "Pat said someone shouted at them and grabbed their arm.",
        "immediate_action": "Stayed with Pat.",
        "about": "",
        "about_other": "",
        "lead": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def concern(person_p, coordinator_a):
    return _raise(coordinator_a, person_p)


@pytest.fixture
def allegation(person_p, household_x, coordinator_a, arrangement_px) -> Allegation:
    """A concern raised by coordinator A about carer X, with P living with them."""
    concern = _raise(coordinator_a, person_p, about_carer_id=household_x.carers.first().pk)
    return concern.allegation


def _suspend(allegation, by):
    services.allegation_suspend(
        allegation_id=allegation.pk,
        by=by,
        message_to_carers="Your approval is paused while we look into a concern. We will call you on Monday.",
    )


def _detail_url(concern) -> str:
    return reverse("safeguarding:concern_detail", args=[concern.pk])


# --- Raising a concern ---------------------------------------------------------------------------
def test_coordinator_raises_a_concern_and_is_told_who_takes_it_from_there(
    client_coordinator_a, person_p, coordinator_a
):
    response = client_coordinator_a.post(reverse("safeguarding:concern_create"), _post(person_p), follow=True)
    concern = Concern.objects.get()
    assert response.redirect_chain[-1][0] == reverse("people:person_detail", args=[person_p.pk])
    assert "Concern raised. A manager will take it from here." in response.content.decode()
    assert concern.raised_by == coordinator_a and concern.status == ConcernStatus.RAISED
    assert concern.categories == ["physical", "psychological"]
    assert not hasattr(concern, "allegation") or Allegation.objects.count() == 0


def test_the_message_names_the_lead_when_one_is_chosen(client_coordinator_a, person_p, lead_a):
    response = client_coordinator_a.post(
        reverse("safeguarding:concern_create"), _post(person_p, lead=lead_a.pk), follow=True
    )
    assert "Concern raised. Lena Lead will take it from here." in response.content.decode()
    assert Concern.objects.get().lead == lead_a


def test_a_lead_who_raises_a_concern_goes_to_it(client_lead_a, person_p):
    response = client_lead_a.post(reverse("safeguarding:concern_create"), _post(person_p))
    assert response.url == Concern.objects.get().get_absolute_url()


def test_the_form_offers_the_schemes_carers_and_members_by_household_and_its_leads(
    client_coordinator_a, person_p, household_x, household_b, manager_a, lead_a, coordinator_a
):
    member = HouseholdMember.objects.create(
        household=household_x, name="Tom Xu", relationship="son", age_band="18_64"
    )
    response = client_coordinator_a.get(reverse("safeguarding:concern_create") + f"?person={person_p.pk}")
    form = response.context["form"]
    assert form.initial["person"] == person_p.pk
    groups = dict(form.fields["about"].choices[1:])
    carer = household_x.carers.first()
    assert (f"carer:{carer.pk}", "Xena Xu (carer)") in groups["Xena Xu household"]
    assert (f"member:{member.pk}", "Tom Xu (son)") in groups["Xena Xu household"]
    assert household_b.name not in groups
    assert set(form.fields["lead"].queryset) == {manager_a, lead_a}
    page = response.content.decode()
    assert 'type="checkbox"' in page and "Modern slavery" in page and "Self-neglect" in page
    assert '<optgroup label="Xena Xu household">' in page
    assert AccessLog.objects.for_object(person_p).filter(user=coordinator_a, page="raise a concern").exists()


@pytest.fixture
def household_b(scheme_b):
    from tests.carers.factories import CarerFactory, HouseholdFactory

    household = HouseholdFactory(scheme=scheme_b, name="Bravo household")
    CarerFactory(household=household, first_name="Bob", last_name="Bravo")
    return household


def test_an_incident_fills_in_the_person_and_what_happened(
    client_coordinator_a, person_p, carer_user, arrangement_px
):
    incident = services.incident_report(
        by=carer_user,
        person_id=person_p.pk,
        kind="incident",
        occurred_at=timezone.now() - timedelta(hours=1),
        location="At home",
        what_happened="Pat came back from day care with a bruise.",
        is_safeguarding_worry=True,
    )
    response = client_coordinator_a.get(reverse("safeguarding:concern_create") + f"?incident={incident.pk}")
    initial = response.context["form"].initial
    assert initial["person"] == person_p.pk and initial["source_incident"] == incident.pk
    assert initial["summary"] == "Pat came back from day care with a bruise."
    post = _post(person_p, source_incident=incident.pk)
    client_coordinator_a.post(reverse("safeguarding:concern_create") + f"?incident={incident.pk}", post)
    assert Concern.objects.get().source_incident == incident


def test_naming_a_carer_opens_an_allegation_on_their_household(client_coordinator_a, person_p, household_x):
    carer = household_x.carers.first()
    client_coordinator_a.post(
        reverse("safeguarding:concern_create"), _post(person_p, about=f"carer:{carer.pk}")
    )
    concern = Concern.objects.get()
    assert concern.about_carer == carer and concern.about_household == household_x
    assert concern.allegation.household == household_x


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"categories": []}, "categories"),
        ({"categories": ["made-up"]}, "categories"),
        ({"summary": ""}, "summary"),
        ({"about": "other", "about_other": ""}, "about_other"),
        ({"about": "carer:999999"}, "about"),
        ({"person": ""}, "person"),
    ],
)
def test_bad_input_when_raising_gives_a_field_error_and_saves_nothing(
    client_coordinator_a, person_p, changes, field
):
    post = _post(person_p, **changes)
    response = client_coordinator_a.post(reverse("safeguarding:concern_create"), post)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    if post["summary"]:
        assert post["summary"] in response.content.decode()  # what was typed stays
    assert Concern.objects.count() == 0 and Allegation.objects.count() == 0


def test_a_concern_cannot_name_another_schemes_person_household_or_lead(
    client_coordinator_a, person_p, person_b, household_b, coordinator_a, coordinator_b
):
    url = reverse("safeguarding:concern_create")
    assert "person" in client_coordinator_a.post(url, _post(person_b)).context["form"].errors
    carer_b = household_b.carers.first()
    response = client_coordinator_a.post(url, _post(person_p, about=f"carer:{carer_b.pk}"))
    assert "about" in response.context["form"].errors
    for lead in (coordinator_a, coordinator_b):  # not a lead; another scheme's staff
        assert "lead" in client_coordinator_a.post(url, _post(person_p, lead=lead.pk)).context["form"].errors
    assert Concern.objects.count() == 0
    assert client_coordinator_a.get(url + f"?person={person_b.pk}").status_code == 404


# --- Who sees a concern ----------------------------------------------------------------------------
def test_coordinator_who_is_not_a_lead_cannot_see_concerns(client_coordinator_a, concern):
    assert client_coordinator_a.get(_detail_url(concern)).status_code == 404
    assert client_coordinator_a.get(reverse("safeguarding:concern_list")).status_code == 403
    response = client_coordinator_a.post(
        reverse("safeguarding:concern_refer", args=[concern.pk]),
        {"referred_on": timezone.localdate(), "council_contact": "Sam"},
    )
    assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RAISED


def _every_concern_url(concern, allegation):
    yield "get", reverse("safeguarding:concern_list"), {}
    yield "get", reverse("safeguarding:concern_create"), {}
    yield "get", _detail_url(concern), {}
    for name in (
        "concern_assign_lead",
        "concern_refer",
        "concern_start_enquiry",
        "concern_record_outcome",
        "concern_close",
        "concern_withhold",
    ):
        yield "post", reverse(f"safeguarding:{name}", args=[concern.pk]), {}
    for name in ("allegation_suspend", "safety_plan_record", "allegation_panel_decision"):
        yield "post", reverse(f"safeguarding:{name}", args=[allegation.pk]), {"message_to_carers": "x"}


def test_a_carer_gets_404_on_every_concern_url(client_carer, allegation, household_x):
    for method, url, data in _every_concern_url(allegation.concern, allegation):
        assert getattr(client_carer, method)(url, data).status_code == 404, url
    household_x.refresh_from_db()
    assert household_x.status == HouseholdStatus.APPROVED


def test_the_person_and_family_get_404_on_concerns(client_person, client_family, allegation):
    for client in (client_person, client_family):
        assert client.get(_detail_url(allegation.concern)).status_code == 404
        assert client.get(reverse("safeguarding:concern_list")).status_code == 404


def test_coordinator_b_gets_404_on_scheme_a_concern(client_coordinator_b, allegation, household_x):
    for method, url, data in list(_every_concern_url(allegation.concern, allegation))[2:]:
        assert getattr(client_coordinator_b, method)(url, data).status_code == 404, url
    listing = client_coordinator_b.get(reverse("safeguarding:concern_list"))
    assert listing.status_code == 403
    household_x.refresh_from_db()
    assert household_x.status == HouseholdStatus.APPROVED


def test_lead_sees_the_concern_and_the_view_is_logged_for_the_concern_and_the_person(
    client_lead_a, concern, person_p, lead_a
):
    response = client_lead_a.get(_detail_url(concern))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pat has a bruise" in page and "Cora Coordinator" in page
    assert AccessLog.objects.for_object(concern).filter(user=lead_a).count() == 1
    assert AccessLog.objects.for_object(person_p).filter(user=lead_a).count() == 1
    listing = client_lead_a.get(reverse("safeguarding:concern_list")).content.decode()
    assert concern.reference in listing


# --- The steps of a concern ------------------------------------------------------------------------
def test_each_step_moves_the_concern_on(client_lead_a, concern, lead_a, manager_a):
    today = timezone.localdate()
    steps = [
        ("concern_assign_lead", {"lead": manager_a.pk}, ConcernStatus.RAISED),
        (
            "concern_refer",
            {"referred_on": today, "council_reference": "ASC-1", "council_contact": "Sam Social, 0100"},
            ConcernStatus.REFERRED,
        ),
        (
            "concern_start_enquiry",
            {"started_on": today, "enquiry_by": "Council adult safeguarding"},
            ConcernStatus.ENQUIRY,
        ),
        (
            "concern_record_outcome",
            {"outcome": "partly", "outcome_on": today, "note": "Some of it."},
            ConcernStatus.OUTCOME,
        ),
        ("concern_close", {"actions": "New support plan; training for staff."}, ConcernStatus.CLOSED),
    ]
    for name, data, status in steps:
        response = client_lead_a.post(reverse(f"safeguarding:{name}", args=[concern.pk]), data)
        assert response.status_code == 302, (name, response.context and response.context.get("form"))
        concern.refresh_from_db()
        assert concern.status == status
    assert concern.lead == manager_a and concern.council_reference == "ASC-1"
    assert concern.outcome == "partly" and concern.actions.startswith("New support plan")
    assert concern.transitions.count() == 5


def test_a_step_in_the_wrong_status_is_refused_with_the_sentence(client_lead_a, concern):
    response = client_lead_a.post(
        reverse("safeguarding:concern_start_enquiry", args=[concern.pk]),
        {"started_on": timezone.localdate(), "enquiry_by": "Council team"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This safeguarding concern is raised, so it cannot become enquiry under way." in page
    assert 'value="Council team"' in page
    close = client_lead_a.post(reverse("safeguarding:concern_close", args=[concern.pk]), {"actions": "Done"})
    assert "cannot become closed" in close.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RAISED and concern.actions == ""


@pytest.mark.parametrize(
    "name, data, field",
    [
        ("concern_refer", {"referred_on": "", "council_contact": "Sam"}, "referred_on"),
        ("concern_refer", {"referred_on": "2000-01-01", "council_contact": "Sam"}, "referred_on"),
        ("concern_refer", {"referred_on": "2999-01-01", "council_contact": "Sam"}, "referred_on"),
        ("concern_refer", {"referred_on": "TODAY", "council_contact": ""}, "council_contact"),
        ("concern_assign_lead", {"lead": "999999"}, "lead"),
        ("concern_start_enquiry", {"started_on": "TODAY", "enquiry_by": ""}, "enquiry_by"),
        ("concern_record_outcome", {"outcome": "maybe", "outcome_on": "TODAY"}, "outcome"),
        ("concern_record_outcome", {"outcome": "not", "outcome_on": "2999-01-01"}, "outcome_on"),
        ("concern_close", {"actions": ""}, "actions"),
        ("concern_withhold", {"reason": "x" * 2001}, "reason"),
    ],
)
def test_bad_input_on_each_step_gives_a_field_error_and_changes_nothing(
    client_manager_a, concern, name, data, field
):
    data = {k: (timezone.localdate().isoformat() if v == "TODAY" else v) for k, v in data.items()}
    response = client_manager_a.post(reverse(f"safeguarding:{name}", args=[concern.pk]), data)
    assert response.status_code == 200
    # A ContextList iterates over its contexts, not its keys.
    forms = [response.context[k] for k in response.context.keys() if k.endswith("_form")]  # noqa: SIM118
    forms = [form for form in forms if form.errors]
    assert any(field in form.errors for form in forms), [form.errors for form in forms]
    before = concern.status
    concern.refresh_from_db()
    assert concern.status == before and concern.lead is None and concern.withheld_reason == ""


def test_manager_withholds_a_concern_and_a_lead_may_not(client_manager_a, client_lead_a, concern):
    url = reverse("safeguarding:concern_withhold", args=[concern.pk])
    refused = client_lead_a.post(url, {"reason": "Risk to a third party."})
    assert "Only a manager of the scheme" in refused.content.decode()
    concern.refresh_from_db()
    assert concern.withheld_reason == ""
    client_manager_a.post(url, {"reason": "Risk to a third party."})
    concern.refresh_from_db()
    assert concern.withheld_reason == "Risk to a third party."


# --- Allegations about a carer ---------------------------------------------------------------------
def test_manager_suspends_the_household_from_the_concern_page(client_manager_a, allegation, household_x):
    page = client_manager_a.get(_detail_url(allegation.concern)).content.decode()
    assert reverse("safeguarding:allegation_suspend", args=[allegation.pk]) in page
    response = client_manager_a.post(
        reverse("safeguarding:allegation_suspend", args=[allegation.pk]),
        {"message_to_carers": "Your approval is paused while we look into a concern."},
    )
    assert response.status_code == 302
    household_x.refresh_from_db()
    allegation.refresh_from_db()
    assert household_x.status == HouseholdStatus.SUSPENDED
    assert household_x.status_note == "Your approval is paused while we look into a concern."
    assert allegation.suspended_at is not None


def test_suspending_needs_a_message_and_a_manager(client_manager_a, client_lead_a, allegation, household_x):
    url = reverse("safeguarding:allegation_suspend", args=[allegation.pk])
    empty = client_manager_a.post(url, {"message_to_carers": ""})
    assert "message_to_carers" in empty.context["suspend_form"].errors
    by_lead = client_lead_a.post(url, {"message_to_carers": "Paused."})
    assert "Only a manager of the scheme can suspend a carer household." in by_lead.content.decode()
    household_x.refresh_from_db()
    assert household_x.status == HouseholdStatus.APPROVED


def test_a_safety_plan_clears_the_overdue_mark(client_lead_a, allegation, arrangement_px, manager_a):
    _suspend(allegation, manager_a)
    Allegation.objects.filter(pk=allegation.pk).update(opened_at=timezone.now() - timedelta(days=2))
    page = client_lead_a.get(_detail_url(allegation.concern)).content.decode()
    assert "Overdue" in page
    response = client_lead_a.post(
        reverse("safeguarding:safety_plan_record", args=[allegation.pk]),
        {"arrangement": arrangement_px.pk, "decision": "stay", "detail": "Daily visits by the coordinator."},
    )
    assert response.status_code == 302
    plan = SafetyPlan.objects.get()
    assert plan.arrangement == arrangement_px and plan.decision == "stay"
    page = client_lead_a.get(_detail_url(allegation.concern)).content.decode()
    assert "Overdue" not in page and "Daily visits by the coordinator." in page


@pytest.mark.parametrize(
    "data, field",
    [
        ({"decision": "stay", "detail": ""}, "detail"),
        ({"decision": "hope", "detail": "Plan"}, "decision"),
        ({"arrangement": "999999", "decision": "stay", "detail": "Plan"}, "arrangement"),
    ],
)
def test_bad_input_on_a_safety_plan_gives_a_field_error_and_saves_nothing(
    client_lead_a, allegation, arrangement_px, data, field
):
    data = {"arrangement": arrangement_px.pk} | data
    response = client_lead_a.post(reverse("safeguarding:safety_plan_record", args=[allegation.pk]), data)
    assert response.status_code == 200
    rows = [row["form"] for row in response.context["plan_rows"]]
    failed = [f for f in [*rows, response.context["plan_error_form"]] if f is not None and f.errors]
    assert len(failed) == 1 and field in failed[0].errors
    assert SafetyPlan.objects.count() == 0


def _panel_post(client, allegation, **changes) -> dict:
    form = client.get(_detail_url(allegation.concern)).context["panel_form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["minutes"] = "Not substantiated."
    data.update(changes)
    return data


def test_panel_decision_to_continue_from_the_concern_page_brings_the_household_back(
    client_manager_a, allegation, household_x, manager_a
):
    _suspend(allegation, manager_a)
    form = client_manager_a.get(_detail_url(allegation.concern)).context["panel_form"]
    terms = household_x.current_terms
    assert form["max_people"].value() == terms.max_people
    assert form["support_types"].value() == list(terms.support_types)
    assert "probation" not in form.fields
    offered = [value for value, _label in form.fields["decision"].widget.choices]
    assert offered == ["", "approve", "defer", "deregister"]
    data = _panel_post(
        client_manager_a,
        allegation,
        decision="approve",
        conditions="Refresher safeguarding training within 3 months.",
        note_for_carers="Welcome back.",
    )
    response = client_manager_a.post(
        reverse("safeguarding:allegation_panel_decision", args=[allegation.pk]), data
    )
    assert response.status_code == 302
    household_x.refresh_from_db()
    allegation.refresh_from_db()
    assert household_x.status == HouseholdStatus.APPROVED
    assert allegation.status == AllegationStatus.CLOSED
    assert allegation.panel_decision.conditions == "Refresher safeguarding training within 3 months."


def test_a_panel_decision_with_bad_input_gives_field_errors_and_changes_nothing(
    client_manager_a, client_lead_a, allegation, household_x, manager_a
):
    _suspend(allegation, manager_a)
    url = reverse("safeguarding:allegation_panel_decision", args=[allegation.pk])
    no_terms = _panel_post(client_manager_a, allegation, decision="approve", support_types=[])
    response = client_manager_a.post(url, no_terms)
    assert "support_types" in response.context["panel_form"].errors
    declined = client_manager_a.post(url, _panel_post(client_manager_a, allegation, decision="decline"))
    assert "decision" in declined.context["panel_form"].errors
    future = client_manager_a.post(
        url, _panel_post(client_manager_a, allegation, decision="defer", decided_on="2999-01-01")
    )
    assert "decided_on" in future.context["panel_form"].errors
    by_lead = client_lead_a.post(url, _panel_post(client_manager_a, allegation, decision="defer"))
    assert "Only a manager of the scheme can record a panel decision." in by_lead.content.decode()
    household_x.refresh_from_db()
    allegation.refresh_from_db()
    assert household_x.status == HouseholdStatus.SUSPENDED and allegation.status == AllegationStatus.OPEN


def test_after_deregistration_the_page_says_where_an_appeal_is_lodged(
    client_manager_a, allegation, household_x, manager_a
):
    _suspend(allegation, manager_a)
    data = _panel_post(client_manager_a, allegation, decision="deregister")
    client_manager_a.post(reverse("safeguarding:allegation_panel_decision", args=[allegation.pk]), data)
    household_x.refresh_from_db()
    assert household_x.status == HouseholdStatus.DEREGISTERED
    page = client_manager_a.get(_detail_url(allegation.concern)).content.decode()
    assert reverse("carers:household_transitions", args=[household_x.pk]) in page
    assert "If the carers appeal" in page


def test_a_concern_that_suspended_a_household_cannot_close_before_the_panel(
    client_lead_a, allegation, manager_a
):
    _suspend(allegation, manager_a)
    concern = allegation.concern
    today = timezone.localdate()
    services.concern_refer(
        concern_id=concern.pk, by=manager_a, referred_on=today, council_reference="", council_contact="Sam"
    )
    services.concern_record_outcome(concern_id=concern.pk, by=manager_a, outcome="not", outcome_on=today)
    response = client_lead_a.post(
        reverse("safeguarding:concern_close", args=[concern.pk]), {"actions": "None."}
    )
    assert "decision on the allegation before closing it" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OUTCOME


# --- What the carers see ---------------------------------------------------------------------------
def test_carer_home_shows_the_suspension_note_and_never_who_raised_the_concern(
    client_carer, allegation, manager_a, coordinator_a
):
    _suspend(allegation, manager_a)
    page = client_carer.get(reverse("carer_home")).content.decode()
    assert "Your household is suspended" in page
    assert "Your approval is paused while we look into a concern. We will call you on Monday." in page
    assert coordinator_a.full_name not in page and "Cora" not in page
    assert allegation.concern.summary not in page and allegation.concern.reference not in page
    assert reverse("safeguarding:incident_create") in page
    assert reverse("safeguarding:carer_incidents") in page


def test_carer_home_without_a_suspension_shows_no_status_panel(client_carer, household_x):
    page = client_carer.get(reverse("carer_home")).content.decode()
    assert "Your household is" not in page
    assert "Report an incident" in page


# --- Lists -----------------------------------------------------------------------------------------
def _count_queries(client, url) -> int:
    client.get(url)  # the first page of a new session also saves the session (3 more queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_concern_list_uses_the_same_queries_for_3_or_10_rows(
    client_lead_a, person_p, household_x, coordinator_a, lead_a
):
    # session, user, memberships, count, the page of concerns (with person, lead, household)
    url = reverse("safeguarding:concern_list")
    carer = household_x.carers.first()
    for i in range(3):
        _raise(coordinator_a, person_p, lead_id=lead_a.pk, about_carer_id=carer.pk if i % 2 else None)
    three = _count_queries(client_lead_a, url)
    for i in range(7):
        _raise(coordinator_a, person_p, lead_id=lead_a.pk, about_carer_id=carer.pk if i % 2 else None)
    assert _count_queries(client_lead_a, url) == three


def test_the_concern_list_filters_open_and_closed(client_manager_a, person_p, coordinator_a, manager_a):
    open_one = _raise(coordinator_a, person_p)
    closed = _raise(coordinator_a, person_p)
    today = timezone.localdate()
    services.concern_refer(
        concern_id=closed.pk, by=manager_a, referred_on=today, council_reference="", council_contact="Sam"
    )
    services.concern_record_outcome(concern_id=closed.pk, by=manager_a, outcome="not", outcome_on=today)
    services.concern_close(concern_id=closed.pk, by=manager_a, actions="None needed.")
    url = reverse("safeguarding:concern_list")
    default = client_manager_a.get(url).content.decode()
    assert open_one.reference in default and closed.reference not in default
    closed_page = client_manager_a.get(url + "?status=closed").content.decode()
    assert closed.reference in closed_page and open_one.reference not in closed_page
