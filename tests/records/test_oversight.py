"""Staff oversight: the alerts page and the dashboard card, the month's sample of a household's notes
marked read with a comment, and the scheme's settings."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from records import oversight
from records.models import DailyNote, MoneyCheck, NoteReading, RecordsSettings

pytestmark = pytest.mark.django_db


def notes(arrangement, by, n):
    today = timezone.localdate()
    first = today.replace(day=1)
    return [
        DailyNote.objects.create(
            scheme=arrangement.scheme,
            arrangement=arrangement,
            person=arrangement.person,
            household=arrangement.household,
            day=first + timedelta(days=i % today.day),
            went_well=f"Good day number {i}",
            written_by=by,
        )
        for i in range(n)
    ]


@pytest.fixture
def money_out_of_step(person_p, household_x, carer_user):
    return MoneyCheck.objects.create(
        person=person_p,
        household=household_x,
        kind=MoneyCheck.Kind.CARER_COUNT,
        counted=Decimal("17.50"),
        recorded_balance=Decimal("20.00"),
        checked_by=carer_user,
    )


def test_the_alerts_page_lists_each_alert_with_a_link_to_its_record(
    client_coordinator_a, money_out_of_step, person_p
):
    response = client_coordinator_a.get(reverse("records:alerts"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Money that does not add up" in html
    assert "counted £2.50 less than the record" in html
    assert reverse("records:money", args=[person_p.pk]) in html


def test_the_alerts_page_filters_by_kind(client_coordinator_a, money_out_of_step):
    response = client_coordinator_a.get(reverse("records:alerts"), {"kind": "no_note"})
    assert "counted £2.50" not in response.content.decode()
    assert "No alerts of this kind." in response.content.decode()


def test_other_schemes_staff_see_none_of_the_alerts(client_coordinator_b, money_out_of_step):
    response = client_coordinator_b.get(reverse("records:alerts"))
    assert response.status_code == 200
    assert "counted £2.50" not in response.content.decode()


def test_carers_people_and_families_cannot_open_the_alerts(client_carer, client_person, client_family):
    for client in (client_carer, client_person, client_family):
        assert client.get(reverse("records:alerts")).status_code == 403


def test_the_dashboard_card_counts_the_alerts(client_coordinator_a, money_out_of_step):
    response = client_coordinator_a.get(reverse("staff_dashboard"))
    assert response.context["living_together"]["money"] == 1
    assert "Money that does not add up" in response.content.decode()


# --- The month's sample ---------------------------------------------------------------------------------
def test_the_sample_is_the_schemes_number_of_notes_and_the_same_each_time(
    client_coordinator_a, arrangement_px, carer_user, household_x
):
    notes(arrangement_px, carer_user, 6)
    url = reverse("records:household_sample", args=[household_x.pk])
    first = [row["note"].pk for row in client_coordinator_a.get(url).context["rows"]]
    again = [row["note"].pk for row in client_coordinator_a.get(url).context["rows"]]
    assert len(first) == RecordsSettings._meta.get_field("samples_per_month").default
    assert first == again


def test_a_coordinator_marks_a_sampled_note_read_with_a_comment(
    client_coordinator_a, coordinator_a, arrangement_px, carer_user, household_x
):
    notes(arrangement_px, carer_user, 5)
    today = timezone.localdate()
    note = oversight.month_sample(household_x, today.year, today.month, 3)[0]
    response = client_coordinator_a.post(
        reverse("records:household_sample_read", args=[household_x.pk]),
        {"note": note.pk, "comment": "Lovely detail about the walk"},
    )
    assert response.status_code == 302
    reading = NoteReading.objects.get()
    assert (reading.note_id, reading.read_by, reading.comment, reading.sampled) == (
        note.pk,
        coordinator_a,
        "Lovely detail about the walk",
        True,
    )
    page = client_coordinator_a.get(reverse("records:household_sample", args=[household_x.pk]))
    assert "Lovely detail about the walk" in page.content.decode()
    alerts_page = client_coordinator_a.get(reverse("records:alerts"))
    (row,) = [h for h in alerts_page.context["households"] if h.pk == household_x.pk]
    assert (row.notes_in_month, row.sampled_in_month, row.sample_target) == (5, 1, 3)


def test_a_note_is_marked_read_once_and_only_if_it_is_in_the_sample(
    client_coordinator_a, arrangement_px, carer_user, household_x
):
    made = notes(arrangement_px, carer_user, 6)
    today = timezone.localdate()
    sample = list(oversight.month_sample(household_x, today.year, today.month, 3))
    outside = next(n for n in made if n not in sample)
    url = reverse("records:household_sample_read", args=[household_x.pk])
    refused = client_coordinator_a.post(url, {"note": outside.pk, "comment": "Typed"})
    assert refused.status_code == 400
    assert "not in this month&#x27;s sample" in refused.content.decode()
    client_coordinator_a.post(url, {"note": sample[0].pk, "comment": "First"})
    again = client_coordinator_a.post(url, {"note": sample[0].pk, "comment": "Second"})
    assert again.status_code == 400 and "already marked" in again.content.decode()
    assert list(NoteReading.objects.values_list("comment", flat=True)) == ["First"]


def test_outsiders_cannot_sample_a_household(
    client_coordinator_b, client_carer, arrangement_px, carer_user, household_x
):
    (note,) = notes(arrangement_px, carer_user, 1)
    url = reverse("records:household_sample", args=[household_x.pk])
    assert client_coordinator_b.get(url).status_code == 404
    assert client_carer.get(url).status_code == 403
    read = reverse("records:household_sample_read", args=[household_x.pk])
    assert client_coordinator_b.post(read, {"note": note.pk}).status_code == 404
    assert not NoteReading.objects.exists()


# --- Settings --------------------------------------------------------------------------------------------
def test_a_manager_sets_the_schemes_rules(client_manager_a, scheme_a):
    data = {
        "days_around_stay": 3,
        "missed_dose_grace_hours": 1,
        "refusals_alert_count": 2,
        "refusals_alert_days": 5,
        "no_note_alert_days": 2,
        "samples_per_month": 4,
    }
    assert client_manager_a.post(reverse("records:settings"), data).status_code == 302
    saved = RecordsSettings.objects.get(scheme=scheme_a)
    assert (saved.refusals_alert_count, saved.samples_per_month) == (2, 4)


def test_a_setting_out_of_range_is_refused_next_to_the_field(client_manager_a):
    data = {
        "days_around_stay": 3,
        "missed_dose_grace_hours": 1,
        "refusals_alert_count": 0,
        "refusals_alert_days": 5,
        "no_note_alert_days": 2,
        "samples_per_month": 4,
    }
    response = client_manager_a.post(reverse("records:settings"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["refusals_alert_count"]
    assert not RecordsSettings.objects.exists()


def test_coordinators_cannot_change_the_settings(client_coordinator_a):
    assert client_coordinator_a.get(reverse("records:settings")).status_code == 403
