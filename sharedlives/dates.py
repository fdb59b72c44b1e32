"""Date arithmetic that several apps need, defined once."""

import calendar
import functools
from datetime import date, timedelta

import holidays


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier, when negative); the month's last day when it has no
    such day (31 January + 1 = 28 February; 29 February + 12 = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The bank holidays of each UK nation, by the `holidays` package's subdivision codes.
NATIONS = ("ENG", "SCT", "WLS", "NIR")


@functools.cache
def _bank_holidays(nation: str, year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv=nation, years=year))


def is_working_day(day: date, nation: str = "ENG") -> bool:
    """Monday to Friday, not a bank holiday in `nation`."""
    return day.weekday() < 5 and day not in _bank_holidays(nation, day.year)


def add_working_days(day: date, days: int, nation: str = "ENG") -> date:
    """The working day `days` working days after `day` (a complaint received on a Friday with a
    target of 3 working days is due on Wednesday; bank holidays of the nation do not count)."""
    if days < 0:
        raise ValueError("Count working days forwards only.")
    while days:
        day += timedelta(days=1)
        if is_working_day(day, nation):
            days -= 1
    return day


def working_days_between(first: date, last: date, nation: str) -> int:
    """The working days after `first` up to and including `last`: a concern referred the day it was
    raised took 0, one referred the next working day 1 (so that add_working_days(d, n) is n days on)."""
    days, day = 0, first
    while day < last:
        day += timedelta(days=1)
        days += is_working_day(day, nation)
    return days
