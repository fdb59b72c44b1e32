"""The numbers behind the managers' reports: aggregates computed in the database, for the schemes
the manager chose, in a fixed number of queries whatever the number of rows.

Each function takes the scheme ids (already limited to schemes the user manages, see `managed_schemes`)
and returns plain data; reports/catalogue.py turns it into tables and charts.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Aggregate,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncMonth

from arrangements.models import Arrangement, ArrangementStatus, Review
from carers.models import (
    APPROVED_STATUSES,
    CLOSED_STATUSES,
    EXPIRING_WITHIN_DAYS,
    Check,
    Household,
    matchable_on,
)
from matching.models import Introduction, MatchProposal, ProposalStatus, ProposalTransition
from people.models import Referral
from sharedlives.accounts.models import User


def managed_schemes(user: User) -> list[int]:
    """The schemes whose reports `user` may see: those they manage (not those they coordinate)."""
    return [pk for pk in user.staff_scheme_ids if user.is_manager_of(pk)]


@dataclass(frozen=True)
class Period:
    """Whole days from `first` to `last`, both included, reported month by month."""

    first: date
    last: date

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        start = self.first.year * 12 + self.first.month - 1
        end = self.last.year * 12 + self.last.month - 1
        return [date(n // 12, n % 12 + 1, 1) for n in range(start, end + 1)]


class Median(Aggregate):
    """The median of the values, NULLs left out (PostgreSQL's percentile_cont: core SQL, no extension)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class DaysBetween(Func):
    """Whole days from `earlier` to `later`, two dates (PostgreSQL's date subtraction). A stage
    recorded as happening before the one it follows (a back-dated introduction) counts as 0 days."""

    arg_joiner = " - "
    template = "GREATEST(%(expressions)s, 0)"
    output_field = IntegerField()

    def __init__(self, later, earlier):
        super().__init__(later, earlier)


def _by_month(rows) -> dict[date, dict]:
    return {row.pop("month"): row for row in rows}


# --- The matching pipeline ---------------------------------------------------------------------------
@dataclass
class PipelineMonth:
    month: date | None  # None: the whole period
    referrals: int = 0
    proposals: int = 0
    introductions: int = 0
    arrangements: int = 0
    referral_to_proposal: float | None = None
    proposal_to_introduction: float | None = None
    introduction_to_arrangement: float | None = None
    referral_to_arrangement: float | None = None


def sent_proposals(scheme_ids: list[int]):
    """Proposals that were sent to both sides, each with `sent_on`: the day it was first proposed.
    A proposal with no recorded moves at all (brought in from earlier records) counts from the day it
    was made; a draft, or one withdrawn before it was sent, does not count."""
    first_proposed = (
        ProposalTransition.objects.filter(proposal=OuterRef("pk"), to_status=ProposalStatus.PROPOSED)
        .order_by("at")
        .values("at")[:1]
    )
    return (
        MatchProposal.objects.filter(scheme_id__in=scheme_ids)
        .exclude(status=ProposalStatus.DRAFT)
        .annotate(proposed_at=Subquery(first_proposed))
        .filter(
            Q(proposed_at__isnull=False) | ~Exists(ProposalTransition.objects.filter(proposal=OuterRef("pk")))
        )
        .annotate(sent_on=TruncDate(Coalesce("proposed_at", "created_at")))
    )


def _first_introduction(proposal_ref: str) -> Subquery:
    return Subquery(
        Introduction.objects.filter(proposal=OuterRef(proposal_ref))
        .order_by("happened_on")
        .values("happened_on")[:1],
        output_field=DateField(),
    )


def pipeline(scheme_ids: list[int], period: Period) -> tuple[list[PipelineMonth], PipelineMonth]:
    """Referrals received, proposals sent, proposals whose introductions began and arrangements
    confirmed, month by month, with the median days between the stages; and the whole period.

    Medians: referral to its first proposal (by the month of that proposal); proposal to its first
    introduction (by the month of the introduction); first introduction to the arrangement, and
    referral to the arrangement (by the month the arrangement was confirmed). Eight queries.
    """
    between = (period.first, period.last)
    referrals = (
        Referral.objects.filter(person__scheme_id__in=scheme_ids, received_on__range=between)
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(referrals=Count("pk"))
        .order_by()
    )
    first_proposal = Subquery(
        sent_proposals(scheme_ids).filter(referral=OuterRef("pk")).order_by("sent_on").values("sent_on")[:1],
        output_field=DateField(),
    )
    proposed_referrals = (
        Referral.objects.filter(person__scheme_id__in=scheme_ids)
        .annotate(first_proposed_on=first_proposal)
        .filter(first_proposed_on__range=between)
        .annotate(days=DaysBetween(F("first_proposed_on"), F("received_on")))
    )
    proposals = sent_proposals(scheme_ids).filter(sent_on__range=between)
    introduced = (
        sent_proposals(scheme_ids)
        .annotate(first_introduction=_first_introduction("pk"))
        .filter(first_introduction__range=between)
        .annotate(days=DaysBetween(F("first_introduction"), F("sent_on")))
    )
    confirmed = (
        Arrangement.objects.filter(scheme_id__in=scheme_ids)
        .annotate(confirmed_on=TruncDate("created_at"), first_introduction=_first_introduction("proposal_id"))
        .filter(confirmed_on__range=between)
        .annotate(
            from_introduction=DaysBetween(F("confirmed_on"), F("first_introduction")),
            from_referral=DaysBetween(F("confirmed_on"), F("proposal__referral__received_on")),
        )
    )

    def monthly(queryset, day, **aggregates):
        return _by_month(
            queryset.annotate(month=TruncMonth(day, output_field=DateField()))
            .values("month")
            .annotate(**aggregates)
            .order_by()
        )

    months = {
        "referrals": _by_month(referrals),
        "proposed": monthly(proposed_referrals, "first_proposed_on", referral_to_proposal=Median("days")),
        "proposals": monthly(proposals, "sent_on", proposals=Count("pk")),
        "introduced": monthly(
            introduced,
            "first_introduction",
            introductions=Count("pk"),
            proposal_to_introduction=Median("days"),
        ),
        "confirmed": monthly(
            confirmed,
            "confirmed_on",
            arrangements=Count("pk"),
            introduction_to_arrangement=Median("from_introduction"),
            referral_to_arrangement=Median("from_referral"),
        ),
    }
    rows = []
    for month in period.months():
        row = PipelineMonth(month=month)
        for found in months.values():
            for name, value in found.get(month, {}).items():
                setattr(row, name, value)
        rows.append(row)
    whole = PipelineMonth(
        month=None,
        referrals=sum(r.referrals for r in rows),
        proposals=sum(r.proposals for r in rows),
        introductions=sum(r.introductions for r in rows),
        arrangements=sum(r.arrangements for r in rows),
        **proposed_referrals.aggregate(referral_to_proposal=Median("days")),
        **introduced.aggregate(proposal_to_introduction=Median("days")),
        **confirmed.aggregate(
            introduction_to_arrangement=Median("from_introduction"),
            referral_to_arrangement=Median("from_referral"),
        ),
    )
    return rows, whole


# --- Carers ----------------------------------------------------------------------------------------
def households_by_status(scheme_ids: list[int]) -> dict[str, int]:
    """Carer households by approval status, every status included (0 when none). One query."""
    found = dict(
        Household.objects.filter(scheme_id__in=scheme_ids)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {status: found.get(status, 0) for status in Household.Status.values}


@dataclass
class SchemePlaces:
    scheme: str
    households: int
    approved: int
    used: int
    free: int


def places(scheme_ids: list[int], *, today: date) -> list[SchemePlaces]:
    """For each scheme: approved households (approved or on probation), the places their approval
    terms allow, the places used today and the places free. Used places follow the database's one
    definition of occupancy (`matching_occupancy`): continuous arrangements and today's bookings.
    One query."""
    occupied = RawSQL(
        "(SELECT o.people FROM matching_occupancy(carers_household.id, %s, %s) o)",
        [today, today],
        output_field=IntegerField(),
    )
    rows = (
        Household.objects.filter(scheme_id__in=scheme_ids, status__in=APPROVED_STATUSES)
        .annotate(allowed=Coalesce("current_terms__max_people", 0), occupied=occupied)
        .values("scheme__name")
        .annotate(
            households=Count("pk"),
            approved=Coalesce(Sum("allowed"), 0),
            used=Coalesce(Sum("occupied"), 0),
            free=Coalesce(Sum(Greatest(F("allowed") - F("occupied"), Value(0))), 0),
        )
        .order_by("scheme__name")
    )
    return [SchemePlaces(scheme=row.pop("scheme__name"), **row) for row in rows]


# --- Arrangements ---------------------------------------------------------------------------------
def arrangements_by_type_and_funder(scheme_ids: list[int], period: Period) -> dict[tuple[str, str], int]:
    """Arrangements running at some time in the period, counted by (support type, funder); funder ""
    when not recorded. Planned arrangements that have not started are left out. One query."""
    rows = (
        Arrangement.objects.filter(scheme_id__in=scheme_ids, start_date__lte=period.last)
        .exclude(status=ArrangementStatus.PLANNED)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.first))
        .values_list("support_type", "funder")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(support_type, funder): n for support_type, funder, n in rows}


