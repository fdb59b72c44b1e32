"""Every way an arrangement or a booking changes. Each locks the household row before counting places."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from carers.models import APPROVED_STATUSES, Household
from sharedlives.accounts.models import User

from .. import places
from ..models import (
    BOOKED_TYPES,
    CONTINUOUS_TYPES,
    LIVE_ARRANGEMENT_STATUSES,
    Arrangement,
    ArrangementStatus,
    ArrangementTransition,
    Booking,
    PaymentBand,
)
from ..models import ArrangementStatus as S
from .errors import ArrangementError

ARRANGEMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PLANNED: (S.ACTIVE, S.ENDED),
    S.ACTIVE: (S.PAUSED, S.ENDING, S.ENDED),
    S.PAUSED: (S.ACTIVE, S.ENDING, S.ENDED),
    S.ENDING: (S.ACTIVE, S.ENDED),
    S.ENDED: (),
}


def _ensure_staff(scheme_id: int, by: User) -> None:
    if scheme_id not in by.staff_scheme_ids:
        raise ArrangementError("Only staff of this scheme can do that.")


def _lock(arrangement_id: int) -> Arrangement:
    return (
        Arrangement.objects.select_for_update().select_related("person", "household").get(pk=arrangement_id)
    )


def _move(arrangement: Arrangement, to: str, *, by: User, reason: str = "", fields=()) -> Arrangement:
    allowed = ARRANGEMENT_TRANSITIONS[arrangement.status]
    if to not in allowed:
        current = arrangement.get_status_display().lower()
        if not allowed:
            raise ArrangementError(f"This arrangement has {current}; it cannot change any more.")
        raise ArrangementError(
            f"An arrangement that is {current} cannot become {ArrangementStatus(to).label.lower()}. "
            f"It can become: {', '.join(ArrangementStatus(s).label.lower() for s in allowed)}."
        )
    ArrangementTransition.objects.create(
        arrangement=arrangement, from_status=arrangement.status, to_status=to, by=by, reason=reason
    )
    arrangement.status = to
    arrangement.save(update_fields=["status", *fields])
    return arrangement


def _ensure_places(household: Household, first_day: date, last_day: date, *, what: str) -> None:
    """Refuse, in words, if one more person would exceed the household's places on any day."""
    approved = places.places_of(household)
    day, people = places.peak(household.pk, first_day, last_day)
    if people + 1 > approved:
        raise ArrangementError(
            f"{household.name} has no free place on {day:%d %B %Y}: {people} of {approved} "
            f"place{'s' if approved != 1 else ''} already taken, so {what} cannot be added."
        )


@transaction.atomic
def arrangement_create(
    *, scheme_id: int, person, household_id: int, support_type: str, start_date: date, by: User, proposal=None
) -> Arrangement:
    """A new planned arrangement, once both sides have agreed to it (the caller has checked that).

    Refused unless the household may be matched and, for a continuous arrangement, has a free place
    over its first year, and the person has no overlapping arrangement of the same kind. The
    household row is locked, so two confirmations cannot both take its last place.
    """
    _ensure_staff(scheme_id, by)
    household = Household.objects.select_for_update().get(pk=household_id)
    if not household.is_matchable():
        raise ArrangementError(f"{household.name} cannot take anyone now: check their approval and checks.")
    if support_type in CONTINUOUS_TYPES:
        approved = places.places_of(household)
        _day, people = places.peak(household.pk, *places.continuous_window(start_date))
        if people >= approved:
            raise ArrangementError(f"{household.name} has no free place from {start_date:%d %B %Y}.")
    overlapping = (
        Arrangement.objects.filter(
            person_id=person.pk, support_type=support_type, status__in=LIVE_ARRANGEMENT_STATUSES
        )
        .exclude(end_date__lt=start_date)
        .exists()
    )
    if overlapping:
        raise ArrangementError(f"{person.known_as} already has an arrangement of this kind at that time.")
    return Arrangement.objects.create(
        scheme_id=scheme_id,
        proposal=proposal,
        person=person,
        household=household,
        support_type=support_type,
        start_date=start_date,
        created_by=by,
    )


