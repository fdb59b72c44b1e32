"""The safeguarding dashboard (managers and safeguarding leads), the inspection report and the
scheme's safeguarding targets (managers). Other staff get 403: these pages are about concerns."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from sharedlives.accounts.access import managed_schemes, manager_required, scheme_chosen, staff_required
from sharedlives.audit.services import access_records
from sharedlives.csvfiles import csv_download, csv_safe

from .. import selectors
from ..forms.overview import InspectionReportForm, SafeguardingSettingsForm, default_period
from ..models import Allegation, Complaint, Concern, SafeguardingSettings
from ..services.concerns import safety_plan_due_at

LIST_ROWS = selectors.LIST_ROWS


@staff_required
def dashboard(request):
    """What needs doing across the user's safeguarding schemes: open concerns and incidents by age,
    the steps past their target (each linked), notifications due and open allegations."""
    user = request.user
    scheme_ids = user.safeguarding_scheme_ids
    if not scheme_ids:
        raise PermissionDenied
    today = timezone.localdate()
    summary = selectors.summary(staff_scheme_ids=scheme_ids, lead_scheme_ids=scheme_ids, today=today)
    settings = selectors.settings_by_scheme(scheme_ids)

    unreferred = list(
        Concern.objects.filter(pk__in=summary.unreferred_ids)
        .select_related("person", "scheme")
        .order_by("raised_at", "pk")
    )
    for concern in unreferred:
        concern.refer_by = selectors.referral_due_on(concern, settings[concern.scheme_id])
    needing_plans = list(
        Allegation.objects.filter(pk__in=summary.safety_plan_allegation_ids)
        .select_related("household", "concern")
        .order_by("opened_at", "pk")
    )
    for allegation in needing_plans:
        allegation.plans_due_at = safety_plan_due_at(allegation, settings[allegation.household.scheme_id])
    allegations = list(
        Allegation.objects.for_user(user)
        .open()
        .select_related("household", "concern")
        .order_by("-suspended_at", "opened_at", "pk")[:LIST_ROWS]
    )
    late_complaints = list(
        Complaint.objects.filter(pk__in=summary.complaint_ids)
        .select_related("scheme")
        .order_by("received_on", "pk")
    )
    due = list(selectors.notifications_due(user)[:LIST_ROWS])
    shown = {c.pk: c for c in unreferred} | {a.concern.pk: a.concern for a in [*needing_plans, *allegations]}
    if shown:
        access_records(user=user, objs=list(shown.values()), page="safeguarding dashboard")
    return render(
        request,
        "safeguarding/overview/dashboard.html",
        {
            "summary": summary,
            "today": today,
            "unreferred": unreferred,
            "needing_plans": needing_plans,
            "allegations": allegations,
            "late_complaints": late_complaints,
            "notifications_due": due,
            "is_manager": user.is_manager,
        },
    )


@manager_required
def inspection_report(request):
    """For an inspection: one scheme's concerns, incidents, complaints and notifications over a
    period (the last 12 months unless chosen). `?format=csv` downloads the same numbers;
    `?format=print` is the page to print."""
    today = timezone.localdate()
    schemes = managed_schemes(request.user)
    data = request.GET.copy()
    output = data.pop("format", [""])[-1]
    if not data.get("date_from") and not data.get("date_to"):
        period = default_period(today)
        data.update({"date_from": period.first.isoformat(), "date_to": period.last.isoformat()})
    form = InspectionReportForm(data, schemes=schemes, today=today)
    tables = None
    if form.is_valid():
        period, scheme = form.cleaned_data["period"], form.chosen_scheme
        tables = selectors.inspection_report(scheme, first=period.first, last=period.last)
        if output == "csv":
            rows = (
                [csv_safe(table.title), csv_safe(label), "" if value is None else value]
                for table in tables
                for label, value in table.rows
            )
            return csv_download(
                f"safeguarding-{period.first:%Y-%m-%d}-to-{period.last:%Y-%m-%d}.csv",
                ["Section", "What", "Number"],
                rows,
                bom=True,
            )
        if output == "print":
            return render(
                request,
                "safeguarding/overview/report_print.html",
                {
                    "tables": tables,
                    "scheme": scheme,
                    "period": period,
                    "printed_on": today,
                    "back_url": reverse("safeguarding:report") + f"?{_query(request)}",
                    "back_label": "Back to the report",
                },
            )
    elif output == "csv":
        return redirect(reverse("safeguarding:report") + f"?{_query(request)}")
    query = _query(request)
    return render(
        request,
        "safeguarding/overview/report.html",
        {
            "form": form,
            "tables": tables,
            "scheme": form.chosen_scheme if tables is not None else None,
            "period": form.cleaned_data.get("period") if tables is not None else None,
            "csv_url": f"?{query}&format=csv" if query else "?format=csv",
            "print_url": f"?{query}&format=print" if query else "?format=print",
        },
    )


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()


@manager_required
def settings_update(request):
    """A scheme's safeguarding targets. Managers of several schemes choose the scheme (`?scheme=`)."""
    schemes = managed_schemes(request.user)
    scheme = scheme_chosen(request, schemes)
    settings = SafeguardingSettings.for_scheme(scheme.pk)
    form = SafeguardingSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        form.instance.scheme = scheme
        form.save()
        messages.success(
            request,
            f"The safeguarding targets of {scheme.name} are saved. They apply to what is recorded from "
            "now on; complaints already received keep the dates they were given.",
        )
        return redirect(reverse("safeguarding:settings") + f"?scheme={scheme.pk}")
    return render(
        request,
        "safeguarding/overview/settings.html",
        {"form": form, "scheme": scheme, "schemes": schemes, "saved": settings.pk is not None},
    )
