"""A year of life in the household for every arrangement: the carers' copy of the support plan, the
plan for each risk, emergency contacts and medicines (planned here, in Python, like every other
stage), then the last year's daily notes, doses, the person's money and the coordinators' readings
(made by PostgreSQL: `fill`).

Per person with an arrangement: a support plan, one to three risk plans, one or two emergency
contacts and up to four medicines (most regular, one to three times a day; some "as needed"). Per
day the person was with the household in the last year (a live-in arrangement's days until it
ended or was paused, the booked days of a short break or day support: the days
`records.medicines.days_with_household` counts): a note on about nine days in ten of a live-in
arrangement and on every booked day; each regular dose, nearly all given; now and then an "as
needed" dose. Live-in arrangements keep the person's money: money in each week, a few spends, and
the carer's weekly count. Coordinators read the month's sample of each household's notes
(`records.oversight.month_sample`).

At the national figures that is about a million notes, two and a half million doses and half a
million money entries, in about two minutes. The issue's estimate (two million notes, five million
doses) does not fit in the five minutes the whole load may take: each dose costs the database about
28 microseconds (five foreign keys checked and ten indexes kept), so those figures alone would take
more than three minutes after the two and a half the other stages take. MEDICINES, TIMES_A_DAY and
NOTE_DAY set the volumes.

Why the year's rows are made in the database: they are millions of rows, and planning,
fingerprinting and encoding them in Python costs about 15 seconds a million, more than the whole
load may take. `INSERT ... SELECT` over the arrangements, bookings and medicines already written
makes them through the same constraints and triggers as COPY, with no Python in between. Their
"randomness" is a hash of the row's own ids and the seed (`hashint8extended`), and their ids are
numbered in a fixed order, so the same seed and the same rows make the same rows, ids included; the
digest has the statements and their parameters, so it is still the fingerprint of the data.

Nothing is recorded on the reference day itself (it has only just begun); a few doses of the last
week are left unrecorded, so that the coordinators' missed-dose alerts have something to show, and
a few weekly counts differ from the balance.
"""

from datetime import date, time, timedelta

from django.conf import settings

from arrangements.models import BOOKED_TYPES, CONTINUOUS_TYPES, Arrangement
from carers.models import Household
from people.models import Person
from records.alerts import WINDOW_DAYS
from records.models import (
    DailyNote,
    DoseRecord,
    EmergencyContact,
    Medicine,
    MoneyCheck,
    MoneyCheckKind,
    MoneyEntry,
    NoteReading,
    RecordsSettings,
    RiskPlan,
    SupportPlan,
)

from . import words
from .world import World

# Each stage reads the arrangements, written by an earlier stage.
READS = (Arrangement,)
# Planned in Python and written with COPY (their change history is written by its triggers).
MODELS = [SupportPlan, RiskPlan, EmergencyContact, Medicine]
# Made by the database from the rows above, in this order (`fill`).
FILLED = [DailyNote, DoseRecord, MoneyEntry, MoneyCheck, NoteReading]

YEAR_DAYS = 365
MEDICINES = {0: 15, 1: 30, 2: 30, 3: 15, 4: 10}  # how many medicines a person takes
AS_NEEDED = 0.15  # of medicines
TIMES_A_DAY = {1: 50, 2: 35, 3: 15}
# Shares in 1024ths, as the SQL reads them from ten bits of a hash.
NOTE_DAY = 922  # ~90% of a live-in arrangement's days have a note (every booked day has one)
GIVEN, REFUSED, NOT_NEEDED = 983, 1003, 1013  # ~96% given, ~2% refused, ~1% not needed, ~1% not available
MISSING = 6  # ~0.6% of the last week's doses have no record yet
AS_NEEDED_DOSE = 72  # ~7% of days an "as needed" medicine is given
WITH_MONEY = 922  # ~90% of live-in arrangements keep the person's money
COUNT_DIFFERS = 15  # ~1.5% of weekly counts differ from the balance
READ = 870  # ~85% of a household's monthly samples are read
SAMPLES = RecordsSettings._meta.get_field("samples_per_month").default
CHUNKS = 10  # statements per table, so that the bar moves and each sort fits in memory


