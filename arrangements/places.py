"""How many people a household has on each night or day: the one rule, in one place.

A live arrangement of a continuous type (long-term, emergency, intermediate care) takes a place on
every day from its start up to, not including, its end (the leaving day is free). A short break or
day support takes a place only on what is booked: a stay's nights (arrival up to the day before
leaving) and a session's day. Cancelled bookings and bookings of an arrangement that is no longer
live take nothing. A paused arrangement keeps its place.

The rule is written once, as SQL generated here from the models' own constants, and installed as
database functions (by migration 0004, and again after every migrate, so that a database always runs
the rule as written here):
- `matching_occupancy(household, from, to)`: people on each day of the period;
- `matching_peak(household, from, to)`: the most people on any day of it, by one sweep over the
  household's spans (an arrangement's spans never overlap: the services refuse a second booking
  at the same time), so the ranking can ask it for every candidate household;
- the triggers that refuse, as the last line of defence, anything that would exceed the places.
The services, the ranking, the dashboard, the places report and the calendars all ask these
functions; tests/arrangements/test_places.py holds them together on a table of cases, and checks
that the functions installed in the database are the ones generated here.
"""

from datetime import date, timedelta

from django.db import connection

from carers.models import Availability, Household
from sharedlives.choices import SupportType

from .models import CONTINUOUS_TYPES, LIVE_ARRANGEMENT_STATUSES

# A continuous arrangement needs a free place on every night of its first year.
CONTINUOUS_HORIZON_DAYS = 365


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


LIVE_SQL = _in(LIVE_ARRANGEMENT_STATUSES)
CONTINUOUS_SQL = _in(CONTINUOUS_TYPES)

# What takes a place in household `hh` between `from_day` and `to_day`: one row per span, with
# the arrangement it belongs to and the days it covers, from `s` up to, not including, `e` (NULL:
# open-ended). A day's people are the distinct arrangements whose spans cover it.
_SPANS = """
  SELECT a.id AS arr, a.start_date AS s, a.end_date AS e FROM matching_arrangement a
   WHERE a.household_id = {hh} AND a.status IN {live} AND a.support_type IN {continuous}
     AND a.start_date <= {to_day} AND (a.end_date IS NULL OR a.end_date > {from_day})
  UNION ALL
  SELECT b.arrangement_id, b.starts_on,
         CASE WHEN b.session = '' THEN b.ends_on ELSE b.starts_on + 1 END
    FROM matching_booking b JOIN matching_arrangement a ON a.id = b.arrangement_id
   WHERE b.household_id = {hh} AND b.cancelled_at IS NULL AND a.status IN {live}
     AND b.starts_on <= {to_day}
     AND CASE WHEN b.session = '' THEN b.ends_on ELSE b.starts_on + 1 END > {from_day}
"""


def spans_sql(hh: str = "hh", from_day: str = "from_day", to_day: str = "to_day") -> str:
    """The rule as SQL: by default over the arguments of the functions below; the ranking gives
    its own household column and dates (as SQL expressions, never user input)."""
    return _SPANS.format(hh=hh, from_day=from_day, to_day=to_day, live=LIVE_SQL, continuous=CONTINUOUS_SQL)


# People on day `d`: the distinct arrangements whose spans (the CTE `spans`) cover it.
PEOPLE_ON_DAY = (
    "(SELECT count(DISTINCT sp.arr) FROM spans sp WHERE sp.s <= {d} AND (sp.e IS NULL OR sp.e > {d}))"
)


def peak_sql(hh: str = "hh", from_day: str = "from_day", to_day: str = "to_day") -> str:
    """The most people on any day of the window, as one scalar SQL expression: a sweep over the
    spans, read once, +1 where one starts and -1 where one ends within the window (the leaving
    day is free, so a departure and an arrival on the same day cancel out). Callers that ask it
    for many households (the ranking) write it into their own query rather than calling the
    function, which PostgreSQL cannot inline.
    """
    spans = spans_sql(hh, from_day, to_day)
    return f"""(
    SELECT COALESCE(max(counted.running), 0)::integer FROM (
      SELECT sum(sum(moves.delta)) OVER (ORDER BY moves.day) AS running
        FROM ({spans}) sp
       CROSS JOIN LATERAL (VALUES (GREATEST(sp.s, {from_day}), 1), (sp.e, -1)) AS moves(day, delta)
       WHERE {from_day} <= {to_day} AND moves.day <= {to_day}
       GROUP BY moves.day
    ) counted
  )"""


