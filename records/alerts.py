"""The coordinator's alerts about life in the household, in one statement for any number of schemes:

- a **missed dose**: a regular medicine's dose, on a day the person was with a carer household (a
  live-in arrangement, or a booked stay or session: records.medicines.days_with_household says the
  same in Python) with no record once its time and the scheme's `missed_dose_grace_hours` have
  passed (records.medicines.MISSED_SQL, the SQL of is_missed);
- **refusals**: at least `refusals_alert_count` doses refused (and not corrected) within the last
  `refusals_alert_days` days;
- a **money difference**: the latest count of the person's money (the carer's or the scheme's) differs
  from the recorded balance, until a later count agrees;
- **no daily note**: a live-in arrangement under way for at least `no_note_alert_days` days has had no
  note for that many days (a correction of an older note is not a note of its day).

The targets are the scheme's RecordsSettings (the model's defaults where it has none). Missed doses
are looked for over the last WINDOW_DAYS days.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from arrangements.models import BOOKED_TYPES, CONTINUOUS_TYPES, LIVE_ARRANGEMENT_STATUSES

from .medicines import MISSED_SQL
from .models import DoseOutcome, RecordsSettings

WINDOW_DAYS = 7

MISSED_DOSE, REFUSALS, MONEY, NO_NOTE = "missed_dose", "refusals", "money", "no_note"
KINDS = {
    MISSED_DOSE: "Missed doses",
    REFUSALS: "Doses refused",
    MONEY: "Money that does not add up",
    NO_NOTE: "No daily note",
}


@dataclass(frozen=True)
class Alert:
    kind: str
    person_id: int
    person_name: str
    household_id: int | None
    household_name: str
    count: int  # doses missed or refused; days without a note
    amount: Decimal | None  # the money difference (counted - recorded)
    since: datetime | date

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def _default(name: str) -> int:
    return RecordsSettings._meta.get_field(name).default


_SQL = """
WITH settings AS (
    SELECT s.id AS scheme_id,
           coalesce(rs.missed_dose_grace_hours, %(grace)s) AS grace,
           coalesce(rs.refusals_alert_count, %(refusals_count)s) AS refusals_count,
           coalesce(rs.refusals_alert_days, %(refusals_days)s) AS refusals_days,
           coalesce(rs.no_note_alert_days, %(no_note_days)s) AS no_note_days
      FROM accounts_scheme s
      LEFT JOIN records_recordssettings rs ON rs.scheme_id = s.id
     WHERE s.id = ANY(%(schemes)s)
), days AS (
    SELECT d::date AS day
      FROM generate_series(%(today)s::date - %(window)s, %(today)s::date, interval '1 day') AS d
), missed AS (
    -- Each regular medicine's times on each day of the window the person was with a household.
    SELECT m.person_id, a.household_id, count(*) AS n, NULL::numeric AS amount,
           min((d.day + t.due_at) AT TIME ZONE %(tz)s) AS since
      FROM records_medicine m
      JOIN people_person p ON p.id = m.person_id
      JOIN settings st ON st.scheme_id = p.scheme_id
      CROSS JOIN days d
      CROSS JOIN LATERAL unnest(m.times) AS t(due_at)
      JOIN LATERAL (
          SELECT ar.household_id
            FROM matching_arrangement ar
           WHERE ar.person_id = m.person_id AND ar.status = ANY(%(live)s)
             AND ar.start_date <= d.day AND (ar.end_date IS NULL OR d.day <= ar.end_date)
             AND (ar.support_type = ANY(%(continuous)s)
                  OR (ar.support_type = ANY(%(booked)s) AND EXISTS (
                      SELECT 1 FROM matching_booking b
                       WHERE b.arrangement_id = ar.id AND b.cancelled_at IS NULL
                         AND b.starts_on <= d.day AND d.day <= b.ends_on)))
           ORDER BY ar.start_date DESC, ar.id DESC
           LIMIT 1
      ) a ON true
     WHERE NOT m.as_needed
       AND m.starts_on <= d.day AND (m.stops_on IS NULL OR d.day <= m.stops_on)
       AND {missed}
       AND NOT EXISTS (
           SELECT 1 FROM records_doserecord r
            WHERE r.medicine_id = m.id AND r.day = d.day AND r.due_at = t.due_at AND r.corrects_id IS NULL)
     GROUP BY m.person_id, a.household_id
), refusals AS (
    SELECT r.person_id, r.household_id, count(*) AS n, NULL::numeric AS amount, min(r.at) AS since
      FROM records_doserecord r
      JOIN people_person p ON p.id = r.person_id
      JOIN settings st ON st.scheme_id = p.scheme_id
     WHERE r.outcome = %(refused)s AND r.day > %(today)s::date - st.refusals_days AND r.day <= %(today)s::date
       AND NOT EXISTS (SELECT 1 FROM records_doserecord c WHERE c.corrects_id = r.id)
     GROUP BY r.person_id, r.household_id, st.refusals_count
    HAVING count(*) >= st.refusals_count
), latest_checks AS (
    SELECT DISTINCT ON (c.person_id) c.person_id, c.household_id, c.counted - c.recorded_balance AS amount,
           c.checked_at
      FROM records_moneycheck c
      JOIN people_person p ON p.id = c.person_id
     WHERE p.scheme_id = ANY(%(schemes)s)
     ORDER BY c.person_id, c.checked_at DESC, c.id DESC
), money AS (
    SELECT person_id, household_id, 1::bigint AS n, amount, checked_at AS since
      FROM latest_checks
     WHERE amount <> 0
), no_note AS (
    SELECT ar.person_id, ar.household_id,
           (%(today)s::date - coalesce(
               (SELECT max(n.day) FROM records_dailynote n
                 WHERE n.arrangement_id = ar.id AND n.corrects_id IS NULL),
               ar.start_date - 1))::bigint AS n,
           NULL::numeric AS amount,
           ar.start_date::timestamptz AS since
      FROM matching_arrangement ar
      JOIN settings st ON st.scheme_id = ar.scheme_id
     WHERE ar.status = ANY(%(live)s) AND ar.support_type = ANY(%(continuous)s)
       AND ar.start_date <= %(today)s::date - st.no_note_days
       AND (ar.end_date IS NULL OR ar.end_date >= %(today)s::date)
       AND NOT EXISTS (
           SELECT 1 FROM records_dailynote n
            WHERE n.arrangement_id = ar.id AND n.corrects_id IS NULL
              AND n.day > %(today)s::date - st.no_note_days)
), found AS (
    SELECT %(k_missed)s::text AS kind, * FROM missed
    UNION ALL SELECT %(k_refusals)s, * FROM refusals
    UNION ALL SELECT %(k_money)s, * FROM money
    UNION ALL SELECT %(k_no_note)s, * FROM no_note
)
"""

_SQL = _SQL.replace(
    "{missed}",
    MISSED_SQL.format(day="d.day", due_at="t.due_at", grace_hours="st.grace", now="%(now)s", tz="%(tz)s"),
)

_LIST = """
SELECT f.kind, f.person_id, p.first_name || ' ' || p.last_name,
       f.household_id, coalesce(h.name, ''), f.n, f.amount, f.since
  FROM found f
  JOIN people_person p ON p.id = f.person_id
  LEFT JOIN carers_household h ON h.id = f.household_id
 ORDER BY f.since, f.kind, f.person_id
 LIMIT %(limit)s
