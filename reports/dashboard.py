"""What the staff dashboard shows, for the schemes the user works in.

Five queries whatever the size of the schemes: every number is an aggregate in the database and
every list is cut to a few rows. The photos waiting for approval are one more count of the totals';
the safeguarding card is one statement of its own (safeguarding.selectors.summary), and so is the
living-together card (records.alerts.alert_counts).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.utils import timezone

from arrangements import places
from arrangements.models import Arrangement, ArrangementStatus
from arrangements.services.reviews import REVIEW_DUE_WITHIN_DAYS, reviews_due
from carers.models import CLOSED_STATUSES, EXPIRING_WITHIN_DAYS
from matching.models import OPEN_STATUSES, ProposalStatus
from people.choices import OPEN_REFERRAL_STATUSES, ReferralStatus
from people.models import Referral
from records import alerts as records_alerts
from safeguarding import selectors as safeguarding_selectors
from sharedlives.accounts.models import User
from sharedlives.files.models import PhotoStatus

SOON_DAYS = 30
LIST_ROWS = 10
# The dashboard's lists show names, dates and links: only these columns are read.
PERSON_AND_HOUSEHOLD = ("person__first_name", "person__last_name", "household__name")


@dataclass
class Places:
    households: int
    places: int
    taken: int
    free: int


# The dashboard's counts of proposals, checks and places in one statement, written by hand: built
# with the ORM, the three aggregates took longer to build than to run. Each part follows the
# queryset named in its comment; tests/matching/test_dashboard.py checks that they agree.
TOTALS_SQL = f"""
WITH proposals AS (
    -- MatchProposal.objects.for_user(user).filter(status__in=OPEN_STATUSES)
    SELECT p.status, count(*) AS n
      FROM matching_matchproposal p
     WHERE p.scheme_id = ANY(%(schemes)s::bigint[]) AND p.status = ANY(%(open_proposals)s)
     GROUP BY p.status
), checks AS (
    -- carers.selectors.compliance_rows(user, today=today)
    SELECT count(*) FILTER (WHERE c.expires_on < %(today)s) AS expired,
           count(*) FILTER (WHERE c.expires_on >= %(today)s) AS expiring,
           count(DISTINCT c.household_id) AS households
      FROM carers_check c
      JOIN carers_household h ON h.id = c.household_id
     WHERE h.scheme_id = ANY(%(schemes)s::bigint[]) AND h.status <> ALL(%(closed)s)
       AND c.is_current AND c.expires_on <= %(checks_horizon)s
), places AS (
    -- Household.objects.for_user(user).matchable(on=today), with the people there today by the
    -- places rule (arrangements.places): the arrangements whose spans cover today, stays and
    -- sessions included (the spans of a one-day window are those covering it).
    SELECT count(*) AS households,
           coalesce(sum(t.max_people), 0)::int AS places,
           coalesce(sum(o.people), 0)::int AS taken,
           coalesce(sum(greatest(t.max_people - o.people, 0)), 0)::int AS free
      FROM carers_household h
      LEFT JOIN carers_approvalterms t ON t.id = h.current_terms_id
     CROSS JOIN LATERAL (
           SELECT count(DISTINCT sp.arr) AS people
             FROM ({places.spans_sql("h.id", "%(today)s", "%(today)s")}) sp
           ) o
     WHERE h.scheme_id = ANY(%(schemes)s::bigint[]) AND h.matchable_until >= %(today)s
), photos AS (
    -- The photo queue (sharedlives.files.views.photo_queue): Photo.objects.filter(
    -- scheme_id__in=user.staff_scheme_ids, status=PhotoStatus.PENDING, bytes_removed=False)
    SELECT count(*) AS waiting
      FROM files_photo f
     WHERE f.scheme_id = ANY(%(schemes)s::bigint[]) AND f.status = %(photo_pending)s AND NOT f.bytes_removed
)
SELECT (SELECT coalesce(json_object_agg(status, n), '{{}}') FROM proposals),
       checks.expired, checks.expiring, checks.households,
       places.households, places.places, places.taken, places.free,
       photos.waiting
  FROM checks, places, photos
