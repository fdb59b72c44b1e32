"""Payments statements: what a carer household is due for one calendar month.

The rule (shown on the statement page in the same words, see RULE):

- **Per week** bands: each day the arrangement covers in the month (from the start date up to,
  not including, the leaving day) is one seventh of the weekly amount.
- **Per night** bands: each night of a booked stay in the month (the night before the leaving day
  is the last), cancelled bookings left out.
- **Per session** bands: each booked session in the month; a full day is one session.
- **Uplift**: on each day or night when the household supports more than one person, the band's
  uplift percentage of that day's, night's or session's amount is added.
- **Board and lodging** (long-term, live-in arrangements only): one seventh of the band's weekly
  deduction for each day covered, taken off.
- **Rates have dates**: a band's amounts (`PaymentRate`) hold from their date until the next; each
  day, night or session is paid at the rate in force on it, one line per rate, so raising a band
  from next month leaves every month already past as it was.

Money is Decimal throughout, never float. Every amount on a line is rounded once, to the penny,
with ROUND_HALF_UP (half a penny rounds up), from the exact product: for example a week band's
gross is `round(days x amount / 7)`, not `days x round(amount / 7)`. Totals are sums of the
rounded lines, so the lines of a statement always add up to its totals.

People per day are counted from the same rows the statement reads, by their dates, whatever the
arrangement's status now. `capacity.occupancy` (the database's count for refusing bookings) counts
live arrangements only, so an arrangement that has since ended would vanish from it and quietly
take the uplift off months already paid.

`household_statements` runs two queries whatever the number of arrangements, bookings or months;
`build_statement` does the arithmetic on rows already loaded and runs none.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, OuterRef
from django.db.models.functions import Cast, JSONObject

from carers.models import Household
from sharedlives.choices import SupportType

from .models import (
    CONTINUOUS_TYPES,
    Arrangement,
    Booking,
    PaymentBand,
    PaymentRate,
    PaymentUnit,
    rate_in_force,
)

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
DAYS_IN_WEEK = 7
HUNDRED = 100

RULE = (
    "Per week: each day the person lives with you counts as one seventh of the weekly amount "
    "(the day they leave is not counted). Per night: each night of a short break counts once "
    "(the night before they leave is the last). Per session: each morning, afternoon or full-day "
    "session counts once; a full day is one session. On any day or night when you support more "
    "than one person, the band's uplift percentage of that day's amount is added. For long-term "
    "(live-in) arrangements the board and lodging deduction, one seventh of the weekly deduction "
    "for each day, is taken off. Each amount on a line is rounded to the nearest penny (half a "
    "penny rounds up); the totals add up the lines. A band's amounts hold from a date: each day is "
    "paid at the amounts in force that day, so a change splits the month into one line per rate, and "
    "never changes a month already past."
)


def to_pennies(value: Decimal) -> Decimal:
    """Round to the penny, half a penny up. The only rounding a statement does."""
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12 or not 2000 <= self.year <= 2100:
            raise ValueError(f"No such month: {self.year}-{self.month}")

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.following.first - timedelta(days=1)

    @property
    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    @property
    def following(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def label(self) -> str:
        return f"{self.first:%B %Y}"

    @property
    def mm(self) -> str:
        """The month zero-padded, for URLs like /2030/01/."""
        return f"{self.month:02d}"

    @property
    def url_args(self) -> tuple[int, str]:
        return (self.year, self.mm)

    @property
    def slug(self) -> str:
        """For file names: 2030-01."""
        return f"{self.year}-{self.month:02d}"

    def __str__(self):
        return self.label


UNIT_WORDS = {
    PaymentUnit.WEEK: ("day", "days"),
    PaymentUnit.NIGHT: ("night", "nights"),
    PaymentUnit.SESSION: ("session", "sessions"),
}


def _count(n: int, unit: str) -> str:
    one, many = UNIT_WORDS[unit]
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class StatementLine:
    """One arrangement's money for the month. `deduction` is a positive amount that is taken off."""

    arrangement: Arrangement
    band: PaymentBand
    rate_in_force: PaymentRate  # the band's rate on every unit of this line
    quantity: int  # days (per-week bands), nights or sessions
    uplift_quantity: int  # how many of those fell on a day or night with more than one person
    deduction_days: int
    gross: Decimal
    uplift: Decimal
    deduction: Decimal
    units: tuple[date, ...] = ()
    split: bool = False  # the month is split between two or more rates of the band

    @property
    def unit(self) -> str:
        return self.band.unit

    @property
    def rate(self) -> Decimal:
        return self.rate_in_force.amount

    @property
    def uplift_percent(self) -> Decimal:
        return self.rate_in_force.uplift_percent

    @property
    def board_lodging_weekly(self) -> Decimal:
        return self.rate_in_force.board_lodging_weekly

    @property
    def first_day(self) -> date:
        return self.units[0]

    @property
    def last_day(self) -> date:
        return self.units[-1]

    @property
    def net(self) -> Decimal:
        return self.gross + self.uplift - self.deduction

    @property
    def quantity_unit(self) -> str:
        """What the quantity counts: day (per-week bands), night or session."""
        return UNIT_WORDS[self.unit][0]

    @property
    def quantity_label(self) -> str:
        return _count(self.quantity, self.unit)

    @property
    def uplift_label(self) -> str:
        if not self.uplift_quantity:
            return ""
        return f"{self.uplift_percent.normalize():f}% on {_count(self.uplift_quantity, self.unit)}"

    @property
    def deduction_label(self) -> str:
        return _count(self.deduction_days, PaymentUnit.WEEK) if self.deduction_days else ""


