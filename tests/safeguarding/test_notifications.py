"""Notifications to the regulator: each event makes the right one due, once; a lead records it as
sent (once), which clears it from what is due; the draft names nobody; only leads see them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguarding import drafts, selectors, services
from safeguarding.models import AbuseCategory, Harm, IncidentKind, Notification, NotificationTrigger
from safeguarding.services import SafeguardingError
from sharedlives.accounts.models import Regulator

pytestmark = pytest.mark.django_db

T = NotificationTrigger


def report(person, by, **facts):
    """An incident about `person`, reported by `by`, with the facts given (a plain one otherwise)."""
    values = {
        "kind": IncidentKind.INCIDENT,
        "occurred_at": timezone.now() - timedelta(hours=2),
        "location": "At home, in the kitchen",
        "what_happened": "Slipped on a wet floor.",
        "harm": Harm.NONE,
        **facts,
    }
    return services.incident_report(by=by, person_id=person.pk, **values)


def update(incident, by, **changes):
    """Staff save the incident's form again: every fact as it is, with `changes`."""
    facts = {name: getattr(incident, name) for name in services.incidents.FACT_FIELDS}
    return services.incident_update(
        incident_id=incident.pk,
        by=by,
        person_id=incident.person_id,
        household_id=incident.household_id,
        **{**facts, **changes},
    )


def raise_concern(person, by, categories, **kwargs):
    return services.concern_raise(
        by=by, person_id=person.pk, categories=categories, summary="They said someone hit them.", **kwargs
    )


def due(scheme) -> list[str]:
    return sorted(Notification.objects.due().filter(scheme=scheme).values_list("trigger", flat=True))


def set_regulator(scheme, regulator):
    scheme.regulator = regulator
    scheme.save(update_fields=["regulator"])


# --- What falls due ------------------------------------------------------------------------------
EVENTS = {
    "abuse from a concern": (lambda p, by: raise_concern(p, by, [AbuseCategory.PHYSICAL]), [T.ABUSE]),
    "a self-neglect-only concern": (lambda p, by: raise_concern(p, by, [AbuseCategory.SELF_NEGLECT]), []),
    "a serious injury": (lambda p, by: report(p, by, harm=Harm.SERIOUS), [T.SERIOUS_INJURY]),
    "the police": (lambda p, by: report(p, by, police_involved=True, police_reference="PX1"), [T.POLICE]),
    "a death": (lambda p, by: report(p, by, kind=IncidentKind.DEATH, harm=Harm.DEATH), [T.DEATH]),
    "a DoLS application": (
        lambda p, by: report(p, by, kind=IncidentKind.DOLS_APPLICATION),
        [T.DOLS_APPLICATION],
    ),
    "a DoLS outcome": (lambda p, by: report(p, by, kind=IncidentKind.DOLS_OUTCOME), [T.DOLS_OUTCOME]),
}


@pytest.mark.parametrize("event", EVENTS, ids=list(EVENTS))
def test_each_event_makes_the_right_notification_due_for_a_cqc_scheme(
    event, scheme_a, person_p, coordinator_a
):
    make, expected = EVENTS[event]
    assert scheme_a.regulator == Regulator.CQC
    make(person_p, coordinator_a)
    assert due(scheme_a) == sorted(expected)
    assert all(n.regulator == Regulator.CQC for n in Notification.objects.all())


@pytest.mark.parametrize("kind", [IncidentKind.DOLS_APPLICATION, IncidentKind.DOLS_OUTCOME])
def test_a_care_inspectorate_scheme_gets_no_dols_notification(kind, scheme_a, person_p, coordinator_a):
    set_regulator(scheme_a, Regulator.CARE_INSPECTORATE)
    report(person_p, coordinator_a, kind=kind)
    assert due(scheme_a) == []
    # It is told of what its own list holds.
    report(person_p, coordinator_a, harm=Harm.SERIOUS)
    assert due(scheme_a) == [T.SERIOUS_INJURY]


def test_updating_an_incident_with_the_same_facts_makes_nothing_due_twice(scheme_a, person_p, coordinator_a):
    incident = report(person_p, coordinator_a, harm=Harm.SERIOUS, police_involved=True)
    assert due(scheme_a) == sorted([T.SERIOUS_INJURY, T.POLICE])
    update(incident, coordinator_a)
    update(incident, coordinator_a, what_happened="Slipped on a wet floor and hit their head.")
    assert due(scheme_a) == sorted([T.SERIOUS_INJURY, T.POLICE])
    assert Notification.objects.count() == 2


def test_raising_a_concern_about_the_same_event_again_is_its_own_notification_once(
    scheme_a, person_p, coordinator_a
):
    concern = raise_concern(person_p, coordinator_a, [AbuseCategory.FINANCIAL])
    assert services.notifications_raise(concern=concern) == []  # called again: nothing new
    assert due(scheme_a) == [T.ABUSE]


