"""Medicines pages: staff enter medicines from the prescription (bad input shows the reason next to
the field and writes nothing); the carers whose support is open see today's doses on their phone and
record them; the month's chart and its A4 print. Outsiders, another scheme's staff and another
household's carers get 404; every page that shows the medicines is logged."""

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from records.models import DoseRecord, Medicine
from records.services import medicines as services
from sharedlives.audit.models import AccessLog

pytestmark = pytest.mark.django_db

T8, T20 = time(8, 0), time(20, 0)


def _today():
    return timezone.localdate()


@pytest.fixture
def regular(person_p, coordinator_a, arrangement_px):
    return services.medicine_add(
        person_id=person_p.pk,
        by=coordinator_a,
        name="Sertraline",
        strength="50 mg",
        dose="one tablet",
        times=[T8, T20],
        starts_on=_today(),
    )


@pytest.fixture
def prn(person_p, coordinator_a, arrangement_px):
    return services.medicine_add(
        person_id=person_p.pk,
        by=coordinator_a,
        name="Paracetamol",
        strength="500 mg",
        dose="two tablets",
        as_needed=True,
        as_needed_reason="for pain",
        max_in_day=1,
        starts_on=_today(),
    )


def _medicine_post(**changes) -> dict:
    data = {
        "name": "Metformin",
        "strength": "500 mg",
        "dose": "one tablet",
        "route": "mouth",
        "times": "08:00, 18:00",
        "as_needed_reason": "",
        "max_in_day": "",
        "starts_on": _today().isoformat(),
        "stops_on": "",
        "instructions": "With food.",
        "prescriber": "Dr Gray",
    }
    return data | changes


def _dose_post(medicine, **changes) -> dict:
    data = {
        "medicine": medicine.pk,
        "due_at": "08:00",
        "day": _today().isoformat(),
        "outcome": "given",
        "time": "00:01",
        "reason": "",
    }
    return {k: v for k, v in (data | changes).items() if v is not None}


def _chart_url(person, name="records:medicines_chart"):
    today = _today()
    return reverse(name, args=[person.pk, today.year, today.month])


# --- Staff enter the medicines --------------------------------------------------------------------
def test_staff_add_a_medicine_with_times_written_as_a_list(client_coordinator_a, person_p, coordinator_a):
    response = client_coordinator_a.post(
        reverse("records:medicine_add", args=[person_p.pk]), _medicine_post()
    )
    assert response.status_code == 302
    medicine = Medicine.objects.get(person=person_p)
    assert medicine.times == [T8, time(18, 0)] and medicine.added_by == coordinator_a


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"times": "08:00, 25:00"}, "times", "“25:00” is not a time of day"),
        ({"times": "8am"}, "times", "“8am” is not a time of day"),
        ({"times": "08:00, 8:00"}, "times", "08:00 is written twice"),
        ({"times": ""}, "times", "Give the times of day"),
        ({"as_needed": "on", "times": "", "max_in_day": "2"}, "as_needed_reason", "Say when"),
        ({"as_needed": "on", "times": "", "as_needed_reason": "pain"}, "max_in_day", "most doses in a day"),
        ({"as_needed": "on", "as_needed_reason": "pain", "max_in_day": "2"}, "times", "has no set times"),
        (
            {"starts_on": (_today() - timedelta(days=9)).isoformat()},
            "starts_on",
            "cannot be before yesterday",
        ),
        ({"stops_on": (_today() - timedelta(days=1)).isoformat()}, "stops_on", "before the first day"),
    ],
)
def test_bad_input_on_the_medicine_form_shows_the_reason_next_to_the_field_and_writes_nothing(
    client_coordinator_a, person_p, changes, field, message
):
    response = client_coordinator_a.post(
        reverse("records:medicine_add", args=[person_p.pk]), _medicine_post(**changes)
    )
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field]), response.context["form"].errors
    assert message in response.content.decode()
    assert not Medicine.objects.exists()