@dataclass
class Statement:
    household: Household
    month: Month
    lines: list[StatementLine] = field(default_factory=list)
    unbanded: list[Arrangement] = field(default_factory=list)  # arrangements in the month with no band yet

    @property
    def gross(self) -> Decimal:
        return sum((line.gross for line in self.lines), ZERO)

    @property
    def uplift(self) -> Decimal:
        return sum((line.uplift for line in self.lines), ZERO)

    @property
    def deduction(self) -> Decimal:
        return sum((line.deduction for line in self.lines), ZERO)

    @property
    def net(self) -> Decimal:
        return self.gross + self.uplift - self.deduction

    @property
    def is_empty(self) -> bool:
        return not self.lines and not self.unbanded


def _covered_days(arrangement: Arrangement, first: date, last: date) -> list[date]:
    """Days from the start up to the day before leaving, within first..last."""
    start = max(arrangement.start_date, first)
    end = last if arrangement.end_date is None else min(last, arrangement.end_date - timedelta(days=1))
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _booked_units(
    bookings: Iterable[Booking], arrangement: Arrangement, first: date, last: date
) -> list[date]:
    """One entry per night of a stay, or per session, within first..last and within the
    arrangement's dates (a day may appear twice)."""
    return [day for booking in bookings for day in booking.days_within(arrangement) if first <= day <= last]


def _people_per_day(arrangements, bookings, first: date, last: date) -> Counter:
    """How many people the household supports on each day: the arrangements present, each once."""
    present: dict[date, set[int]] = defaultdict(set)
    by_id = {a.pk: a for a in arrangements}
    for arrangement in arrangements:
        if arrangement.support_type in CONTINUOUS_TYPES:
            for day in _covered_days(arrangement, first, last):
                present[day].add(arrangement.pk)
    for booking in bookings:
        arrangement = by_id.get(booking.arrangement_id)
        if arrangement is None:
            continue
        for day in booking.days_within(arrangement):
            if first <= day <= last:
                present[day].add(booking.arrangement_id)
    return Counter({day: len(ids) for day, ids in present.items()})


def _line(arrangement: Arrangement, rate: PaymentRate, units: list[date], people: Counter) -> StatementLine:
    band = arrangement.payment_band
    quantity = len(units)
    shared = sum(1 for day in units if people[day] > 1)
    # Each line is one exact product, rounded once: per week, a day is amount / 7.
    per = DAYS_IN_WEEK if band.unit == PaymentUnit.WEEK else 1
    gross = to_pennies(quantity * rate.amount / per)
    uplift = to_pennies(shared * rate.amount * rate.uplift_percent / (per * HUNDRED))
    deduction_days = 0
    deduction = ZERO
    if arrangement.support_type == SupportType.LONG_TERM and rate.board_lodging_weekly:
        deduction_days = quantity  # long-term is continuous: its units are the days covered
        deduction = to_pennies(deduction_days * rate.board_lodging_weekly / DAYS_IN_WEEK)
    return StatementLine(
        arrangement=arrangement,
        band=band,
        rate_in_force=rate,
        quantity=quantity,
        uplift_quantity=shared,
        deduction_days=deduction_days,
        gross=gross,
        uplift=uplift,
        deduction=deduction,
        units=tuple(sorted(units)),
    )


