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
    """Weeks (Monday first) of Day cells with the people count, the bookings and the stays on each day."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for d in week:
            cell = Day(day=d, in_month=d.month == month, people=occupancy.get(d, 0))
            for booking in bookings:
                if (
                    booking.session
                    and booking.starts_on == d
                    or not booking.session
                    and booking.starts_on <= d < booking.ends_on
                ):
                    cell.items.append(("booking", booking))
            for arrangement in arrangements:
                if arrangement.start_date <= d and (arrangement.end_date is None or d < arrangement.end_date):
                    cell.items.append(("stay", arrangement))
            cell.away = any(p.starts_on <= d <= p.ends_on for p in away_periods)
            row.append(cell)
        weeks.append(row)
    return weeks