# --- Compliance -----------------------------------------------------------------------------------
@dataclass
class CheckStates:
    check_type: str
    in_date: int
    expiring: int
    expired: int


def compliance(scheme_ids: list[int], *, today: date) -> tuple[list[CheckStates], dict]:
    """Current checks and training of households still registered, by kind: in date, expiring within
    30 days, expired; and how many approved households can be matched today. Two queries."""
    soon = date.fromordinal(today.toordinal() + EXPIRING_WITHIN_DAYS)
    rows = (
        Check.objects.filter(
            is_current=True, household__scheme_id__in=scheme_ids, household__status__in=_registered()
        )
        .values("check_type")
        .annotate(
            in_date=Count("pk", filter=Q(expires_on__isnull=True) | Q(expires_on__gt=soon)),
            expiring=Count("pk", filter=Q(expires_on__gte=today, expires_on__lte=soon)),
            expired=Count("pk", filter=Q(expires_on__lt=today)),
        )
        .order_by()
    )
    found = {row.pop("check_type"): row for row in rows}
    states = [CheckStates(check_type=t, **found[t]) for t in Check.Type.values if t in found]
    approved = Household.objects.filter(scheme_id__in=scheme_ids, status__in=APPROVED_STATUSES).aggregate(
        approved=Count("pk"),
        matchable=Count("pk", filter=matchable_on(today)),
    )
    return states, approved


