"""The report pages and their CSV downloads: who may see them, what they show, bad filters, queries."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from reports.catalogue import REPORTS
from tests.carers.factories import HouseholdFactory, approve
from tests.factories import sign_in

from .conftest import Q1

PAGES = [r.url_name for r in REPORTS]
DOWNLOADS = [r.csv_url_name for r in REPORTS]


def _client(user):
    from django.test import Client

    return sign_in(Client(), user)


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _pipeline_whole_period(client, **query) -> list[str]:
    response = client.get(reverse("reports:pipeline_csv"), {**Q1, **query})
    assert response.status_code == 200
    return _csv_rows(response)[-1]


# --- Who may see the reports -------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["reports:index", *PAGES, *DOWNLOADS])
def test_managers_see_every_report_and_coordinators_are_refused(
    name, client_manager_a, client_coordinator_a, client_coordinator_b, client_carer, anon_client
):
    assert client_manager_a.get(reverse(name)).status_code == 200
    assert client_coordinator_a.get(reverse(name)).status_code == 403
    assert client_coordinator_b.get(reverse(name)).status_code == 403
    assert client_carer.get(reverse(name)).status_code == 403
    response = anon_client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_index_lists_every_report_and_managers_have_it_in_the_navigation(client_manager_a):
    page = client_manager_a.get(reverse("reports:index")).content.decode()
    for report in REPORTS:
        assert reverse(report.url_name) in page and reverse(report.csv_url_name) in page
    assert 'href="/reports/"' in client_manager_a.get(reverse("staff_dashboard")).content.decode()


def test_coordinators_have_no_reports_in_the_navigation(client_coordinator_a):
    assert 'href="/reports/"' not in client_coordinator_a.get(reverse("staff_dashboard")).content.decode()


# --- Only the schemes the user manages -------------------------------------------------------------
def test_a_manager_of_a_never_sees_scheme_b(history_a, history_b, client_manager_a, scheme_b):
    whole = _pipeline_whole_period(client_manager_a)
    assert whole[:5] == ["Whole period", "4", "3", "2", "2"]
    # Asking for scheme B by its id changes nothing: there is no choice of scheme to make.
    assert _pipeline_whole_period(client_manager_a, scheme=scheme_b.pk) == whole


def test_coordinating_a_scheme_is_not_managing_it(history_a, history_b, manager_of_a_coordinator_of_b):
    client = _client(manager_of_a_coordinator_of_b)
    assert _pipeline_whole_period(client)[:5] == ["Whole period", "4", "3", "2", "2"]
    page = client.get(reverse("reports:pipeline"), Q1).content.decode()
    assert 'name="scheme"' not in page


def test_a_manager_of_two_schemes_sees_both_or_chooses_one(
    history_a, history_b, manager_of_both, scheme_a, scheme_b
):
    client = _client(manager_of_both)
    assert _pipeline_whole_period(client)[:5] == ["Whole period", "7", "6", "5", "5"]
    assert _pipeline_whole_period(client, scheme=scheme_b.pk)[:5] == ["Whole period", "3", "3", "3", "3"]
    page = client.get(reverse("reports:pipeline"), Q1).content.decode()
    assert 'name="scheme"' in page and "Scheme B Shared Lives" in page


def test_a_scheme_the_manager_does_not_manage_cannot_be_chosen(manager_of_both, scheme_a):
    from tests.factories import SchemeFactory

    other = SchemeFactory(name="Scheme C")
    response = _client(manager_of_both).get(reverse("reports:pipeline"), {**Q1, "scheme": other.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert response.context["result"] is None


# --- What the pages show -------------------------------------------------------------------------------
def test_the_pipeline_page_draws_the_chart_and_tables_the_same_numbers(history_a, client_manager_a):
    page = client_manager_a.get(reverse("reports:pipeline"), Q1).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="pipeline-counts-title' in page
    assert '<title id="pipeline-counts-title">The matching pipeline by month</title>' in page
    assert "referrals received 4, proposals sent 3, introductions begun 2, arrangements confirmed 2" in page
    assert '<title id="pipeline-medians-title">' in page
    assert "Referral to arrangement: 40 days" in page
    assert "<caption" in page and '<th scope="row">Feb 2025</th>' in page
    assert '<td class="text-end">20.5</td>' in page  # February's median, referral to first proposal
    assert 'value="2025-01-01"' in page and 'value="2025-03-31"' in page


@pytest.mark.parametrize("name", PAGES)
def test_every_report_page_has_a_chart_with_title_and_a_table(name, history_a, household_y, client_manager_a):
    page = client_manager_a.get(reverse(name), Q1).content.decode()
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "<table" in page and "<caption" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]  # no charting script


def test_the_first_visit_shows_the_last_12_months(client_manager_a):
    response = client_manager_a.get(reverse("reports:connection_test"))
    period = response.context["form"].period
    assert len(period.months()) == 12 and period.first.day == 1
    assert len(response.context["result"].table.rows) == 12


def test_labels_are_escaped_in_charts_and_tables(client_manager_a, scheme_a, coordinator_a):
    scheme_a.name = '<script>alert("x")</script> & Co'
    scheme_a.save()
    approve(HouseholdFactory(scheme=scheme_a))
    page = client_manager_a.get(reverse("reports:places")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page


# --- CSV -----------------------------------------------------------------------------------------------
def test_pipeline_csv_has_headers_rows_and_a_dated_name(history_a, client_manager_a):
    response = client_manager_a.get(reverse("reports:pipeline_csv"), Q1)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pipeline-2025-01-01-to-2025-03-31.csv"'
    rows = _csv_rows(response)
    assert rows[0][:5] == [
        "Month",
        "Referrals received",
        "Proposals sent",
        "Introductions begun",
        "Arrangements confirmed",
    ]
    assert rows[0][5] == "Median days: referral to first proposal"
    assert rows[1] == ["Jan 2025", "2", "1", "0", "0", "10.0", "", "", ""]
    assert rows[2] == ["Feb 2025", "1", "2", "2", "1", "20.5", "11.0", "14.0", "36.0"]
    assert rows[4] == ["Whole period", "4", "3", "2", "2", "20.0", "11.0", "13.5", "40.0"]


def test_snapshot_csv_is_named_after_today(client_manager_a, household_x):
    from django.utils import timezone

    response = client_manager_a.get(reverse("reports:carers_by_status_csv"))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="carers-by-status-{today}.csv"'
    rows = _csv_rows(response)
    assert rows[0] == ["Status", "Households"]
    assert ["Approved", "1"] in rows and rows[-1] == ["All households", "1"]


def test_csv_cells_that_a_spreadsheet_would_run_are_made_plain_text(client_manager_a, scheme_a):
    scheme_a.name = '=HYPERLINK("http://example.test")'
    scheme_a.save()
    approve(HouseholdFactory(scheme=scheme_a), max_people=2)
    rows = _csv_rows(client_manager_a.get(reverse("reports:places_csv")))
    assert rows[1] == ['\'=HYPERLINK("http://example.test")', "1", "2", "0", "2"]


def test_arrangements_csv_by_type_and_funder(history_a, client_manager_a):
    rows = _csv_rows(client_manager_a.get(reverse("reports:arrangements_csv"), Q1))
    header = rows[0]
    short_breaks = dict(zip(header, next(r for r in rows if r[0] == "Short breaks"), strict=True))
    assert short_breaks["Council"] == "1" and short_breaks["All funders"] == "1"
    assert rows[-1][0] == "All types" and rows[-1][-1] == "2"


# --- Bad filters -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2025-13-01", "date_to": "2025-03-31"}, "Enter a valid date."),
        ({"date_from": "2025-03-01", "date_to": "2025-01-31"}, "The end date is before the start date."),
        ({"date_from": "2015-01-01", "date_to": "2025-03-31"}, "Choose a period of at most 5 years."),
        ({"date_from": "1900-01-01", "date_to": "1900-03-31"}, "Choose a date in 1970 or later."),
    ],
)
def test_bad_filters_say_what_is_wrong_and_keep_what_was_typed(client_manager_a, query, message):
    response = client_manager_a.get(reverse("reports:pipeline"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "invalid-feedback" in page  # next to the field
    assert f'value="{query["date_from"]}"' in page
    assert response.context["result"] is None


def test_a_csv_with_bad_filters_goes_back_to_the_page(client_manager_a):
    query = {"date_from": "2025-03-01", "date_to": "2025-01-31"}
    response = client_manager_a.get(reverse("reports:pipeline_csv"), query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:pipeline") + "?")
    followed = client_manager_a.get(response["Location"])
    assert "The end date is before the start date." in followed.content.decode()


# --- Queries -----------------------------------------------------------------------------------------
def _more_history(history, n):
    journey = history["journey"]
    for i in range(n):
        referral = journey.referral(date(2025, 1, 1 + i))
        proposal = journey.proposal(referral, sent=date(2025, 2, 1 + i), status="declined")
        journey.introduction(proposal, date(2025, 2, 10 + i))


# session, user, memberships (roles) and the report's own queries
QUERIES = {
    # pipeline: referrals by month; referrals by month of their first proposal (median);
    # proposals sent by month; first introductions by month (count, median);
    # arrangements confirmed by month (count, medians); the three whole-period medians
    "reports:pipeline": 3 + 8,
    "reports:carers_by_status": 3 + 1,  # households by status
    "reports:places": 3 + 1,  # approved households by scheme, occupancy in the same query
    "reports:arrangements": 3 + 1,  # arrangements by type and funder
    "reports:compliance": 3 + 2,  # checks by kind and state; approved and matchable households
    "reports:connection_test": 3 + 1,  # reviews by month
}


@pytest.mark.parametrize("n", [1, 6])
@pytest.mark.parametrize("name", PAGES)
def test_reports_use_a_fixed_number_of_queries(
    name, n, history_a, client_manager_a, django_assert_num_queries
):
    _more_history(history_a, n)
    client_manager_a.get(reverse(name), Q1)  # the first request after signing in also updates the session
    with django_assert_num_queries(QUERIES[name]):
        response = client_manager_a.get(reverse(name), Q1)
    assert response.status_code == 200


def test_a_manager_of_two_schemes_adds_one_query_for_the_choice_of_scheme(
    manager_of_both, django_assert_num_queries
):
    client = _client(manager_of_both)
    client.get(reverse("reports:connection_test"), Q1)
    with django_assert_num_queries(QUERIES["reports:connection_test"] + 1):  # + the schemes to choose from
        client.get(reverse("reports:connection_test"), Q1)
