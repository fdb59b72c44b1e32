"""Read-only queries that several pages (and exports) share. Each keeps a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    Count,
    Exists,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from pghistory.models import MiddlewareEvents

from sharedlives import history
from sharedlives.accounts.models import User
from sharedlives.choices import ClientGroup
from sharedlives.files.selectors import main_photo_id
from sharedlives.reference.models import Interest, Language

from .models import (
    APPROVED_STATUSES,
    CHECK_RULES,
    CLOSED_STATUSES,
    EXPIRING_WITHIN_DAYS,
    MANDATORY_CHECKS,
    ApprovalTerms,
    Availability,
    Carer,
    Check,
    CheckType,
    Household,
    HouseholdInterest,
    HouseholdLanguage,
    HouseholdMember,
    HouseholdStatus,
    PanelDecision,
    matchable_on,
)


def _count(queryset) -> Coalesce:
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef), 0 when there are none."""
    counted = queryset.order_by().values("household").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


REGISTRY_COLUMNS = (
    "scheme_id",
    "name",
    "status",
    "postcode",
    "scheme__name",
    "current_terms__max_people",
    "current_terms__support_types",
)


def registry(user: User, *, today: date | None = None):
    """Households the user may see, with what the registry list shows: carers, terms, free places,
    counts of expired and soon-expiring checks, whether the household is matchable, and the id of
    its main approved photo (`main_photo`, or None)."""
    day = today or timezone.localdate()
    checks = Check.objects.filter(household=OuterRef("pk"), is_current=True)
    return (
        Household.objects.for_user(user)
        .select_related("scheme", "current_terms")
        # Only what the list shows: a household row is mostly profile text the list never reads.
        .only(*REGISTRY_COLUMNS)
        .prefetch_related(
            Prefetch(
                "carers",
                queryset=Carer.objects.only("household_id", "first_name", "last_name").order_by("position"),
                to_attr="carer_list",
            )
        )
        .annotate(
            expired_checks=_count(checks.filter(expires_on__lt=day)),
            expiring_checks=_count(
                checks.filter(expires_on__gte=day, expires_on__lte=day + timedelta(days=EXPIRING_WITHIN_DAYS))
            ),
            # Free places: the approved number for now; arrangements will take places when they exist.
            free_places=Case(
                When(status__in=APPROVED_STATUSES, then=Coalesce("current_terms__max_people", Value(0))),
                default=Value(0),
                output_field=IntegerField(),
            ),
            # The lifecycle's order, for sorting by status: one function call, where a CASE of
            # thirteen branches cost the page a millisecond to build.
            status_rank=Func(
                Value(HouseholdStatus.values),
                Cast("status", TextField()),
                function="array_position",
                output_field=IntegerField(),
            ),
            is_matchable=matchable_on(day),
            # A subquery of the page's own query, not a query per household.
            main_photo=main_photo_id(Household),
        )
    )


def compliance(user: User, *, today: date | None = None):
    """Households with a current check expired or expiring within 30 days, most urgent first, each with
    those checks in `due_checks`. Households whose registration has ended are left out."""
    day = today or timezone.localdate()
    due = Check.objects.due_within(on=day)
    return (
        Household.objects.for_user(user)
        .exclude(status__in=CLOSED_STATUSES)
        .filter(Exists(due.filter(household=OuterRef("pk"))))
        .annotate(
            first_due=Subquery(
                due.filter(household=OuterRef("pk"))
                .order_by()
                .values("household")
                .annotate(m=Min("expires_on"))
                .values("m")
            )
        )
        .select_related("scheme")
        .prefetch_related(
            Prefetch(
                "checks",
                # The carers in a query of their own: joined here, PostgreSQL overestimates the
                # checks due and hashes the whole carers table, whose size follows the country's.
                queryset=due.select_related("verified_by")
                .prefetch_related("carer")
                .order_by("expires_on", "pk"),
                to_attr="due_checks",
            )
        )
        .order_by("first_due", "name", "pk")
    )


def compliance_rows(user: User, *, today: date | None = None):
    """Every check on the compliance dashboard, one per row, for the CSV export."""
    day = today or timezone.localdate()
    return (
        Check.objects.due_within(on=day)
        .filter(household__in=Household.objects.for_user(user).exclude(status__in=CLOSED_STATUSES))
        .select_related("household__scheme", "carer", "verified_by")
        .order_by("household__name", "household_id", "expires_on", "pk")
    )


@dataclass
class Due:
    """Something a household needs to do about a check: renew it, or get it for the first time."""

    label: str
    carer: Carer | None
    expires_on: date | None  # None: there is no record yet
    expired: bool
    check_type: str = ""  # for the "Record" link, which opens the form with the kind chosen


@dataclass
class CheckSummary:
    current: list[Check]
    missing: list[Due] = field(default_factory=list)
    due_next: list[Due] = field(default_factory=list)


