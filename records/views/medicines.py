"""Medicines pages. Staff of the person's scheme enter the medicines from the prescription, change
what may still change and stop them. The carers whose support of the person is open see today's
doses on their phone and record each one; staff may record and correct doses too. The month's
medicines administration record (MAR) is a page and an A4 landscape print, for staff and carers.

Everyone else gets 404: the person's carers once their support has closed, another household's
carers, another scheme's staff. Every page that shows the person's medicines logs the view.
"""

from datetime import date, time, timedelta

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from arrangements.models import Arrangement
from sharedlives.accounts.access import staff_required
from sharedlives.audit.services import access_record

from ..access import get_carer_arrangement, get_person_records_for_user, is_staff_of, open_support
from ..forms.medicines import DoseCorrectForm, DoseRecordForm, MedicineForm, MedicineStopForm
from ..medicines import GIVEN, RECORD_DAYS, chart, day_doses, may_record_on
from ..models import DoseRecord, Medicine, RecordsSettings
from ..services import medicines as services
from ..services.common import RecordsError

STOPPED_SHOWN = 20


class Viewer:
    """Who is looking at a person's medicines, and under which arrangement doses are recorded now."""

    def __init__(self, person, arrangement: Arrangement | None, is_staff: bool):
        self.person = person
        self.arrangement = arrangement
        self.is_staff = is_staff
        self.is_carer = not is_staff

    @property
    def may_record(self) -> bool:
        return self.arrangement is not None


def _viewer(request, person_id: int) -> Viewer:
    """Carers whose support is open (get_carer_arrangement) and staff of the person's scheme; 404 for
    everyone else, including the person and their representatives (they read notes, not the MAR)."""
    user = request.user
    if user.kind == user.Kind.CARER:
        arrangement = get_carer_arrangement(user, person_id)
        return Viewer(arrangement.person, arrangement, is_staff=False)
    if user.kind != user.Kind.STAFF:
        raise Http404
    person = get_person_records_for_user(user, person_id)
    if not is_staff_of(user, person):
        raise Http404
    arrangement = (
        open_support(Arrangement.objects.filter(person=person))
        .select_related("household")
        .order_by("-start_date", "-pk")
        .first()
    )
    return Viewer(person, arrangement, is_staff=True)


def _staff_person(request, person_id: int):
    person = get_person_records_for_user(request.user, person_id)
    if not is_staff_of(request.user, person):
        raise Http404
    return person


def _staff_medicine(request, pk: int) -> Medicine:
    return get_object_or_404(
        Medicine.objects.select_related("person").filter(person__scheme_id__in=request.user.staff_scheme_ids),
        pk=pk,
    )


def _show_refusal(form, error: RecordsError) -> None:
    fields = [f for f in getattr(error, "fields", ()) if f in form.fields]
    if fields:
        for name in fields:
            form.add_error(name, str(error))
    else:
        form.add_error(None, str(error))


def _grace(person) -> int:
    return RecordsSettings.for_scheme(person.scheme_id).missed_dose_grace_hours


def _yesterday_unrecorded(person, medicines, *, now, grace):
    """Yesterday's doses not recorded yet: they may still be recorded today."""
    yesterday = timezone.localdate(now) - timedelta(days=1)
    due, _ = day_doses(person, medicines, yesterday, now=now, grace_hours=grace)
    return [d for d in due if d.record is None]


# --- The medicines and today's doses -------------------------------------------------------------
def medicines(request, person_id):
    """The person's current medicines and today's doses, each with what was recorded or a way to
    record it; yesterday's doses not yet recorded; for staff, the stopped medicines too."""
    viewer = _viewer(request, person_id)
    person = viewer.person
    access_record(user=request.user, obj=person, page="medicines")
    now = timezone.now()
    today = timezone.localdate(now)
    grace = _grace(person)
    yesterday = today - timedelta(days=RECORD_DAYS)
    recent = list(
        Medicine.objects.filter(person=person)
        .filter(Q(stops_on__isnull=True) | Q(stops_on__gte=yesterday))
        .order_by("as_needed", "name", "pk")
    )
    current = [m for m in recent if m.stops_on is None or m.stops_on >= today]
    stopped = (
        list(
            Medicine.objects.filter(person=person, stops_on__lt=today).order_by("-stops_on", "name")[
                :STOPPED_SHOWN
            ]
        )
        if viewer.is_staff
        else []
    )
    due, as_needed = day_doses(person, current, today, now=now, grace_hours=grace)
    context = {
        "viewer": viewer,
        "person": person,
        "current": current,
        "stopped": stopped,
        "due": due,
        "as_needed": as_needed,
        "yesterday": _yesterday_unrecorded(person, recent, now=now, grace=grace) if viewer.may_record else [],
        "today": today,
        "now_time": timezone.localtime(now).strftime("%H:%M"),
        "grace": grace,
        "given": GIVEN,
    }
    return render(request, "records/medicines/medicines.html", context)


