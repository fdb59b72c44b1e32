"""Payment bands and monthly payments statements: totals worked out by hand, to the penny."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from arrangements import services as arrangement_services
from arrangements import statements
from arrangements.models import Arrangement, ArrangementStatus, Booking, PaymentBand
from arrangements.statements import Month
from matching.models import MatchProposal, ProposalStatus
from sharedlives.choices import SupportType
from sharedlives.csvfiles import csv_safe
from sharedlives.errors import DomainError
from tests.arrangements.factories import payment_band
from tests.carers.factories import approve
from tests.people.factories import PersonFactory, ReferralFactory

D = Decimal


# --- Building blocks: rows straight in the database, since these tests are about the arithmetic ----
band = payment_band


def arrangement(household, person, support_type, start, *, by, end=None, band=None, **kwargs) -> Arrangement:
    referral = ReferralFactory(person=person, support_type=support_type)
    proposal = MatchProposal.objects.create(
        scheme=household.scheme,
        referral=referral,
        person=person,
        household=household,
        support_type=support_type,
        status=ProposalStatus.CONFIRMED,
        created_by=by,
    )
    return Arrangement.objects.create(
        scheme=household.scheme,
        proposal=proposal,
        person=person,
        household=household,
        support_type=support_type,
        status=kwargs.pop("status", ArrangementStatus.ACTIVE),
        start_date=start,
        end_date=end,
        payment_band=band,
        created_by=by,
        **kwargs,
    )


def stay(arrangement, starts_on, ends_on, *, by, **kwargs) -> Booking:
    return Booking.objects.create(
        arrangement=arrangement,
        household=arrangement.household,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
        **kwargs,
    )


def session(arrangement, on, kind, *, by, **kwargs) -> Booking:
    return stay(arrangement, on, on, by=by, session=kind, **kwargs)


def statement(household, year, month):
    return statements.household_statement(household, Month(year, month))


def totals(s) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    return (s.gross, s.uplift, s.deduction, s.net)


@pytest.fixture
def long_term_band(scheme_a):
    return band(scheme_a, "Long-term", "week", "420.00", uplift="10", board="95.00")


@pytest.fixture
def night_band(scheme_a):
    return band(scheme_a, "Short break", "night", "75.00", uplift="15")


# --- Hand-computed statements --------------------------------------------------------------------
def test_long_term_month_pays_each_day_at_a_seventh_and_takes_off_board_and_lodging(
    household_x, person_p, coordinator_a, long_term_band
):
    arrangement(
        household_x, person_p, SupportType.LONG_TERM, date(2030, 1, 1), by=coordinator_a, band=long_term_band
    )

    s = statement(household_x, 2030, 1)

    [line] = s.lines
    assert (line.quantity, line.uplift_quantity, line.deduction_days) == (31, 0, 31)
    # 31 x 420 / 7 = 1860.00; 31 x 95 / 7 = 420.714... -> 420.71
    assert (line.gross, line.uplift, line.deduction, line.net) == (
        D("1860.00"),
        D("0.00"),
        D("420.71"),
        D("1439.29"),
    )
    assert totals(s) == (D("1860.00"), D("0.00"), D("420.71"), D("1439.29"))


def test_a_start_mid_month_counts_from_the_start_day_and_rounds_each_amount_once(
    household_x, person_p, coordinator_a, scheme_a
):
    odd = band(scheme_a, "Odd", "week", "333.33", board="95.00")
    arrangement(household_x, person_p, SupportType.LONG_TERM, date(2030, 4, 12), by=coordinator_a, band=odd)

    s = statement(household_x, 2030, 4)

    # 12 to 30 April is 19 days. 19 x 333.33 / 7 = 904.7528... -> 904.75 (rounding a day's
    # 47.6186 first would give 904.73); 19 x 95 / 7 = 257.857... -> 257.86.
    assert totals(s) == (D("904.75"), D("0.00"), D("257.86"), D("646.89"))
    assert statement(household_x, 2030, 3).lines == []


def test_short_break_nights_get_the_uplift_only_on_nights_someone_else_is_there(
    household_x, person_p, person_q, coordinator_a, long_term_band, night_band
):
    short = arrangement(
        household_x, person_p, SupportType.SHORT_BREAK, date(2030, 3, 1), by=coordinator_a, band=night_band
    )
    stay(short, date(2030, 3, 10), date(2030, 3, 14), by=coordinator_a)  # nights 10, 11, 12, 13
    stay(short, date(2030, 3, 28), date(2030, 4, 2), by=coordinator_a)  # 28 to 31 March, then 1 April
    stay(short, date(2030, 3, 20), date(2030, 3, 22), by=coordinator_a, cancelled_at=timezone.now())
    # Q moves in on the 12th: shares the nights of the 12th, 13th and 28th to 31st with P.
    arrangement(
        household_x, person_q, SupportType.LONG_TERM, date(2030, 3, 12), by=coordinator_a, band=long_term_band
    )

    s = statement(household_x, 2030, 3)

    lines = {line.arrangement.person_id: line for line in s.lines}
    nights = lines[person_p.pk]
    assert (nights.quantity, nights.uplift_quantity) == (8, 6)
    # 8 x 75 = 600.00; 6 x 75 x 15% = 67.50; no deduction on a short break.
    assert (nights.gross, nights.uplift, nights.deduction) == (D("600.00"), D("67.50"), D("0.00"))
    live_in = lines[person_q.pk]
    assert (live_in.quantity, live_in.uplift_quantity) == (20, 6)
    # 20 x 420 / 7 = 1200.00; 6 x 420 / 7 x 10% = 36.00; 20 x 95 / 7 = 271.428... -> 271.43.
    assert (live_in.gross, live_in.uplift, live_in.deduction) == (D("1200.00"), D("36.00"), D("271.43"))
    assert totals(s) == (D("1800.00"), D("103.50"), D("271.43"), D("1632.07"))


def test_sessions_count_once_each_and_a_full_day_is_one_session(
    household_x, person_p, person_q, coordinator_a, scheme_a
):
    sessions = band(scheme_a, "Day", "session", "42.25", uplift="10")
    day = arrangement(
        household_x, person_p, SupportType.DAY_SUPPORT, date(2030, 5, 1), by=coordinator_a, band=sessions
    )
    session(day, date(2030, 5, 6), "morning", by=coordinator_a)
    session(day, date(2030, 5, 6), "afternoon", by=coordinator_a)
    session(day, date(2030, 5, 8), "full_day", by=coordinator_a)
    session(day, date(2030, 5, 31), "morning", by=coordinator_a)
    session(day, date(2030, 5, 9), "morning", by=coordinator_a, cancelled_at=timezone.now())
    session(day, date(2030, 6, 1), "morning", by=coordinator_a)
    # Q stays the night of the 8th, with no band yet: still another person in the home that day.
    visit = arrangement(household_x, person_q, SupportType.SHORT_BREAK, date(2030, 5, 1), by=coordinator_a)
    stay(visit, date(2030, 5, 8), date(2030, 5, 9), by=coordinator_a)

    s = statement(household_x, 2030, 5)

    [line] = s.lines
    assert (line.quantity, line.uplift_quantity, line.quantity_label) == (4, 1, "4 sessions")
    # 4 x 42.25 = 169.00; 42.25 x 10% = 4.225 -> 4.23 (half a penny rounds up, not to even).
    assert totals(s) == (D("169.00"), D("4.23"), D("0.00"), D("173.23"))
    assert s.unbanded == [visit]


def test_a_stay_ending_on_the_first_belongs_to_the_month_before(
    household_x, person_p, person_q, coordinator_a, long_term_band, night_band
):
    arrangement(
        household_x,
        person_q,
        SupportType.LONG_TERM,
        date(2030, 1, 1),
        end=date(2030, 2, 1),  # leaves on 1 February: the last night is 31 January
        by=coordinator_a,
        band=long_term_band,
        status=ArrangementStatus.ENDING,
    )
    short = arrangement(
        household_x, person_p, SupportType.SHORT_BREAK, date(2030, 1, 1), by=coordinator_a, band=night_band
    )
    stay(short, date(2030, 1, 29), date(2030, 2, 1), by=coordinator_a)  # nights 29, 30, 31 January
    stay(short, date(2030, 2, 1), date(2030, 2, 3), by=coordinator_a)  # nights 1 and 2 February, Q gone

    january = statement(household_x, 2030, 1)
    february = statement(household_x, 2030, 2)

    jan = {line.arrangement.person_id: line for line in january.lines}
    assert (jan[person_p.pk].quantity, jan[person_p.pk].uplift_quantity) == (3, 3)
    assert (jan[person_q.pk].quantity, jan[person_q.pk].uplift_quantity) == (31, 3)
    # P: 3 x 75 = 225.00 + 3 x 75 x 15% = 33.75. Q: 1860.00 + 3 x 60 x 10% = 18.00, less 420.71.
    assert totals(january) == (D("2085.00"), D("51.75"), D("420.71"), D("1716.04"))
    [feb] = february.lines
    assert (feb.arrangement.person_id, feb.quantity, feb.uplift_quantity) == (person_p.pk, 2, 0)
    assert totals(february) == (D("150.00"), D("0.00"), D("0.00"), D("150.00"))


def test_a_month_already_paid_keeps_its_uplift_after_the_other_arrangement_ends(
    household_x, person_p, person_q, coordinator_a, long_term_band, night_band
):
    other = arrangement(
        household_x, person_q, SupportType.LONG_TERM, date(2030, 1, 1), by=coordinator_a, band=long_term_band
    )
    short = arrangement(
        household_x, person_p, SupportType.SHORT_BREAK, date(2030, 1, 1), by=coordinator_a, band=night_band
    )
    stay(short, date(2030, 1, 10), date(2030, 1, 12), by=coordinator_a)
    before = totals(statement(household_x, 2030, 1))

    Arrangement.objects.filter(pk=other.pk).update(
        status=ArrangementStatus.ENDED, end_date=date(2030, 3, 1), end_reason="planned_end"
    )

    assert totals(statement(household_x, 2030, 1)) == before
    assert before[1] == D("22.50") + D("12.00")  # 2 x 75 x 15%, and 2 x 60 x 10%


def test_statements_hold_only_the_households_own_arrangements(
    household_x, household_y, person_p, person_q, coordinator_a, long_term_band
):
    approve(household_y)
    arrangement(
        household_y, person_q, SupportType.LONG_TERM, date(2030, 1, 1), by=coordinator_a, band=long_term_band
    )
    assert statement(household_x, 2030, 1).lines == []
    assert len(statement(household_y, 2030, 1).lines) == 1


def test_money_is_decimal_never_float(household_x, person_p, coordinator_a, long_term_band):
    arrangement(
        household_x, person_p, SupportType.LONG_TERM, date(2030, 1, 1), by=coordinator_a, band=long_term_band
    )
    s = statement(household_x, 2030, 1)
    for value in (*totals(s), s.lines[0].gross, s.lines[0].uplift, s.lines[0].deduction):
        assert isinstance(value, Decimal) and value.as_tuple().exponent == -2


# --- The statement pages -------------------------------------------------------------------------
@pytest.fixture
def january(household_x, person_p, person_q, coordinator_a, long_term_band, night_band):
    """Q lives with carer X from 1 January 2030; P stays the nights of 10 and 11 January."""
    arrangement(
        household_x,
        person_q,
        SupportType.LONG_TERM,
        date(2030, 1, 1),
        by=coordinator_a,
        band=long_term_band,
        funder="council",
        funding_reference="+44 NCC 123",
    )
    short = arrangement(
        household_x, person_p, SupportType.SHORT_BREAK, date(2030, 1, 1), by=coordinator_a, band=night_band
    )
    stay(short, date(2030, 1, 10), date(2030, 1, 12), by=coordinator_a)
    return household_x


def statement_url(household, year=2030, month="01", *, csv_file=False):
    name = "arrangements:household_statement_csv" if csv_file else "arrangements:household_statement"
    return reverse(name, args=[household.pk, year, month])


def test_staff_see_the_statement_with_its_totals_and_the_rule(client_coordinator_a, january):
    response = client_coordinator_a.get(statement_url(january))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Payments statement: January 2030" in page
    assert "Quentin Quinn" in page and "Patricia Parker" in page
    # Q: 1860.00 + 2 x 60 x 10% = 12.00, less 420.71. P: 150.00 + 2 x 75 x 15% = 22.50.
    assert 'data-total="gross">£2,010.00' in page
    assert 'data-total="uplift">£34.50' in page
    assert 'data-total="deduction">−£420.71' in page
    assert 'data-total="net">£1,623.79' in page
    assert "one seventh of the weekly amount" in page
    assert reverse("arrangements:household_statement", args=[january.pk, 2029, "12"]) in page
    assert reverse("arrangements:household_statement", args=[january.pk, 2030, "02"]) in page


def test_staff_statements_link_goes_to_this_month(client_coordinator_a, household_x):
    response = client_coordinator_a.get(reverse("arrangements:household_statements", args=[household_x.pk]))
    assert response.status_code == 302
    month = Month.of(timezone.localdate())
    assert response.url == reverse("arrangements:household_statement", args=[household_x.pk, *month.url_args])


def test_statement_csv_has_one_row_per_line_and_the_totals(client_coordinator_a, january, person_q):
    person_q.first_name = "=HYPERLINK(evil)"
    person_q.save()

    response = client_coordinator_a.get(statement_url(january, csv_file=True))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="payments-{january.pk}-2030-01.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    live_in, nights, total = rows
    assert live_in["Person"] == "'=HYPERLINK(evil) Quinn"
    assert live_in["Funding reference"] == "'+44 NCC 123"
    assert (live_in["Quantity"], live_in["Of"], live_in["With more than one person"]) == ("31", "day", "2")
    assert (
        live_in["Gross"],
        live_in["Uplift"],
        live_in["Board and lodging deduction"],
        live_in["Net due"],
    ) == (
        "1860.00",
        "12.00",
        "420.71",
        "1451.29",
    )
    assert (nights["Person"], nights["Quantity"], nights["Of"], nights["Net due"]) == (
        "Patricia Parker",
        "2",
        "night",
        "172.50",
    )
    assert (total["Person"], total["Gross"], total["Uplift"], total["Net due"]) == (
        "Total",
        "2010.00",
        "34.50",
        "1623.79",
    )


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(value):
    assert csv_safe(value) == "'" + value


def test_csv_leaves_ordinary_cells_alone():
    assert (csv_safe("Pat"), csv_safe(D("12.50")), csv_safe(None)) == ("Pat", "12.50", "")


def test_the_carer_sees_their_own_statements(client_carer, january):
    listing = client_carer.get(reverse("arrangements:carer_statements"))
    assert listing.status_code == 200
    page = client_carer.get(reverse("arrangements:carer_statement", args=[2030, "01"]))
    assert page.status_code == 200
    assert 'data-total="net">£1,623.79' in page.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                client_carer.get(
                    reverse("arrangements:carer_statement_csv", args=[2030, "01"])
                ).content.decode()
            )
        )
    )
    assert rows[-1][-1] == "1623.79"


def test_the_carer_list_shows_recent_months_with_payments(
    client_carer, household_x, person_p, coordinator_a, night_band
):
    today = timezone.localdate()
    short = arrangement(
        household_x,
        person_p,
        SupportType.SHORT_BREAK,
        today.replace(day=1),
        by=coordinator_a,
        band=night_band,
    )
    stay(short, today.replace(day=1), today.replace(day=2), by=coordinator_a)
    page = client_carer.get(reverse("arrangements:carer_statements")).content.decode()
    assert Month.of(today).label in page
    assert "£75.00" in page


def test_the_carer_on_the_staff_address_is_sent_to_their_own_page(client_carer, january):
    response = client_carer.get(statement_url(january))
    assert response.status_code == 302
    assert response.url == reverse("arrangements:carer_statement", args=[2030, "01"])


def test_another_carer_gets_404_on_carer_xs_statement(client_carer_y, january, household_y):
    assert client_carer_y.get(statement_url(january)).status_code == 404
    assert client_carer_y.get(statement_url(january, csv_file=True)).status_code == 404
    assert (
        client_carer_y.get(reverse("arrangements:household_statements", args=[january.pk])).status_code == 404
    )
    # Their own statement for the month holds nothing of carer X's.
    page = client_carer_y.get(reverse("arrangements:carer_statement", args=[2030, "01"])).content.decode()
    assert "Quentin" not in page and "Nothing is due" in page


def test_staff_of_another_scheme_get_404(client_coordinator_b, january):
    assert client_coordinator_b.get(statement_url(january)).status_code == 404
    assert client_coordinator_b.get(statement_url(january, csv_file=True)).status_code == 404


def test_the_person_and_family_cannot_see_statements(client_person_p, client_family_with_authority, january):
    for client in (client_person_p, client_family_with_authority):
        assert client.get(statement_url(january)).status_code == 404
        assert client.get(statement_url(january, csv_file=True)).status_code == 404
        assert client.get(reverse("arrangements:carer_statements")).status_code == 403
        assert client.get(reverse("arrangements:carer_statement", args=[2030, "01"])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(anon_client, household_x):
    for url in (statement_url(household_x), reverse("arrangements:carer_statements")):
        response = anon_client.get(url)
        assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize(("year", "month"), [(2030, 13), (2030, 0), (1999, 5)])
def test_a_month_that_does_not_exist_is_404(client_coordinator_a, household_x, year, month):
    assert client_coordinator_a.get(statement_url(household_x, year, month)).status_code == 404


def _many(household, scheme, by, n: int, month: Month, start_at: int = 0):
    """n short-break arrangements, each with one night in `month`, on nights start_at+1, ..."""
    night = PaymentBand.objects.filter(scheme=scheme, name="Night").first() or band(
        scheme, "Night", "night", "50"
    )
    first = month.first
    for i in range(start_at, start_at + n):
        person = PersonFactory(scheme=scheme)
        a = arrangement(household, person, SupportType.SHORT_BREAK, first, by=by, band=night)
        stay(a, first + timedelta(days=i), first + timedelta(days=i + 1), by=by)


# Every page: session, user, then the household (with its scheme), the access log row, and the
# statement's two queries (arrangements with person and band; bookings). Staff add their roles.
STATEMENT_PAGES = [
    ("client_coordinator_a", "arrangements:household_statement", 7),
    ("client_coordinator_a", "arrangements:household_statement_csv", 7),
    ("client_carer", "arrangements:carer_statement", 6),
    ("client_carer", "arrangements:carer_statements", 6),
]


@pytest.mark.parametrize(("who", "url_name", "queries"), STATEMENT_PAGES)
def test_statement_pages_use_the_same_queries_for_2_and_20_arrangements(
    request, household_x, scheme_a, coordinator_a, django_assert_num_queries, who, url_name, queries
):
    client = request.getfixturevalue(who)
    month = Month.of(timezone.localdate())  # the carer's list shows the last twelve months
    if url_name.startswith("arrangements:household"):
        url = reverse(url_name, args=[household_x.pk, *month.url_args])
    elif url_name == "arrangements:carer_statement":
        url = reverse(url_name, args=month.url_args)
    else:
        url = reverse(url_name)
    _many(household_x, scheme_a, coordinator_a, 2, month)
    client.get(url)  # the first request of a session may write to it; count later ones
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200

    _many(household_x, scheme_a, coordinator_a, 18, month, start_at=2)

    assert len(statements.household_statement(household_x, month).lines) == 20
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_statement_itself_is_two_queries(household_x, scheme_a, coordinator_a, django_assert_num_queries):
    _many(household_x, scheme_a, coordinator_a, 20, Month(2030, 3))
    with django_assert_num_queries(2):
        statements.household_statements(household_x, [Month(2030, 2), Month(2030, 3), Month(2030, 4)])


def test_staff_are_told_about_arrangements_with_no_band(
    client_coordinator_a, household_x, person_p, coordinator_a
):
    arrangement(household_x, person_p, SupportType.LONG_TERM, date(2030, 1, 1), by=coordinator_a)
    page = client_coordinator_a.get(statement_url(household_x)).content.decode()
    assert "no payment band yet" in page and "Patricia Parker" in page


# --- Payment bands: pages and services ----------------------------------------------------------
def bands_url(scheme):
    return reverse("arrangements:payment_band_list", args=[scheme.pk])


def new_band_url(scheme):
    return reverse("arrangements:payment_band_create", args=[scheme.pk])


GOOD = {
    "name": "Long-term standard",
    "unit": "week",
    "amount": "420.00",
    "uplift_percent": "10",
    "board_lodging_weekly": "95",
    "is_active": "on",
}


def test_manager_adds_a_band(client_manager_a, scheme_a):
    response = client_manager_a.post(new_band_url(scheme_a), GOOD)
    assert response.status_code == 302 and response.url == bands_url(scheme_a)
    saved = PaymentBand.objects.get(scheme=scheme_a)
    rate = saved.rates.get()
    assert (saved.name, saved.unit, rate.amount, rate.uplift_percent, rate.board_lodging_weekly) == (
        "Long-term standard",
        "week",
        D("420.00"),
        D("10.00"),
        D("95.00"),
    )
    assert rate.from_the_start  # nothing has been paid on a new band: its amounts hold from the start


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "The amount cannot be negative."),
        ({"uplift_percent": "150"}, "uplift_percent", "The uplift must be between 0% and 100%."),
        ({"name": ""}, "name", "Give the band a name."),
        ({"amount": "12.345"}, "amount", "at most two figures after the point"),
        ({"unit": "hour"}, "unit", "Select a valid choice"),
        ({"unit": "night"}, "board_lodging_weekly", "Only weekly (long-term, live-in) bands"),
        ({"board_lodging_weekly": "500"}, "board_lodging_weekly", "cannot be more than the weekly amount"),
    ],
)
def test_bad_band_input_is_explained_kept_and_not_saved(client_manager_a, scheme_a, change, field, message):
    data = {**GOOD, "name": "Keep this name", **change}
    response = client_manager_a.post(new_band_url(scheme_a), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "There is a problem" in page
    if data["name"]:
        assert 'value="Keep this name"' in page
    assert f'value="{data["amount"]}"' in page
    assert not PaymentBand.objects.exists()


def test_a_band_name_is_used_once_per_scheme(client_manager_a, scheme_a, scheme_b):
    band(scheme_b, "Long-term standard", "week", "400")  # another scheme may use the name
    band(scheme_a, "long-term STANDARD", "week", "400")
    response = client_manager_a.post(new_band_url(scheme_a), GOOD)
    assert response.status_code == 200
    assert "already has a band with this name" in " ".join(response.context["form"].errors["name"])
    assert PaymentBand.objects.filter(scheme=scheme_a).count() == 1


def test_coordinators_read_bands_but_cannot_change_them(client_coordinator_a, scheme_a):
    existing = band(scheme_a, "Night", "night", "70")
    page = client_coordinator_a.get(bands_url(scheme_a))
    assert page.status_code == 200 and "Night" in page.content.decode()
    assert reverse("arrangements:payment_band_edit", args=[existing.pk]) not in page.content.decode()
    assert client_coordinator_a.post(new_band_url(scheme_a), GOOD).status_code == 403
    edit = reverse("arrangements:payment_band_edit", args=[existing.pk])
    assert (
        client_coordinator_a.post(edit, {**GOOD, "unit": "night", "board_lodging_weekly": "0"}).status_code
        == 403
    )
    assert existing.current_rate.amount == D("70.00") and PaymentBand.objects.count() == 1


def test_staff_of_another_scheme_and_carers_cannot_reach_bands(client_coordinator_b, client_carer, scheme_a):
    existing = band(scheme_a, "Night", "night", "70")
    assert client_coordinator_b.get(bands_url(scheme_a)).status_code == 404
    assert (
        client_coordinator_b.get(reverse("arrangements:payment_band_edit", args=[existing.pk])).status_code
        == 404
    )
    assert client_carer.get(bands_url(scheme_a)).status_code == 403


def test_manager_changes_a_band(client_manager_a, scheme_a):
    existing = band(scheme_a, "Night", "night", "70")
    url = reverse("arrangements:payment_band_edit", args=[existing.pk])
    assert 'value="70.00"' in client_manager_a.get(url).content.decode()
    today = timezone.localdate()
    response = client_manager_a.post(
        url,
        {"name": "Night", "unit": "night", "amount": "72.50", "uplift_percent": "", "effective_from": today},
    )
    assert response.status_code == 302
    existing = PaymentBand.objects.get(pk=existing.pk)
    rate = existing.current_rate
    assert (rate.amount, rate.uplift_percent, existing.is_active) == (D("72.50"), D("0"), False)
    assert rate.effective_from == today and existing.rates.count() == 2  # the old rate is kept


def test_payment_bands_link_goes_to_the_only_scheme(client_coordinator_a, scheme_a):
    response = client_coordinator_a.get(reverse("arrangements:payment_bands"))
    assert response.status_code == 302 and response.url == bands_url(scheme_a)


def test_only_managers_may_add_bands_even_through_the_service(coordinator_a, scheme_a):
    with pytest.raises(DomainError, match="Only a manager"):
        arrangement_services.payment_band_create(
            scheme_id=scheme_a.pk, by=coordinator_a, name="X", unit="week", amount=D("1")
        )
    assert not PaymentBand.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": D("-1")}, "cannot be negative"),
        ({"uplift_percent": D("100.01")}, "between 0% and 100%"),
        ({"name": "  "}, "Give the band a name"),
        ({"board_lodging_weekly": D("-1")}, "cannot be negative"),
    ],
)
def test_the_service_refuses_bands_the_statements_could_not_use(manager_a, scheme_a, fields, message):
    data = {"name": "Band", "unit": "week", "amount": D("100"), **fields}
    with pytest.raises(DomainError, match=message):
        arrangement_services.payment_band_create(scheme_id=scheme_a.pk, by=manager_a, **data)
    assert not PaymentBand.objects.exists()


def test_a_band_in_use_keeps_its_unit(manager_a, scheme_a, household_x, person_p, coordinator_a):
    weekly = band(scheme_a, "Weekly", "week", "400")
    arrangement(household_x, person_p, SupportType.LONG_TERM, date(2030, 1, 1), by=coordinator_a, band=weekly)
    common = {
        "name": "Weekly",
        "amount": D("400"),
        "uplift_percent": D("0"),
        "board_lodging_weekly": D("0"),
        "is_active": True,
        "effective_from": timezone.localdate(),
    }
    with pytest.raises(DomainError, match="1 arrangement uses this band"):
        arrangement_services.payment_band_update(band_id=weekly.pk, by=manager_a, unit="night", **common)
    updated = arrangement_services.payment_band_update(
        band_id=weekly.pk, by=manager_a, unit="week", **{**common, "amount": D("410")}
    )
    assert updated.current_rate.amount == D("410") and updated.unit == "week"


# --- Rates have dates ----------------------------------------------------------------------------
@pytest.fixture
def paid_last_month(household_x, person_p, person_q, coordinator_a, long_term_band, night_band):
    """A live-in arrangement and short-break stays in last month and this one, at today's rates."""
    this_month = Month.of(timezone.localdate())
    last = this_month.previous
    arrangement(
        household_x, person_p, SupportType.LONG_TERM, last.first, by=coordinator_a, band=long_term_band
    )
    breaks = arrangement(
        household_x, person_q, SupportType.SHORT_BREAK, last.first, by=coordinator_a, band=night_band
    )
    stay(breaks, last.first + timedelta(days=3), last.first + timedelta(days=6), by=coordinator_a)
    stay(breaks, this_month.first, this_month.first + timedelta(days=2), by=coordinator_a)
    return last


