"""Incident pages: a carer reports from their phone and sees their own reports; staff of the scheme
see and correct them; managers review and close them. Outsiders get 404, the wrong role 403."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safeguarding import services
from safeguarding.models import Incident, IncidentStatus, NotificationTrigger
from sharedlives.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def _when(hours_ago=1) -> str:
    return (timezone.localtime() - timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M")


def _carer_post(person=None, **changes) -> dict:
    data = {
        "kind": "accident",
        "occurred_at": _when(),
        "location": "At home, in the kitchen",
        "person": person.pk if person else "",
        "what_happened": "Pat slipped on the wet floor.",
        "harm": "minor",
        "injuries": "A bruised knee.",
        "medical_help": "first_aid",
        "police_reference": "",
        "immediate_action": "Ice pack; stayed with Pat.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _report(by, *, person=None, household=None, **facts) -> Incident:
    values = {
        "kind": "accident",
        "occurred_at": timezone.now() - timedelta(hours=2),
        "location": "At home",
        "what_happened": "A fall in the garden.",
        "harm": "none",
        "medical_help": "none",
    } | facts
    return services.incident_report(
        by=by,
        person_id=person.pk if person else None,
        household_id=household.pk if household else None,
        **values,
    )


@pytest.fixture
def carers_incident(arrangement_px, carer_user, person_p):
    """An incident carer X reported about person P, who lives with them."""
    return _report(carer_user, person=person_p)


# --- Carers report from their phone ------------------------------------------------------------
def test_carer_report_form_is_short_offers_only_their_people_and_starts_at_now(
    client_carer, arrangement_px, person_p, person_q
):
    response = client_carer.get(reverse("safeguarding:incident_create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "household" not in form.fields and "others_involved" not in form.fields
    assert list(form.fields["person"].queryset) == [person_p]
    assert abs(form.initial["occurred_at"] - timezone.localtime()) < timedelta(minutes=2)
    assert 'type="datetime-local"' in response.content.decode()
    assert "Quentin" not in response.content.decode()


def test_carer_reports_an_incident_and_sees_it_in_their_list(
    client_carer, arrangement_px, person_p, household_x, carer_user
):
    response = client_carer.post(reverse("safeguarding:incident_create"), _carer_post(person_p))
    assert response.status_code == 302
    assert response.url == reverse("safeguarding:carer_incidents")
    incident = Incident.objects.get()
    assert incident.person == person_p and incident.household == household_x
    assert incident.reported_by == carer_user and incident.status == IncidentStatus.REPORTED
    listing = client_carer.get(reverse("safeguarding:carer_incidents"))
    assert incident.reference in listing.content.decode()
    assert "Accident or fall" in listing.content.decode()


def test_carer_cannot_name_someone_who_does_not_live_with_them(client_carer, arrangement_px, person_q):
    response = client_carer.post(reverse("safeguarding:incident_create"), _carer_post(person_q))
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert Incident.objects.count() == 0


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"occurred_at": "not a time"}, "occurred_at"),
        ({"location": ""}, "location"),
        ({"what_happened": ""}, "what_happened"),
        ({"harm": "serious", "injuries": ""}, "injuries"),
        ({"police_reference": "CAD 123"}, "police_reference"),
        ({"kind": "nonsense"}, "kind"),
    ],
)
def test_bad_input_on_the_carer_report_gives_a_field_error_and_saves_nothing(
    client_carer, arrangement_px, person_p, changes, field
):
    post = _carer_post(person_p, **changes)
    response = client_carer.post(reverse("safeguarding:incident_create"), post)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"].data["location"] == post["location"]  # what was typed stays
    assert Incident.objects.count() == 0


def test_a_report_in_the_future_is_refused(client_carer, arrangement_px, person_p):
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_carer.post(
        reverse("safeguarding:incident_create"), _carer_post(person_p, occurred_at=future)
    )
    assert "cannot be in the future" in str(response.context["form"].errors["occurred_at"])
    assert Incident.objects.count() == 0


def test_carer_sees_their_own_report_read_only_with_its_status(
    client_carer, carers_incident, manager_a, person_p
):
    services.incident_close(
        incident_id=carers_incident.pk, by=manager_a, actions="SECRET-ACTIONS", lessons="SECRET-LESSONS"
    )
    response = client_carer.get(carers_incident.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "reviewed it and closed it" in page and "Pat slipped" not in page
    assert "A fall in the garden." in page
    assert "SECRET-ACTIONS" not in page and "SECRET-LESSONS" not in page
    assert reverse("safeguarding:incident_close", args=[carers_incident.pk]) not in page
    assert AccessLog.objects.for_object(person_p).filter(page="carer incident").exists()


def test_carer_gets_404_on_another_carers_incident(client_carer_y, carers_incident, household_y):
    assert client_carer_y.get(carers_incident.get_absolute_url()).status_code == 404
    listing = client_carer_y.get(reverse("safeguarding:carer_incidents"))
    assert carers_incident.reference not in listing.content.decode()


def test_carer_cannot_reach_the_staff_pages(client_carer, carers_incident):
    assert client_carer.get(reverse("safeguarding:incident_list")).status_code == 403
    assert (
        client_carer.get(reverse("safeguarding:incident_update", args=[carers_incident.pk])).status_code
        == 403
    )
    response = client_carer.post(
        reverse("safeguarding:incident_close", args=[carers_incident.pk]), {"actions": "a", "lessons": "b"}
    )
    assert response.status_code == 403
    carers_incident.refresh_from_db()
    assert carers_incident.status == IncidentStatus.REPORTED


def test_the_person_and_family_cannot_report_and_anonymous_visitors_sign_in_first(
    client_person, client_family, anon_client, carers_incident
):
    assert client_person.get(reverse("safeguarding:incident_create")).status_code == 403
    assert client_family.get(reverse("safeguarding:incident_create")).status_code == 403
    assert client_person.get(carers_incident.get_absolute_url()).status_code == 404
    response = anon_client.get(carers_incident.get_absolute_url())
    assert response.status_code == 302 and "login" in response.url


# --- Staff -------------------------------------------------------------------------------------
def test_staff_record_an_incident_about_a_person_of_their_scheme(client_coordinator_a, person_p, household_x):
    response = client_coordinator_a.get(reverse("safeguarding:incident_create") + f"?person={person_p.pk}")
    assert response.context["form"].initial["person"] == person_p.pk
    post = _carer_post(person_p, household=household_x.pk, others_involved="A neighbour")
    response = client_coordinator_a.post(reverse("safeguarding:incident_create"), post)
    incident = Incident.objects.get()
    assert response.url == incident.get_absolute_url()
    assert incident.household == household_x and incident.others_involved == "A neighbour"


def test_staff_cannot_name_a_person_of_another_scheme(client_coordinator_a, person_b):
    response = client_coordinator_a.post(reverse("safeguarding:incident_create"), _carer_post(person_b))
    assert "person" in response.context["form"].errors
    assert Incident.objects.count() == 0
    # Nor fill one in from the address.
    assert (
        client_coordinator_a.get(
            reverse("safeguarding:incident_create") + f"?person={person_b.pk}"
        ).status_code
        == 404
    )


def test_coordinator_b_gets_404_on_scheme_a_incident(client_coordinator_b, carers_incident):
    for name in ("incident_detail", "incident_update", "incident_close", "incident_withhold"):
        assert (
            client_coordinator_b.get(reverse(f"safeguarding:{name}", args=[carers_incident.pk])).status_code
            == 404
        )
    response = client_coordinator_b.post(
        reverse("safeguarding:incident_start_review", args=[carers_incident.pk])
    )
    assert response.status_code == 404
    listing = client_coordinator_b.get(reverse("safeguarding:incident_list") + "?status=all")
    assert carers_incident.reference not in listing.content.decode()


def test_staff_see_the_incident_in_full_and_its_view_is_logged(
    client_coordinator_a, carers_incident, person_p, coordinator_a
):
    response = client_coordinator_a.get(carers_incident.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "A fall in the garden." in page
    assert f"{reverse('safeguarding:concern_create')}?incident={carers_incident.pk}" in page
    assert reverse("files:photos", args=["incident", carers_incident.pk]) in page
    assert 'id="documents"' in page
    assert "new → reported" in page
    assert AccessLog.objects.for_object(person_p).filter(user=coordinator_a, page="incident").exists()


def test_notifications_it_made_due_are_listed_and_linked_for_leads_only(
    client_coordinator_a, client_lead_a, carer_user, arrangement_px, person_p
):
    incident = _report(carer_user, person=person_p, police_involved=True, police_reference="CAD 42")
    notification = incident.notifications.get(trigger=NotificationTrigger.POLICE)
    link = reverse("safeguarding:notification_detail", args=[notification.pk])
    lead_page = client_lead_a.get(incident.get_absolute_url()).content.decode()
    assert link in lead_page and "due since" in lead_page
    coordinator_page = client_coordinator_a.get(incident.get_absolute_url()).content.decode()
    assert link not in coordinator_page
    assert NotificationTrigger.POLICE.label in coordinator_page


def test_staff_correct_an_open_incident(client_coordinator_a, carers_incident, person_p):
    url = reverse("safeguarding:incident_update", args=[carers_incident.pk])
    form = client_coordinator_a.get(url).context["form"]
    assert form.initial["person"] == person_p.pk and form.initial["location"] == "At home"
    post = _carer_post(person_p, harm="serious", injuries="A broken wrist.", medical_help="hospital")
    response = client_coordinator_a.post(url, post)
    assert response.status_code == 302
    carers_incident.refresh_from_db()
    assert carers_incident.harm == "serious" and carers_incident.injuries == "A broken wrist."
    assert carers_incident.notifications.filter(trigger=NotificationTrigger.SERIOUS_INJURY).exists()


def test_a_correction_with_bad_input_gives_field_errors_and_changes_nothing(
    client_coordinator_a, carers_incident, person_p
):
    url = reverse("safeguarding:incident_update", args=[carers_incident.pk])
    response = client_coordinator_a.post(url, _carer_post(person_p, what_happened="", location="Typed here"))
    assert response.status_code == 200
    assert "what_happened" in response.context["form"].errors
    assert 'value="Typed here"' in response.content.decode()
    carers_incident.refresh_from_db()
    assert carers_incident.location == "At home"


def test_a_closed_incident_cannot_be_corrected(client_coordinator_a, carers_incident, manager_a, person_p):
    services.incident_close(incident_id=carers_incident.pk, by=manager_a, actions="a", lessons="b")
    url = reverse("safeguarding:incident_update", args=[carers_incident.pk])
    response = client_coordinator_a.post(url, _carer_post(person_p, location="Elsewhere"), follow=True)
    assert "cannot change any more" in response.content.decode()
    carers_incident.refresh_from_db()
    assert carers_incident.location == "At home"


# --- Managers review and close -----------------------------------------------------------------
def test_manager_starts_the_review(client_manager_a, carers_incident, manager_a):
    response = client_manager_a.post(reverse("safeguarding:incident_start_review", args=[carers_incident.pk]))
    assert response.status_code == 302
    carers_incident.refresh_from_db()
    assert carers_incident.status == IncidentStatus.UNDER_REVIEW and carers_incident.reviewed_by == manager_a
    # Twice is refused with the sentence, and nothing changes.
    again = client_manager_a.post(
        reverse("safeguarding:incident_start_review", args=[carers_incident.pk]), follow=True
    )
    assert "cannot become being reviewed" in again.content.decode()
    assert carers_incident.transitions.count() == 2


def test_manager_closes_the_incident_with_actions_and_lessons(client_manager_a, carers_incident):
    page = client_manager_a.get(carers_incident.get_absolute_url()).content.decode()
    assert reverse("safeguarding:incident_close", args=[carers_incident.pk]) in page
    response = client_manager_a.post(
        reverse("safeguarding:incident_close", args=[carers_incident.pk]),
        {"actions": "Non-slip mat for the kitchen.", "lessons": "Dry floors after mopping."},
    )
    assert response.status_code == 302
    carers_incident.refresh_from_db()
    assert carers_incident.status == IncidentStatus.CLOSED and carers_incident.closed_at
    assert carers_incident.actions == "Non-slip mat for the kitchen."
    assert carers_incident.lessons == "Dry floors after mopping."
    detail = client_manager_a.get(carers_incident.get_absolute_url()).content.decode()
    assert "Dry floors after mopping." in detail


def test_closing_without_lessons_gives_a_field_error_and_keeps_the_actions(client_manager_a, carers_incident):
    response = client_manager_a.post(
        reverse("safeguarding:incident_close", args=[carers_incident.pk]),
        {"actions": "Typed actions", "lessons": ""},
    )
    assert response.status_code == 200
    assert "lessons" in response.context["form"].errors
    assert "Typed actions" in response.content.decode()
    carers_incident.refresh_from_db()
    assert carers_incident.status == IncidentStatus.REPORTED


def test_a_closed_incident_cannot_be_closed_again(client_manager_a, carers_incident, manager_a):
    services.incident_close(incident_id=carers_incident.pk, by=manager_a, actions="a", lessons="b")
    response = client_manager_a.post(
        reverse("safeguarding:incident_close", args=[carers_incident.pk]), {"actions": "c", "lessons": "d"}
    )
    assert "it cannot change any more" in response.content.decode()
    carers_incident.refresh_from_db()
    assert carers_incident.actions == "a"


def test_coordinator_cannot_review_or_close(client_coordinator_a, carers_incident):
    page = client_coordinator_a.get(carers_incident.get_absolute_url()).content.decode()
    assert reverse("safeguarding:incident_close", args=[carers_incident.pk]) not in page
    close = client_coordinator_a.post(
        reverse("safeguarding:incident_close", args=[carers_incident.pk]), {"actions": "a", "lessons": "b"}
    )
    review = client_coordinator_a.post(
        reverse("safeguarding:incident_start_review", args=[carers_incident.pk])
    )
    assert close.status_code == 403 and review.status_code == 403
    carers_incident.refresh_from_db()
    assert carers_incident.status == IncidentStatus.REPORTED and carers_incident.actions == ""


def test_manager_withholds_the_incident_from_the_persons_copy(
    client_manager_a, client_coordinator_a, carers_incident
):
    url = reverse("safeguarding:incident_withhold", args=[carers_incident.pk])
    assert client_coordinator_a.post(url, {"reason": "x"}).status_code == 403
    response = client_manager_a.post(url, {"reason": "It would put the carer at risk."})
    assert response.status_code == 302
    carers_incident.refresh_from_db()
    assert carers_incident.withheld_reason == "It would put the carer at risk."
    too_long = client_manager_a.post(url, {"reason": "x" * 2001})
    assert "reason" in too_long.context["form"].errors
    carers_incident.refresh_from_db()
    assert carers_incident.withheld_reason == "It would put the carer at risk."


# --- Lists -------------------------------------------------------------------------------------
def test_the_list_shows_open_incidents_unless_asked_for_closed(
    client_coordinator_a, carer_user, arrangement_px, person_p, manager_a
):
    open_one = _report(carer_user, person=person_p, location="Open one")
    closed_one = _report(carer_user, person=person_p, location="Closed one")
    services.incident_close(incident_id=closed_one.pk, by=manager_a, actions="a", lessons="b")
    url = reverse("safeguarding:incident_list")
    default = client_coordinator_a.get(url).content.decode()
    assert open_one.reference in default and closed_one.reference not in default
    closed = client_coordinator_a.get(url + "?status=closed").content.decode()
    assert closed_one.reference in closed and open_one.reference not in closed
    assert client_coordinator_a.get(url + "?status=nonsense&page=zzz").status_code == 200


def _count_queries(client, url) -> int:
    client.get(url)  # the first page of a new session also saves the session (3 more queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_incident_list_uses_the_same_queries_for_3_or_10_rows(
    client_coordinator_a, carer_user, arrangement_px, person_p, household_x
):
    # session, user, memberships, count, the page of incidents (with person, household, reporter)
    url = reverse("safeguarding:incident_list")
    for _ in range(3):
        _report(carer_user, person=person_p)
    three = _count_queries(client_coordinator_a, url)
    for _ in range(7):
        _report(carer_user, person=person_p)
    assert _count_queries(client_coordinator_a, url) == three


def test_the_carers_list_uses_the_same_queries_for_3_or_10_rows(
    client_carer, carer_user, arrangement_px, person_p
):
    url = reverse("safeguarding:carer_incidents")
    for _ in range(3):
        _report(carer_user, person=person_p)
    three = _count_queries(client_carer, url)
    for _ in range(7):
        _report(carer_user, person=person_p)
    assert _count_queries(client_carer, url) == three