def build(world: World) -> None:
    kept = world.kept[Arrangement]
    fields = kept.fields
    person_at, start_at = fields.index("person_id"), fields.index("start_date")
    first_start: dict[int, date] = {}
    for row in kept.rows:
        person_id, start = row[person_at], row[start_at]
        if person_id not in first_start or start < first_start[person_id]:
            first_start[person_id] = start
    by_scheme: dict[int, list] = {}
    for person in world.people:
        if person.id in first_start:
            by_scheme.setdefault(person.scheme.id, []).append(person)
    for scheme in world.schemes:
        world.tick()
        for person in by_scheme.get(scheme.id, []):
            _records(world, person, first_start[person.id])


def _records(world: World, person, first_start: date) -> None:
    rng, today = world.rng, world.today
    staff = rng.choice(person.scheme.coordinators)
    planned = world.past(first_start - timedelta(days=rng.randint(1, 14)))
    written = world.at(planned)
    gp = f"Dr {rng.choice(words.WOMEN + words.MEN)} {rng.choice(words.SURNAMES)}"
    street = rng.choice(words.STREETS)
    world.add(
        SupportPlan,
        person_id=person.id,
        communication=rng.choice(words.COMMUNICATION),
        routines=rng.choice(words.ROUTINES),
        allergies=rng.choice(words.ALLERGIES),
        health_conditions=rng.choice(words.HEALTH_CONDITIONS),
        gp_name=gp,
        gp_practice=f"{street} Surgery",
        gp_phone=f"01632 960 {rng.randint(0, 999):03d}",
        gp_address=f"{rng.randint(1, 120)} {street} {rng.choice(words.STREET_KINDS)}",
        updated_by_id=staff,
        updated_at=written,
    )
    for risk, helps, to_do, tell in rng.sample(words.RISK_PLANS, rng.randint(1, 3)):
        overdue = world.chance(0.05)
        world.add(
            RiskPlan,
            person_id=person.id,
            risk=risk,
            what_helps=helps,
            what_to_do=to_do,
            who_to_tell=tell,
            review_on=today + timedelta(days=-rng.randint(1, 60) if overdue else rng.randint(14, 365)),
            added_by_id=staff,
            added_at=written,
            removed_at=None,
            removed_by_id=None,
        )
    world.add(
        EmergencyContact,
        person_id=person.id,
        name=f"{rng.choice(words.WOMEN + words.MEN)} {rng.choice(words.SURNAMES)}",
        relationship=rng.choice(words.RELATIONSHIPS),
        phone=f"07700 900 {rng.randint(0, 999):03d}",
        note="",
        position=1,
        added_by_id=staff,
        removed_at=None,
    )
    if world.chance(0.6):
        world.add(
            EmergencyContact,
            person_id=person.id,
            name="Out-of-hours duty team",
            relationship="The scheme",
            phone=f"01632 960 {rng.randint(0, 999):03d}",
            note="Evenings and weekends",
            position=2,
            added_by_id=staff,
            removed_at=None,
        )
    _medicines(world, person, staff, planned, gp)


def _medicines(world: World, person, staff: int, planned: date, gp: str) -> None:
    rng, today = world.rng, world.today
    year_start = today - timedelta(days=YEAR_DAYS)
    count = world.pick(MEDICINES)
    prn = sum(world.chance(AS_NEEDED) for _ in range(count))
    chosen = rng.sample(words.REGULAR_MEDICINES, count - prn) + rng.sample(words.AS_NEEDED_MEDICINES, prn)
    for index, medicine in enumerate(chosen):
        starts = (
            world.day_between(year_start, today - timedelta(days=1))
            if world.chance(0.15)
            else world.day_between(max(world.start, year_start - timedelta(days=900)), year_start)
        )
        stops = world.day_between(starts, today - timedelta(days=1)) if world.chance(0.1) else None
        values = {}
        if index < count - prn:
            name, strength, dose, route, instructions = medicine
            times = rng.choice(words.DOSE_TIMES[world.pick(TIMES_A_DAY)])
            values.update(times=[time.fromisoformat(t) for t in times], as_needed_reason="")
        else:
            name, strength, dose, reason, most = medicine
            route, instructions = "mouth", ""
            values.update(times=[], as_needed=True, as_needed_reason=reason, max_in_day=most)
        world.add(
            Medicine,
            person_id=person.id,
            name=name,
            strength=strength,
            dose=dose,
            route=route,
            starts_on=starts,
            stops_on=stops,
            instructions=instructions,
            prescriber=gp,
            added_by_id=staff,
            added_at=world.at(world.past(max(starts, planned))),
            **values,
        )


