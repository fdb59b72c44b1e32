"""Payment bands (what a scheme pays its carers) and agreements (when each was issued and signed)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sharedlives.accounts.models import Scheme, User
from sharedlives.choices import SupportType

from ..models import (
    RATES_FROM_THE_START,
    Agreement,
    AgreementKind,
    Arrangement,
    PaymentBand,
    PaymentRate,
    PaymentUnit,
    rate_in_force,
)
from .errors import ArrangementError

MAX_UPLIFT = Decimal("100")


# --- Payment bands -------------------------------------------------------------------------------
def _ensure_manager(scheme_id: int, by: User) -> None:
    if not by.is_manager_of(scheme_id):
        raise ArrangementError("Only a manager of this scheme can change its payment bands.")


def _check_band(
    *,
    scheme_id: int,
    name: str,
    unit: str,
    amount: Decimal,
    uplift_percent: Decimal,
    board_lodging_weekly: Decimal,
    band_id: int | None = None,
) -> str:
    """Refuse, in words, a band the statements could not use. Returns the tidied name."""
    name = name.strip()
    if not name:
        raise ArrangementError("Give the band a name.")
    if unit not in PaymentUnit.values:
        raise ArrangementError("Choose whether the band pays per week, per night or per session.")
    if amount < 0:
        raise ArrangementError("The amount cannot be negative.")
    if not 0 <= uplift_percent <= MAX_UPLIFT:
        raise ArrangementError("The uplift must be between 0% and 100%.")
    if board_lodging_weekly < 0:
        raise ArrangementError("The board and lodging deduction cannot be negative.")
    if board_lodging_weekly and unit != PaymentUnit.WEEK:
        raise ArrangementError(
            "A board and lodging deduction is for long-term (live-in) bands, which pay per week."
        )
    if board_lodging_weekly > amount:
        raise ArrangementError("The board and lodging deduction cannot be more than the weekly amount.")
    same_name = PaymentBand.objects.filter(scheme_id=scheme_id, name__iexact=name).exclude(pk=band_id)
    if same_name.exists():
        raise ArrangementError(f"This scheme already has a band called “{name}”. Choose another name.")
    return name


def earliest_rate_change(today: date | None = None) -> date:
    """The earliest day a rate change may apply from: the first of this month. A month already
    past keeps the rates it was worked out with."""
    today = today or timezone.localdate()
    return today.replace(day=1)


def _set_rate(band: PaymentBand, *, effective_from: date, amounts: dict) -> PaymentRate | None:
    """The band's rate from `effective_from`: added, or (if one already starts that day) changed.
    Nothing is written when the rate in force that day already has these amounts."""
    rates = list(band.rates.all())
    in_force = rate_in_force(rates, effective_from)
    if in_force is not None and all(getattr(in_force, f) == v for f, v in amounts.items()):
        return None
    rate, _ = PaymentRate.objects.update_or_create(band=band, effective_from=effective_from, defaults=amounts)
    return rate


@transaction.atomic
def payment_band_create(
    *,
    scheme_id: int,
    by: User,
    name: str,
    unit: str,
    amount: Decimal,
    uplift_percent: Decimal = Decimal("0"),
    board_lodging_weekly: Decimal = Decimal("0"),
    is_active: bool = True,
) -> PaymentBand:
    """A new band for the scheme, its amounts holding from the start (no month has been paid on
    it yet). Managers of the scheme only; names are unique within a scheme."""
    _ensure_manager(scheme_id, by)
    # Two managers adding the same name at once: the second waits, then sees the first.
    Scheme.objects.select_for_update().get(pk=scheme_id)
    name = _check_band(
        scheme_id=scheme_id,
        name=name,
        unit=unit,
        amount=amount,
        uplift_percent=uplift_percent,
        board_lodging_weekly=board_lodging_weekly,
    )
    band = PaymentBand.objects.create(scheme_id=scheme_id, name=name, unit=unit, is_active=is_active)
    PaymentRate.objects.create(
        band=band,
        effective_from=RATES_FROM_THE_START,
        amount=amount,
        uplift_percent=uplift_percent,
        board_lodging_weekly=board_lodging_weekly,
    )
    return band


@transaction.atomic
def payment_band_update(
    *,
    band_id: int,
    by: User,
    name: str,
    unit: str,
    amount: Decimal,
    uplift_percent: Decimal,
    board_lodging_weekly: Decimal,
    is_active: bool,
    effective_from: date,
) -> PaymentBand:
    """Change a band. New amounts apply from `effective_from`, which may not be in a month already
    past, and hold until the band's next rate: statements use the rate in force on each day, so
    months already paid never change. Its unit cannot change once arrangements use it: days would
    suddenly be counted as nights or sessions.
    """
    band = PaymentBand.objects.select_for_update().get(pk=band_id)
    _ensure_manager(band.scheme_id, by)
    Scheme.objects.select_for_update().get(pk=band.scheme_id)
    name = _check_band(
        scheme_id=band.scheme_id,
        name=name,
        unit=unit,
        amount=amount,
        uplift_percent=uplift_percent,
        board_lodging_weekly=board_lodging_weekly,
        band_id=band.pk,
    )
    earliest = earliest_rate_change()
    if effective_from < earliest:
        raise ArrangementError(
            f"A change cannot reach back into a month already past: choose {earliest:%-d %B %Y} or later."
        )
    if unit != band.unit:
        in_use = Arrangement.objects.filter(payment_band=band).count()
        if in_use:
            raise ArrangementError(
                f"{in_use} arrangement{'s use' if in_use != 1 else ' uses'} this band, so it must stay "
                f"{band.get_unit_display().lower()}. Add a new band instead."
            )
    band.name = name
    band.unit = unit
    band.is_active = is_active
    band.save()
    _set_rate(
        band,
        effective_from=effective_from,
        amounts={
            "amount": amount,
            "uplift_percent": uplift_percent,
            "board_lodging_weekly": board_lodging_weekly,
        },
    )
    return band


# --- Agreements ----------------------------------------------------------------------------------
LICENCE_KINDS = (AgreementKind.LICENCE, AgreementKind.LICENCE_EASY_READ)


def agreement_kinds_for(arrangement: Arrangement) -> list[str]:
    """Every arrangement has an arrangement agreement; live-in (long-term) ones a licence too."""
    if arrangement.support_type == SupportType.LONG_TERM:
        return [AgreementKind.ARRANGEMENT, *LICENCE_KINDS]
    return [AgreementKind.ARRANGEMENT]


def _ensure_staff(scheme_id: int, by: User) -> None:
    if scheme_id not in by.staff_scheme_ids:
        raise ArrangementError("Only staff of this scheme can record agreements.")


def _lock_for_agreement(arrangement_id: int, kind: str, by: User) -> Arrangement:
    # The arrangement row is the lock: two clicks on "issued" make one agreement row, not two.
    arrangement = Arrangement.objects.select_for_update().get(pk=arrangement_id)
    _ensure_staff(arrangement.scheme_id, by)
    if kind not in agreement_kinds_for(arrangement):
        if kind in LICENCE_KINDS:
            raise ArrangementError("A licence agreement is only for long-term (live-in) arrangements.")
        raise ArrangementError("There is no such agreement.")
    return arrangement


def _not_in_future(day: date, what: str) -> None:
    if day > timezone.localdate():
        raise ArrangementError(f"The {what} date cannot be in the future.")


@transaction.atomic
def agreement_issue(*, arrangement_id: int, kind: str, by: User, issued_on: date) -> Agreement:
    """Record that the agreement was given to the carers and the person (or sent again, with a new
    date, until it is signed). Refused once signed, and for an arrangement that has ended.
    """
    arrangement = _lock_for_agreement(arrangement_id, kind, by)
    _not_in_future(issued_on, "issue")
    agreement = Agreement.objects.filter(arrangement=arrangement, kind=kind).first()
    if agreement and agreement.signed_on:
        raise ArrangementError(
            f"This agreement was signed on {agreement.signed_on:%d %B %Y}; it cannot be issued again."
        )
    if arrangement.status == Arrangement.Status.ENDED:
        raise ArrangementError("This arrangement has ended; no agreement can be issued for it now.")
    if agreement is None:
        return Agreement.objects.create(
            arrangement=arrangement, kind=kind, issued_on=issued_on, recorded_by=by
        )
    agreement.issued_on = issued_on
    agreement.recorded_by = by
    agreement.save(update_fields=["issued_on", "recorded_by"])
    return agreement


@transaction.atomic
def agreement_sign(*, arrangement_id: int, kind: str, by: User, signed_on: date) -> Agreement:
    """Record that everyone has signed. Only after it was issued, on or after the issue date, once."""
    _lock_for_agreement(arrangement_id, kind, by)
    _not_in_future(signed_on, "signing")
    agreement = Agreement.objects.filter(arrangement_id=arrangement_id, kind=kind).first()
    if agreement is None or agreement.issued_on is None:
        raise ArrangementError("Record when the agreement was issued before recording that it was signed.")
    if agreement.signed_on:
        raise ArrangementError(
            f"This agreement is already recorded as signed on {agreement.signed_on:%d %B %Y}."
        )
    if signed_on < agreement.issued_on:
        raise ArrangementError(
            f"It cannot have been signed before it was issued on {agreement.issued_on:%d %B %Y}."
        )
    agreement.signed_on = signed_on
    agreement.recorded_by = by
    agreement.save(update_fields=["signed_on", "recorded_by"])
    return agreement
