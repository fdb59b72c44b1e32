"""The safeguarding dashboard (leads and managers), the inspection report and the targets page
(managers), and the safeguarding card of the staff dashboard."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safeguarding import selectors, services
from safeguarding.models import (
    AbuseCategory,
    Allegation,
    Channel,
    Complaint,
    Concern,
    FeedbackFrom,
    Harm,
    IncidentKind,
    SafeguardingSettings,
)
from sharedlives.dates import add_working_days, is_working_day, working_days_between
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def concern(person, by, categories=(AbuseCategory.PHYSICAL,), *, raised_days_ago=0, **kwargs):
    """A concern raised through the service, then dated `raised_days_ago` days back (its age is tested)."""
    made = services.concern_raise(
        by=by, person_id=person.pk, categories=list(categories), summary="Bruises seen.", **kwargs
    )
    if raised_days_ago:
        Concern.objects.filter(pk=made.pk).update(raised_at=timezone.now() - timedelta(days=raised_days_ago))
        made.refresh_from_db()
    return made


def incident(person, by, **facts):
    values = {
        "kind": IncidentKind.ACCIDENT,
        "occurred_at": timezone.now() - timedelta(hours=1),
        "location": "At home",
        "what_happened": "A fall on the stairs.",
        "harm": Harm.MINOR,
        **facts,
    }
    return services.incident_report(by=by, person_id=person.pk, **values)


def complaint(scheme, by, *, received_days_ago: int, answered_days_after: int | None, manager):
    """A complaint by phone received `received_days_ago` days back, answered that many days after it
    came (or not answered)."""
    received_on = timezone.localdate() - timedelta(days=received_days_ago)
    made = services.complaint_make(
        by=by,
        scheme_id=scheme.pk,
        summary="Nobody called back.",
        from_who=FeedbackFrom.FAMILY,
        channel=Channel.PHONE,
        complainant_name="A caller",
        received_on=received_on,
    )
    services.complaint_acknowledge(complaint_id=made.pk, by=by, on=received_on)
    if answered_days_after is not None:
        services.complaint_answer(
            complaint_id=made.pk,
            by=manager,
            outcome="upheld",
            response="We are sorry; here is what we will do. You may ask the Ombudsman.",
            answered_on=received_on + timedelta(days=answered_days_after),
        )
    made.refresh_from_db()
    return made


# --- The dashboard -------------------------------------------------------------------------------
def test_only_managers_and_leads_see_the_dashboard(
    client_coordinator_a, client_lead_a, client_manager_a, anon_client
):
    url = reverse("safeguarding:dashboard")
    assert client_coordinator_a.get(url).status_code == 403
    assert client_lead_a.get(url).status_code == 200
    assert client_manager_a.get(url).status_code == 200
    assert "login" in anon_client.get(url)["Location"]


@pytest.mark.parametrize("who", ["client_carer", "client_person", "client_family"])
def test_carers_people_and_families_never_see_the_dashboard(who, request):
    assert request.getfixturevalue(who).get(reverse("safeguarding:dashboard")).status_code in (403, 404)


def test_the_dashboard_shows_an_unreferred_concern_past_its_target(
    scheme_a, person_p, coordinator_a, client_lead_a
):
    late = concern(person_p, coordinator_a, raised_days_ago=10)
    fresh = concern(person_p, coordinator_a)  # raised today: within its 1 working day
    response = client_lead_a.get(reverse("safeguarding:dashboard"))
    summary = response.context["summary"]
    assert summary.unreferred_overdue == 1 and summary.concerns_open == 2
    assert [c.pk for c in response.context["unreferred"]] == [late.pk]
    assert response.context["unreferred"][0].refer_by == selectors.referral_due_on(late)
    html = response.content.decode()
    assert late.reference in html and late.get_absolute_url() in html
    assert fresh.reference not in html.split('id="overdue-referrals"')[1].split("</section>")[0]
    assert [b.count for b in summary.concerns_by_age] == [1, 1, 0]


def test_a_referred_concern_is_no_longer_overdue(scheme_a, person_p, coordinator_a, lead_a):
    late = concern(person_p, coordinator_a, raised_days_ago=10)
    services.concern_refer(
        concern_id=late.pk,
        by=lead_a,
        referred_on=timezone.localdate(),
        council_reference="",
        council_contact="Duty",
    )
    summary = selectors.summary(staff_scheme_ids=[scheme_a.pk], lead_scheme_ids=[scheme_a.pk])
    assert summary.unreferred_overdue == 0 and summary.concerns_open == 1


def test_the_dashboard_shows_an_overdue_safety_plan(
    scheme_a, person_p, household_x, coordinator_a, lead_a, client_lead_a, arrangement_px
):
    raised = concern(person_p, coordinator_a, about_carer_id=household_x.carers.first().pk)
    allegation = raised.allegation
    summary = selectors.summary(staff_scheme_ids=[scheme_a.pk], lead_scheme_ids=[scheme_a.pk])
    assert summary.safety_plans_overdue == 0  # 24 hours to record it

    Allegation.objects.filter(pk=allegation.pk).update(opened_at=timezone.now() - timedelta(hours=30))
    response = client_lead_a.get(reverse("safeguarding:dashboard"))
    assert response.context["summary"].safety_plans_overdue == 1
    assert [a.pk for a in response.context["needing_plans"]] == [allegation.pk]
    assert household_x.name in response.content.decode()

    services.safety_plan_record(
        allegation_id=allegation.pk,
        arrangement_id=arrangement_px.pk,
        by=lead_a,
        decision="stay",
        detail="Calls.",
    )
    response = client_lead_a.get(reverse("safeguarding:dashboard"))
    assert response.context["summary"].safety_plans_overdue == 0


def test_the_schemes_own_safety_plan_hours_are_used(
    scheme_a, person_p, household_x, coordinator_a, arrangement_px
):
    SafeguardingSettings.objects.create(scheme=scheme_a, safety_plan_hours=48)
    raised = concern(person_p, coordinator_a, about_carer_id=household_x.carers.first().pk)
    Allegation.objects.filter(pk=raised.allegation.pk).update(opened_at=timezone.now() - timedelta(hours=30))
    summary = selectors.summary(staff_scheme_ids=[scheme_a.pk], lead_scheme_ids=[scheme_a.pk])
    assert summary.safety_plans_overdue == 0


def test_the_dashboard_counts_late_complaints_and_shows_nothing_of_another_scheme(
    scheme_a, scheme_b, person_p, coordinator_a, coordinator_b, manager_a, client_lead_a
):
    late = complaint(
        scheme_a, coordinator_a, received_days_ago=60, answered_days_after=None, manager=manager_a
    )
    complaint(scheme_a, coordinator_a, received_days_ago=1, answered_days_after=None, manager=manager_a)
    other = PersonFactory(scheme=scheme_b)
    concern(other, coordinator_b, raised_days_ago=30)
    response = client_lead_a.get(reverse("safeguarding:dashboard"))
    summary = response.context["summary"]
    assert summary.complaints_overdue == 1 and summary.complaints_unanswered == 1
    assert summary.complaints_unacknowledged == 0
    assert [c.pk for c in response.context["late_complaints"]] == [late.pk]
    assert summary.concerns_open == 0 and summary.unreferred_overdue == 0


@pytest.mark.parametrize("refer_within_days", [1, 3])
def test_the_summary_and_the_python_rule_agree_on_which_referrals_are_overdue(
    refer_within_days, scheme_a, person_p, coordinator_a
):
    SafeguardingSettings.objects.create(scheme=scheme_a, refer_within_days=refer_within_days)
    made = [concern(person_p, coordinator_a, raised_days_ago=days) for days in range(0, 12)]
    made.append(concern(person_p, coordinator_a, raised_days_ago=400))  # before the working days given
    today = timezone.localdate()
    summary = selectors.summary(staff_scheme_ids=[scheme_a.pk], lead_scheme_ids=[scheme_a.pk], today=today)
    expected = {c.pk for c in made if selectors.referral_overdue(c, today=today)}
    assert summary.unreferred_overdue == len(expected)
    assert set(summary.unreferred_ids) == expected
    assert 0 < len(expected) < len(made)


def test_working_days_between_counts_what_add_working_days_adds():
    friday = date(2025, 5, 2)  # the Monday after is a bank holiday in England
    for days in range(0, 8):
        assert working_days_between(friday, add_working_days(friday, days, "ENG"), "ENG") == days
    assert not is_working_day(date(2025, 5, 5), "ENG")


# --- The staff dashboard's card ------------------------------------------------------------------
def test_the_staff_dashboard_card_shows_leads_their_safeguarding_figures(
    scheme_a, person_p, coordinator_a, client_lead_a, client_coordinator_a
):
    concern(person_p, coordinator_a, raised_days_ago=10)
    incident(person_p, coordinator_a, harm=Harm.SERIOUS)
    lead_page = client_lead_a.get(reverse("staff_dashboard"))
    card = lead_page.context["safeguarding"]
    assert (card.notifications_due, card.concerns_open, card.overdue_steps, card.incidents_open) == (
        2,
        1,
        1,
        1,
    )
    html = lead_page.content.decode()
    assert reverse("safeguarding:notification_list") in html and reverse("safeguarding:dashboard") in html

    coordinator_page = client_coordinator_a.get(reverse("staff_dashboard")).content.decode()
    assert reverse("safeguarding:incident_list") in coordinator_page
    assert reverse("safeguarding:complaint_list") in coordinator_page
    assert (
        "Notifications due without delay" not in coordinator_page and "Concerns open" not in coordinator_page
    )


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("staff_dashboard")).status_code == 200
    return len(queries)


def test_the_staff_dashboard_query_count_stays_constant_with_more_rows(
    scheme_a, person_p, household_x, coordinator_a, manager_a, client_manager_a, arrangement_px
):
    client_manager_a.get(reverse("staff_dashboard"))  # the first request after signing in updates the session
    before = _dashboard_queries(client_manager_a)
    for n in range(4):
        concern(person_p, coordinator_a, raised_days_ago=n * 10)
        incident(person_p, coordinator_a, harm=Harm.SERIOUS, police_involved=bool(n % 2))
        complaint(
            scheme_a, coordinator_a, received_days_ago=40 + n, answered_days_after=None, manager=manager_a
        )
    allegation = concern(person_p, coordinator_a, about_carer_id=household_x.carers.first().pk).allegation
    Allegation.objects.filter(pk=allegation.pk).update(opened_at=timezone.now() - timedelta(days=3))
    assert _dashboard_queries(client_manager_a) == before
    card = client_manager_a.get(reverse("staff_dashboard")).context["safeguarding"]
    assert card.safety_plans_overdue == 1 and card.complaints_overdue == 4 and card.incidents_open == 4


# --- The inspection report -----------------------------------------------------------------------
@pytest.fixture
def history(scheme_a, person_p, coordinator_a, manager_a, lead_a):
    """Three concerns (physical twice, financial once), two incidents, three complaints of which two
    were answered on time."""
    physical = concern(
        person_p, coordinator_a, [AbuseCategory.PHYSICAL, AbuseCategory.FINANCIAL], raised_days_ago=40
    )
    concern(person_p, coordinator_a, [AbuseCategory.PHYSICAL], raised_days_ago=5)
    concern(person_p, coordinator_a, [AbuseCategory.SELF_NEGLECT])
    services.concern_refer(
        concern_id=physical.pk,
        by=lead_a,
        referred_on=add_working_days(timezone.localtime(physical.raised_at).date(), 2, "ENG"),
        council_reference="",
        council_contact="Duty team",
    )
    incident(person_p, coordinator_a)
    incident(person_p, coordinator_a, kind=IncidentKind.MEDICATION)
    complaint(scheme_a, coordinator_a, received_days_ago=10, answered_days_after=3, manager=manager_a)
    complaint(scheme_a, coordinator_a, received_days_ago=90, answered_days_after=1, manager=manager_a)
    complaint(scheme_a, coordinator_a, received_days_ago=90, answered_days_after=60, manager=manager_a)
    complaint(scheme_a, coordinator_a, received_days_ago=3, answered_days_after=None, manager=manager_a)


def _rows(tables) -> dict[str, dict[str, object]]:
    return {t.key: dict(t.rows) for t in tables}


def test_the_report_counts_match_the_data(history, client_manager_a):
    response = client_manager_a.get(reverse("safeguarding:report"))
    assert response.status_code == 200
    rows = _rows(response.context["tables"])
    categories = rows["categories"]
    assert categories["Concerns raised"] == 3
    assert (categories["Physical"], categories["Financial or material"], categories["Self-neglect"]) == (
        2,
        1,
        1,
    )
    assert categories["Sexual"] == 0
    assert rows["outcomes"]["No outcome yet"] == 3
    assert rows["referrals"]["Concerns referred"] == 1
    assert rows["referrals"]["Median working days from raised to referred"] == 2
    assert rows["referrals"]["Most working days from raised to referred"] == 2
    assert rows["incidents"]["Incidents and accidents"] == 2 and rows["incidents"]["Medicines error"] == 1
    complaints = rows["complaints"]
    assert (complaints["Complaints received"], complaints["Answered"], complaints["Answered on time"]) == (
        4,
        3,
        2,
    )
    assert complaints["Answered on time (% of those answered)"] == 66.7
    assert rows["notifications"]["Fell due"] == 2  # two concerns of abuse; self-neglect is not notified
    assert sum(rows["concerns_by_month"].values()) == 3
    html = response.content.decode()
    assert "66.7" in html and "Patricia" not in html


def test_the_csv_has_a_header_row_and_the_same_numbers(history, client_manager_a):
    page = _rows(client_manager_a.get(reverse("safeguarding:report")).context["tables"])
    response = client_manager_a.get(reverse("safeguarding:report"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["Section", "What", "Number"]
    by_section = {}
    for section, label, value in lines[1:]:
        by_section[(section, label)] = value
    assert by_section[("Complaints", "Answered on time (% of those answered)")] == "66.7"
    assert by_section[("Safeguarding concerns by kind of abuse or neglect", "Physical")] == "2"
    assert len(lines) - 1 == sum(len(rows) for rows in page.values())


def test_the_report_covers_the_period_chosen(history, client_manager_a):
    today = timezone.localdate()
    response = client_manager_a.get(
        reverse("safeguarding:report"),
        {"date_from": (today - timedelta(days=20)).isoformat(), "date_to": today.isoformat()},
    )
    rows = _rows(response.context["tables"])
    assert rows["categories"]["Concerns raised"] == 2
    assert rows["complaints"]["Complaints received"] == 2


def test_bad_dates_give_a_field_error_and_no_csv(history, client_manager_a):
    params = {"date_from": "2025-06-01", "date_to": "2025-01-01"}
    response = client_manager_a.get(reverse("safeguarding:report"), params)
    assert response.status_code == 200 and "date_to" in response.context["form"].errors
    assert response.context["tables"] is None
    csv_response = client_manager_a.get(reverse("safeguarding:report"), {**params, "format": "csv"})
    assert csv_response.status_code == 302


def test_the_print_version_uses_the_print_stylesheet(history, client_manager_a):
    response = client_manager_a.get(reverse("safeguarding:report"), {"format": "print"})
    html = response.content.decode()
    assert response.status_code == 200 and "css/print.css" in html and 'id="print-button"' in html


def test_only_managers_see_the_report(client_lead_a, client_coordinator_a):
    assert client_lead_a.get(reverse("safeguarding:report")).status_code == 403
    assert client_coordinator_a.get(reverse("safeguarding:report")).status_code == 403


# --- The targets ---------------------------------------------------------------------------------
def test_a_manager_saves_the_targets_which_creates_them_on_first_save(scheme_a, client_manager_a):
    url = reverse("safeguarding:settings")
    assert client_manager_a.get(url).status_code == 200
    values = {
        "refer_within_days": 2,
        "safety_plan_hours": 12,
        "complaint_acknowledge_days": 2,
        "complaint_answer_days": 15,
    }
    response = client_manager_a.post(url, values)
    assert response.status_code == 302
    saved = SafeguardingSettings.objects.get(scheme=scheme_a)
    assert (saved.refer_within_days, saved.safety_plan_hours, saved.complaint_answer_days) == (2, 12, 15)
    client_manager_a.post(url, {**values, "refer_within_days": 3})
    assert SafeguardingSettings.objects.get().refer_within_days == 3


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"refer_within_days": 0}, "refer_within_days"),
        ({"refer_within_days": 21}, "refer_within_days"),
        ({"safety_plan_hours": ""}, "safety_plan_hours"),
        ({"complaint_answer_days": 1, "complaint_acknowledge_days": 3}, "complaint_answer_days"),
    ],
)
def test_bad_targets_give_field_errors_and_save_nothing(client_manager_a, changes, field):
    values = {
        "refer_within_days": 1,
        "safety_plan_hours": 24,
        "complaint_acknowledge_days": 3,
        "complaint_answer_days": 20,
        **changes,
    }
    response = client_manager_a.post(reverse("safeguarding:settings"), values)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not SafeguardingSettings.objects.exists()


def test_only_managers_change_the_targets(client_lead_a, client_coordinator_a):
    assert client_lead_a.get(reverse("safeguarding:settings")).status_code == 403
    assert (
        client_coordinator_a.post(reverse("safeguarding:settings"), {"refer_within_days": 5}).status_code
        == 403
    )
    assert not SafeguardingSettings.objects.exists()


def test_staff_have_safeguarding_in_the_navigation(client_coordinator_a, client_carer):
    html = client_coordinator_a.get(reverse("staff_dashboard")).content.decode()
    assert f'href="{reverse("safeguarding:incident_list")}"' in html
    assert reverse("arrangements:reviews_due") in html  # now in the Arrangements menu
    assert Complaint.objects.count() == 0
