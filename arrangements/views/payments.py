"""Payment bands, monthly payments statements (page and CSV), and the printable agreements."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from carers.access import get_household_for_user
from carers.models import Household
from sharedlives.accounts.access import kind_required, staff_required
from sharedlives.accounts.models import Scheme, User
from sharedlives.audit.services import access_record
from sharedlives.csvfiles import csv_safe

from .. import services, statements
from ..access import get_arrangement_for_user
from ..forms.payments import AgreementDateForm, PaymentBandForm
from ..models import AgreementKind, PaymentBand
from ..services.payments import agreement_kinds_for
from ..statements import Month

RECENT_MONTHS = 12


# --- Payment bands -------------------------------------------------------------------------------
@staff_required
def payment_bands(request):
    """The bands of the user's one scheme, or the list of their schemes to choose from."""
    schemes = list(Scheme.objects.for_user(request.user))
    if len(schemes) == 1:
        return redirect("arrangements:payment_band_list", scheme_pk=schemes[0].pk)
    return render(request, "arrangements/payments/band_schemes.html", {"schemes": schemes})


@staff_required
def payment_band_list(request, scheme_pk):
    """Every band of the scheme and how many arrangements use it. Coordinators read; managers edit."""
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=scheme_pk)
    bands = (
        PaymentBand.objects.filter(scheme=scheme)
        .annotate(in_use=Count("arrangements"))
        .prefetch_related("rates")
        .order_by("-is_active", "unit", "name")
    )
    return render(
        request,
        "arrangements/payments/band_list.html",
        {"scheme": scheme, "bands": bands, "may_edit": request.user.is_manager_of(scheme.pk)},
    )


def _band_form_page(request, form, *, scheme, title, submit_label):
    return render(
        request,
        "arrangements/payments/band_form.html",
        {
            "form": form,
            "scheme": scheme,
            "title": title,
            "submit_label": submit_label,
            "cancel_url": reverse("arrangements:payment_band_list", args=[scheme.pk]),
        },
    )


@staff_required
def payment_band_create(request, scheme_pk):
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=scheme_pk)
    if not request.user.is_manager_of(scheme.pk):
        raise PermissionDenied
    form = PaymentBandForm(request.POST or None, scheme_id=scheme.pk)
    if request.method == "POST" and form.is_valid():
        try:
            band = services.payment_band_create(scheme_id=scheme.pk, by=request.user, **form.cleaned_data)
        except services.ArrangementError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Band “{band.name}” added.")
            return redirect("arrangements:payment_band_list", scheme_pk=scheme.pk)
    return _band_form_page(request, form, scheme=scheme, title="Add a payment band", submit_label="Add band")


@staff_required
def payment_band_edit(request, pk):
    band = get_object_or_404(
        PaymentBand.objects.filter(scheme_id__in=request.user.staff_scheme_ids).select_related("scheme"),
        pk=pk,
    )
    if not request.user.is_manager_of(band.scheme_id):
        raise PermissionDenied
    form = PaymentBandForm(request.POST or None, scheme_id=band.scheme_id, band=band)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_band_update(band_id=band.pk, by=request.user, **form.cleaned_data)
        except services.ArrangementError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Band “{form.cleaned_data['name']}” saved.")
            return redirect("arrangements:payment_band_list", scheme_pk=band.scheme_id)
    return _band_form_page(
        request, form, scheme=band.scheme, title=f"Change the band “{band.name}”", submit_label="Save"
    )


# --- Payments statements -------------------------------------------------------------------------
def _month(year, month) -> Month:
    try:
        return Month(int(year), int(month))
    except ValueError as e:
        raise Http404 from e


def _own_household(user) -> Household:
    household = Household.objects.for_user(user).select_related("scheme").first()
    if household is None:
        raise Http404
    return household