def check_summary(
    household: Household, *, today: date | None = None, staff_detail: bool = True
) -> CheckSummary:
    """Current checks of a household, the mandatory ones it has no record of, and what is due next:
    anything expired or missing, then the next expiry. With staff_detail=False (the carer's own
    page) the records come without who verified them and the evidence seen, which it does not show."""
    day = today or timezone.localdate()
    checks = household.checks.current().order_by("check_type", "carer_id")
    checks = checks.select_related("verified_by") if staff_detail else checks.defer("evidence", "verified_by")
    current = list(checks)
    # Each record's carer from the household's carers (prefetched by the pages), not joined again.
    carers = list(household.carers.all())
    by_id = {carer.pk: carer for carer in carers}
    for check in current:
        if check.carer_id in by_id:
            check.carer = by_id[check.carer_id]
    have = {(c.check_type, c.carer_id) for c in current}
    missing = []
    for check_type in MANDATORY_CHECKS:
        label = CheckType(check_type).label
        owners = carers if CHECK_RULES[check_type].per_carer else [None]
        for carer in owners:
            if (check_type, carer.pk if carer else None) not in have:
                missing.append(
                    Due(label=label, carer=carer, expires_on=None, expired=True, check_type=check_type)
                )
    expired = [Due(c.label, c.carer, c.expires_on, True, c.check_type) for c in current if c.is_expired(day)]
    upcoming = sorted(
        (c for c in current if c.expires_on and c.expires_on >= day), key=lambda c: c.expires_on
    )
    due_next = expired + missing
    if upcoming:
        first = upcoming[0].expires_on
        due_next += [
            Due(c.label, c.carer, c.expires_on, False, c.check_type)
            for c in upcoming
            if c.expires_on == first
        ]
    return CheckSummary(current=current, missing=missing, due_next=due_next)


def terms_history(household: Household):
    return household.terms_versions.select_related("panel_decision__recorded_by").order_by("-version")


# --- History --------------------------------------------------------------------------------
HISTORY_MODELS = [
    Household,
    Carer,
    HouseholdMember,
    HouseholdLanguage,
    HouseholdInterest,
    PanelDecision,
    ApprovalTerms,
    Check,
    Availability,
]
# Columns that are bookkeeping rather than something a person changed (besides history.BOOKKEEPING;
# the ids of the scheme, the household and the terms are never shown, as history names only the
# carers, languages and interests).
HIDDEN_COLUMNS = {"recorded_at", "position"}
# The records whose ids the history shows by name (users always are).
NAMED_IN_HISTORY = (Carer, Language, Interest)


def household_events(household: Household):
    """Every change recorded by the history triggers on the household and the records that belong to it."""
    return (
        MiddlewareEvents.objects.across(*[m.pgh_event_model for m in HISTORY_MODELS])
        .references(household)
        .order_by("-pgh_created_at", "-pgh_id")
    )


def describe_events(events) -> list[history.HistoryEntry]:
    """The events in words ("Household changed", "Carer added"), with field labels, choice labels
    and names for ids. Reads the users, carers, languages and interests named in one query each."""
    return history.describe(events, named=NAMED_IN_HISTORY, hidden=HIDDEN_COLUMNS)


CLIENT_GROUP_LABELS = dict(ClientGroup.choices)


# Fetched once with the household: the page, the checks summary and the edit rights all read them.
CARERS_IN_ORDER = Prefetch("carers", queryset=Carer.objects.order_by("position"))

# What the home page shows of the household (of some 25 columns), its scheme and its approval terms.
HOME_FIELDS = [
    "name",
    "status",
    "about_us",
    "scheme__name",
    "current_terms__max_people",
    "current_terms__support_types",
    "current_terms__client_groups",
    "current_terms__effective_from",
    # What the scheme lets carers edit (services.editable_parts), read with the household.
    "scheme__carer_settings__carers_may_edit_about_us",
    "scheme__carer_settings__carers_may_edit_interests",
    "scheme__carer_settings__carers_may_edit_members",
]


def _names(through, field: str) -> ArraySubquery:
    """The names of a household's interests or languages (`through` is the link table), in order."""
    links = through.objects.filter(household=OuterRef("pk")).order_by(f"{field}__name")
    return ArraySubquery(links.values(f"{field}__name"))


# Read with the household rather than in a query each; built once, as the ORM copies them per query.
INTEREST_NAMES = _names(HouseholdInterest, "interest")
LANGUAGE_NAMES = _names(HouseholdLanguage, "language")


def home_household(user):
    """The carer's own household as their home page shows it (one query with its carers), or None."""
    return (
        Household.objects.for_user(user)
        .select_related("scheme__carer_settings", "current_terms")
        .only(*HOME_FIELDS)
        .prefetch_related(CARERS_IN_ORDER)
        .annotate(interest_names=INTEREST_NAMES, language_names=LANGUAGE_NAMES)
        .first()
    )