def _raise(band, manager, *, amount, effective_from, uplift=None):
    rate = band.current_rate
    return arrangement_services.payment_band_update(
        band_id=band.pk,
        by=manager,
        name=band.name,
        unit=band.unit,
        is_active=band.is_active,
        amount=D(amount),
        uplift_percent=D(uplift) if uplift is not None else rate.uplift_percent,
        board_lodging_weekly=rate.board_lodging_weekly,
        effective_from=effective_from,
    )


def _page(client, url) -> bytes:
    """The page as served, less what changes on every request (the form token, the script nonce)."""
    content = client.get(url).content
    return re.sub(rb'(csrfmiddlewaretoken" value|nonce)="[^"]+"', b"", content)


def test_raising_a_band_from_next_month_leaves_last_months_statement_byte_for_byte(
    client_coordinator_a, household_x, paid_last_month, long_term_band, night_band, manager_a
):
    url = statement_url(household_x, *paid_last_month.url_args)
    csv_url = statement_url(household_x, *paid_last_month.url_args, csv_file=True)
    page_before, csv_before = _page(client_coordinator_a, url), client_coordinator_a.get(csv_url).content
    this_month_before = statements.household_statement(household_x, paid_last_month.following).net

    next_month = paid_last_month.following.following.first
    _raise(long_term_band, manager_a, amount="500.00", effective_from=next_month)
    _raise(night_band, manager_a, amount="90.00", effective_from=next_month, uplift="20")

    assert _page(client_coordinator_a, url) == page_before
    assert client_coordinator_a.get(csv_url).content == csv_before
    assert statements.household_statement(household_x, paid_last_month.following).net == this_month_before
    # From its date on, the new amounts are paid.
    later = statements.household_statement(household_x, Month.of(next_month))
    assert {line.rate for line in later.lines} == {D("500.00")}


