"""The person's money the carers hold: the one place for the balance and how a count is read.

The money is held per person and household: each household that supports the person keeps its own
account of the money it holds for them, with its own balance, counts and checks. When the person
moves to another household the balance does not move by itself: the first household records the
money handed over as money out ("handed to the new carers") and the new one records it as money in,
so each account still adds up to the cash in that house. `household=None` reads all the person's
accounts together.

The balance is the sum of every entry, money in less money out, exact to the penny (NUMERIC in the
database, Decimal here). Nothing is ever changed or deleted: a mistake is put right by another entry
(money in or out) that refers to the one it corrects (`corrects`), so the balance is still the sum
of all entries.

A check (the carer's count and sign, or the scheme's check) stores the balance as recorded at that
moment beside the money counted. The person's money differs, and the coordinator is alerted, while
the latest check of an account does not agree with its recorded balance; a later check that agrees
ends it (`latest_check_differs`, `checks_that_differ`).
"""

from datetime import date
from decimal import Decimal

from django.db.models import Case, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from .access import carer_arrangements, is_staff_of
from .models import MoneyCheck, MoneyDirection, MoneyEntry

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
# The largest amount a column holds (NUMERIC(9, 2)).
MOST = Decimal("9999999.99")
MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)

# Money in adds to the balance, money out takes from it.
SIGNED_AMOUNT = Case(
    When(direction=MoneyDirection.OUT, then=-F("amount")),
    default=F("amount"),
    output_field=MONEY_FIELD,
)
# The order of the ledger, oldest first: the order the running balance is added up in.
LEDGER_ORDER = ("day", "recorded_at", "pk")


def _id(obj_or_id) -> int | None:
    return getattr(obj_or_id, "pk", obj_or_id)


def entries_of(person, household=None, *, up_to: date | None = None):
    """The money entries of the person's account with `household` (all households: None)."""
    entries = MoneyEntry.objects.filter(person_id=_id(person))
    if household is not None:
        entries = entries.filter(household_id=_id(household))
    if up_to is not None:
        entries = entries.filter(day__lte=up_to)
    return entries


def balance(person, household=None, *, up_to: date | None = None) -> Decimal:
    """The money held for the person (by `household`, or by all households): money in less money
    out, of every entry (up to and including the day `up_to`, if given). Exact to the penny."""
    total = entries_of(person, household, up_to=up_to).aggregate(
        total=Coalesce(Sum(SIGNED_AMOUNT), Value(ZERO), output_field=MONEY_FIELD)
    )["total"]
    return total.quantize(PENNY)


def ledger(person, household=None):
    """The entries of the account, newest first, each with `running_balance`: the balance once it
    was added, summed by the database (a window over the account, oldest first, by day, time
    recorded and id) so a page of a long account costs the same as the first."""
    running = Window(
        Sum(SIGNED_AMOUNT),
        order_by=[F(name).asc() for name in LEDGER_ORDER],
        output_field=MONEY_FIELD,
    )
    return (
        entries_of(person, household)
        .select_related("recorded_by", "corrects")
        .annotate(running_balance=running)
        .order_by(*(F(name).desc() for name in LEDGER_ORDER))
    )


# --- Counts and checks ------------------------------------------------------------------------------


def checks_of(person, household=None):
    checks = MoneyCheck.objects.filter(person_id=_id(person))
    if household is not None:
        checks = checks.filter(household_id=_id(household))
    return checks.order_by("-checked_at", "-pk")


def latest_check(person, household=None, *, kind: str | None = None) -> MoneyCheck | None:
    checks = checks_of(person, household)
    if kind is not None:
        checks = checks.filter(kind=kind)
    return checks.select_related("checked_by").first()


def latest_check_differs(person, household=None) -> MoneyCheck | None:
    """The latest check of the account (any kind), if the money counted then differed from the
    recorded balance; None when it agreed or there is none. What the coordinator is alerted to."""
    check = latest_check(person, household)
    return check if check is not None and check.counted != check.recorded_balance else None


def checks_that_differ(checks=None):
    """Of `checks` (default: all), the latest check of each account (person and household) where
    the money counted differed from the recorded balance: one query, for the dashboard's alerts."""
    checks = MoneyCheck.objects.all() if checks is None else checks
    newest = MoneyCheck.objects.filter(person=OuterRef("person"), household=OuterRef("household")).order_by(
        "-checked_at", "-pk"
    )
    return checks.filter(pk=Subquery(newest.values("pk")[:1])).filter(~Q(counted=F("recorded_balance")))


def pounds(amount: Decimal | None) -> str:
    """£1,234.50; a negative amount as −£3.00."""
    if amount is None:
        return ""
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def difference_words(counted: Decimal, recorded: Decimal) -> str:
    """How a count compares with the record, in words: "£2.50 less than the record"."""
    difference = counted - recorded
    if difference == 0:
        return "The same as the record"
    return f"{pounds(abs(difference))} {'more' if difference > 0 else 'less'} than the record"


# --- Who sees an account -----------------------------------------------------------------------------


def holds_money_of(user, person_id: int, household_id: int) -> bool:
    """Whether `user` is a carer of the household and its support of the person is open now."""
    return carer_arrangements(user).filter(person_id=person_id, household_id=household_id).exists()


def sees_entry(user, entry: MoneyEntry) -> bool:
    """The carers of the entry's household while their support of the person is open, and the
    scheme's staff. (The person's representatives do not see the carers' account.)"""
    return is_staff_of(user, entry.person) or holds_money_of(user, entry.person_id, entry.household_id)


def get_money_entry_for_user(user, pk: int) -> MoneyEntry:
    """The entry with its person and household, for someone who sees it (sees_entry); else 404."""
    entry = get_object_or_404(
        MoneyEntry.objects.select_related("person__scheme", "household", "recorded_by", "corrects"), pk=pk
    )
    if not sees_entry(user, entry):
        raise Http404
    return entry
