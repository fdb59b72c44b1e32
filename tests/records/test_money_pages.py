"""The money pages: the account with its running balance, money in and out with a receipt photo, a
correction, the carer's count and the scheme's check. Carers of the household while its support is
open and staff of the scheme; everyone else 404."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from records.models import MoneyCheck, MoneyEntry
from sharedlives.audit.models import AccessLog
from sharedlives.files.models import Document
from tests.files.images import png, upload


def _url(name, arrangement):
    return reverse(name, args=[arrangement.person_id])


def _entry(arrangement, by, *, direction="in", amount="10.00", what="Cash from the bank", days_ago=0, **kw):
    return MoneyEntry.objects.create(
        person=arrangement.person,
        household=arrangement.household,
        day=timezone.localdate() - timedelta(days=days_ago),
        direction=direction,
        amount=Decimal(amount),
        what=what,
        recorded_by=by,
        **kw,
    )


def _counts():
    return MoneyEntry.objects.count(), Document.objects.count(), MoneyCheck.objects.count()


def _spend(**kwargs):
    return {
        "direction": "out",
        "amount": "12.50",
        "day": timezone.localdate().isoformat(),
        "what": "Lunch in town",
        "no_receipt_reason": "",
    } | kwargs


# --- The account ---------------------------------------------------------------------------------


def test_the_carer_sees_each_entry_with_the_balance_after_it(client_carer, arrangement_px, carer_user):
    _entry(arrangement_px, carer_user, amount="40.00")
    _entry(
        arrangement_px, carer_user, direction="out", amount="12.50", what="Lunch", no_receipt_reason="Lost"
    )
    response = client_carer.get(_url("records:money", arrangement_px))
    assert response.status_code == 200
    html = response.content.decode()
    assert "£27.50" in html  # the balance now, and after the lunch
    assert "£40.00" in html  # after the money in
    assert "No receipt: Lost" in html
    assert html.index("Lunch") < html.index("Cash from the bank")  # newest first
    assert AccessLog.objects.filter(
        user=carer_user, object_id=arrangement_px.person_id, page="money"
    ).exists()


def test_staff_of_the_scheme_see_the_account_and_may_check_it(
    client_coordinator_a, arrangement_px, carer_user
):
    _entry(arrangement_px, carer_user, amount="5.25")
    response = client_coordinator_a.get(_url("records:money", arrangement_px))
    assert response.status_code == 200
    assert "£5.25" in response.content.decode()
    assert reverse("records:money_check", args=[arrangement_px.person_id]) in response.content.decode()


@pytest.mark.parametrize(
    "outsider",
    ["client_carer_y", "client_coordinator_b", "client_person", "client_family_sees_records"],
)
@pytest.mark.parametrize(
    "name", ["records:money", "records:money_add", "records:money_count", "records:money_check"]
)
def test_outsiders_get_404(request, arrangement_px, household_y, outsider, name):
    client = request.getfixturevalue(outsider)
    expected = 403 if name == "records:money_check" and outsider != "client_coordinator_b" else 404
    assert client.get(_url(name, arrangement_px)).status_code == expected


def test_an_entry_and_its_receipt_are_404_to_outsiders(
    request, arrangement_px, carer_user, client_carer_y, client_coordinator_b, client_person
):
    entry = _entry(arrangement_px, carer_user)
    for client in (client_carer_y, client_coordinator_b, client_person):
        assert client.get(reverse("records:money_entry", args=[entry.pk])).status_code == 404
        assert client.get(reverse("records:money_correct", args=[entry.pk])).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(anon_client, arrangement_px):
    response = anon_client.get(_url("records:money", arrangement_px))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_account_closes_when_the_support_ends(client_carer, arrangement_px):
    today = timezone.localdate()
    arrangement_px.__class__.objects.filter(pk=arrangement_px.pk).update(
        start_date=today - timedelta(days=30), end_date=today - timedelta(days=1)
    )
    assert client_carer.get(_url("records:money", arrangement_px)).status_code == 404


def test_staff_do_not_write_the_carers_entries(client_coordinator_a, arrangement_px):
    assert client_coordinator_a.get(_url("records:money_add", arrangement_px)).status_code == 403
    assert client_coordinator_a.get(_url("records:money_count", arrangement_px)).status_code == 403


@pytest.mark.parametrize("client_name", ["client_carer", "client_coordinator_a"])
def test_the_account_page_uses_the_same_queries_for_5_or_60_entries(
    request, client_name, arrangement_px, carer_user
):
    client = request.getfixturevalue(client_name)
    url = _url("records:money", arrangement_px)
    client.get(url)  # the first request reads what later ones find cached (content types)
    counts = []
    for total in (5, 60):
        while MoneyEntry.objects.count() < total:
            _entry(arrangement_px, carer_user, direction="out", amount="1.00", no_receipt_reason="None")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_account_page_query_count_is_pinned(
    client_carer, arrangement_px, carer_user, django_assert_num_queries
):
    for _ in range(3):
        _entry(arrangement_px, carer_user)
    client_carer.get(_url("records:money", arrangement_px))  # warm the content-type cache
    # session, user, the carer's open arrangement (+person, household), count of entries, a page of
    # entries with running balance, their receipts, the balance, latest count, latest staff check,
    # latest check of any kind, the access log
    with django_assert_num_queries(11):
        client_carer.get(_url("records:money", arrangement_px))


# --- Money in and out ------------------------------------------------------------------------------


def test_the_carer_records_a_spend_with_a_receipt_photo(client_carer, arrangement_px):
    response = client_carer.get(_url("records:money_add", arrangement_px))
    html = response.content.decode()
    assert 'accept="image/*,.pdf"' in html
    assert "capture" in html
    assert 'enctype="multipart/form-data"' in html

    data = _spend(receipt=upload(png(), "receipt.png", "image/png"))
    response = client_carer.post(_url("records:money_add", arrangement_px), data)
    assert response.status_code == 302
    entry = MoneyEntry.objects.get()
    assert (entry.direction, entry.amount, entry.what) == ("out", Decimal("12.50"), "Lunch in town")
    assert Document.objects.get().owner == entry


def test_the_receipt_is_shown_to_the_carer_and_staff_but_not_to_others(
    client_carer, client_coordinator_a, client_carer_y, household_y, arrangement_px
):
    client_carer.post(_url("records:money_add", arrangement_px), _spend(receipt=upload(png(), "receipt.png")))
    entry = MoneyEntry.objects.get()
    version = Document.objects.get().versions.get()
    download = reverse("files:document_download", args=[version.pk])
    for client in (client_carer, client_coordinator_a):
        page = client.get(reverse("records:money_entry", args=[entry.pk]))
        assert page.status_code == 200
        assert "Receipt: Lunch in town" in page.content.decode()
        assert download in page.content.decode()
        assert download in client.get(_url("records:money", arrangement_px)).content.decode()
        assert client.get(download).status_code == 200
    assert client_carer_y.get(download).status_code == 404


def test_a_file_that_is_not_an_image_is_refused_next_to_the_file_field(client_carer, arrangement_px):
    before = _counts()
    data = _spend(receipt=upload(b"not an image", "receipt.jpg", "image/jpeg"))
    response = client_carer.post(_url("records:money_add", arrangement_px), data)
    assert response.status_code == 200
    assert "judging by its contents" in response.context["form"].errors["receipt"][0]
    assert "judging by its contents" in response.content.decode()
    assert 'value="Lunch in town"' in response.content.decode()  # what was typed is kept
    assert _counts() == before


def test_money_out_without_receipt_or_reason_is_refused(client_carer, arrangement_px):
    response = client_carer.post(_url("records:money_add", arrangement_px), _spend())
    assert response.status_code == 200
    assert response.context["form"].errors["receipt"] == [
        "Add a photo of the receipt, or say why there is none."
    ]
    assert _counts() == (0, 0, 0)


def test_money_in_needs_no_receipt(client_carer, arrangement_px):
    data = _spend(direction="in", what="Cash from the bank")
    assert client_carer.post(_url("records:money_add", arrangement_px), data).status_code == 302
    assert MoneyEntry.objects.get().direction == "in"


@pytest.mark.parametrize(("typed", "amount"), [("£12.50", "12.50"), ("12.5", "12.50"), ("1,200", "1200.00")])
def test_amounts_are_read_as_people_type_them(client_carer, arrangement_px, typed, amount):
    data = _spend(amount=typed, no_receipt_reason="No ticket")
    assert client_carer.post(_url("records:money_add", arrangement_px), data).status_code == 302
    assert MoneyEntry.objects.get().amount == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the amount"),
        ("0", "more than £0.00"),
        ("-3", "more than £0.00"),
        ("12.505", "two figures for the pence"),
        ("twelve", "pounds and pence"),
    ],
)
def test_amounts_that_are_not_pounds_and_pence_are_refused_with_a_clear_message(
    client_carer, arrangement_px, typed, message
):
    data = _spend(amount=typed, no_receipt_reason="No ticket")
    response = client_carer.post(_url("records:money_add", arrangement_px), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors["amount"][0]
    assert _counts() == (0, 0, 0)


def test_a_day_in_the_future_is_refused(client_carer, arrangement_px):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = _spend(day=tomorrow, no_receipt_reason="No ticket")
    response = client_carer.post(_url("records:money_add", arrangement_px), data)
    assert response.context["form"].errors["day"] == ["The date cannot be in the future."]
    assert _counts() == (0, 0, 0)


# --- Corrections -----------------------------------------------------------------------------------


def test_an_entry_of_yesterday_is_put_right_by_a_correction_of_today(
    client_carer, arrangement_px, carer_user
):
    arrangement_px.__class__.objects.filter(pk=arrangement_px.pk).update(
        start_date=timezone.localdate() - timedelta(days=7)
    )
    wrong = _entry(
        arrangement_px, carer_user, direction="out", amount="25.00", days_ago=1, no_receipt_reason="x"
    )
    url = reverse("records:money_correct", args=[wrong.pk])
    form = client_carer.get(url).context["form"]
    assert (form.initial["direction"], form.initial["amount"]) == ("in", Decimal("25.00"))

    response = client_carer.post(url, {"direction": "in", "amount": "22.50", "what": "It was £2.50"})
    assert response.status_code == 302
    correction = MoneyEntry.objects.get(corrects=wrong)
    assert correction.day == timezone.localdate()
    wrong.refresh_from_db()
    assert wrong.amount == Decimal("25.00")
    html = client_carer.get(_url("records:money", arrangement_px)).content.decode()
    assert "Corrected later" in html
    assert "−£2.50" in html


def test_staff_may_not_correct_the_carers_entries(client_coordinator_a, arrangement_px, carer_user):
    entry = _entry(arrangement_px, carer_user)
    assert client_coordinator_a.get(reverse("records:money_correct", args=[entry.pk])).status_code == 403


# --- Count and check -------------------------------------------------------------------------------


def test_a_carers_count_that_differs_is_shown_as_a_difference(client_carer, arrangement_px, carer_user):
    _entry(arrangement_px, carer_user, amount="45.00")
    response = client_carer.post(
        _url("records:money_count", arrangement_px),
        {"counted": "42.50", "signed": "on", "note": ""},
        follow=True,
    )
    html = response.content.decode()
    assert "£2.50 less than the record" in html
    check = MoneyCheck.objects.get()
    assert (check.kind, check.counted, check.recorded_balance) == (
        "carer_count",
        Decimal("42.50"),
        Decimal("45.00"),
    )


def test_a_carers_count_that_agrees_says_so(client_carer, arrangement_px, carer_user):
    _entry(arrangement_px, carer_user, amount="45.00")
    response = client_carer.post(
        _url("records:money_count", arrangement_px), {"counted": "£45", "signed": "on"}, follow=True
    )
    html = response.content.decode()
    assert "is the same as the record" in html
    assert "differs from the record" not in html


def test_a_count_must_be_signed(client_carer, arrangement_px):
    response = client_carer.post(_url("records:money_count", arrangement_px), {"counted": "10"})
    assert response.status_code == 200
    assert response.context["form"].errors["signed"] == ["Tick the box to sign that you counted this money."]
    assert MoneyCheck.objects.count() == 0


def test_staff_check_the_money_a_household_holds(client_coordinator_a, arrangement_px, carer_user):
    _entry(arrangement_px, carer_user, amount="45.00")
    url = _url("records:money_check", arrangement_px) + f"?household={arrangement_px.household_id}"
    response = client_coordinator_a.post(url, {"counted": "45.00", "signed": "on"})
    assert response.status_code == 302
    check = MoneyCheck.objects.get()
    assert (check.kind, check.household_id, check.difference) == (
        "staff_check",
        arrangement_px.household_id,
        0,
    )