@transaction.atomic
def arrangement_start(*, arrangement_id: int, by: User, on: date | None = None) -> Arrangement:
    """The person has moved in or the support has begun."""
    arrangement = _lock(arrangement_id)
    _ensure_staff(arrangement.scheme_id, by)
    if arrangement.start_date > (on or timezone.localdate()):
        raise ArrangementError(
            f"This arrangement starts on {arrangement.start_date:%d %B %Y}; mark it active then."
        )
    return _move(arrangement, S.ACTIVE, by=by)


@transaction.atomic
def arrangement_pause(*, arrangement_id: int, by: User, reason: str) -> Arrangement:
    arrangement = _lock(arrangement_id)
    _ensure_staff(arrangement.scheme_id, by)
    if not reason.strip():
        raise ArrangementError("Say why the arrangement is paused.")
    return _move(arrangement, S.PAUSED, by=by, reason=reason)


@transaction.atomic
def arrangement_resume(*, arrangement_id: int, by: User) -> Arrangement:
    arrangement = _lock(arrangement_id)
    _ensure_staff(arrangement.scheme_id, by)
    if arrangement.status == S.ENDING:
        arrangement.end_date = None
        arrangement.notice_given_on = None
        arrangement.end_reason = ""
        return _move(
            arrangement,
            S.ACTIVE,
            by=by,
            reason="Notice withdrawn.",
            fields=("end_date", "notice_given_on", "end_reason"),
        )
    return _move(arrangement, S.ACTIVE, by=by)


@transaction.atomic
def arrangement_give_notice(
    *,
    arrangement_id: int,
    by: User,
    end_date: date,
    end_reason: str,
    note: str = "",
    notice_on: date | None = None,
) -> Arrangement:
    """Notice is given: the arrangement is ending on `end_date` (the leaving day)."""
    arrangement = _lock(arrangement_id)
    _ensure_staff(arrangement.scheme_id, by)
    if end_date <= arrangement.start_date:
        raise ArrangementError("The end date must be after the start date.")
    arrangement.end_date = end_date
    arrangement.notice_given_on = notice_on or timezone.localdate()
    arrangement.end_reason = end_reason
    return _move(
        arrangement, S.ENDING, by=by, reason=note, fields=("end_date", "notice_given_on", "end_reason")
    )


@transaction.atomic
def arrangement_end(
    *, arrangement_id: int, by: User, end_reason: str, end_date: date | None = None, note: str = ""
) -> Arrangement:
    """The arrangement has ended (or, never started, will not happen). Bookings from the end date on
    are cancelled; nights of a stay that runs past the end are not counted (see `booked_days`)."""
    arrangement = _lock(arrangement_id)
    _ensure_staff(arrangement.scheme_id, by)
    if not end_reason:
        raise ArrangementError("Say why the arrangement ended.")
    end_date = end_date or arrangement.end_date or timezone.localdate()
    return _end(
        arrangement,
        by=by,
        end_date=end_date,
        end_reason=end_reason,
        note=note,
        cancel_reason="The arrangement ended.",
    )


@transaction.atomic
def arrangement_withdraw(*, arrangement_id: int, by: User, end_reason: str) -> Arrangement:
    """A side withdrew its yes before the start: the planned arrangement will not happen, and every
    booking it had is cancelled. Who may withdraw is the consent rule's to decide (the proposal
    service calls this after checking it), so this does not ask for staff."""
    arrangement = _lock(arrangement_id)
    if arrangement.status != S.PLANNED:
        raise ArrangementError("The arrangement has started; ending it is done from the arrangement.")
    return _end(
        arrangement,
        by=by,
        end_date=arrangement.start_date,
        end_reason=end_reason,
        note="A yes was withdrawn before the start.",
        cancel_reason="A yes was withdrawn before the start.",
    )


def _end(
    arrangement: Arrangement, *, by: User, end_date: date, end_reason: str, note: str, cancel_reason: str
) -> Arrangement:
    arrangement.end_date = max(end_date, arrangement.start_date)
    arrangement.end_reason = end_reason
    _move(arrangement, S.ENDED, by=by, reason=note, fields=("end_date", "end_reason"))
    arrangement.bookings.active().filter(starts_on__gte=arrangement.end_date).update(
        cancelled_at=timezone.now(), cancelled_by=by, cancel_reason=cancel_reason
    )
    return arrangement


