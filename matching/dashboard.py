"""What the staff dashboard shows, for the schemes the user works in.

Six queries whatever the size of the schemes: every number is an aggregate in the database and
every list is cut to a few rows.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from carers.models import EXPIRING_WITHIN_DAYS, Household
from carers.selectors import compliance_rows
from people.choices import OPEN_REFERRAL_STATUSES, ReferralStatus
from people.models import Referral
from sharedlives.accounts.models import User

from .models import (
    CONTINUOUS_TYPES,
    LIVE_ARRANGEMENT_STATUSES,
    OPEN_STATUSES,
    Arrangement,
    ArrangementStatus,
    MatchProposal,
    ProposalStatus,
)
from .services.reviews import REVIEW_DUE_WITHIN_DAYS, reviews_due

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


def occupied_today(today: date):
    """People living with (or staying continuously at) the household on `today`, as a subquery
    on OuterRef("pk") of a household. Same rule as the database's `matching_occupancy`."""
    return Coalesce(
        Subquery(
            Arrangement.objects.filter(
                household=OuterRef("pk"),
                status__in=LIVE_ARRANGEMENT_STATUSES,
                support_type__in=CONTINUOUS_TYPES,
                start_date__lte=today,
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
            .order_by()
            .values("household")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def places_free(user: User, *, today: date | None = None) -> Places:
    """Across the user's schemes: approved places of matchable households, the places taken today by
    continuous arrangements (long-term, emergency, intermediate care) and the free ones. A household
    never counts fewer than 0 free places. One query."""
    day = today or timezone.localdate()
    totals = (
        Household.objects.for_user(user)
        .matchable(on=day)
        .annotate(approved=F("current_terms__max_people"), occupied=occupied_today(day))
        .aggregate(
            households=Count("pk"),
            places=Coalesce(Sum("approved"), 0),
            taken=Coalesce(Sum("occupied"), 0),
            free=Coalesce(Sum(Greatest(F("approved") - F("occupied"), Value(0))), 0),
        )
    )
    return Places(**totals)


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


def proposals_by_stage(user: User) -> dict:
    """Open proposals by stage, in order, zeros included. One query."""
    counts = dict(
        MatchProposal.objects.for_user(user)
        .filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    stages = [
        {"status": s, "label": ProposalStatus(s).label, "count": counts.get(s, 0)} for s in OPEN_STATUSES
    ]
    return {"stages": stages, "total": sum(counts.values())}


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


def checks_due(user: User, *, today: date) -> dict:
    """Current checks expired or expiring within 30 days, of households still registered. One query."""
    return compliance_rows(user, today=today).aggregate(
        expired=Count("pk", filter=Q(expires_on__lt=today)),
        expiring=Count("pk", filter=Q(expires_on__gte=today)),
        households=Count("household", distinct=True),
    ) | {"within_days": EXPIRING_WITHIN_DAYS}


def staff_dashboard(user: User, *, today: date | None = None) -> dict:
    """Everything on the staff dashboard, as template context. Six queries."""
    day = today or timezone.localdate()
    return {
        "today": day,
        "soon_days": SOON_DAYS,
        "referrals": referrals_waiting(user),
        "proposals": proposals_by_stage(user),
        "arrangements_soon": arrangements_soon(user, today=day),
        "reviews": reviews_due_summary(user, today=day),
        "checks": checks_due(user, today=day),
        "places": places_free(user, today=day),
    }
