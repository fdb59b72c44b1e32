"""The person's money the carers hold: the account with its running balance, money in and out with
a receipt photo, corrections, the carer's count and sign, the scheme's check.

The carers of a household see and write its account while their support of the person is open
(records.access.get_carer_arrangement); staff of the person's scheme see every household's account
and check it. Everyone else gets 404. Each page that shows the account is access-logged against the
person."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from carers.models import Household
from people.models import Person
from sharedlives.accounts.access import staff_required
from sharedlives.accounts.models import User
from sharedlives.audit.services import access_record
from sharedlives.files.content import FileRefused
from sharedlives.files.selectors import documents_by_record

from .. import money as rules
from ..access import get_carer_arrangement
from ..forms.money import MoneyCorrectionForm, MoneyCountForm, MoneyEntryForm
from ..models import MoneyCheckKind, MoneyDirection, MoneyEntry
from ..services import money as services
from ..services.common import RecordsError

PER_PAGE = 50


@dataclass(frozen=True)
class Account:
    """The person's money held by one household, as the user asking may see it."""

    person: Person
    household: Household | None
    is_carer: bool
    # Staff: every household that has supported the person, the latest first.
    households: tuple = ()

    def url(self, name: str = "records:money") -> str:
        address = reverse(name, args=[self.person.pk])
        if not self.is_carer and self.household is not None:
            address += f"?household={self.household.pk}"
        return address


def _account(request, person_id: int) -> Account:
    """The carer's own household's account, or for staff of the scheme the household chosen with
    ?household= (default: the one that supported the person last). 404 for everyone else."""
    user = request.user
    if user.kind == User.Kind.CARER:
        arrangement = get_carer_arrangement(user, person_id)
        return Account(arrangement.person, arrangement.household, is_carer=True)
    if user.kind != User.Kind.STAFF:
        raise Http404
    person = get_object_or_404(
        Person.objects.filter(scheme_id__in=user.staff_scheme_ids).select_related("scheme"), pk=person_id
    )
    households = tuple(
        Household.objects.filter(arrangements__person=person)
        .annotate(latest=Max("arrangements__start_date"))
        .order_by("-latest", "pk")
    )
    wanted = request.GET.get("household", "")
    chosen = next((h for h in households if str(h.pk) == wanted), households[0] if households else None)
    return Account(person, chosen, is_carer=False, households=households)


def _carer_account(request, person_id: int) -> Account:
    if request.user.kind != User.Kind.CARER:
        # Staff of the scheme see the account but do not write the carers' entries.
        _account(request, person_id)
        raise PermissionDenied
    return _account(request, person_id)


def _described(check):
    """The check with its comparison in words, for the page."""
    if check is not None:
        check.words = rules.difference_words(check.counted, check.recorded_balance)
        check.recorded_text = rules.pounds(check.recorded_balance)
    return check


def money(request, person_id: int):
    """The account, newest entry first, each with the balance once it was added; the balance now,
    and the latest count by the carers and check by the scheme, with any difference in words."""
    account = _account(request, person_id)
    person, household = account.person, account.household
    context = {"account": account, "person": person, "household": household}
    if household is not None:
        entries = rules.ledger(person, household).annotate(
            corrected=Exists(MoneyEntry.objects.filter(corrects=OuterRef("pk")))
        )
        page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
        receipts = documents_by_record(MoneyEntry, [entry.pk for entry in page])
        for entry in page:
            entry.receipts = receipts.get(entry.pk, [])
            entry.running_text = rules.pounds(entry.running_balance)
        balance = rules.balance(person, household)
        context |= {
            "page": page,
            "query": f"household={household.pk}" if not account.is_carer else "",
            "balance": balance,
            "balance_text": rules.pounds(balance),
            "check_url": account.url("records:money_check"),
            "latest_count": _described(
                rules.latest_check(person, household, kind=MoneyCheckKind.CARER_COUNT)
            ),
            "latest_staff_check": _described(
                rules.latest_check(person, household, kind=MoneyCheckKind.STAFF_CHECK)
            ),
            "differs": _described(rules.latest_check_differs(person, household)),
        }
    access_record(user=request.user, obj=person, page="money")
    return render(request, "records/money/ledger.html", context)


