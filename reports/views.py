"""Managers' reports: an index, a page per report with its charts and table, and its CSV download.

Every page is for scheme managers only, and counts only the schemes they manage (or the one of them
they choose). The filters travel in the address (dates and a scheme id, nothing personal).
"""

import csv
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from sharedlives.accounts.access import manager_required
from sharedlives.csvfiles import csv_safe

from .catalogue import BY_SLUG, REPORTS, Report, Table
from .forms import ReportFilterForm
from .queries import managed_schemes


@manager_required
def index(request):
    """The list of reports."""
    return render(request, "reports/index.html", {"reports": REPORTS})


def _filter_form(request, report: Report) -> ReportFilterForm:
    today = timezone.localdate()
    scheme_ids = managed_schemes(request.user)  # never empty: the user manages at least one
    data = request.GET if request.GET else ReportFilterForm.defaults(today) if report.dated else {}
    return ReportFilterForm(data, scheme_ids=scheme_ids, today=today, dated=report.dated)


@manager_required
def report_page(request, slug):
    """One report: the filters, then its charts, each with the same numbers in a table.

    Filters that cannot be used are shown again as typed, with a message by the field."""
    report = BY_SLUG[slug]
    form = _filter_form(request, report)
    result = None
    if form.is_valid():
        result = report.build(form.chosen_schemes, form.period, form.today)
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "reports": REPORTS,
            "form": form,
            "result": result,
            "csv_url": reverse(report.csv_url_name) + (f"?{request.GET.urlencode()}" if request.GET else ""),
        },
    )


@manager_required
def report_csv(request, slug):
    """The report's table as CSV, for the same filters as the page. Filters that cannot be used send
    the manager back to the page, which says what is wrong."""
    report = BY_SLUG[slug]
    form = _filter_form(request, report)
    if not form.is_valid():
        return redirect(reverse(report.url_name) + f"?{request.GET.urlencode()}")
    result = report.build(form.chosen_schemes, form.period, form.today)
    dates = (
        f"{form.period.first:%Y-%m-%d}-to-{form.period.last:%Y-%m-%d}"
        if form.period
        else f"{form.today:%Y-%m-%d}"
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{dates}.csv"'
    response.write("\ufeff")  # the byte-order mark lets spreadsheets read UTF-8 (scheme names, dashes)
    _write_table(response, result.table)
    return response


def _cell(value) -> str | int | float:
    """Numbers stay numbers; text that a spreadsheet would run as a formula is made plain text."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return csv_safe(value)


def _write_table(out, table: Table) -> None:
    writer = csv.writer(out)
    writer.writerow([_cell(c) for c in table.columns])
    for row in [*table.rows, *table.footer]:
        writer.writerow([_cell(c) for c in row])