def test_a_change_mid_month_splits_the_month_into_one_line_per_rate(
    household_x, person_p, coordinator_a, long_term_band, manager_a
):
    this_month = Month.of(timezone.localdate())
    arrangement(
        household_x, person_p, SupportType.LONG_TERM, this_month.first, by=coordinator_a, band=long_term_band
    )
    from_15th = this_month.first.replace(day=15)
    _raise(long_term_band, manager_a, amount="490.00", effective_from=from_15th)

    lines = statements.household_statement(household_x, this_month).lines
    days = (this_month.last - this_month.first).days + 1
    assert [(line.rate, line.quantity) for line in lines] == [(D("420.00"), 14), (D("490.00"), days - 14)]
    assert lines[0].gross == statements.to_pennies(14 * D("420") / 7)
    assert lines[1].gross == statements.to_pennies((days - 14) * D("490") / 7)
    # Board and lodging stays at the band's deduction, day by day.
    assert sum(line.deduction_days for line in lines) == days
    assert all(line.split for line in lines)


def test_a_change_cannot_reach_back_into_a_month_already_past(manager_a, long_term_band, client_manager_a):
    last_month = Month.of(timezone.localdate()).previous
    with pytest.raises(DomainError, match="a month already past"):
        _raise(long_term_band, manager_a, amount="999.00", effective_from=last_month.last)
    url = reverse("arrangements:payment_band_edit", args=[long_term_band.pk])
    data = {"name": "Long-term", "unit": "week", "amount": "999.00", "uplift_percent": "10"}
    response = client_manager_a.post(
        url, {**data, "board_lodging_weekly": "95", "effective_from": last_month.last}
    )
    assert response.status_code == 200
    assert "Months already past keep their amounts" in " ".join(
        response.context["form"].errors["effective_from"]
    )
    assert 'value="999.00"' in response.content.decode()
    assert long_term_band.rates.count() == 1 and long_term_band.current_rate.amount == D("420.00")