"""


def totals(user: User, *, today: date) -> dict:
    """Across the user's schemes: open proposals by stage (in order, zeros included); current
    checks expired or expiring within 30 days, of households still registered; and the approved
    places of matchable households, the places taken today by the places rule (continuous
    arrangements and today's short-break stays and day sessions) and the free ones, a household
    never counting fewer than 0 free; and the photos carers have added that wait for staff to
    approve them. One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            TOTALS_SQL,
            {
                "schemes": list(user.staff_scheme_ids),
                "today": today,
                "open_proposals": list(OPEN_STATUSES),
                "closed": list(CLOSED_STATUSES),
                "checks_horizon": today + timedelta(days=EXPIRING_WITHIN_DAYS),
                "photo_pending": PhotoStatus.PENDING.value,
            },
        )
        (by_stage, expired, expiring, check_households, households, places, taken, free, photos_waiting) = (
            cursor.fetchone()
        )
    stages = [
        {"status": s, "label": ProposalStatus(s).label, "count": by_stage.get(s, 0)} for s in OPEN_STATUSES
    ]
    return {
        "proposals": {"stages": stages, "total": sum(by_stage.values())},
        "checks": {
            "expired": expired,
            "expiring": expiring,
            "households": check_households,
            "within_days": EXPIRING_WITHIN_DAYS,
        },
        "places": Places(households=households, places=places, taken=taken, free=free),
        "photos_waiting": photos_waiting,
    }


def referrals_waiting(user: User) -> dict:
    """Open referrals by status and the one waiting longest. One query: the oldest open referral
    of each status, carrying its status's count as a window aggregate."""
    oldest_of_each = list(
        Referral.objects.for_user(user)
        .open()
        .annotate(status_count=Window(Count("pk"), partition_by=F("status")))
        .select_related("person")
        .only("status", "received_on", "person__first_name", "person__last_name")
        .order_by("status", "received_on", "pk")
        .distinct("status")
    )
    counts = {r.status: r.status_count for r in oldest_of_each}
    by_status = [
        {"status": s, "label": ReferralStatus(s).label, "count": counts.get(s, 0)}
        for s in OPEN_REFERRAL_STATUSES
    ]
    oldest = min(oldest_of_each, key=lambda r: (r.received_on, r.pk), default=None)
    return {"counts": by_status, "total": sum(counts.values()), "oldest": oldest}


def arrangements_soon(user: User, *, today: date, days: int = SOON_DAYS) -> list[Arrangement]:
    """Planned arrangements starting by `today + days` (late starts included) and live ones ending
    within that time, soonest first, each with `event` ("starts"/"ends") and `event_on`. One query."""
    horizon = today + timedelta(days=days)
    return list(
        Arrangement.objects.for_user(user)
        .live()
        .filter(
            Q(status=ArrangementStatus.PLANNED, start_date__lte=horizon)
            | Q(end_date__gte=today, end_date__lte=horizon)
        )
        .annotate(
            event_on=Case(
                When(status=ArrangementStatus.PLANNED, then=F("start_date")), default=F("end_date")
            ),
            event=Case(When(status=ArrangementStatus.PLANNED, then=Value("starts")), default=Value("ends")),
        )
        .select_related("person", "household")
        .only("support_type", "status", *PERSON_AND_HOUSEHOLD)
        .order_by("event_on", "pk")[: LIST_ROWS * 2]
    )


def reviews_due_summary(user: User, *, today: date) -> dict:
    """Reviews overdue and due within 14 days: counts and the most overdue few. One query: the
    counts ride on the rows as window aggregates over every review due, not just those shown."""
    rows = list(
        reviews_due(Arrangement.objects.for_user(user), today=today)
        .annotate(
            overdue_total=Window(Count("pk", filter=Q(next_review_due__lt=today))),
            due_total=Window(Count("pk")),
        )
        .select_related("person", "household")
        .only("next_review_due", *PERSON_AND_HOUSEHOLD)[:LIST_ROWS]
    )
    overdue = rows[0].overdue_total if rows else 0
    due = rows[0].due_total if rows else 0
    return {
        "overdue": overdue,
        "due_soon": due - overdue,
        "rows": rows,
        "within_days": REVIEW_DUE_WITHIN_DAYS,
    }


def staff_dashboard(user: User, *, today: date | None = None) -> dict:
    """Everything on the staff dashboard, as template context. Six queries."""
    day = today or timezone.localdate()
    return {
        # Incidents and complaints of every scheme the user works in; concerns, overdue steps and
        # notifications due of those where they see safeguarding in full (manager or lead).
        "safeguarding": safeguarding_selectors.summary(
            staff_scheme_ids=user.staff_scheme_ids, lead_scheme_ids=user.safeguarding_scheme_ids, today=day
        ),
        "sees_safeguarding": bool(user.safeguarding_scheme_ids),
        # Missed and refused doses, money that does not add up, live-in arrangements without notes.
        "living_together": records_alerts.alert_counts(user.staff_scheme_ids),
        "today": day,
        "soon_days": SOON_DAYS,
        "referrals": referrals_waiting(user),
        "arrangements_soon": arrangements_soon(user, today=day),
        "reviews": reviews_due_summary(user, today=day),
        **totals(user, today=day),
    }