# --- The year's rows, made by the database ------------------------------------------------------------
# u(bits): a share in 1024ths, from ten bits of the row's hash h.
def _u(shift: int, hash_: str = "r.h") -> str:
    return f"(({hash_} >> {shift}) & 1023)"


def _pick(name: str, shift: int, hash_: str = "r.h") -> str:
    """One of the texts passed as the array parameter `name`, chosen by ten bits of the hash."""
    return f"(%({name})s::text[])[1 + {_u(shift, hash_)} %% cardinality(%({name})s::text[])]"


DAYS = """
DROP TABLE IF EXISTS living_day;
-- Each day, in the year, that each arrangement had the person with the household: every day of a
-- live-in arrangement (until it ended, or was paused), the booked days of the others (not cancelled).
CREATE TEMP TABLE living_day AS
WITH arrangement AS (
    SELECT a.id, a.scheme_id, a.person_id, a.household_id, a.support_type, a.start_date,
           GREATEST(a.start_date, %(first)s::date) AS first_day,
           LEAST(COALESCE(a.end_date, %(last)s::date), COALESCE(pause.day - 1, %(last)s::date),
                 %(last)s::date) AS last_day
      FROM matching_arrangement a
      LEFT JOIN LATERAL (
          SELECT min((t.at AT TIME ZONE %(tz)s)::date) AS day
            FROM matching_arrangementtransition t
           WHERE t.arrangement_id = a.id AND t.to_status = 'paused'
      ) pause ON a.status = 'paused'
     WHERE a.status <> 'planned' AND a.start_date <= %(last)s::date
       AND (a.end_date IS NULL OR a.end_date >= %(first)s::date)
)
SELECT a.id AS arrangement_id, a.scheme_id, a.person_id, a.household_id, a.start_date,
       false AS booked, a.first_day + n AS day
  FROM arrangement a
 CROSS JOIN generate_series(0, a.last_day - a.first_day) AS n
 WHERE a.support_type = ANY(%(continuous)s)
UNION ALL
SELECT a.id, a.scheme_id, a.person_id, a.household_id, a.start_date, true,
       GREATEST(b.starts_on, a.first_day) + n
  FROM arrangement a
  JOIN matching_booking b ON b.arrangement_id = a.id AND b.cancelled_at IS NULL
 CROSS JOIN generate_series(0, LEAST(b.ends_on, a.last_day) - GREATEST(b.starts_on, a.first_day)) AS n
 WHERE a.support_type = ANY(%(booked)s);
CREATE INDEX ON living_day (person_id, day);
-- The household a person was with on each day for their medicines: the latest arrangement's, as
-- the missed-dose alert reads it (records.alerts).
DROP TABLE IF EXISTS living_dose_day;
CREATE TEMP TABLE living_dose_day AS
SELECT DISTINCT ON (person_id, day) person_id, household_id, day
  FROM living_day
 ORDER BY person_id, day, start_date DESC, arrangement_id DESC;
CREATE INDEX ON living_dose_day (person_id, day);
-- Who writes a household's records (its carer with a login, else a coordinator), and each scheme's
-- coordinators, from the plan.
DROP TABLE IF EXISTS living_writer;
CREATE TEMP TABLE living_writer AS
SELECT * FROM unnest(%(households)s::int[], %(writers)s::int[]) AS w(household_id, user_id);
ALTER TABLE living_writer ADD PRIMARY KEY (household_id);
DROP TABLE IF EXISTS living_staff;
CREATE TEMP TABLE living_staff AS
SELECT scheme_id, array_agg(user_id ORDER BY user_id) AS coordinators
  FROM unnest(%(staff_schemes)s::int[], %(staff_users)s::int[]) AS s(scheme_id, user_id)
 GROUP BY scheme_id;
ANALYZE living_day;
ANALYZE living_dose_day;
ANALYZE living_writer;
ANALYZE living_staff;
ANALYZE records_medicine;
"""

# Hash keys: a row's ids and its day (days since 2000) in separate bits, so that no two rows share one.
DAY_NUMBER = "(d.day - date '2000-01-01')"