def _statement_page(request, household, month: Month, *, url_name: str, csv_url: str, args=()):
    access_record(user=request.user, obj=household, page=url_name)
    statement = statements.household_statement(household, month)
    today_month = Month.of(timezone.localdate())
    return render(
        request,
        "arrangements/payments/statement.html",
        {
            "household": household,
            "statement": statement,
            "rule": statements.RULE,
            "csv_url": csv_url,
            "previous_url": reverse(url_name, args=[*args, *month.previous.url_args]),
            "next_url": reverse(url_name, args=[*args, *month.following.url_args]),
            "this_month_url": reverse(url_name, args=[*args, *today_month.url_args])
            if month != today_month
            else "",
            "for_staff": request.user.is_scheme_staff,
        },
    )


# The staff pages are not behind @staff_required: get_household_for_user answers 404 to anyone the
# household does not concern (another carer, a person, a family member), and sends its own carer on
# to their own pages, rather than a 403 that would confirm the household exists.


def household_statements(request, pk):
    """The household's statement for this month."""
    household = get_household_for_user(request.user, pk)
    month = Month.of(timezone.localdate())
    if not request.user.is_scheme_staff:
        return redirect("arrangements:carer_statement", year=month.year, month=month.mm)
    return redirect("arrangements:household_statement", pk=household.pk, year=month.year, month=month.mm)


def household_statement(request, pk, year, month):
    """Staff: what the household is due for the month, line by line, with the totals."""
    household = get_household_for_user(request.user, pk)
    month = _month(year, month)
    if not request.user.is_scheme_staff:
        return redirect("arrangements:carer_statement", year=month.year, month=month.mm)
    return _statement_page(
        request,
        household,
        month,
        url_name="arrangements:household_statement",
        csv_url=reverse("arrangements:household_statement_csv", args=[household.pk, *month.url_args]),
        args=[household.pk],
    )


def household_statement_csv(request, pk, year, month):
    household = get_household_for_user(request.user, pk)
    month = _month(year, month)
    if not request.user.is_scheme_staff:
        return redirect("arrangements:carer_statement_csv", year=month.year, month=month.mm)
    return _statement_csv(request, household, month)


@kind_required(User.Kind.CARER)
def carer_statements(request):
    """The carer's own statements for the last twelve months that had anything in them."""
    household = Household.objects.for_user(request.user).first()
    rows = []
    if household is not None:
        access_record(user=request.user, obj=household, page="arrangements:carer_statements")
        months = [Month.of(timezone.localdate())]
        for _ in range(RECENT_MONTHS - 1):
            months.append(months[-1].previous)
        rows = [s for s in statements.household_statements(household, months) if not s.is_empty]
    return render(
        request, "arrangements/payments/carer_statements.html", {"household": household, "statements": rows}
    )


@kind_required(User.Kind.CARER)
def carer_statement(request, year, month):
    household = _own_household(request.user)
    month = _month(year, month)
    return _statement_page(
        request,
        household,
        month,
        url_name="arrangements:carer_statement",
        csv_url=reverse("arrangements:carer_statement_csv", args=[*month.url_args]),
    )


@kind_required(User.Kind.CARER)
def carer_statement_csv(request, year, month):
    return _statement_csv(request, _own_household(request.user), _month(year, month))


CSV_COLUMNS = [
    "Household",
    "Month",
    "Person",
    "Arrangement",
    "Funder",
    "Funding reference",
    "Band",
    "Paid",
    "Rate",
    "Quantity",
    "Of",
    "With more than one person",
    "Uplift %",
    "Gross",
    "Uplift",
    "Board and lodging deduction",
    "Net due",
]