# --- Staff: the medicines from the prescription -------------------------------------------------
@staff_required
def medicine_add(request, person_id):
    """Add a medicine from the prescription. Bad input shows the form again, with the reason next to
    the field, and saves nothing."""
    person = _staff_person(request, person_id)
    form = MedicineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            medicine = services.medicine_add(person_id=person.pk, by=request.user, **form.values())
        except RecordsError as e:
            _show_refusal(form, e)
        else:
            messages.success(request, f"{medicine} added.")
            return redirect("records:medicines", person_id=person.pk)
    access_record(user=request.user, obj=person, page="medicine add")
    return render(
        request, "records/medicines/medicine_form.html", {"form": form, "person": person, "medicine": None}
    )


@staff_required
def medicine_edit(request, pk):
    """Change a medicine. Once doses of it are recorded, only its instructions, prescriber and last
    day: a new dose or new times is a new medicine."""
    medicine = _staff_medicine(request, pk)
    person = medicine.person
    has_doses = medicine.doses.exists()
    form = MedicineForm(request.POST or None, instance=medicine)
    if request.method == "POST" and form.is_valid():
        try:
            services.medicine_update(medicine_id=medicine.pk, by=request.user, **form.values())
        except RecordsError as e:
            _show_refusal(form, e)
        else:
            messages.success(request, f"{medicine} saved.")
            return redirect("records:medicines", person_id=person.pk)
    access_record(user=request.user, obj=person, page="medicine edit")
    context = {"form": form, "person": person, "medicine": medicine, "has_doses": has_doses}
    return render(request, "records/medicines/medicine_form.html", context)