@transaction.atomic
def arrangement_update(
    *, arrangement_id: int, by: User, funder: str, funding_reference: str, payment_band: PaymentBand | None
) -> Arrangement:
    """Funding and payment band: what the carers are paid, and who pays."""
    arrangement = _lock(arrangement_id)
    _ensure_staff(arrangement.scheme_id, by)
    if payment_band is not None and payment_band.scheme_id != arrangement.scheme_id:
        raise ArrangementError("Choose a payment band of this arrangement's scheme.")
    arrangement.funder = funder
    arrangement.funding_reference = funding_reference
    arrangement.payment_band = payment_band
    arrangement.save(update_fields=["funder", "funding_reference", "payment_band"])
    return arrangement


@transaction.atomic
def arrangement_extend(*, arrangement_id: int, by: User, end_date: date | None) -> Arrangement:
    """Move the planned end later (or remove it). Refused if the household has no place for the extra days."""
    arrangement = _lock(arrangement_id)
    _ensure_staff(arrangement.scheme_id, by)
    if not arrangement.is_live:
        raise ArrangementError("Only a live arrangement can be extended.")
    household = Household.objects.select_for_update().get(pk=arrangement.household_id)
    old_end = arrangement.end_date
    if end_date is not None and end_date <= arrangement.start_date:
        raise ArrangementError("The end date must be after the start date.")
    if arrangement.is_continuous and old_end is not None and (end_date is None or end_date > old_end):
        horizon = end_date or old_end + timedelta(days=366)
        _ensure_places(household, old_end, horizon - timedelta(days=1), what="the longer stay")
    arrangement.end_date = end_date
    arrangement.save(update_fields=["end_date"])
    return arrangement


@transaction.atomic
def booking_create(
    *,
    arrangement_id: int,
    by: User,
    starts_on: date,
    ends_on: date | None = None,
    session: str = "",
    note: str = "",
) -> Booking:
    """Book a short-break stay (nights from starts_on to the night before ends_on) or a day-support session.

    Locks the household row, then refuses, in words, a booking in an availability gap or one that
    would take the household past its approved places on any night or day.
    """
    arrangement = _lock(arrangement_id)
    _ensure_staff(arrangement.scheme_id, by)
    if arrangement.support_type not in BOOKED_TYPES:
        raise ArrangementError("Only short-break and day-support arrangements take bookings.")
    if arrangement.status not in LIVE_ARRANGEMENT_STATUSES:
        raise ArrangementError("This arrangement has ended; it cannot take bookings.")
    if session:
        ends_on = starts_on
        first_day = last_day = starts_on
    else:
        if ends_on is None or ends_on <= starts_on:
            raise ArrangementError("A stay must end at least one night after it starts.")
        first_day, last_day = starts_on, ends_on - timedelta(days=1)
    if first_day < arrangement.start_date or (arrangement.end_date and last_day >= arrangement.end_date):
        raise ArrangementError("The booking must fall within the arrangement's dates.")
    household = Household.objects.select_for_update().get(pk=arrangement.household_id)
    if household.status not in APPROVED_STATUSES:
        raise ArrangementError(
            f"{household.name} is {household.get_status_display().lower()}: they cannot take new bookings."
        )
    clash = (
        arrangement.bookings.active()
        .filter(starts_on__lte=last_day)
        .filter(Q(session="", ends_on__gt=first_day) | (~Q(session="") & Q(starts_on__gte=first_day)))
        .first()
    )
    if clash:
        raise ArrangementError(f"{arrangement.person.known_as} is already booked then ({clash}).")
    away = places.away_between(household.pk, first_day, last_day)
    if away:
        raise ArrangementError(
            f"{household.name} is not available from {away.starts_on:%d %B} to {away.ends_on:%d %B %Y} "
            f"({away.get_reason_display().lower()})."
        )
    _ensure_places(household, first_day, last_day, what="this booking")
    return Booking.objects.create(
        arrangement=arrangement,
        household=household,
        starts_on=starts_on,
        ends_on=ends_on,
        session=session,
        note=note,
        created_by=by,
    )


@transaction.atomic
def booking_cancel(*, booking_id: int, by: User, reason: str) -> Booking:
    booking = Booking.objects.select_for_update().select_related("arrangement").get(pk=booking_id)
    _ensure_staff(booking.arrangement.scheme_id, by)
    if booking.cancelled_at:
        raise ArrangementError("This booking is already cancelled.")
    if not reason.strip():
        raise ArrangementError("Say why the booking is cancelled.")
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = by
    booking.cancel_reason = reason
    booking.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    return booking
