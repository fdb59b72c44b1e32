"""Safeguarding in the admin, in the demo and in the national-scale dataset: the admin lists and
opens every record and never deletes one; the demo tells the story through the services and loads
twice without duplicates; the generator writes rows the services could have written."""

import io
from datetime import date

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from arrangements.models import Arrangement
from carers.models import HouseholdStatus
from safeguarding import rules, services
from safeguarding.models import (
    AbuseCategory,
    Allegation,
    Complaint,
    ComplaintTransition,
    Concern,
    ConcernTransition,
    FeedbackFrom,
    FeedbackKind,
    Incident,
    IncidentTransition,
    Notification,
    SafeguardingSettings,
    SafetyPlan,
)
from safeguarding.services.complaints import COMPLAINT_TRANSITIONS, COMPLIMENT_TRANSITIONS
from safeguarding.services.concerns import CONCERN_TRANSITIONS
from safeguarding.services.incidents import INCIDENT_TRANSITIONS
from sharedlives.accounts.models import SchemeMembership

SAFEGUARDING_MODELS = [
    Incident,
    IncidentTransition,
    Concern,
    ConcernTransition,
    Allegation,
    SafetyPlan,
    Complaint,
    ComplaintTransition,
    Notification,
    SafeguardingSettings,
]
CARE_RECORDS = [Incident, Concern, Allegation, SafetyPlan, Complaint, Notification]
EVIDENCE = [IncidentTransition, ConcernTransition, ComplaintTransition]


# --- Admin ---------------------------------------------------------------------------------------


@pytest.fixture
def one_of_each(person_p, household_x, coordinator_a, manager_a, arrangement_px, scheme_a):
    """One row of every safeguarding model in scheme A, made through the services."""
    incident = services.incident_report(
        by=coordinator_a,
        person_id=person_p.pk,
        household_id=household_x.pk,
        kind="accident",
        occurred_at=timezone.now(),
        location="Kitchen",
        what_happened="P slipped.",
        harm="serious",
        police_involved=True,
        police_reference="PN-1",
    )
    concern = services.concern_raise(
        by=coordinator_a,
        person_id=person_p.pk,
        categories=[AbuseCategory.PHYSICAL],
        summary="P said a carer pushed them.",
        about_carer_id=household_x.carers.first().pk,
    )
    services.safety_plan_record(
        allegation_id=concern.allegation.pk,
        arrangement_id=arrangement_px.pk,
        by=manager_a,
        decision="stay",
        detail="Daily calls from the coordinator.",
    )
    complaint = services.complaint_make(
        by=coordinator_a,
        person_id=person_p.pk,
        from_who=FeedbackFrom.FAMILY,
        channel="phone",
        complainant_name="Fran Family",
        summary="Late again.",
    )
    sent = services.notification_record_sent(
        notification_id=incident.notifications.first().pk,
        by=manager_a,
        sent_at=timezone.now(),
        sent_how="portal",
    )
    SafeguardingSettings.objects.create(scheme=scheme_a)
    return {"incident": incident, "concern": concern, "complaint": complaint, "sent": sent}


def test_every_safeguarding_model_is_in_the_admin_and_its_pages_open(client_admin, one_of_each):
    registered = {m for m in admin.site._registry if m._meta.app_label == "safeguarding"}
    assert set(SAFEGUARDING_MODELS) <= registered
    for model in SAFEGUARDING_MODELS:
        name = model._meta.model_name
        changelist = reverse(f"admin:safeguarding_{name}_changelist")
        assert client_admin.get(changelist).status_code == 200, changelist
        assert client_admin.get(changelist + "?q=Pat").status_code == 200, changelist
        model_admin = admin.site._registry[model]
        assert model_admin.list_display != ("__str__",), model
        row = model.objects.order_by("pk").first()
        assert row is not None, model
        change = reverse(f"admin:safeguarding_{name}_change", args=[row.pk])
        assert client_admin.get(change).status_code == 200, change


def test_the_admin_filters_by_scheme_and_status(client_admin, one_of_each, scheme_a):
    for model in (Incident, Concern, Complaint):
        url = reverse(f"admin:safeguarding_{model._meta.model_name}_changelist")
        response = client_admin.get(url, {"scheme__id__exact": scheme_a.pk, "status": "reported"})
        assert response.status_code == 200