def test_rates_are_in_the_change_history(manager_a, long_term_band):
    from django.apps import apps

    _raise(long_term_band, manager_a, amount="430.00", effective_from=timezone.localdate())
    rate_events = apps.get_model("arrangements", "PaymentRateEvent").objects
    events = rate_events.filter(band_id=long_term_band.pk).order_by("pgh_id")
    assert [e.amount for e in events] == [D("420.00"), D("430.00")]
    assert long_term_band.events.exists()  # the band itself is tracked too


def test_the_band_list_shows_todays_amount_and_a_change_to_come(
    client_coordinator_a, scheme_a, long_term_band, manager_a
):
    next_month = Month.of(timezone.localdate()).following.first
    _raise(long_term_band, manager_a, amount="450.00", effective_from=next_month)
    page = client_coordinator_a.get(bands_url(scheme_a)).content.decode()
    assert "£420.00 per week" in page and f"£450.00 from {next_month:%-d %B %Y}" in page


# --- Demo data -----------------------------------------------------------------------------------
def test_demo_payments_give_every_demo_arrangement_a_band_and_agreements_and_run_twice(db, settings):
    from importlib import import_module

    from arrangements.models import Agreement

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ctx: dict = {}
    for step in ("sharedlives.accounts.demo", "carers.demo", "people.demo", "matching.demo"):
        import_module(step).seed(ctx)
    demo_payments = import_module("matching.demo_payments")

    demo_payments.seed(ctx)
    counts = (PaymentBand.objects.count(), Agreement.objects.count())
    demo_payments.seed(ctx)

    assert (PaymentBand.objects.count(), Agreement.objects.count()) == counts
    assert PaymentBand.objects.filter(scheme=ctx["other_scheme"]).exists()
    # A rise set for next month: today's statements keep today's rate.
    night = PaymentBand.objects.get(scheme=ctx["scheme"], name="Short break night")
    assert night.current_rate.amount == D("75.00") and night.next_rate.amount == D("78.00")
    assert night.rates.count() == 2
    arrangements = Arrangement.objects.filter(scheme=ctx["scheme"])
    assert arrangements.exists()
    assert not arrangements.filter(payment_band__isnull=True).exists()
    assert not arrangements.filter(funder="").exists()
    assert (
        Agreement.objects.filter(arrangement__in=arrangements, kind="arrangement").count()
        == arrangements.count()
    )
