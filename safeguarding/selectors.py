"""The safeguarding queries several pages share: the safeguarding dashboard, the inspection report
and the staff dashboard's "Safeguarding" card.

The targets are the scheme's SafeguardingSettings (the model's defaults where it has none):
- a concern still only raised is overdue once the day after `refer_within_days` working days of the
  scheme's nation has come (`referral_due_on`);
- an open allegation is overdue while a live arrangement of its household has no safety plan once
  `safety_plan_hours` have passed since it was opened (services.concerns.safety_plan_due_at);
- a complaint is overdue when it is not acknowledged by `acknowledge_by` or not answered by `answer_by`.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from arrangements.models import LIVE_ARRANGEMENT_STATUSES, Arrangement
from carers.models import Household
from sharedlives.accounts.models import REGULATOR_NATION, Scheme
from sharedlives.dates import add_working_days, is_working_day, working_days_between

from .models import (
    OPEN_COMPLAINT_STATUSES,
    OPEN_CONCERN_STATUSES,
    AbuseCategory,
    Allegation,
    AllegationStatus,
    Complaint,
    ComplaintStatus,
    Concern,
    ConcernOutcome,
    ConcernStatus,
    FeedbackKind,
    Incident,
    IncidentKind,
    IncidentStatus,
    Notification,
    SafeguardingSettings,
    SafetyPlan,
)

# How long a record has been open: (key, label, from days, up to days (exclusive), None for no end).
AGE_BANDS = (
    ("under_7", "Under 7 days", 0, 7),
    ("7_to_28", "7 to 28 days", 7, 29),
    ("over_28", "Over 28 days", 29, None),
)
# The ids of overdue records the summary carries, for the dashboard's lists (the counts are of all).
LIST_ROWS = 20
# The working days the summary is given, back from today. A concern raised before them is overdue
# for any target up to the working days they hold (more than 80); the settings page allows 20.
LOOKBACK_DAYS = 120


def _default(name: str) -> int:
    return SafeguardingSettings._meta.get_field(name).default


# --- The rules, in Python ---------------------------------------------------------------------
def referral_due_on(concern: Concern, settings: SafeguardingSettings | None = None) -> date:
    """The last day a concern may be referred to the council within the scheme's target."""
    settings = settings or SafeguardingSettings.for_scheme(concern.scheme_id)
    raised_on = timezone.localtime(concern.raised_at).date()
    return add_working_days(raised_on, settings.refer_within_days, concern.scheme.nation)


def referral_overdue(concern: Concern, *, today: date, settings: SafeguardingSettings | None = None) -> bool:
    return concern.status == ConcernStatus.RAISED and today > referral_due_on(concern, settings)


def age_band(days: int) -> str:
    for key, _label, low, high in AGE_BANDS:
        if days >= low and (high is None or days < high):
            return key
    raise ValueError(days)


# --- The summary, in one query ------------------------------------------------------------------
@dataclass
class Band:
    key: str
    label: str
    count: int


@dataclass
class Summary:
    incidents_open: int
    incidents_by_age: list[Band]
    concerns_open: int
    concerns_by_age: list[Band]
    unreferred_overdue: int
    safety_plans_overdue: int
    complaints_unacknowledged: int
    complaints_unanswered: int
    complaints_overdue: int
    notifications_due: int
    notifications_due_since: datetime | None
    # The oldest few of each, for the dashboard's lists.
    unreferred_ids: list[int] = field(default_factory=list)
    safety_plan_allegation_ids: list[int] = field(default_factory=list)
    complaint_ids: list[int] = field(default_factory=list)

    @property
    def overdue_steps(self) -> int:
        """The safeguarding steps past their target: referrals to the council and safety plans."""
        return self.unreferred_overdue + self.safety_plans_overdue


def _bands_sql(column: str) -> str:
    """count(*) of each age band of `column` (a timestamp), as a JSON object by band key."""
    age = f"(%(today)s::date - ({column} AT TIME ZONE %(tz)s)::date)"
    parts = []
    for key, _label, low, high in AGE_BANDS:
        cond = f"{age} >= {low}" + (f" AND {age} < {high}" if high is not None else "")
        parts.append(f"'{key}', count(*) FILTER (WHERE {cond})")
    return f"json_build_object({', '.join(parts)})"


