from django.urls import path

from . import views
from .catalogue import REPORTS

app_name = "reports"

urlpatterns = [path("reports/", views.index, name="index")]
# Each report has its page and its CSV download; the report is named by the address, not by an argument.
for _report in REPORTS:
    urlpatterns += [
        path(
            f"reports/{_report.slug}/",
            views.report_page,
            {"slug": _report.slug},
            name=_report.url_name.removeprefix("reports:"),
        ),
        path(
            f"reports/{_report.slug}.csv",
            views.report_csv,
            {"slug": _report.slug},
            name=_report.csv_url_name.removeprefix("reports:"),
        ),
    ]