def test_changing_the_dose_of_a_medicine_with_doses_is_refused_with_what_to_do(
    client_coordinator_a, regular, carer_user, household_x
):
    services.dose_record(
        person_id=regular.person_id,
        medicine_id=regular.pk,
        household_id=household_x.pk,
        day=_today(),
        due_at=T8,
        outcome="given",
        at=timezone.now(),
        by=carer_user,
    )
    url = reverse("records:medicine_edit", args=[regular.pk])
    assert (
        "only the instructions, the prescriber and the last day"
        in client_coordinator_a.get(url).content.decode()
    )
    response = client_coordinator_a.post(
        url, _medicine_post(name="Sertraline", strength="50 mg", dose="two tablets", times="08:00, 20:00")
    )
    assert response.status_code == 200
    assert (
        "Stop this medicine and add the new dose as a new medicine"
        in response.context["form"].errors["dose"][0]
    )
    regular.refresh_from_db()
    assert regular.dose == "one tablet"


def test_staff_stop_a_medicine(client_coordinator_a, regular):
    response = client_coordinator_a.post(
        reverse("records:medicine_stop", args=[regular.pk]), {"stops_on": _today().isoformat()}
    )
    assert response.status_code == 302
    regular.refresh_from_db()
    assert regular.stops_on == _today()


def test_carers_and_other_schemes_staff_cannot_enter_medicines(
    client_carer, client_coordinator_b, person_p, regular
):
    add = reverse("records:medicine_add", args=[person_p.pk])
    assert client_carer.post(add, _medicine_post()).status_code == 403
    assert client_coordinator_b.post(add, _medicine_post()).status_code == 404
    assert client_coordinator_b.get(reverse("records:medicine_edit", args=[regular.pk])).status_code == 404
    assert (
        client_coordinator_b.post(
            reverse("records:medicine_stop", args=[regular.pk]), {"stops_on": ""}
        ).status_code
        == 404
    )
    assert Medicine.objects.count() == 1


