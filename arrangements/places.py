"""How many people a household has on each night or day, from the database's own count.

`matching_occupancy` (installed by migration 0003) is the one definition of occupancy: the
services use it to refuse with a readable message, and the database triggers use it to refuse
anything that slips past them.
"""

from datetime import date

from django.db import connection

from carers.models import Availability, Household


def places_of(household: Household) -> int:
    return household.current_terms.max_people if household.current_terms_id else 0


def peak(household_id: int, first_day: date, last_day: date) -> tuple[date | None, int]:
    """The busiest day between first_day and last_day (inclusive) and how many people it has."""
    if last_day < first_day:
        return None, 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT day, people FROM matching_occupancy(%s, %s, %s) ORDER BY people DESC, day LIMIT 1",
            [household_id, first_day, last_day],
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (None, 0)


def occupancy(household_id: int, first_day: date, last_day: date) -> dict[date, int]:
    """People on each day, for calendars."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT day, people FROM matching_occupancy(%s, %s, %s)", [household_id, first_day, last_day]
        )
        return dict(cursor.fetchall())


def away_between(household_id: int, first_day: date, last_day: date) -> Availability | None:
    return (
        Availability.objects.filter(
            household_id=household_id, starts_on__lte=last_day, ends_on__gte=first_day
        )
        .order_by("starts_on")
        .first()
    )
