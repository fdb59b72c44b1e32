"""Date arithmetic that several apps need, defined once."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier, when negative); the month's last day when it has no
    such day (31 January + 1 = 28 February; 29 February + 12 = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