"""

_COUNTS = "SELECT kind, count(*) FROM found GROUP BY kind"


def _params(scheme_ids, now: datetime) -> dict:
    return {
        "schemes": list(scheme_ids),
        "now": now,
        "today": timezone.localdate(now),
        "tz": timezone.get_current_timezone_name(),
        "window": WINDOW_DAYS,
        "grace": _default("missed_dose_grace_hours"),
        "refusals_count": _default("refusals_alert_count"),
        "refusals_days": _default("refusals_alert_days"),
        "no_note_days": _default("no_note_alert_days"),
        "live": [s.value for s in LIVE_ARRANGEMENT_STATUSES],
        "continuous": [t.value for t in CONTINUOUS_TYPES],
        "booked": [t.value for t in BOOKED_TYPES],
        "refused": DoseOutcome.REFUSED.value,
        "k_missed": MISSED_DOSE,
        "k_refusals": REFUSALS,
        "k_money": MONEY,
        "k_no_note": NO_NOTE,
    }


def alerts(scheme_ids, *, now: datetime | None = None, limit: int = 500) -> list[Alert]:
    """The alerts of the schemes, oldest first. One query."""
    if not scheme_ids:
        return []
    params = _params(scheme_ids, now or timezone.now()) | {"limit": limit}
    with connection.cursor() as cursor:
        cursor.execute(_SQL + _LIST, params)
        return [Alert(*row) for row in cursor.fetchall()]


def alert_counts(scheme_ids, *, now: datetime | None = None) -> dict[str, int]:
    """How many alerts of each kind the schemes have (every kind, 0 where none). One query."""
    counts = dict.fromkeys(KINDS, 0)
    if not scheme_ids:
        return counts
    with connection.cursor() as cursor:
        cursor.execute(_SQL + _COUNTS, _params(scheme_ids, now or timezone.now()))
        counts.update(dict(cursor.fetchall()))
    return counts