def _summary_sql() -> str:
    t = {
        "incident": Incident._meta.db_table,
        "concern": Concern._meta.db_table,
        "allegation": Allegation._meta.db_table,
        "plan": SafetyPlan._meta.db_table,
        "settings": SafeguardingSettings._meta.db_table,
        "complaint": Complaint._meta.db_table,
        "notification": Notification._meta.db_table,
        "arrangement": Arrangement._meta.db_table,
        "household": Household._meta.db_table,
        "scheme": Scheme._meta.db_table,
    }
    return f"""
WITH incidents AS (
    -- Incident.objects.filter(scheme_id__in=staff schemes).open(), by age since it was reported
    SELECT count(*) AS n, {_bands_sql("i.reported_at")} AS bands
      FROM {t["incident"]} i
     WHERE i.scheme_id = ANY(%(staff)s::bigint[]) AND i.status <> %(incident_closed)s
), concerns AS (
    -- Concern.objects.filter(scheme_id__in=lead schemes).open(), by age since it was raised
    SELECT count(*) AS n, {_bands_sql("c.raised_at")} AS bands
      FROM {t["concern"]} c
     WHERE c.scheme_id = ANY(%(leads)s::bigint[]) AND c.status = ANY(%(concern_open)s)
), unreferred AS (
    -- selectors.referral_overdue: still only raised, and at least `refer_within_days` working
    -- days (of the scheme's nation, given as dates) have passed between the day raised and today.
    SELECT c.id, c.raised_at
      FROM {t["concern"]} c
      JOIN {t["scheme"]} s ON s.id = c.scheme_id
      LEFT JOIN {t["settings"]} st ON st.scheme_id = c.scheme_id
     WHERE c.scheme_id = ANY(%(leads)s::bigint[]) AND c.status = %(concern_raised)s
       AND (SELECT count(*)
              FROM jsonb_array_elements_text(%(working_days)s::jsonb -> s.regulator) AS w(day)
             WHERE w.day::date > (c.raised_at AT TIME ZONE %(tz)s)::date
           ) >= coalesce(st.refer_within_days, %(refer_days)s)
), plans AS (
    -- Open allegations past services.concerns.safety_plan_due_at with a live arrangement of the
    -- household that has no safety plan of this allegation.
    SELECT a.id, a.opened_at
      FROM {t["allegation"]} a
      JOIN {t["household"]} h ON h.id = a.household_id
      LEFT JOIN {t["settings"]} st ON st.scheme_id = h.scheme_id
     WHERE h.scheme_id = ANY(%(leads)s::bigint[]) AND a.status <> %(allegation_closed)s
       AND a.opened_at + make_interval(hours => coalesce(st.safety_plan_hours, %(plan_hours)s)) < %(now)s
       AND EXISTS (
           SELECT 1 FROM {t["arrangement"]} r
            WHERE r.household_id = a.household_id AND r.status = ANY(%(live)s)
              AND NOT EXISTS (
                  SELECT 1 FROM {t["plan"]} p WHERE p.allegation_id = a.id AND p.arrangement_id = r.id
              )
       )
), complaints AS (
    -- Complaints (not compliments) not acknowledged by acknowledge_by, or not answered by answer_by
    SELECT f.id, f.received_on,
           (f.status = %(complaint_received)s AND f.acknowledge_by < %(today)s) AS late_ack,
           (f.status = ANY(%(complaint_open)s) AND f.answer_by < %(today)s) AS late_answer
      FROM {t["complaint"]} f
     WHERE f.scheme_id = ANY(%(staff)s::bigint[]) AND f.kind = %(complaint_kind)s
       AND f.status = ANY(%(complaint_open)s)
), due AS (
    -- Notification.objects.filter(scheme_id__in=lead schemes).due()
    SELECT count(*) AS n, min(nt.due_since) AS since
      FROM {t["notification"]} nt
     WHERE nt.scheme_id = ANY(%(leads)s::bigint[]) AND nt.sent_at IS NULL
)
SELECT incidents.n, incidents.bands, concerns.n, concerns.bands,
       (SELECT count(*) FROM unreferred),
       (SELECT coalesce(json_agg(id), '[]') FROM
           (SELECT id FROM unreferred ORDER BY raised_at, id LIMIT %(rows)s) u),
       (SELECT count(*) FROM plans),
       (SELECT coalesce(json_agg(id), '[]') FROM
           (SELECT id FROM plans ORDER BY opened_at, id LIMIT %(rows)s) p),
       (SELECT count(*) FILTER (WHERE late_ack) FROM complaints),
       (SELECT count(*) FILTER (WHERE late_answer) FROM complaints),
       (SELECT count(*) FILTER (WHERE late_ack OR late_answer) FROM complaints),
       (SELECT coalesce(json_agg(id), '[]') FROM
           (SELECT id FROM complaints WHERE late_ack OR late_answer
             ORDER BY received_on, id LIMIT %(rows)s) f),
       due.n, due.since
  FROM incidents, concerns, due
"""