NOTES = f"""
INSERT INTO records_dailynote (id, scheme_id, arrangement_id, person_id, household_id, day, went_well,
                               activities, saw, health_mood, to_watch, corrects_id, written_by_id, written_at)
SELECT (SELECT COALESCE(max(id), 0) FROM records_dailynote)
           + row_number() OVER (ORDER BY d.person_id, d.day, d.arrangement_id),
       d.scheme_id, d.arrangement_id, d.person_id, d.household_id, d.day,
       {_pick("went_well", 0, "r2.h")},
       {_pick("activities", 10, "r2.h")},
       {_pick("saw", 20, "r2.h")},
       {_pick("health", 30, "r2.h")},
       CASE WHEN {_u(40, "r2.h")} < 120 THEN {_pick("to_watch", 50, "r2.h")} ELSE '' END,
       NULL, w.user_id,
       ((d.day + time '19:00') AT TIME ZONE %(tz)s)
           + (({_u(0)} %% 180) * interval '1 minute')
  FROM living_day d
  JOIN living_writer w ON w.household_id = d.household_id
 CROSS JOIN LATERAL (
     SELECT hashint8extended((d.arrangement_id::bigint << 20) + {DAY_NUMBER}, %(seed)s) AS h
 ) r
 CROSS JOIN LATERAL (SELECT hashint8extended(r.h, %(seed)s) AS h) r2
 WHERE d.person_id BETWEEN %(from_id)s AND %(to_id)s
   AND (d.booked OR {_u(10)} < %(note_day)s)
"""

DOSES = f"""
INSERT INTO records_doserecord (id, medicine_id, person_id, household_id, day, due_at, outcome, at, reason,
                                corrects_id, recorded_by_id, recorded_at)
SELECT (SELECT COALESCE(max(id), 0) FROM records_doserecord)
           + row_number() OVER (ORDER BY m.id, d.day, t.due_at),
       m.id, m.person_id, d.household_id, d.day, t.due_at, o.outcome, o.at,
       CASE o.outcome WHEN 'given' THEN ''
                      WHEN 'refused' THEN {_pick("refused", 40)}
                      WHEN 'not_needed' THEN {_pick("not_needed", 40)}
                      ELSE {_pick("not_available", 40)} END,
       NULL, w.user_id, o.at + ({_u(50)} %% 15) * interval '1 minute'
  FROM records_medicine m
  JOIN living_dose_day d ON d.person_id = m.person_id
   AND d.day >= m.starts_on AND (m.stops_on IS NULL OR d.day <= m.stops_on)
 CROSS JOIN LATERAL unnest(m.times) WITH ORDINALITY AS t(due_at, slot)
  JOIN living_writer w ON w.household_id = d.household_id
 CROSS JOIN LATERAL (
     SELECT hashint8extended((m.id::bigint << 24) + ({DAY_NUMBER} << 3) + t.slot, %(seed)s) AS h
 ) r
 CROSS JOIN LATERAL (
     SELECT CASE WHEN {_u(10)} < %(given)s THEN 'given'
                 WHEN {_u(10)} < %(refused_share)s THEN 'refused'
                 WHEN {_u(10)} < %(not_needed_share)s THEN 'not_needed'
                 ELSE 'not_available' END AS outcome,
            ((d.day + t.due_at) AT TIME ZONE %(tz)s) + (({_u(20)} %% 30) - 5) * interval '1 minute' AS at
 ) o
 WHERE NOT m.as_needed AND m.person_id BETWEEN %(from_id)s AND %(to_id)s
   AND NOT (d.day > %(last)s::date - %(window)s AND {_u(30)} < %(missing)s)
"""