@staff_required
def medicine_stop(request, pk):
    """Stop a medicine: GET asks for the last day (today by default), POST stops it."""
    medicine = _staff_medicine(request, pk)
    person = medicine.person
    form = MedicineStopForm(request.POST or None, initial={"stops_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.medicine_stop(
                medicine_id=medicine.pk, stops_on=form.cleaned_data["stops_on"], by=request.user
            )
        except RecordsError as e:
            _show_refusal(form, e)
        else:
            last_day = date_format(form.cleaned_data["stops_on"], "j F Y")
            messages.success(request, f"{medicine} is given for the last time on {last_day}.")
            return redirect("records:medicines", person_id=person.pk)
    access_record(user=request.user, obj=person, page="medicine stop")
    return render(
        request,
        "records/medicines/medicine_stop.html",
        {"form": form, "person": person, "medicine": medicine},
    )


# --- Doses ------------------------------------------------------------------------------------------
def _dose_initial(request) -> dict:
    initial = {}
    try:
        if request.GET.get("medicine"):
            initial["medicine"] = int(request.GET["medicine"])
        if request.GET.get("due"):
            initial["due_at"] = time.fromisoformat(request.GET["due"]).strftime("%H:%M")
        if request.GET.get("day"):
            initial["day"] = date.fromisoformat(request.GET["day"]).isoformat()
        if request.GET.get("outcome"):
            initial["outcome"] = request.GET["outcome"]
    except ValueError:
        return {}
    return initial


def dose_record(request, person_id):
    """Record a dose: GET shows the form (for the medicine, time and day in the address), POST records
    it. One tap from the medicines page records a regular dose given now. A refusal shows the form
    again with the reason next to the field and records nothing."""
    viewer = _viewer(request, person_id)
    if not viewer.may_record:
        raise Http404
    person = viewer.person
    today = timezone.localdate()
    medicines_qs = Medicine.objects.filter(person=person, starts_on__lte=today).exclude(
        stops_on__lt=today - timedelta(days=RECORD_DAYS)
    )
    initial = _dose_initial(request)
    wanted = str(request.POST.get("medicine") or initial.get("medicine") or "")
    medicines_list = list(medicines_qs)
    chosen = next((m for m in medicines_list if str(m.pk) == wanted), None)
    form = DoseRecordForm(
        request.POST or None, medicines=medicines_qs, today=today, initial=initial, chosen=chosen
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dose = services.dose_record(
                person_id=person.pk,
                medicine_id=data["medicine"].pk,
                household_id=viewer.arrangement.household_id,
                day=data["day"],
                due_at=None if data["medicine"].as_needed else data["due_at"],
                outcome=data["outcome"],
                at=form.at(),
                reason=data["reason"],
                by=request.user,
            )
        except RecordsError as e:
            _show_refusal(form, e)
        else:
            when = f" at {dose.due_at:%H:%M}" if dose.due_at else ""
            messages.success(
                request, f"{dose.medicine}{when}: {dose.get_outcome_display().lower()}. Recorded."
            )
            return redirect("records:medicines", person_id=person.pk)
    access_record(user=request.user, obj=person, page="dose record")
    context = {"form": form, "person": person, "viewer": viewer, "chosen": chosen}
    return render(request, "records/medicines/dose_form.html", context)


def dose_correct(request, pk):
    """Correct the record of a dose, on its day or the day after, with a new record: the first stays
    as it was. Only the latest record of a dose is corrected."""
    dose = get_object_or_404(DoseRecord.objects.select_related("medicine", "recorded_by"), pk=pk)
    viewer = _viewer(request, dose.person_id)
    if viewer.is_carer and viewer.arrangement.household_id != dose.household_id:
        raise Http404
    person = viewer.person
    form = DoseCorrectForm(
        request.POST or None,
        initial={"outcome": dose.outcome, "time": timezone.localtime(dose.at).time().replace(second=0)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dose_correct(
                dose_id=dose.pk,
                outcome=data["outcome"],
                at=form.at(dose.day),
                reason=data["reason"],
                by=request.user,
            )
        except RecordsError as e:
            _show_refusal(form, e)
        else:
            messages.success(request, f"{dose.medicine}: the record is corrected.")
            return redirect("records:medicines", person_id=person.pk)
    access_record(user=request.user, obj=person, page="dose correct")
    context = {
        "form": form,
        "person": person,
        "dose": dose,
        "may_correct": may_record_on(dose.day, timezone.localdate()) and not dose.corrections.exists(),
    }
    return render(request, "records/medicines/dose_correct.html", context)


# --- The month's chart ----------------------------------------------------------------------------
def _month(year: int, month: int) -> tuple[int, int]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    return year, month


def _chart_context(request, person_id, year, month):
    viewer = _viewer(request, person_id)
    year, month = _month(year, month)
    person = viewer.person
    now = timezone.now()
    the_chart = chart(person, year, month, now=now)
    first = the_chart.first
    before = first - timedelta(days=1)
    after = the_chart.last + timedelta(days=1)
    return viewer, {
        "viewer": viewer,
        "person": person,
        "chart": the_chart,
        "month_start": first,
        "previous": (before.year, before.month),
        "next": (after.year, after.month) if after <= timezone.localdate(now) else None,
        "now": now,
        "printed_on": timezone.localdate(now),
        "scheme": person.scheme,
    }


def medicines_chart(request, person_id, year, month):
    """The month's medicines administration record: each medicine's doses day by day, given,
    refused, not needed, not available or missed; "as needed" doses with why they were given."""
    viewer, context = _chart_context(request, person_id, year, month)
    access_record(user=request.user, obj=viewer.person, page="medicines chart")
    return render(request, "records/medicines/chart.html", context)


def medicines_chart_print(request, person_id, year, month):
    """The same chart laid out to print on A4 landscape, as a medicines administration record."""
    viewer, context = _chart_context(request, person_id, year, month)
    access_record(user=request.user, obj=viewer.person, page="medicines chart print")
    context |= {
        "back_url": reverse("records:medicines_chart", args=[viewer.person.pk, year, month]),
        "back_label": "Back to the chart",
    }
    return render(request, "records/medicines/chart_print.html", context)