def money_add(request, person_id: int):
    """A carer records money in or out, with a photo of the receipt or why there is none. A refused
    file or entry writes nothing and keeps what was typed (the file must be chosen again)."""
    account = _carer_account(request, person_id)
    form = MoneyEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.money_entry_add(
                person_id=account.person.pk,
                household_id=account.household.pk,
                by=request.user,
                **form.cleaned_data,
            )
        except FileRefused as e:
            form.add_error("receipt", str(e))
        except RecordsError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, f"{entry.get_direction_display()} of {rules.pounds(entry.amount)} recorded."
            )
            return redirect(account.url())
    return render(
        request,
        "records/money/entry_form.html",
        {"account": account, "person": account.person, "form": form},
    )


def money_entry(request, pk: int):
    """One entry: what it was, its receipt, what it corrects and what corrected it."""
    entry = rules.get_money_entry_for_user(request.user, pk)
    is_carer = request.user.kind == User.Kind.CARER
    account = Account(entry.person, entry.household, is_carer=is_carer)
    access_record(user=request.user, obj=entry.person, page="money entry")
    return render(
        request,
        "records/money/entry_detail.html",
        {
            "entry": entry,
            "account": account,
            "person": entry.person,
            "corrections": entry.corrections.select_related("recorded_by").order_by(
                "day", "recorded_at", "pk"
            ),
            "may_correct": is_carer,
        },
    )


def money_correct(request, pk: int):
    """A carer puts an entry right with a new entry of today that refers to it; the entry stays."""
    entry = rules.get_money_entry_for_user(request.user, pk)
    if request.user.kind != User.Kind.CARER:
        raise PermissionDenied
    account = Account(entry.person, entry.household, is_carer=True)
    opposite = MoneyDirection.IN if entry.direction == MoneyDirection.OUT else MoneyDirection.OUT
    form = MoneyCorrectionForm(request.POST or None, initial={"direction": opposite, "amount": entry.amount})
    if request.method == "POST" and form.is_valid():
        try:
            services.money_entry_correct(entry_id=entry.pk, by=request.user, **form.cleaned_data)
        except RecordsError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "The correction was recorded. The entry it corrects stays as it was.")
            return redirect(account.url())
    return render(
        request,
        "records/money/correct_form.html",
        {"entry": entry, "account": account, "person": entry.person, "form": form},
    )


def _counted_message(check) -> str:
    if check.difference == 0:
        return f"Thank you. The {rules.pounds(check.counted)} counted is the same as the record."
    return (
        f"The {rules.pounds(check.counted)} counted is "
        f"{rules.difference_words(check.counted, check.recorded_balance)} "
        f"({rules.pounds(check.recorded_balance)}). The scheme will see the difference."
    )


def _count_page(request, account: Account, *, record, title: str, intro: str):
    form = MoneyCountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check = record(
                person_id=account.person.pk,
                household_id=account.household.pk,
                by=request.user,
                **form.cleaned_data,
            )
        except RecordsError as e:
            form.add_error(None, str(e))
        else:
            (messages.success if check.difference == 0 else messages.warning)(
                request, _counted_message(check)
            )
            return redirect(account.url())
    return render(
        request,
        "records/money/count_form.html",
        {"account": account, "person": account.person, "form": form, "title": title, "intro": intro},
    )


def money_count(request, person_id: int):
    """A carer counts the money they hold for the person and signs the count."""
    account = _carer_account(request, person_id)
    return _count_page(
        request,
        account,
        record=services.money_count_record,
        title=f"Count {account.person.known_as}'s money",
        intro="Count all the notes and coins you hold for them, then enter the total. "
        "The record's balance is compared with your count when you sign it.",
    )


@staff_required
def money_check(request, person_id: int):
    """Staff of the scheme count the money a household holds for the person."""
    account = _account(request, person_id)
    if account.household is None:
        raise Http404
    return _count_page(
        request,
        account,
        record=services.money_check_record,
        title=f"Check {account.person.known_as}'s money held by {account.household.name}",
        intro="Count the money with the carers, then enter the total. "
        "The record's balance is compared with the count when you sign it.",
    )