AS_NEEDED_DOSES = f"""
INSERT INTO records_doserecord (id, medicine_id, person_id, household_id, day, due_at, outcome, at, reason,
                                corrects_id, recorded_by_id, recorded_at)
SELECT (SELECT COALESCE(max(id), 0) FROM records_doserecord) + row_number() OVER (ORDER BY m.id, d.day),
       m.id, m.person_id, d.household_id, d.day, NULL, o.outcome, o.at,
       CASE o.outcome WHEN 'given'
                      THEN {_pick("as_needed_why", 40)} || ': ' || lower(m.as_needed_reason) || '.'
                      ELSE 'Offered it (' || lower(m.as_needed_reason) || '); said no.' END,
       NULL, w.user_id, o.at + ({_u(50)} %% 15) * interval '1 minute'
  FROM records_medicine m
  JOIN living_dose_day d ON d.person_id = m.person_id
   AND d.day >= m.starts_on AND (m.stops_on IS NULL OR d.day <= m.stops_on)
  JOIN living_writer w ON w.household_id = d.household_id
 CROSS JOIN LATERAL (
     SELECT hashint8extended((m.id::bigint << 24) + ({DAY_NUMBER} << 3), %(seed)s) AS h
 ) r
 CROSS JOIN LATERAL (
     SELECT CASE WHEN {_u(10)} < 1000 THEN 'given' ELSE 'refused' END AS outcome,
            ((d.day + time '10:00') AT TIME ZONE %(tz)s) + ({_u(20)} %% 600) * interval '1 minute' AS at
 ) o
 WHERE m.as_needed AND m.person_id BETWEEN %(from_id)s AND %(to_id)s AND {_u(0)} < %(as_needed_dose)s
"""

# Each account (the person's money one household holds) week by week, from the first day of the
# year the arrangement was live: money in on the week's first day (and, the first week, the money
# brought forward), one to four spends on later days of the week, each less than a quarter of the
# week's money in, so the balance never goes below nothing; the carer's count on the seventh day.
MONEY = """
DROP TABLE IF EXISTS living_week;
CREATE TEMP TABLE living_week AS
WITH account AS (
    SELECT arrangement_id, person_id, household_id, min(day) AS first_day, max(day) AS last_day
      FROM living_day
     WHERE NOT booked
     GROUP BY arrangement_id, person_id, household_id
)
SELECT a.arrangement_id, a.person_id, a.household_id, w AS week, a.first_day + 7 * w AS first_day,
       a.last_day AS account_last_day,
       hashint8extended((a.arrangement_id::bigint << 16) + w, %(seed)s) AS h
  FROM account a
 CROSS JOIN generate_series(0, (a.last_day - a.first_day) / 7) AS w
 WHERE (hashint8extended(a.arrangement_id, %(seed)s + 1) & 1023) < %(with_money)s;
DROP TABLE IF EXISTS living_money;
CREATE TEMP TABLE living_money AS
SELECT person_id, household_id, first_day AS day, 0 AS k, 'in'::text AS direction,
       (10 + (h & 127))::numeric(9, 2) AS amount, 'Money brought forward from the last count'::text AS what,
       ''::text AS reason, ((first_day + time '09:00') AT TIME ZONE %(tz)s) AS recorded_at
  FROM living_week WHERE week = 0
UNION ALL
SELECT person_id, household_id, first_day, 1, 'in', (30 + ((h >> 7) & 31))::numeric(9, 2),
       'Weekly personal money', '', ((first_day + time '10:00') AT TIME ZONE %(tz)s)
  FROM living_week
UNION ALL
SELECT w.person_id, w.household_id, s.day, 1 + k, 'out', s.amount,
       (%(spends)s::text[])[1 + (s.h & 1023) %% cardinality(%(spends)s::text[])],
       (%(no_receipt)s::text[])[1 + ((s.h >> 10) & 1023) %% cardinality(%(no_receipt)s::text[])],
       ((s.day + time '11:00') AT TIME ZONE %(tz)s) + ((s.h >> 20) & 255) * interval '1 minute'
  FROM living_week w
 CROSS JOIN generate_series(1, 1 + ((w.h >> 12) & 3)::int) AS k
 CROSS JOIN LATERAL (
     SELECT hashint8extended(w.h # k, %(seed)s) AS h
 ) r
 CROSS JOIN LATERAL (
     SELECT w.first_day + 1 + (((r.h >> 30) & 1023) %% 6)::int AS day,
            (100 + ((r.h >> 40) & 1023) %% 650)::numeric(9, 2) / 100 AS amount, r.h
 ) s
 WHERE s.day <= w.account_last_day;
ANALYZE living_week;
ANALYZE living_money;
"""

