"""Every change to the person's money the carers hold: an entry (with its receipt), a correction, the
carer's count and sign, the scheme's check. The balance rule is records.money.

Each service checks everything (who is asking, the amount, the day, the receipt file itself) before
it writes a row, and locks the person's row first, so that a count's recorded balance includes every
entry committed before it and none half-written."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from people.models import Person
from sharedlives.files.content import JPEG, PDF, PNG, check_document, check_size, detect
from sharedlives.files.models import DocumentKind
from sharedlives.files.services import document_add

from ..access import carer_arrangements, is_staff_of
from ..models import SHORT_TEXT, MoneyCheck, MoneyCheckKind, MoneyDirection, MoneyEntry
from ..money import MOST, balance, pounds
from .common import RecordsError

# A receipt is a photo from the phone, a scan or a PDF the shop sent.
RECEIPT_TYPES = (JPEG, PNG, PDF)
CORRECTION_NO_RECEIPT = "A correction of an earlier entry"


def _lock_person(person_id: int) -> Person:
    return Person.objects.select_for_update().get(pk=person_id)


def _carer_arrangement(by, person_id: int, household_id: int):
    arrangement = (
        carer_arrangements(by)
        .filter(person_id=person_id, household_id=household_id)
        .order_by("-start_date", "-pk")
        .first()
    )
    if arrangement is None:
        raise RecordsError(
            "You can record the person's money only while your household's support of them is open."
        )
    return arrangement


def ensure_amount(amount, *, what: str = "The amount", zero_allowed: bool = False) -> Decimal:
    """`amount` as pounds and pence: a Decimal, more than nothing (or nothing, when `zero_allowed`),
    with no more than two figures after the point. The forms check the same (forms/money.py)."""
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise RecordsError(f"{what} must be in pounds and pence, for example 12.50.") from None
    if not amount.is_finite():
        raise RecordsError(f"{what} must be in pounds and pence, for example 12.50.")
    if amount < 0 or (amount == 0 and not zero_allowed):
        least = "cannot be less than" if zero_allowed else "must be more than"
        raise RecordsError(f"{what} {least} £0.00.")
    if amount != amount.quantize(Decimal("0.01")):
        raise RecordsError(f"{what} can have at most two figures for the pence, for example 12.50.")
    if amount > MOST:
        raise RecordsError(f"{what} can be at most {pounds(MOST)}.")
    return amount.quantize(Decimal("0.01"))


def _ensure_entry_facts(*, direction: str, amount, day: date, what: str, arrangement) -> Decimal:
    if direction not in MoneyDirection.values:
        raise RecordsError("Say whether this is money in or money out.")
    amount = ensure_amount(amount)
    if day > timezone.localdate():
        raise RecordsError("The date cannot be in the future.")
    if arrangement.start_date and day < arrangement.start_date:
        raise RecordsError(
            f"The date cannot be before your support of {arrangement.person.known_as} began, "
            f"on {arrangement.start_date:%-d %B %Y}."
        )
    if not what.strip():
        raise RecordsError("Say what the money was for, or where it came from.")
    if len(what.strip()) > SHORT_TEXT:
        raise RecordsError(f"Say what the money was for in at most {SHORT_TEXT} characters.")
    return amount


def check_receipt(upload) -> None:
    """The receipt file as the files app will keep it: a JPEG, PNG or PDF that is what its name
    says, within the size limit, an image that opens. Raises FileRefused (nothing written)."""
    check_size(upload.size or 0)
    upload.seek(0)
    data = upload.read()
    detect(data, upload.name, allowed=RECEIPT_TYPES)
    check_document(data, upload.name)
    upload.seek(0)


@transaction.atomic
def money_entry_add(
    *,
    person_id: int,
    household_id: int,
    direction: str,
    amount,
    day: date,
    what: str,
    no_receipt_reason: str = "",
    receipt=None,
    by,
    corrects: MoneyEntry | None = None,
) -> MoneyEntry:
    """Record money in or out of the person's money the household holds, by a carer of the household
    while its support is open. Money out has a receipt (an uploaded file, kept as a document of
    kind "receipt" on the entry) or the reason there is none. Refused (RecordsError, or FileRefused
    for the file) before anything is written; the entry and its receipt are written together or
    not at all."""
    arrangement = _carer_arrangement(by, person_id, household_id)
    amount = _ensure_entry_facts(
        direction=direction, amount=amount, day=day, what=what, arrangement=arrangement
    )
    reason = no_receipt_reason.strip()
    if len(reason) > SHORT_TEXT:
        raise RecordsError(f"Say why there is no receipt in at most {SHORT_TEXT} characters.")
    if direction == MoneyDirection.OUT and receipt is None and not reason:
        raise RecordsError("Add a photo of the receipt, or say why there is none.")
    if receipt is not None:
        check_receipt(receipt)
        reason = ""  # with a receipt, there is nothing to explain
    _lock_person(person_id)
    entry = MoneyEntry.objects.create(
        person_id=person_id,
        household_id=household_id,
        day=day,
        direction=direction,
        amount=amount,
        what=what.strip(),
        no_receipt_reason=reason,
        corrects=corrects,
        recorded_by=by,
    )
    if receipt is not None:
        entry.person = arrangement.person  # the registry reads the scheme from it
        document_add(
            owner_obj=entry,
            kind=DocumentKind.RECEIPT,
            title=f"Receipt: {entry.what}"[:SHORT_TEXT],
            upload=receipt,
            by=by,
        )
    return entry


@transaction.atomic
def money_entry_correct(*, entry_id: int, direction: str, amount, what: str, by) -> MoneyEntry:
    """Put an entry right with a new entry of today that refers to it: money in or out of the
    difference (the entry itself never changes). Its explanation is `what`; it needs no receipt."""
    entry = MoneyEntry.objects.select_related("person").get(pk=entry_id)
    if not what.strip():
        raise RecordsError("Say what was wrong and what this correction puts right.")
    return money_entry_add(
        person_id=entry.person_id,
        household_id=entry.household_id,
        direction=direction,
        amount=amount,
        day=timezone.localdate(),
        what=what,
        no_receipt_reason=CORRECTION_NO_RECEIPT,
        by=by,
        corrects=entry,
    )


def _check_record(*, person_id: int, household_id: int, kind: str, counted, note: str, by) -> MoneyCheck:
    counted = ensure_amount(counted, what="The money counted", zero_allowed=True)
    _lock_person(person_id)
    return MoneyCheck.objects.create(
        person_id=person_id,
        household_id=household_id,
        kind=kind,
        counted=counted,
        recorded_balance=balance(person_id, household_id),
        note=note.strip(),
        checked_by=by,
    )


@transaction.atomic
def money_count_record(
    *, person_id: int, household_id: int, counted, signed: bool, note: str = "", by
) -> MoneyCheck:
    """A carer of the household counts the person's money and signs the count. The balance
    recorded at that moment is kept beside it; a difference is shown and alerts the coordinator."""
    _carer_arrangement(by, person_id, household_id)
    if not signed:
        raise RecordsError("Tick the box to sign that you counted this money.")
    return _check_record(
        person_id=person_id,
        household_id=household_id,
        kind=MoneyCheckKind.CARER_COUNT,
        counted=counted,
        note=note,
        by=by,
    )


@transaction.atomic
def money_check_record(
    *, person_id: int, household_id: int, counted, signed: bool, note: str = "", by
) -> MoneyCheck:
    """Staff of the person's scheme count the money a household holds for the person, against the
    balance recorded at that moment."""
    person = Person.objects.get(pk=person_id)
    if not is_staff_of(by, person):
        raise RecordsError("Only the person's scheme can check their money.")
    if not person.arrangements.filter(household_id=household_id).exists():
        raise RecordsError("This household has never supported the person.")
    if not signed:
        raise RecordsError("Tick the box to sign that you counted this money.")
    return _check_record(
        person_id=person_id,
        household_id=household_id,
        kind=MoneyCheckKind.STAFF_CHECK,
        counted=counted,
        note=note,
        by=by,
    )