def _lines(arrangement: Arrangement, units: list[date], people: Counter) -> tuple[list[StatementLine], bool]:
    """One line per rate of the band in force over `units`: a change mid-month splits the month.
    Also whether some units fell before any rate of the band (those are left for staff to sort)."""
    rates = band_rates(arrangement)
    by_rate: dict[date, list[date]] = defaultdict(list)
    in_force: dict[date, PaymentRate] = {}
    unrated = False
    for day in units:
        rate = rate_in_force(rates, day)
        if rate is None:
            unrated = True
            continue
        by_rate[rate.effective_from].append(day)
        in_force[rate.effective_from] = rate
    lines = [_line(arrangement, in_force[start], days, people) for start, days in sorted(by_rate.items())]
    if len(lines) > 1:
        lines = [replace(line, split=True) for line in lines]
    return lines, unrated


# The band's rates, read in the arrangements' own query (see household_statements): no query more.
RATE_FIELDS = ("amount", "uplift_percent", "board_lodging_weekly")
BAND_RATES = ArraySubquery(
    PaymentRate.objects.filter(band=OuterRef("payment_band_id"))
    .order_by("effective_from")
    .values(
        json=JSONObject(
            effective_from="effective_from", **{f: Cast(f, output_field=CharField()) for f in RATE_FIELDS}
        )
    )
)


def band_rates(arrangement: Arrangement) -> list[PaymentRate]:
    """The arrangement's band's rates: from the `band_rates` annotation when the query made one,
    else from the band (one query)."""
    rows = getattr(arrangement, "band_rates", None)
    if rows is None:
        return list(arrangement.payment_band.rates.all())
    return [
        PaymentRate(
            band_id=arrangement.payment_band_id,
            effective_from=date.fromisoformat(row["effective_from"]),
            **{f: Decimal(row[f]) for f in RATE_FIELDS},
        )
        for row in rows
    ]


def build_statement(
    household: Household, month: Month, arrangements: Iterable[Arrangement], bookings: Iterable[Booking]
) -> Statement:
    """The statement for one month from rows already loaded (no queries).

    `arrangements` are the household's arrangements (any status) with `person` and `payment_band`
    loaded; `bookings` its bookings that are not cancelled. Rows outside the month are ignored.
    """
    first, last = month.first, month.last
    arrangements = [
        a for a in arrangements if a.start_date <= last and (a.end_date is None or a.end_date > first)
    ]
    bookings = [b for b in bookings if b.cancelled_at is None]
    people = _people_per_day(arrangements, bookings, first, last)
    by_arrangement: dict[int, list[Booking]] = defaultdict(list)
    for booking in bookings:
        by_arrangement[booking.arrangement_id].append(booking)

    statement = Statement(household=household, month=month)
    for arrangement in sorted(arrangements, key=lambda a: (a.start_date, a.pk)):
        if arrangement.support_type in CONTINUOUS_TYPES:
            units = _covered_days(arrangement, first, last)
        else:
            units = _booked_units(by_arrangement[arrangement.pk], arrangement, first, last)
        if not units:
            continue
        if arrangement.payment_band is None:
            statement.unbanded.append(arrangement)
            continue
        lines, unrated = _lines(arrangement, units, people)
        statement.lines.extend(lines)
        if unrated:
            statement.unbanded.append(arrangement)
    return statement


def household_statements(household: Household, months: list[Month]) -> list[Statement]:
    """Statements for `months`, in the order given. Two queries, however many rows or months."""
    if not months:
        return []
    first = min(m.first for m in months)
    last = max(m.last for m in months)
    arrangements = list(
        Arrangement.objects.filter(household=household, start_date__lte=last)
        .exclude(end_date__lte=first)
        .select_related("person", "payment_band")
        .annotate(band_rates=BAND_RATES)
    )
    bookings = list(
        Booking.objects.active().filter(household=household, starts_on__lte=last, ends_on__gte=first)
    )
    return [build_statement(household, month, arrangements, bookings) for month in months]


def household_statement(household: Household, month: Month) -> Statement:
    return household_statements(household, [month])[0]