MONEY_ENTRIES = """
INSERT INTO records_moneyentry (id, person_id, household_id, day, direction, amount, what, no_receipt_reason,
                                corrects_id, recorded_by_id, recorded_at)
SELECT (SELECT COALESCE(max(id), 0) FROM records_moneyentry)
           + row_number() OVER (ORDER BY m.person_id, m.household_id, m.day, m.k, m.recorded_at),
       m.person_id, m.household_id, m.day, m.direction, m.amount, m.what, m.reason, NULL, w.user_id,
       m.recorded_at
  FROM living_money m
  JOIN living_writer w ON w.household_id = m.household_id
"""

# The count on each week's seventh day: the balance of every entry recorded before it (money in less
# money out, as records.money.balance adds it up), and now and then a little less counted.
MONEY_CHECKS = """
INSERT INTO records_moneycheck (id, person_id, household_id, kind, counted, recorded_balance, note,
                                checked_by_id, checked_at, day)
WITH stream AS (
    SELECT person_id, household_id, recorded_at AS at, 0 AS is_count,
           CASE direction WHEN 'in' THEN amount ELSE -amount END AS signed,
           NULL::bigint AS h, NULL::date AS day
      FROM living_money
    UNION ALL
    SELECT person_id, household_id,
           ((first_day + 6 + time '20:00') AT TIME ZONE %(tz)s) + ((h >> 50) & 31) * interval '1 minute',
           1, 0, h, first_day + 6
      FROM living_week
     WHERE first_day + 6 <= account_last_day
), counted AS (
    SELECT *, sum(signed) OVER (PARTITION BY person_id, household_id ORDER BY at, is_count
                                ROWS UNBOUNDED PRECEDING) AS balance
      FROM stream
)
SELECT (SELECT COALESCE(max(id), 0) FROM records_moneycheck)
           + row_number() OVER (ORDER BY c.person_id, c.household_id, c.at),
       c.person_id, c.household_id, %(carer_count)s,
       CASE WHEN (c.h >> 30 & 1023) < %(count_differs)s THEN GREATEST(c.balance - (1 + (c.h >> 40 & 7)), 0)
            ELSE c.balance END,
       c.balance,
       CASE WHEN (c.h >> 30 & 1023) < %(count_differs)s AND c.balance > 0
            THEN (%(differs)s::text[])[1 + (c.h >> 20 & 1) ] ELSE '' END,
       w.user_id, c.at, c.day
  FROM counted c
  JOIN living_writer w ON w.household_id = c.household_id
 WHERE c.is_count = 1
"""

# The month's sample of each household's notes, in the order records.oversight.month_sample takes
# it (an md5 of the note's id and the month), read by one of the scheme's coordinators a few days
# after (not yet, for the most recent), most months.
READINGS = f"""
INSERT INTO records_notereading (id, note_id, read_by_id, read_at, comment, sampled)
SELECT (SELECT COALESCE(max(id), 0) FROM records_notereading) + row_number() OVER (ORDER BY s.id),
       s.id, st.coordinators[1 + {_u(0)} %% cardinality(st.coordinators)],
       ((s.day + a.after + time '09:00') AT TIME ZONE %(tz)s) + ({_u(20)} %% 240) * interval '1 minute',
       {_pick("comments", 30)}, true
  FROM (
      SELECT n.id, n.scheme_id, n.day,
             row_number() OVER (PARTITION BY n.household_id, to_char(n.day, 'YYYY-MM')
                                ORDER BY md5(n.id::text || to_char(n.day, 'YYYY-MM'))) AS place
        FROM records_dailynote n
       WHERE n.household_id BETWEEN %(from_id)s AND %(to_id)s AND n.corrects_id IS NULL
         AND n.day >= %(first)s::date
  ) s
  JOIN living_staff st ON st.scheme_id = s.scheme_id
 CROSS JOIN LATERAL (SELECT hashint8extended(s.id, %(seed)s + 2) AS h) r
 CROSS JOIN LATERAL (SELECT 1 + ({_u(10)} %% 14)::int AS after) a
 WHERE s.place <= %(samples)s AND {_u(40)} < %(read)s AND s.day + a.after < %(today)s::date
"""

CLEAN_UP = """
DROP TABLE living_day, living_dose_day, living_writer, living_staff, living_week, living_money;
SET LOCAL work_mem TO DEFAULT;
SET LOCAL jit TO DEFAULT;
"""