def install_sql() -> str:
    """The functions and triggers of the rule, generated from the constants (idempotent)."""
    long_term = SupportType.LONG_TERM.value
    return f"""
CREATE OR REPLACE FUNCTION matching_occupancy(hh bigint, from_day date, to_day date)
RETURNS TABLE(day date, people integer) LANGUAGE sql STABLE AS $$
  WITH spans AS ({spans_sql()})
  SELECT d::date, {PEOPLE_ON_DAY.format(d="d::date")}::integer
  FROM generate_series(from_day, to_day, interval '1 day') AS d
$$;

-- The busiest day: see peak_sql().
CREATE OR REPLACE FUNCTION matching_peak(hh bigint, from_day date, to_day date)
RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT {peak_sql()}
$$;

CREATE OR REPLACE FUNCTION matching_check_places() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  places integer;
  first_day date;
  last_day date;
  peak record;
BEGIN
  IF TG_TABLE_NAME = 'matching_booking' THEN
    IF NEW.cancelled_at IS NOT NULL THEN RETURN NULL; END IF;
    first_day := NEW.starts_on;
    last_day := CASE WHEN NEW.session = '' THEN NEW.ends_on - 1 ELSE NEW.starts_on END;
  ELSE
    IF NEW.status NOT IN {LIVE_SQL} OR NEW.support_type NOT IN {CONTINUOUS_SQL} THEN RETURN NULL; END IF;
    first_day := NEW.start_date;
    IF NEW.end_date IS NOT NULL THEN
      last_day := NEW.end_date - 1;
    ELSE
      SELECT GREATEST(
          NEW.start_date,
          (SELECT max(b.ends_on) FROM matching_booking b WHERE b.household_id = NEW.household_id),
          (SELECT max(a.start_date) FROM matching_arrangement a WHERE a.household_id = NEW.household_id)
        ) INTO last_day;
    END IF;
  END IF;
  IF last_day < first_day THEN RETURN NULL; END IF;
  PERFORM 1 FROM carers_household WHERE id = NEW.household_id FOR UPDATE;
  SELECT COALESCE(t.max_people, 0) INTO places
    FROM carers_household h LEFT JOIN carers_approvalterms t ON t.id = h.current_terms_id
    WHERE h.id = NEW.household_id;
  SELECT o.day, o.people INTO peak FROM matching_occupancy(NEW.household_id, first_day, last_day) o
    ORDER BY o.people DESC, o.day LIMIT 1;
  IF peak.people > places THEN
    RAISE EXCEPTION 'Household % would have % people on % but is approved for %',
      NEW.household_id, peak.people, peak.day, places USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION matching_check_one_home() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.support_type <> '{long_term}' OR NEW.status NOT IN {LIVE_SQL} THEN RETURN NULL; END IF;
  PERFORM 1 FROM people_person WHERE id = NEW.person_id FOR UPDATE;
  IF EXISTS (
    SELECT 1 FROM matching_arrangement a
    WHERE a.person_id = NEW.person_id AND a.id <> NEW.id AND a.support_type = '{long_term}'
      AND a.status IN {LIVE_SQL}
      AND daterange(a.start_date, a.end_date) && daterange(NEW.start_date, NEW.end_date)
  ) THEN
    RAISE EXCEPTION 'Person % would have two overlapping long-term arrangements', NEW.person_id
      USING ERRCODE = 'exclusion_violation';
  END IF;
  RETURN NULL;
END $$;
"""


# --- Asked from Python ------------------------------------------------------------------------------


def places_of(household: Household) -> int:
    return household.current_terms.max_people if household.current_terms_id else 0


def continuous_window(start: date) -> tuple[date, date]:
    """The days on which a continuous arrangement starting on `start` must find a free place."""
    return start, start + timedelta(days=CONTINUOUS_HORIZON_DAYS)


def window_for(support_type: str, start: date) -> tuple[date, date]:
    """The days a new arrangement of `support_type` from `start` needs a place on, as confirming
    (a continuous arrangement's first year) or booking (a stay's or session's first day) checks."""
    return continuous_window(start) if support_type in CONTINUOUS_TYPES else (start, start)


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