def test_care_records_are_never_deleted_and_evidence_never_changed_in_the_admin(
    client_admin, admin_user, one_of_each, rf
):
    request = rf.get("/")
    request.user = admin_user
    for model in CARE_RECORDS + EVIDENCE:
        row = model.objects.order_by("pk").first()
        assert not admin.site._registry[model].has_delete_permission(request, row), model
        delete = reverse(f"admin:safeguarding_{model._meta.model_name}_delete", args=[row.pk])
        assert client_admin.post(delete, {"post": "yes"}).status_code == 403, model
        assert model.objects.filter(pk=row.pk).exists()
    for model in EVIDENCE:
        assert not admin.site._registry[model].has_change_permission(request, model.objects.first())
    # A notification that went is the record of what the regulator was told.
    notifications = admin.site._registry[Notification]
    assert not notifications.has_change_permission(request, one_of_each["sent"])
    # Nor is a due one changed here: sending is recorded on the app's page, through the service.
    due = Notification.objects.filter(sent_at__isnull=True).first()
    assert not notifications.has_change_permission(request, due)
    page = client_admin.get(reverse("admin:safeguarding_incident_change", args=[one_of_each["incident"].pk]))
    assert b"deletelink" not in page.content


def test_memberships_show_and_change_whether_the_staff_member_is_a_safeguarding_lead(
    client_admin, coordinator_a
):
    membership = SchemeMembership.objects.get(user=coordinator_a)
    changelist = client_admin.get(reverse("admin:accounts_schememembership_changelist"))
    assert b"Safeguarding lead" in changelist.content
    change = client_admin.get(reverse("admin:accounts_user_change", args=[coordinator_a.pk]))
    assert b"is_safeguarding_lead" in change.content
    membership.is_safeguarding_lead = True
    membership.save()
    assert SchemeMembership.objects.get(pk=membership.pk).is_safeguarding_lead


# --- Demo ----------------------------------------------------------------------------------------


def _counts():
    return [m.objects.count() for m in SAFEGUARDING_MODELS]


def test_the_demo_tells_the_safeguarding_story_through_the_services_and_loads_twice(db):
    call_command("seed_demo", stdout=io.StringIO())
    counts = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == counts

    scheme = Incident.objects.first().scheme
    assert scheme.name == "Northshire Shared Lives"
    # An allegation about a carer whose household is suspended, with a message and safety plans;
    # not the demo carer's own household.
    allegation = Allegation.objects.select_related("household").get()
    assert allegation.household.status == HouseholdStatus.SUSPENDED
    assert allegation.suspended_at and allegation.message_to_carers
    assert not allegation.household.carers.filter(user__email="carer@demo.sharedlives.test").exists()
    assert (
        allegation.safety_plans.count()
        == allegation.household.arrangements.filter(
            status__in=("planned", "active", "paused", "ending")
        ).count()
    )
    assert allegation.concern.about_carer is not None
    # A referred concern in enquiry, with the council's reference and contact.
    enquiry = Concern.objects.get(status="enquiry")
    assert enquiry.referred_on and enquiry.council_reference and enquiry.council_contact
    # Incidents: one the demo carer reported, closed by the manager with actions and lessons; a
    # serious injury whose notification is due; a police one whose notification was sent.
    closed = Incident.objects.get(status="closed")
    assert closed.reported_by.email == "carer@demo.sharedlives.test"
    assert closed.reviewed_by.email == "manager@demo.sharedlives.test" and closed.actions and closed.lessons
    assert Notification.objects.filter(trigger="serious_injury", sent_at__isnull=True).exists()
    sent = Notification.objects.get(trigger="police")
    assert sent.sent_at and sent.regulator_reference
    # Complaints: the demo person's own, acknowledged; a phone call, answered; a compliment, closed.
    own = Complaint.objects.get(made_by__email="person@demo.sharedlives.test")
    assert own.status == "acknowledged" and own.from_who == FeedbackFrom.PERSON and own.channel == "portal"
    assert Complaint.objects.filter(channel="phone", status="answered").exclude(outcome="").exists()
    assert Complaint.objects.filter(kind=FeedbackKind.COMPLIMENT, status="closed").exists()
    # Every change wrote its transition row.
    for model, transitions in (
        (Incident, "transitions"),
        (Concern, "transitions"),
        (Complaint, "transitions"),
    ):
        for row in model.objects.all():
            assert getattr(row, transitions).filter(to_status=row.status).exists(), row
    # The coordinator is the scheme's safeguarding lead, and the logins say so.
    lead = SchemeMembership.objects.get(user__email="coordinator@demo.sharedlives.test")
    assert lead.is_safeguarding_lead
    assert "Safeguarding lead of Northshire Shared Lives" in out.getvalue()