def test_changing_harm_to_serious_on_update_makes_a_new_notification_due(scheme_a, person_p, coordinator_a):
    incident = report(person_p, coordinator_a, harm=Harm.MINOR)
    assert due(scheme_a) == []
    update(incident, coordinator_a, harm=Harm.SERIOUS, injuries="A broken wrist.")
    assert due(scheme_a) == [T.SERIOUS_INJURY]
    assert Notification.objects.get().incident_id == incident.pk


def test_a_notification_sent_and_then_the_same_facts_again_is_not_due_again(
    scheme_a, person_p, coordinator_a, lead_a
):
    incident = report(person_p, coordinator_a, harm=Harm.SERIOUS)
    notification = Notification.objects.get()
    services.notification_record_sent(
        notification_id=notification.pk, by=lead_a, sent_at=timezone.now(), sent_how="portal"
    )
    update(incident, coordinator_a)
    assert due(scheme_a) == [] and Notification.objects.count() == 1


# --- Recording it as sent ------------------------------------------------------------------------
@pytest.fixture
def serious(scheme_a, person_p, coordinator_a):
    report(person_p, coordinator_a, harm=Harm.SERIOUS, injuries="A broken wrist.")
    return Notification.objects.get()


def _sent_form(**changes):
    values = {
        "sent_at": timezone.localtime(timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "sent_how": "portal",
        "regulator_reference": "CQC-123",
        "sent_text": "The facts as sent.",
    }
    return {**values, **changes}


def test_recording_it_as_sent_clears_it_from_due_and_from_the_dashboard_count(
    serious, scheme_a, lead_a, client_lead_a
):
    summary = selectors.summary(staff_scheme_ids=[scheme_a.pk], lead_scheme_ids=[scheme_a.pk])
    assert summary.notifications_due == 1
    assert client_lead_a.get(reverse("safeguarding:dashboard")).context["summary"].notifications_due == 1

    response = client_lead_a.post(
        reverse("safeguarding:notification_record_sent", args=[serious.pk]), _sent_form()
    )
    assert response.status_code == 302 and response["Location"] == serious.get_absolute_url()
    serious.refresh_from_db()
    assert serious.sent_at is not None and serious.sent_how == "portal" and serious.sent_by == lead_a
    assert serious.regulator_reference == "CQC-123" and serious.sent_text == "The facts as sent."
    assert not Notification.objects.due().exists()
    assert client_lead_a.get(reverse("safeguarding:dashboard")).context["summary"].notifications_due == 0
    staff_home = client_lead_a.get(reverse("staff_dashboard"))
    assert staff_home.context["safeguarding"].notifications_due == 0


def test_recording_twice_is_refused_with_the_sentence(serious, lead_a, client_lead_a):
    url = reverse("safeguarding:notification_record_sent", args=[serious.pk])
    client_lead_a.post(url, _sent_form())
    first = Notification.objects.get().sent_at
    response = client_lead_a.post(url, _sent_form(sent_how="email", regulator_reference="OTHER"))
    assert response.status_code == 200
    assert "This notification is already recorded as sent." in response.content.decode()
    serious.refresh_from_db()
    assert (serious.sent_at, serious.sent_how, serious.regulator_reference) == (first, "portal", "CQC-123")
    with pytest.raises(SafeguardingError, match="already recorded as sent"):
        services.notification_record_sent(
            notification_id=serious.pk, by=lead_a, sent_at=timezone.now(), sent_how="email"
        )


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"sent_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}, "sent_at"),
        ({"sent_how": ""}, "sent_how"),
        ({"sent_how": "pigeon"}, "sent_how"),
        ({"sent_at": "not a time"}, "sent_at"),
    ],
)
def test_bad_input_on_the_sent_form_gives_field_errors_and_saves_nothing(
    serious, client_lead_a, changes, field
):
    response = client_lead_a.post(
        reverse("safeguarding:notification_record_sent", args=[serious.pk]), _sent_form(**changes)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'href="#id_{field}"' in response.content.decode()  # the error summary links to the field
    serious.refresh_from_db()
    assert serious.sent_at is None and serious.sent_how == ""


def test_a_coordinator_cannot_record_a_notification(serious, coordinator_a):
    with pytest.raises(SafeguardingError, match="Only a manager or a safeguarding lead"):
        services.notification_record_sent(
            notification_id=serious.pk, by=coordinator_a, sent_at=timezone.now(), sent_how="email"
        )


# --- Who sees them -------------------------------------------------------------------------------
def test_a_coordinator_who_is_not_a_lead_gets_403_on_the_list_and_404_on_a_notification(
    serious, client_coordinator_a
):
    assert client_coordinator_a.get(reverse("safeguarding:notification_list")).status_code == 403
    assert client_coordinator_a.get(serious.get_absolute_url()).status_code == 404
    url = reverse("safeguarding:notification_record_sent", args=[serious.pk])
    assert client_coordinator_a.post(url, _sent_form()).status_code == 404
    assert Notification.objects.get().sent_at is None


def test_another_schemes_coordinator_gets_404_on_scheme_as_notification(serious, client_coordinator_b):
    assert client_coordinator_b.get(serious.get_absolute_url()).status_code == 404
    url = reverse("safeguarding:notification_record_sent", args=[serious.pk])
    assert client_coordinator_b.post(url, _sent_form()).status_code == 404


@pytest.mark.parametrize("who", ["client_carer", "client_person", "client_family"])
def test_carers_people_and_families_never_see_notifications(serious, who, request):
    client = request.getfixturevalue(who)
    assert client.get(reverse("safeguarding:notification_list")).status_code in (403, 404)
    assert client.get(serious.get_absolute_url()).status_code in (403, 404)


def test_anonymous_visitors_are_sent_to_sign_in(serious, anon_client):
    response = anon_client.get(reverse("safeguarding:notification_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_due_first_then_sent_with_due_since(
    scheme_a, person_p, coordinator_a, lead_a, client_lead_a
):
    report(person_p, coordinator_a, police_involved=True)
    report(person_p, coordinator_a, harm=Harm.SERIOUS)
    police, injury = Notification.objects.order_by("pk")
    services.notification_record_sent(
        notification_id=police.pk, by=lead_a, sent_at=timezone.now(), sent_how="email"
    )
    response = client_lead_a.get(reverse("safeguarding:notification_list"))
    assert [n.pk for n in response.context["page"].object_list] == [injury.pk, police.pk]
    html = response.content.decode()
    assert "Due without delay</strong> since" in html and "Notification of a serious injury" in html
    due_only = client_lead_a.get(reverse("safeguarding:notification_list"), {"show": "due"})
    assert [n.pk for n in due_only.context["page"].object_list] == [injury.pk]
    bad = client_lead_a.get(reverse("safeguarding:notification_list"), {"show": "everything"})
    assert bad.status_code == 200 and "show" in bad.context["form"].errors


# --- The draft -----------------------------------------------------------------------------------
def test_the_draft_has_the_facts_the_form_asks_for_and_no_full_name(serious, person_p, client_lead_a, lead_a):
    response = client_lead_a.get(serious.get_absolute_url())
    assert response.status_code == 200
    facts = dict(response.context["facts"])
    assert facts["Form"] == "Notification of a serious injury"
    assert facts["Regulator"] == "Care Quality Commission (England)"
    assert facts["The person it involved"] == f"{person_p.initials}, aged {person_p.age()}"
    assert facts["Where it happened"] == "At home, in the kitchen" and facts["Injuries"] == "A broken wrist."
    draft = response.context["draft"]
    assert "Injuries: A broken wrist." in draft
    html = response.content.decode()
    for name in (person_p.full_name, person_p.first_name, person_p.last_name):
        assert name not in draft and name not in html
    form = response.context["form"]
    assert form["sent_text"].value() == draft  # prefilled with the draft
    assert reverse("safeguarding:incident_detail", args=[serious.incident_id]) in html  # the source


def test_a_concerns_draft_says_who_it_is_about_without_names(
    scheme_a, person_p, household_x, coordinator_a, lead_a, arrangement_px
):
    concern = raise_concern(
        person_p,
        coordinator_a,
        [AbuseCategory.PHYSICAL, AbuseCategory.FINANCIAL],
        about_carer_id=household_x.carers.first().pk,
    )
    services.concern_refer(
        concern_id=concern.pk,
        by=lead_a,
        referred_on=timezone.localdate(),
        council_reference="LA-77",
        council_contact="Duty team",
    )
    services.safety_plan_record(
        allegation_id=concern.allegation.pk,
        arrangement_id=arrangement_px.pk,
        by=lead_a,
        decision="stay",
        detail="Daily calls from the coordinator.",
    )
    notification = Notification.objects.get(concern=concern)
    facts = dict(drafts.facts(notification))
    assert facts["Who the concern is about"] == "A Shared Lives carer"
    assert facts["Kinds of abuse or neglect"] == "Physical, Financial or material"
    assert facts["Referred to the council's safeguarding team"].endswith("reference LA-77")
    assert facts["Safety plans for the arrangements with the household"].startswith("Stays, with monitoring")
    text = drafts.plain_text(drafts.facts(notification))
    for name in ("Xena", "Xu", person_p.first_name, person_p.last_name, household_x.name):
        assert name not in text


def test_viewing_a_notification_is_logged_against_the_person_and_the_concern(
    scheme_a, person_p, coordinator_a, client_lead_a
):
    from sharedlives.audit.models import AccessLog

    concern = raise_concern(person_p, coordinator_a, [AbuseCategory.NEGLECT])
    notification = Notification.objects.get(concern=concern)
    client_lead_a.get(notification.get_absolute_url())
    logged = set(AccessLog.objects.values_list("object_type", "object_id"))
    assert ("people.person", person_p.pk) in logged and ("safeguarding.concern", concern.pk) in logged