def _working_days_by_regulator(today: date) -> str:
    """For each regulator, the working days of its nation from LOOKBACK_DAYS ago up to yesterday."""
    days = [today - timedelta(days=n) for n in range(1, LOOKBACK_DAYS + 1)]
    return json.dumps(
        {
            regulator: [d.isoformat() for d in days if is_working_day(d, nation)]
            for regulator, nation in REGULATOR_NATION.items()
        }
    )


def summary(
    *,
    staff_scheme_ids: list[int],
    lead_scheme_ids: list[int],
    today: date | None = None,
    now: datetime | None = None,
) -> Summary:
    """Open incidents and complaints of `staff_scheme_ids`; open concerns, overdue steps and
    notifications due of `lead_scheme_ids` (the schemes where the user sees safeguarding in full).
    One query, whatever the number of rows."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    params = {
        "staff": list(staff_scheme_ids),
        "leads": list(lead_scheme_ids),
        "today": today,
        "now": now,
        "tz": timezone.get_current_timezone_name(),
        "incident_closed": IncidentStatus.CLOSED.value,
        "concern_open": [s.value for s in OPEN_CONCERN_STATUSES],
        "concern_raised": ConcernStatus.RAISED.value,
        "working_days": _working_days_by_regulator(today),
        "refer_days": _default("refer_within_days"),
        "allegation_closed": AllegationStatus.CLOSED.value,
        "plan_hours": _default("safety_plan_hours"),
        "live": [s.value for s in LIVE_ARRANGEMENT_STATUSES],
        "complaint_received": ComplaintStatus.RECEIVED.value,
        "complaint_open": [s.value for s in OPEN_COMPLAINT_STATUSES],
        "complaint_kind": FeedbackKind.COMPLAINT.value,
        "rows": LIST_ROWS,
    }
    with connection.cursor() as cursor:
        cursor.execute(_summary_sql(), params)
        (
            incidents_open,
            incident_bands,
            concerns_open,
            concern_bands,
            unreferred,
            unreferred_ids,
            plans,
            plan_ids,
            late_ack,
            late_answer,
            complaints_overdue,
            complaint_ids,
            due,
            due_since,
        ) = cursor.fetchone()

    def bands(counts) -> list[Band]:
        counts = json.loads(counts) if isinstance(counts, str) else counts
        return [Band(key, label, counts.get(key, 0)) for key, label, _low, _high in AGE_BANDS]

    def ids(value) -> list[int]:
        return json.loads(value) if isinstance(value, str) else list(value)

    return Summary(
        incidents_open=incidents_open,
        incidents_by_age=bands(incident_bands),
        concerns_open=concerns_open,
        concerns_by_age=bands(concern_bands),
        unreferred_overdue=unreferred,
        safety_plans_overdue=plans,
        complaints_unacknowledged=late_ack,
        complaints_unanswered=late_answer,
        complaints_overdue=complaints_overdue,
        notifications_due=due,
        notifications_due_since=due_since,
        unreferred_ids=ids(unreferred_ids),
        safety_plan_allegation_ids=ids(plan_ids),
        complaint_ids=ids(complaint_ids),
    )


def settings_by_scheme(scheme_ids) -> dict[int, SafeguardingSettings]:
    """Each scheme's settings, the defaults where it has saved none. One query."""
    found = {s.scheme_id: s for s in SafeguardingSettings.objects.filter(scheme_id__in=scheme_ids)}
    return {pk: found.get(pk) or SafeguardingSettings(scheme_id=pk) for pk in scheme_ids}


def notifications_due(user):
    """The notifications the user's schemes must still send, the longest due first."""
    return (
        Notification.objects.for_user(user)
        .due()
        .select_related("scheme", "incident__person", "concern__person")
        .order_by("due_since", "pk")
    )


# --- The inspection report ----------------------------------------------------------------------
@dataclass
class Table:
    """One part of the inspection report: a title and its rows of (what, number)."""

    key: str
    title: str
    rows: list[tuple[str, int | float | str | None]]


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _month_label(day: date) -> str:
    return day.strftime("%B %Y")