def _statement_csv(request, household, month: Month) -> HttpResponse:
    access_record(user=request.user, obj=household, page="matching:statement_csv")
    statement = statements.household_statement(household, month)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payments-{household.pk}-{month.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for line in statement.lines:
        a = line.arrangement
        writer.writerow(
            csv_safe(v)
            for v in (
                household.name,
                month.slug,
                a.person.full_name,
                a.get_support_type_display(),
                a.get_funder_display(),
                a.funding_reference,
                line.band.name,
                line.band.get_unit_display(),
                line.rate,
                line.quantity,
                line.quantity_unit,
                line.uplift_quantity,
                line.uplift_percent,
                line.gross,
                line.uplift,
                line.deduction,
                line.net,
            )
        )
    totals = [household.name, month.slug, "Total", *[""] * 10]
    writer.writerow(
        csv_safe(v) for v in [*totals, statement.gross, statement.uplift, statement.deduction, statement.net]
    )
    return response


# --- Agreements ----------------------------------------------------------------------------------
def agreement_rows(arrangement) -> list[dict]:
    """Each agreement the arrangement should have, with its record if any: for the arrangement page."""
    recorded = {a.kind: a for a in arrangement.agreements.all()}
    return [
        {
            "kind": kind,
            "label": AgreementKind(kind).label,
            "agreement": recorded.get(kind),
            "url": reverse("arrangements:agreement", args=[arrangement.pk, kind]),
        }
        for kind in agreement_kinds_for(arrangement)
    ]


def _arrangement_and_kind(request, pk, kind):
    arrangement = get_arrangement_for_user(request.user, pk)
    if kind not in agreement_kinds_for(arrangement):
        raise Http404
    return arrangement


TEMPLATES = {
    AgreementKind.ARRANGEMENT: "arrangements/agreements/arrangement.html",
    AgreementKind.LICENCE: "arrangements/agreements/licence.html",
    AgreementKind.LICENCE_EASY_READ: "arrangements/agreements/licence_easy_read.html",
}


def agreement(request, pk, kind):
    """The agreement as a printable page, for staff of the scheme, the carers, the person and their
    representatives. Staff also see the forms to record when it was issued and signed."""
    arrangement = _arrangement_and_kind(request, pk, kind)
    access_record(user=request.user, obj=arrangement, page=f"arrangements:agreement:{kind}")
    rows = agreement_rows(arrangement)
    record = next(r["agreement"] for r in rows if r["kind"] == kind)
    is_staff = arrangement.scheme_id in request.user.staff_scheme_ids
    carers = list(arrangement.household.carers.order_by("position"))
    return render(
        request,
        TEMPLATES[kind],
        {
            "arrangement": arrangement,
            "scheme": arrangement.scheme,
            "person": arrangement.person,
            "carers": carers,
            # One carer or two (a joint approval): the agreements speak of "the carer(s)" accordingly.
            "the_carers": "the carers" if len(carers) > 1 else "the carer",
            "s": "" if len(carers) > 1 else "s",
            "band": arrangement.payment_band,
            # The charges the agreement states: the band's rate in force today.
            "rate": arrangement.payment_band.current_rate if arrangement.payment_band else None,
            "kind": kind,
            "title": AgreementKind(kind).label,
            "record": record,
            "rows": rows,
            "is_staff": is_staff,
            "issue_form": AgreementDateForm(label="Issued on") if is_staff else None,
            "sign_form": AgreementDateForm(label="Signed on") if is_staff else None,
        },
    )


def _record(request, pk, kind, *, service, label: str, done: str):
    arrangement = _arrangement_and_kind(request, pk, kind)
    form = AgreementDateForm(request.POST, label=label)
    if not form.is_valid():
        messages.error(request, f"{label}: {' '.join(form.errors['on'])}")
    else:
        try:
            service(
                arrangement_id=arrangement.pk, kind=kind, by=request.user, **{done: form.cleaned_data["on"]}
            )
        except services.ArrangementError as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request, f"{AgreementKind(kind).label}: {label.lower()} {form.cleaned_data['on']:%d %B %Y}."
            )
    return redirect("arrangements:agreement", pk=arrangement.pk, kind=kind)


@require_POST
@staff_required
def agreement_issue(request, pk, kind):
    return _record(request, pk, kind, service=services.agreement_issue, label="Issued on", done="issued_on")


@require_POST
@staff_required
def agreement_sign(request, pk, kind):
    return _record(request, pk, kind, service=services.agreement_sign, label="Signed on", done="signed_on")