def _registered() -> list[str]:
    return [s for s in Household.Status.values if s not in CLOSED_STATUSES]


# --- The connection test ----------------------------------------------------------------------------
@dataclass
class ConnectionMonth:
    month: date | None
    reviews: int = 0
    informed: float | None = None
    confident: float | None = None
    connected: float | None = None


def connection_test(scheme_ids: list[int], period: Period) -> tuple[list[ConnectionMonth], ConnectionMonth]:
    """Reviews held each month and their average connection-test scores (better informed, more
    confident, better connected: 1 to 5); and the whole period. One query."""
    rows = _by_month(
        Review.objects.filter(
            arrangement__scheme_id__in=scheme_ids, held_on__range=(period.first, period.last)
        )
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(
            reviews=Count("pk"),
            informed=Sum("informed_score"),
            confident=Sum("confident_score"),
            connected=Sum("connected_score"),
        )
        .order_by()
    )
    zero = {"reviews": 0, "informed": 0, "confident": 0, "connected": 0}
    months = [_averages(month, rows.get(month, zero)) for month in period.months()]
    total = {key: sum(rows[m][key] for m in rows) for key in zero}
    return months, _averages(None, total)


def _averages(month: date | None, sums: dict) -> ConnectionMonth:
    n = sums["reviews"]
    if not n:
        return ConnectionMonth(month=month)
    return ConnectionMonth(
        month=month,
        reviews=n,
        informed=sums["informed"] / n,
        confident=sums["confident"] / n,
        connected=sums["connected"] / n,
    )