def inspection_report(scheme: Scheme, *, first: date, last: date) -> list[Table]:
    """What an inspector asks of a scheme's safeguarding over a period (both days included): the
    concerns raised by kind, by outcome and by month, how long referrals took in working days; the
    incidents by kind and by month; how complaints were answered against their target; and the
    notifications that fell due and were sent. Five queries."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    concerns = list(
        Concern.objects.filter(
            scheme=scheme, raised_at__date__gte=first, raised_at__date__lte=last
        ).values_list("categories", "outcome", "raised_at", "referred_on")
    )
    by_category = dict.fromkeys(AbuseCategory.values, 0)
    by_outcome = dict.fromkeys([*ConcernOutcome.values, ""], 0)
    concerns_by_month = dict.fromkeys(months, 0)
    referral_days = []
    for categories, outcome, raised_at, referred_on in concerns:
        for category in categories:
            by_category[category] = by_category.get(category, 0) + 1
        by_outcome[outcome] += 1
        raised_on = timezone.localtime(raised_at).date()
        concerns_by_month[raised_on.replace(day=1)] += 1
        if referred_on:
            referral_days.append(working_days_between(raised_on, referred_on, scheme.nation))
    target = SafeguardingSettings.for_scheme(scheme.pk).refer_within_days

    incidents = Incident.objects.filter(
        scheme=scheme, occurred_at__date__gte=first, occurred_at__date__lte=last
    )
    incidents_by_kind = dict(incidents.values_list("kind").annotate(n=Count("pk")).order_by())
    incidents_by_month = dict.fromkeys(months, 0)
    per_month = (
        incidents.annotate(month=TruncMonth("occurred_at")).values_list("month").annotate(n=Count("pk"))
    )
    for month_start, n in per_month.order_by():
        incidents_by_month[timezone.localtime(month_start).date()] = n

    complaints = Complaint.objects.filter(
        scheme=scheme, kind=FeedbackKind.COMPLAINT, received_on__gte=first, received_on__lte=last
    ).aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_on__isnull=False)),
        on_time=Count("pk", filter=Q(answered_on__isnull=False, answered_on__lte=F("answer_by"))),
    )
    percent = (
        round(100 * complaints["on_time"] / complaints["answered"], 1) if complaints["answered"] else None
    )

    notifications = Notification.objects.filter(
        scheme=scheme, due_since__date__gte=first, due_since__date__lte=last
    ).aggregate(due=Count("pk"), sent=Count("pk", filter=Q(sent_at__isnull=False)))

    median = _median(referral_days)
    return [
        Table(
            "categories",
            "Safeguarding concerns by kind of abuse or neglect",
            [("Concerns raised", len(concerns))]
            + [(AbuseCategory(c).label, n) for c, n in by_category.items() if c in AbuseCategory.values],
        ),
        Table(
            "outcomes",
            "Safeguarding concerns by outcome",
            [(ConcernOutcome(o).label, by_outcome[o]) for o in ConcernOutcome.values]
            + [("No outcome yet", by_outcome[""])],
        ),
        Table(
            "referrals",
            "Referrals to the council",
            [
                ("Concerns referred", len(referral_days)),
                ("Median working days from raised to referred", median),
                ("Most working days from raised to referred", max(referral_days, default=None)),
                (
                    f"Referred within the target ({target} working day{'s' if target != 1 else ''})",
                    sum(1 for d in referral_days if d <= target),
                ),
            ],
        ),
        Table(
            "concerns_by_month",
            "Safeguarding concerns raised by month",
            [(_month_label(m), n) for m, n in concerns_by_month.items()],
        ),
        Table(
            "incidents",
            "Incidents and accidents by kind",
            [("Incidents and accidents", sum(incidents_by_kind.values()))]
            + [(IncidentKind(k).label, incidents_by_kind.get(k, 0)) for k in IncidentKind.values],
        ),
        Table(
            "incidents_by_month",
            "Incidents and accidents by month",
            [(_month_label(m), n) for m, n in incidents_by_month.items()],
        ),
        Table(
            "complaints",
            "Complaints",
            [
                ("Complaints received", complaints["received"]),
                ("Answered", complaints["answered"]),
                ("Answered on time", complaints["on_time"]),
                ("Answered on time (% of those answered)", percent),
            ],
        ),
        Table(
            "notifications",
            "Notifications to the regulator",
            [
                ("Fell due", notifications["due"]),
                ("Sent", notifications["sent"]),
                ("Still to send", notifications["due"] - notifications["sent"]),
            ],
        ),
    ]
