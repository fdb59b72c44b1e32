"""Month grids for the household and person calendars."""

import calendar
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Day:
    day: date
    in_month: bool
    people: int = 0
    items: list = field(default_factory=list)
    away: bool = False


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def neighbours(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return previous, following


def grid(
    year: int, month: int, *, occupancy: dict[date, int], bookings, arrangements, away_periods=()
) -> list[list[Day]]:
    """Weeks (Monday first) of Day cells with the people count, the bookings and the stays on each day.

    `bookings` have their arrangement loaded: a booking shows on the days its arrangement covers."""
    weeks = []
    booked: dict[int, set[date]] = {}
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for d in week:
            cell = Day(day=d, in_month=d.month == month, people=occupancy.get(d, 0))
            for booking in bookings:
                if d in booked.setdefault(booking.pk, set(booking.days_within(booking.arrangement))):
                    cell.items.append(("booking", booking))
            for arrangement in arrangements:
                if arrangement.covers(d):
                    cell.items.append(("stay", arrangement))
            cell.away = any(p.starts_on <= d <= p.ends_on for p in away_periods)
            row.append(cell)
        weeks.append(row)
    return weeks