# --- Carers record doses from their phone ---------------------------------------------------------
def test_carer_sees_todays_doses_and_records_two_one_refused_with_a_reason(
    client_carer, person_p, regular, prn, carer_user
):
    page = client_carer.get(reverse("records:medicines", args=[person_p.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "08:00: Sertraline 50 mg" in html and "20:00: Sertraline 50 mg" in html and "Given now" in html
    assert "Add a medicine" not in html
    url = reverse("records:dose_record", args=[person_p.pk])
    # One tap: given now.
    assert (
        client_carer.post(
            url, {"medicine": regular.pk, "due_at": "08:00", "day": _today().isoformat(), "outcome": "given"}
        ).status_code
        == 302
    )
    response = client_carer.post(
        url, _dose_post(regular, due_at="20:00", outcome="refused", reason="Said she felt sick.")
    )
    assert response.status_code == 302
    doses = list(DoseRecord.objects.order_by("due_at"))
    assert [(d.due_at, d.outcome, d.recorded_by) for d in doses] == [
        (T8, "given", carer_user),
        (T20, "refused", carer_user),
    ]
    html = client_carer.get(reverse("records:medicines", args=[person_p.pk])).content.decode()
    assert "Said she felt sick." in html and "Correct this record" in html


def test_a_refused_dose_without_a_reason_shows_the_message_and_records_nothing(
    client_carer, person_p, regular
):
    response = client_carer.post(
        reverse("records:dose_record", args=[person_p.pk]), _dose_post(regular, outcome="refused")
    )
    assert response.status_code == 200
    assert "Say why: the dose was refused." in response.content.decode()
    assert not DoseRecord.objects.exists()


def test_an_as_needed_dose_needs_why_and_stops_at_the_most_in_a_day(client_carer, person_p, prn):
    url = reverse("records:dose_record", args=[person_p.pk])
    response = client_carer.post(url, _dose_post(prn, due_at=""))
    assert "Say why the &quot;as needed&quot; dose was given." in response.content.decode()
    assert client_carer.post(url, _dose_post(prn, due_at="", reason="Headache.")).status_code == 302
    response = client_carer.post(url, _dose_post(prn, due_at="", reason="Still a headache."))
    assert response.status_code == 200 and "The most in a day is 1" in response.content.decode()
    assert DoseRecord.objects.count() == 1


def test_a_second_record_of_a_time_is_refused_and_a_correction_takes_its_place(
    client_carer, person_p, regular
):
    url = reverse("records:dose_record", args=[person_p.pk])
    client_carer.post(url, _dose_post(regular))
    response = client_carer.post(url, _dose_post(regular, outcome="refused", reason="No."))
    assert response.status_code == 200 and "recorded already" in response.content.decode()
    first = DoseRecord.objects.get()
    correct = reverse("records:dose_correct", args=[first.pk])
    assert client_carer.get(correct).status_code == 200
    response = client_carer.post(
        correct, {"outcome": "refused", "time": "00:01", "reason": "Pressed the wrong button."}
    )
    assert response.status_code == 302
    correction = DoseRecord.objects.get(corrects=first)
    assert correction.outcome == "refused"
    chart = client_carer.get(_chart_url(person_p)).content.decode()
    assert "Pressed the wrong button." in chart and "(corrected)" in chart


def test_outsiders_another_household_and_another_scheme_get_404(
    client_carer_y, client_coordinator_b, client_family, client_person, person_p, regular, arrangement_px
):
    dose = services.dose_record(
        person_id=person_p.pk,
        medicine_id=regular.pk,
        household_id=arrangement_px.household_id,
        day=_today(),
        due_at=T8,
        outcome="given",
        at=timezone.now(),
        by=regular.added_by,
    )
    urls = [
        reverse("records:medicines", args=[person_p.pk]),
        reverse("records:dose_record", args=[person_p.pk]),
        reverse("records:dose_correct", args=[dose.pk]),
        _chart_url(person_p),
        _chart_url(person_p, "records:medicines_chart_print"),
    ]
    for client in (client_carer_y, client_coordinator_b, client_family, client_person):
        for url in urls:
            assert client.get(url).status_code == 404, url
    assert client_carer_y.post(urls[1], _dose_post(regular, due_at="20:00")).status_code == 404
    assert DoseRecord.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(anon_client, person_p):
    response = anon_client.get(reverse("records:medicines", args=[person_p.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


# --- The chart and its print ------------------------------------------------------------------------
def test_staff_and_carers_see_the_chart_and_each_look_is_logged(
    client_coordinator_a, client_carer, person_p, regular
):
    for client in (client_coordinator_a, client_carer):
        response = client.get(_chart_url(person_p))
        assert response.status_code == 200
        assert "Sertraline 50 mg" in response.content.decode()
    assert AccessLog.objects.filter(object_id=person_p.pk, page="medicines chart").count() == 2


def test_the_chart_prints_on_a4_landscape_as_a_medicines_administration_record(
    client_coordinator_a, person_p, regular
):
    response = client_coordinator_a.get(_chart_url(person_p, "records:medicines_chart_print"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Medicines administration record: Patricia Parker" in html
    assert "css/mar.css" in html and 'id="print-button"' in html
    assert '<th scope="row"' in html
    assert "size: A4 landscape" in Path(finders.find("css/mar.css")).read_text()


def test_a_month_that_does_not_exist_is_404(client_coordinator_a, person_p):
    assert (
        client_coordinator_a.get(reverse("records:medicines_chart", args=[person_p.pk, 2025, 13])).status_code
        == 404
    )


def test_the_chart_page_uses_the_same_queries_with_more_doses(
    client_coordinator_a, person_p, regular, household_x, carer_user
):
    url = _chart_url(person_p)
    client_coordinator_a.get(url)
    with CaptureQueriesContext(connection) as before:
        client_coordinator_a.get(url)
    for n in range(4):
        m = Medicine.objects.create(
            person=person_p,
            name=f"M{n}",
            strength="1",
            dose="1",
            times=[T8, T20],
            starts_on=_today(),
            added_by=regular.added_by,
        )
        DoseRecord.objects.create(
            medicine=m,
            person=person_p,
            household=household_x,
            day=_today(),
            due_at=T8,
            outcome="given",
            at=timezone.make_aware(datetime.combine(_today(), time(0, 1))),
            recorded_by=carer_user,
        )
    with CaptureQueriesContext(connection) as after:
        client_coordinator_a.get(url)
    assert len(before) == len(after)


def test_the_dose_form_for_a_medicine_offers_only_its_times(client_carer, person_p, regular):
    url = reverse("records:dose_record", args=[person_p.pk]) + f"?medicine={regular.pk}&due=20:00"
    html = client_carer.get(url).content.decode()
    assert '<option value="08:00">08:00</option>' in html
    assert '<option value="20:00" selected>20:00</option>' in html