def _chunks(first: int, last: int) -> list[tuple[int, int]]:
    if last < first:
        return []
    size = -(-(last - first + 1) // CHUNKS)
    return [(start, min(start + size - 1, last)) for start in range(first, last + 1, size)]


def fill(world: World, bar) -> None:
    """The year's notes, doses, money and readings, made by the database from the rows already
    written (see the module's docstring). One step of `bar` per statement."""
    sink, today = world.sink, world.today
    writers, staff = _writers(world)
    common = {
        "seed": world.seed,
        "tz": settings.TIME_ZONE,
        "first": max(world.start, today - timedelta(days=YEAR_DAYS)),
        "last": today - timedelta(days=1),
        "today": today,
    }
    people = _chunks(*world.id_range(Person))
    households = _chunks(*world.id_range(Household))
    steps = [
        # Plans for a few big statements: more memory to sort in, and no time spent compiling them.
        (None, "SET LOCAL work_mem = '256MB'", {}),
        (None, "SET LOCAL jit = off", {}),
        (
            None,
            DAYS,
            {
                **common,
                "continuous": list(CONTINUOUS_TYPES),
                "booked": list(BOOKED_TYPES),
                "households": list(writers),
                "writers": list(writers.values()),
                "staff_schemes": [scheme for scheme, _user in staff],
                "staff_users": [user for _scheme, user in staff],
            },
        ),
    ]
    notes = {
        **common,
        "went_well": words.NOTE_WENT_WELL,
        "activities": words.NOTE_ACTIVITIES,
        "saw": words.NOTE_SAW,
        "health": words.NOTE_HEALTH,
        "to_watch": words.NOTE_TO_WATCH,
        "note_day": NOTE_DAY,
    }
    doses = {
        **common,
        "refused": words.DOSE_REFUSED,
        "not_needed": words.DOSE_NOT_NEEDED,
        "not_available": words.DOSE_NOT_AVAILABLE,
        "given": GIVEN,
        "refused_share": REFUSED,
        "not_needed_share": NOT_NEEDED,
        "window": WINDOW_DAYS,
        "missing": MISSING,
    }
    as_needed = {**common, "as_needed_why": words.AS_NEEDED_WHY, "as_needed_dose": AS_NEEDED_DOSE}
    for from_id, to_id in people:
        span = {"from_id": from_id, "to_id": to_id}
        steps += [
            (DailyNote, NOTES, {**notes, **span}),
            (DoseRecord, DOSES, {**doses, **span}),
            (DoseRecord, AS_NEEDED_DOSES, {**as_needed, **span}),
        ]
    steps += [
        (
            None,
            MONEY,
            {
                **common,
                "with_money": WITH_MONEY,
                "spends": words.MONEY_SPENDS,
                "no_receipt": words.NO_RECEIPT,
            },
        ),
        (MoneyEntry, MONEY_ENTRIES, {}),
        (
            MoneyCheck,
            MONEY_CHECKS,
            {
                **common,
                "carer_count": MoneyCheckKind.CARER_COUNT.value,
                "count_differs": COUNT_DIFFERS,
                "differs": words.COUNT_DIFFERS,
            },
        ),
        (None, "ANALYZE records_dailynote", {}),
    ]
    readings = {**common, "comments": words.READING_COMMENTS, "samples": SAMPLES, "read": READ}
    for from_id, to_id in households:
        steps.append((NoteReading, READINGS, {**readings, "from_id": from_id, "to_id": to_id}))
    steps.append((None, CLEAN_UP, {}))
    bar.reset(total=len(steps))
    bar.unit = " steps"
    for model, sql, params in steps:
        if model is None:
            for statement in sql.split(";\n"):
                if statement.strip():
                    sink.execute(statement, params)
        else:
            sink.insert_select(model, sql, params)
        bar.update(1)


def _writers(world: World) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """Who writes each household's records (its carer with a login, else a coordinator of its
    scheme), and (scheme id, coordinator) for every coordinator."""
    writers, staff = {}, []
    for scheme in world.schemes:
        staff += [(scheme.id, user) for user in scheme.coordinators]
        for household in world.households[scheme.id]:
            writers[household.id] = (
                household.carer_user or scheme.coordinators[household.id % len(scheme.coordinators)]
            )
    return writers, staff
