"""The balance rule (records/money.py): the running balance of the ledger is exact to the penny,
the balance is the sum of every entry, and a check differs while its count and record disagree."""

from datetime import timedelta
from decimal import Decimal
from itertools import accumulate

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from records import money
from records.models import MoneyCheck, MoneyCheckKind, MoneyEntry
from tests.carers.factories import HouseholdFactory
from tests.people.factories import PersonFactory

entries_strategy = st.lists(
    st.tuples(st.sampled_from(["in", "out"]), st.decimals(min_value="0.01", max_value="500", places=2)),
    min_size=1,
    max_size=100,
)


@pytest.fixture
def account_holder(scheme_a, carer_user):
    return HouseholdFactory(scheme=scheme_a), carer_user


def _entries(person, household, by, rows, *, start=None):
    """Entries for each (direction, amount), several on a day, all recorded at the same moment so
    that the id is what orders them within a day."""
    start = start or timezone.localdate() - timedelta(days=len(rows) // 3 + 1)
    now = timezone.now()
    return MoneyEntry.objects.bulk_create(
        MoneyEntry(
            person=person,
            household=household,
            day=start + timedelta(days=i // 3),
            direction=direction,
            amount=amount,
            what=f"Entry {i}",
            no_receipt_reason="Test",
            recorded_by=by,
            recorded_at=now,
        )
        for i, (direction, amount) in enumerate(rows)
    )


@given(rows=entries_strategy)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_running_balance_is_exact_to_the_penny_over_a_hundred_random_entries(rows, account_holder, scheme_a):
    household, by = account_holder
    person = PersonFactory(scheme=scheme_a)  # a new account for each example
    _entries(person, household, by, rows)
    expected = list(accumulate(amount if direction == "in" else -amount for direction, amount in rows))

    ledger = list(money.ledger(person, household))

    assert [entry.running_balance for entry in reversed(ledger)] == expected
    assert all(entry.running_balance.as_tuple().exponent == -2 for entry in ledger)
    assert money.balance(person, household) == expected[-1]
    assert money.balance(person) == expected[-1]


def test_a_page_of_the_ledger_keeps_the_balance_of_the_whole_account(account_holder, person_p):
    household, by = account_holder
    _entries(person_p, household, by, [("in", Decimal("1.10"))] * 60)
    second_page = list(money.ledger(person_p, household)[50:60])
    assert [e.running_balance for e in second_page] == [Decimal("1.10") * n for n in range(10, 0, -1)]


def test_balance_up_to_a_day_leaves_out_later_entries(account_holder, person_p):
    household, by = account_holder
    today = timezone.localdate()
    _entries(person_p, household, by, [("in", Decimal("20.00")), ("out", Decimal("3.45"))], start=today)
    MoneyEntry.objects.filter(what="Entry 1").update(day=today)  # same day: still counted
    assert money.balance(person_p, household, up_to=today - timedelta(days=1)) == Decimal("0.00")
    assert money.balance(person_p, household, up_to=today) == Decimal("16.55")


def test_a_correction_is_an_entry_like_any_other_in_the_balance(account_holder, person_p):
    household, by = account_holder
    (wrong,) = _entries(person_p, household, by, [("out", Decimal("25.00"))])
    MoneyEntry.objects.create(
        person=person_p,
        household=household,
        direction="in",
        amount=Decimal("22.50"),
        what="The bus fare was £2.50, not £25.00",
        corrects=wrong,
        recorded_by=by,
    )
    assert money.balance(person_p, household) == Decimal("-2.50")


def test_each_household_keeps_its_own_account_of_the_persons_money(account_holder, person_p, scheme_a):
    household, by = account_holder
    other = HouseholdFactory(scheme=scheme_a)
    _entries(person_p, household, by, [("in", Decimal("10.00"))])
    _entries(person_p, other, by, [("in", Decimal("5.00"))])
    assert money.balance(person_p, household) == Decimal("10.00")
    assert money.balance(person_p, other) == Decimal("5.00")
    assert money.balance(person_p) == Decimal("15.00")


def _check(person, household, by, counted, recorded, minutes_ago):
    return MoneyCheck.objects.create(
        person=person,
        household=household,
        kind=MoneyCheckKind.CARER_COUNT,
        counted=Decimal(counted),
        recorded_balance=Decimal(recorded),
        checked_by=by,
        checked_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_a_check_that_differs_is_reported_until_a_later_check_agrees(account_holder, person_p):
    household, by = account_holder
    differing = _check(person_p, household, by, "40.00", "42.50", minutes_ago=10)
    assert money.latest_check_differs(person_p, household) == differing
    assert list(money.checks_that_differ()) == [differing]

    _check(person_p, household, by, "42.50", "42.50", minutes_ago=5)
    assert money.latest_check_differs(person_p, household) is None
    assert list(money.checks_that_differ()) == []


def test_an_earlier_agreeing_check_does_not_hide_a_later_difference(account_holder, person_p):
    household, by = account_holder
    _check(person_p, household, by, "42.50", "42.50", minutes_ago=10)
    later = _check(person_p, household, by, "42.49", "42.50", minutes_ago=1)
    assert money.latest_check_differs(person_p, household) == later
    assert list(money.checks_that_differ()) == [later]


def test_no_check_is_no_difference(account_holder, person_p):
    household, _ = account_holder
    assert money.latest_check_differs(person_p, household) is None


@pytest.mark.parametrize(
    ("counted", "recorded", "words"),
    [
        ("40.00", "42.50", "£2.50 less than the record"),
        ("43.00", "42.50", "£0.50 more than the record"),
        ("42.50", "42.50", "The same as the record"),
        ("1500.00", "0.00", "£1,500.00 more than the record"),
    ],
)
def test_a_difference_is_said_in_words(counted, recorded, words):
    assert money.difference_words(Decimal(counted), Decimal(recorded)) == words


def test_amounts_read_as_pounds_and_pence():
    assert money.pounds(Decimal("-3")) == "−£3.00"
    assert money.pounds(Decimal("1234.5")) == "£1,234.50"
