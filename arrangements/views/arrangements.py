"""Arrangement pages: the staff record with lifecycle actions, bookings, calendars; carer and family lists."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carers.access import get_household_for_user
from carers.models import Availability
from people.access import get_person_for_user
from sharedlives.accounts.access import kind_required, staff_required
from sharedlives.accounts.models import User

from .. import calendar as cal
from .. import places, services
from ..access import get_arrangement_for_user
from ..forms.arrangements import (
    ArrangementUpdateForm,
    BookingForm,
    CancelBookingForm,
    EndForm,
    ExtendForm,
    NoticeForm,
    PauseForm,
)
from ..models import CONTINUOUS_TYPES, Arrangement, ArrangementStatus, Booking
from .payments import agreement_rows


@staff_required
def arrangement_list(request):
    status = request.GET.get("status", "live")
    arrangements = Arrangement.objects.for_user(request.user).select_related(
        "person", "household", "payment_band"
    )
    arrangements = arrangements.live() if status == "live" else arrangements.filter(status=status)
    page = Paginator(arrangements.order_by("start_date", "pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "arrangements/arrangements/list.html",
        {"page": page, "status": status, "statuses": ArrangementStatus.choices, "query": f"status={status}"},
    )


def _detail(request, arrangement, status=200, **forms):
    today = timezone.localdate()
    context = {
        "arrangement": arrangement,
        "transitions": arrangement.transitions.select_related("by"),
        "bookings": arrangement.bookings.select_related("cancelled_by").order_by("starts_on"),
        "today": today,
        "update_form": forms.get("update_form")
        or ArrangementUpdateForm(
            arrangement=arrangement,
            initial={
                "funder": arrangement.funder,
                "funding_reference": arrangement.funding_reference,
                "payment_band": arrangement.payment_band_id,
            },
        ),
        "notice_form": forms.get("notice_form") or NoticeForm(),
        "end_form": forms.get("end_form") or EndForm(initial={"end_date": today}),
        "pause_form": forms.get("pause_form") or PauseForm(),
        "extend_form": forms.get("extend_form") or ExtendForm(initial={"end_date": arrangement.end_date}),
        "booking_form": forms.get("booking_form") or BookingForm(),
        "takes_bookings": arrangement.support_type not in CONTINUOUS_TYPES and arrangement.is_live,
        "allowed": services.ARRANGEMENT_TRANSITIONS[arrangement.status],
        "agreement_rows": agreement_rows(arrangement),
        "review_due_on": services.next_review_due(arrangement),
    }
    return render(request, "arrangements/arrangements/detail.html", context, status=status)


def _staff_arrangement(request, pk):
    return get_arrangement_for_user(request.user, pk)


@staff_required
def arrangement_detail(request, pk):
    return _detail(request, _staff_arrangement(request, pk))


def _run(request, arrangement, action, success, form_name=None, form=None):
    try:
        action()
    except services.ArrangementError as e:
        if form is not None:
            form.add_error(None, str(e))
            return _detail(request, arrangement, **{form_name: form})
        messages.error(request, str(e))
    else:
        messages.success(request, success)
    return redirect(arrangement)


@require_POST
@staff_required
def arrangement_start(request, pk):
    arrangement = _staff_arrangement(request, pk)
    return _run(
        request,
        arrangement,
        lambda: services.arrangement_start(arrangement_id=arrangement.pk, by=request.user),
        "The arrangement is active. The first review is now counted from the start date.",
    )


@require_POST
@staff_required
def arrangement_resume(request, pk):
    arrangement = _staff_arrangement(request, pk)
    return _run(
        request,
        arrangement,
        lambda: services.arrangement_resume(arrangement_id=arrangement.pk, by=request.user),
        "The arrangement is active again.",
    )


def _form_action(request, pk, form_class, form_name, call, success):
    arrangement = _staff_arrangement(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail(request, arrangement, **{form_name: form})
    return _run(request, arrangement, lambda: call(arrangement, form.cleaned_data), success, form_name, form)


@require_POST
@staff_required
def arrangement_pause(request, pk):
    return _form_action(
        request,
        pk,
        PauseForm,
        "pause_form",
        lambda a, d: services.arrangement_pause(arrangement_id=a.pk, by=request.user, reason=d["reason"]),
        "The arrangement is paused. Resume it when support starts again.",
    )


@require_POST
@staff_required
def arrangement_notice(request, pk):
    return _form_action(
        request,
        pk,
        NoticeForm,
        "notice_form",
        lambda a, d: services.arrangement_give_notice(arrangement_id=a.pk, by=request.user, **d),
        "Notice recorded: the arrangement is ending. Mark it ended on the leaving day.",
    )


@require_POST
@staff_required
def arrangement_end(request, pk):
    return _form_action(
        request,
        pk,
        EndForm,
        "end_form",
        lambda a, d: services.arrangement_end(arrangement_id=a.pk, by=request.user, **d),
        "The arrangement has ended; later bookings were cancelled.",
    )


@require_POST
@staff_required
def arrangement_extend(request, pk):
    return _form_action(
        request,
        pk,
        ExtendForm,
        "extend_form",
        lambda a, d: services.arrangement_extend(
            arrangement_id=a.pk, by=request.user, end_date=d["end_date"]
        ),
        "The arrangement's dates are changed.",
    )


@require_POST
@staff_required
def arrangement_update(request, pk):
    arrangement = _staff_arrangement(request, pk)
    form = ArrangementUpdateForm(request.POST, arrangement=arrangement)
    if not form.is_valid():
        return _detail(request, arrangement, update_form=form)
    return _run(
        request,
        arrangement,
        lambda: services.arrangement_update(
            arrangement_id=arrangement.pk, by=request.user, **form.cleaned_data
        ),
        "Funding and payment band saved.",
        "update_form",
        form,
    )


@require_POST
@staff_required
def booking_create(request, pk):
    arrangement = _staff_arrangement(request, pk)
    form = BookingForm(request.POST)
    if not form.is_valid():
        return _detail(request, arrangement, booking_form=form)
    data = form.cleaned_data
    return _run(
        request,
        arrangement,
        lambda: services.booking_create(
            arrangement_id=arrangement.pk,
            by=request.user,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            session=data["session"],
            note=data["note"],
        ),
        "Booked. It shows on the household's and the person's calendars.",
        "booking_form",
        form,
    )


@require_POST
@staff_required
def booking_cancel(request, pk):
    booking = get_object_or_404(Booking.objects.for_user(request.user).select_related("arrangement"), pk=pk)
    form = CancelBookingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the booking is cancelled.")
        return redirect(booking.arrangement)
    return _run(
        request,
        booking.arrangement,
        lambda: services.booking_cancel(
            booking_id=booking.pk, by=request.user, reason=form.cleaned_data["reason"]
        ),
        "Booking cancelled. The place is free again.",
    )


def _month(year, month):
    try:
        return cal.month_bounds(int(year), int(month))
    except ValueError as e:
        raise Http404 from e


@staff_required
def household_calendar(request, pk, year=None, month=None):
    household = get_household_for_user(request.user, pk)
    today = timezone.localdate()
    first, last = _month(year or today.year, month or today.month)
    bookings = list(
        Booking.objects.current()
        .filter(household=household, starts_on__lte=last, ends_on__gte=first)
        .select_related("arrangement__person")
    )
    stays = list(
        Arrangement.objects.live()
        .filter(household=household, support_type__in=CONTINUOUS_TYPES, start_date__lte=last)
        .exclude(end_date__lte=first)
        .select_related("person")
    )
    away = list(Availability.objects.filter(household=household, starts_on__lte=last, ends_on__gte=first))
    weeks = cal.grid(
        first.year,
        first.month,
        occupancy=places.occupancy(household.pk, first, last),
        bookings=bookings,
        arrangements=stays,
        away_periods=away,
    )
    previous, following = cal.neighbours(first.year, first.month)
    return render(
        request,
        "arrangements/arrangements/calendar.html",
        {
            "subject": household.name,
            "household": household,
            "places": places.places_of(household),
            "weeks": weeks,
            "first": first,
            "previous": previous,
            "following": following,
            "url_name": "arrangements:household_calendar",
            "pk": household.pk,
        },
    )


@staff_required
def person_calendar(request, pk, year=None, month=None):
    person = get_person_for_user(request.user, pk)
    today = timezone.localdate()
    first, last = _month(year or today.year, month or today.month)
    bookings = list(
        Booking.objects.current()
        .filter(arrangement__person=person, starts_on__lte=last, ends_on__gte=first)
        .select_related("arrangement__person", "household")
    )
    stays = list(
        Arrangement.objects.live()
        .filter(person=person, support_type__in=CONTINUOUS_TYPES, start_date__lte=last)
        .exclude(end_date__lte=first)
        .select_related("person", "household")
    )
    weeks = cal.grid(first.year, first.month, occupancy={}, bookings=bookings, arrangements=stays)
    previous, following = cal.neighbours(first.year, first.month)
    return render(
        request,
        "arrangements/arrangements/calendar.html",
        {
            "subject": person.full_name,
            "person": person,
            "weeks": weeks,
            "first": first,
            "previous": previous,
            "following": following,
            "url_name": "arrangements:person_calendar",
            "pk": person.pk,
        },
    )


def _own_arrangements(user):
    return (
        Arrangement.objects.for_user(user)
        .select_related("person", "household", "payment_band")
        .prefetch_related("household__carers")
        .order_by("-start_date")
    )


def _upcoming_bookings(user, today: date):
    return (
        Booking.objects.for_user(user)
        .current()
        .filter(ends_on__gte=today)
        .select_related("arrangement__person", "household")
        .order_by("starts_on")[:50]
    )


@kind_required(User.Kind.CARER)
def carer_arrangements(request):
    today = timezone.localdate()
    return render(
        request,
        "arrangements/arrangements/own.html",
        {
            "arrangements": _own_arrangements(request.user),
            "bookings": _upcoming_bookings(request.user, today),
            "portal": "carer",
        },
    )


@kind_required(User.Kind.FAMILY)
def family_arrangements(request):
    today = timezone.localdate()
    return render(
        request,
        "arrangements/arrangements/own.html",
        {
            "arrangements": _own_arrangements(request.user),
            "bookings": _upcoming_bookings(request.user, today),
            "portal": "family",
        },
    )