# --- The national-scale generator ------------------------------------------------------------------

TODAY = date(2025, 6, 2)
SMALL = {"schemes": 3, "households": 60, "people": 50, "years": 2}


def _broken(model, transitions, fk: str, allowed_for) -> list[str]:
    """Transition rows that are not moves the services allow, and records whose status is not where
    their transition rows lead."""
    problems = []
    for row in transitions.objects.select_related(fk):
        allowed = allowed_for(getattr(row, fk))
        if row.from_status and row.to_status not in allowed[row.from_status]:
            problems.append(f"{transitions.__name__}: {row.from_status} -> {row.to_status}")
    latest = transitions.objects.filter(**{fk: OuterRef("pk")}).order_by("-at", "-pk").values("to_status")
    for pk, status, led_to in model.objects.annotate(led_to=Subquery(latest[:1])).values_list(
        "pk", "status", "led_to"
    ):
        if status != led_to:
            problems.append(f"{model.__name__} {pk} is {status}, its transitions lead to {led_to}")
    return problems


def test_the_generator_writes_safeguarding_rows_the_services_could_have_written():
    call_command("seed_scale", **SMALL, seed=1, today=TODAY, no_progress=True, stdout=io.StringIO())

    # At national rates even a small dataset has incidents, concerns and complaints; every row went
    # in through the model's constraints (COPY checks them).
    assert Incident.objects.count() > 20
    assert Concern.objects.exists() and Complaint.objects.filter(kind="complaint").exists()
    assert Complaint.objects.filter(kind="compliment").exists()
    homes = set(Arrangement.objects.values_list("person_id", "household_id"))
    assert set(Incident.objects.values_list("person_id", "household_id")) <= homes
    problems = (
        _broken(Incident, IncidentTransition, "incident", lambda _i: INCIDENT_TRANSITIONS)
        + _broken(Concern, ConcernTransition, "concern", lambda _c: CONCERN_TRANSITIONS)
        + _broken(
            Complaint,
            ComplaintTransition,
            "complaint",
            lambda c: COMPLIMENT_TRANSITIONS if c.kind == "compliment" else COMPLAINT_TRANSITIONS,
        )
    )
    assert problems == []
    # Each event the regulator must hear of has its notification, and nothing else has one.
    for incident in Incident.objects.select_related("scheme").prefetch_related("notifications"):
        expected = rules.due_for(incident.scheme.regulator, rules.incident_triggers(incident))
        assert sorted(n.trigger for n in incident.notifications.all()) == sorted(expected), incident
    for concern in Concern.objects.select_related("scheme").prefetch_related("notifications"):
        expected = rules.due_for(concern.scheme.regulator, rules.concern_triggers(concern))
        assert sorted(n.trigger for n in concern.notifications.all()) == sorted(expected), concern
    assert Notification.objects.filter(sent_at__isnull=False).exclude(sent_how="").exists()
    # Allegations open on the household a concern names; closed with their concern.
    for concern in Concern.objects.filter(about_household__isnull=False).select_related("allegation"):
        assert concern.allegation.household_id == concern.about_household_id
        assert (concern.allegation.status == "closed") == (concern.status == "closed")
    # Complaints' deadlines follow the scheme's targets in working days.
    for complaint in Complaint.objects.select_related("scheme")[:20]:
        acknowledge_by, answer_by = services.complaints.deadlines(complaint.scheme, complaint.received_on)
        assert (complaint.acknowledge_by, complaint.answer_by) == (acknowledge_by, answer_by)
