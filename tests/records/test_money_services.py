"""Money services (records/services/money.py): an entry with its receipt or the reason there is
none, a correction, the carer's count and the scheme's check. Refused input writes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from records import money
from records.models import MoneyCheck, MoneyEntry
from records.services import RecordsError
from records.services import money as services
from sharedlives.files.content import FileRefused
from sharedlives.files.models import Document, DocumentKind
from tests.files.images import png, upload


def _counts():
    return MoneyEntry.objects.count(), Document.objects.count(), MoneyCheck.objects.count()


def _add(arrangement, by, **kwargs):
    facts = {
        "direction": "out",
        "amount": Decimal("12.50"),
        "day": timezone.localdate(),
        "what": "Lunch in town",
        "no_receipt_reason": "",
        "receipt": None,
    } | kwargs
    return services.money_entry_add(
        person_id=arrangement.person_id, household_id=arrangement.household_id, by=by, **facts
    )


def test_money_out_with_a_receipt_photo_stores_it_as_the_entrys_receipt(arrangement_px, carer_user):
    entry = _add(arrangement_px, carer_user, receipt=upload(png(), "receipt.png"))
    (document,) = Document.objects.all()
    assert document.owner == entry
    assert document.kind == DocumentKind.RECEIPT
    assert document.versions.get().content_type == "image/png"
    assert entry.no_receipt_reason == ""
    assert money.balance(arrangement_px.person, arrangement_px.household) == Decimal("-12.50")


def test_money_out_with_the_reason_there_is_no_receipt_is_recorded(arrangement_px, carer_user):
    entry = _add(arrangement_px, carer_user, no_receipt_reason="The bus gave no ticket")
    assert entry.no_receipt_reason == "The bus gave no ticket"
    assert Document.objects.count() == 0


def test_money_in_needs_neither_receipt_nor_reason(arrangement_px, carer_user):
    entry = _add(arrangement_px, carer_user, direction="in", amount="40", what="Cash from the bank")
    assert entry.amount == Decimal("40.00")


def test_money_out_without_receipt_or_reason_is_refused_and_nothing_written(arrangement_px, carer_user):
    before = _counts()
    with pytest.raises(RecordsError, match="receipt, or say why there is none"):
        _add(arrangement_px, carer_user)
    assert _counts() == before


def test_a_receipt_that_is_not_an_image_is_refused_and_nothing_written(arrangement_px, carer_user):
    before = _counts()
    with pytest.raises(FileRefused, match="judging by its contents"):
        _add(arrangement_px, carer_user, receipt=upload(b"not an image", "receipt.jpg"))
    assert _counts() == before


def test_a_broken_image_is_refused_before_the_entry_is_written(
    arrangement_px, carer_user, django_assert_max_num_queries
):
    broken = png()[:60]  # a PNG's signature, then nothing an image can be made of
    with pytest.raises(FileRefused):
        _add(arrangement_px, carer_user, receipt=upload(broken, "receipt.png"))
    assert _counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "more than £0.00"),
        ("-5", "more than £0.00"),
        ("12.345", "two figures for the pence"),
        ("ten", "pounds and pence"),
        ("NaN", "pounds and pence"),
        ("10000000", "at most"),
    ],
)
def test_amounts_that_are_not_pounds_and_pence_are_refused(arrangement_px, carer_user, amount, message):
    with pytest.raises(RecordsError, match=message):
        _add(arrangement_px, carer_user, amount=amount, no_receipt_reason="None given")
    assert _counts() == (0, 0, 0)


def test_a_day_in_the_future_is_refused(arrangement_px, carer_user):
    with pytest.raises(RecordsError, match="future"):
        _add(arrangement_px, carer_user, day=timezone.localdate() + timedelta(days=1), no_receipt_reason="x")
    assert _counts() == (0, 0, 0)


def test_a_day_before_the_support_began_is_refused(arrangement_px, carer_user):
    with pytest.raises(RecordsError, match="before your support"):
        _add(
            arrangement_px,
            carer_user,
            day=arrangement_px.start_date - timedelta(days=1),
            no_receipt_reason="x",
        )
    assert _counts() == (0, 0, 0)


def test_a_carer_of_another_household_cannot_record_the_persons_money(
    arrangement_px, carer_y_user, household_y
):
    with pytest.raises(RecordsError, match="support of them is open"):
        services.money_entry_add(
            person_id=arrangement_px.person_id,
            household_id=household_y.pk,
            direction="in",
            amount=Decimal("5"),
            day=timezone.localdate(),
            what="Gift",
            by=carer_y_user,
        )
    assert _counts() == (0, 0, 0)


def test_staff_do_not_write_the_carers_entries(arrangement_px, coordinator_a):
    with pytest.raises(RecordsError):
        _add(arrangement_px, coordinator_a, no_receipt_reason="x")


def test_a_correction_is_a_new_entry_that_refers_to_the_old_one(arrangement_px, carer_user):
    wrong = _add(arrangement_px, carer_user, amount=Decimal("25.00"), no_receipt_reason="No ticket")
    correction = services.money_entry_correct(
        entry_id=wrong.pk, direction="in", amount=Decimal("22.50"), what="It was £2.50", by=carer_user
    )
    wrong.refresh_from_db()
    assert wrong.amount == Decimal("25.00")
    assert correction.corrects == wrong
    assert correction.day == timezone.localdate()
    assert money.balance(arrangement_px.person, arrangement_px.household) == Decimal("-2.50")


def test_a_correction_says_what_it_puts_right(arrangement_px, carer_user):
    wrong = _add(arrangement_px, carer_user, no_receipt_reason="No ticket")
    with pytest.raises(RecordsError, match="what was wrong"):
        services.money_entry_correct(entry_id=wrong.pk, direction="in", amount="1", what=" ", by=carer_user)
    assert MoneyEntry.objects.count() == 1


def test_an_entry_of_yesterday_cannot_be_changed_by_the_database(arrangement_px, carer_user):
    (entry,) = MoneyEntry.objects.bulk_create(
        [
            MoneyEntry(
                person=arrangement_px.person,
                household=arrangement_px.household,
                day=timezone.localdate() - timedelta(days=1),
                direction="out",
                amount=Decimal("3.00"),
                what="Bus",
                no_receipt_reason="No ticket",
                recorded_by=carer_user,
            )
        ]
    )
    with pytest.raises(Exception, match="fixed_after_its_day"), transaction.atomic():
        MoneyEntry.objects.filter(pk=entry.pk).update(amount=Decimal("30.00"))
    with pytest.raises(Exception, match="never_deleted"), transaction.atomic():
        MoneyEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.amount == Decimal("3.00")


def test_a_count_that_differs_is_recorded_and_reported(arrangement_px, carer_user):
    _add(arrangement_px, carer_user, direction="in", amount=Decimal("45.00"), what="From the bank")
    check = services.money_count_record(
        person_id=arrangement_px.person_id,
        household_id=arrangement_px.household_id,
        counted=Decimal("42.50"),
        signed=True,
        by=carer_user,
    )
    assert (check.kind, check.counted, check.recorded_balance) == (
        "carer_count",
        Decimal("42.50"),
        Decimal("45.00"),
    )
    assert check.difference == Decimal("-2.50")
    assert money.latest_check_differs(arrangement_px.person, arrangement_px.household) == check
    assert list(money.checks_that_differ()) == [check]


def test_a_count_that_agrees_is_not_reported(arrangement_px, carer_user):
    _add(arrangement_px, carer_user, direction="in", amount=Decimal("45.00"), what="From the bank")
    services.money_count_record(
        person_id=arrangement_px.person_id,
        household_id=arrangement_px.household_id,
        counted=Decimal("45"),
        signed=True,
        by=carer_user,
    )
    assert money.latest_check_differs(arrangement_px.person, arrangement_px.household) is None
    assert list(money.checks_that_differ()) == []


def test_a_count_not_signed_is_refused(arrangement_px, carer_user):
    with pytest.raises(RecordsError, match="Tick the box"):
        services.money_count_record(
            person_id=arrangement_px.person_id,
            household_id=arrangement_px.household_id,
            counted=Decimal("1"),
            signed=False,
            by=carer_user,
        )
    assert MoneyCheck.objects.count() == 0


def test_staff_of_the_scheme_check_the_money_and_a_later_agreeing_check_clears_the_difference(
    arrangement_px, carer_user, coordinator_a
):
    ids = {"person_id": arrangement_px.person_id, "household_id": arrangement_px.household_id}
    _add(arrangement_px, carer_user, direction="in", amount=Decimal("10.00"), what="From the bank")
    services.money_count_record(**ids, counted=Decimal("8"), signed=True, by=carer_user)
    check = services.money_check_record(**ids, counted=Decimal("10.00"), signed=True, by=coordinator_a)
    assert check.kind == "staff_check"
    assert money.latest_check_differs(arrangement_px.person, arrangement_px.household) is None


def test_staff_of_another_scheme_cannot_check_the_money(arrangement_px, coordinator_b):
    with pytest.raises(RecordsError, match="Only the person's scheme"):
        services.money_check_record(
            person_id=arrangement_px.person_id,
            household_id=arrangement_px.household_id,
            counted=Decimal("0"),
            signed=True,
            by=coordinator_b,
        )
    assert MoneyCheck.objects.count() == 0
