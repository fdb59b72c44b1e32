"""The registry list, new households, the compliance dashboard and its export, scheme settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from sharedlives.accounts.access import staff_required
from sharedlives.accounts.models import Scheme
from sharedlives.csvfiles import csv_download, csv_safe
from sharedlives.errors import DomainError
from sharedlives.search import name_search, query_without_page

from .. import selectors, services
from ..filters import RegistryFilter
from ..forms import (
    CarerSettingsForm,
    HouseholdCreateForm,
)
from ..models import CarerSettings
from .common import PAGE_SIZE, form_page


# --- The registry ------------------------------------------------------------------------------
@staff_required
def registry(request):
    """Households of the user's schemes: filters, sorting, 25 a page, a fixed number of queries.
    The search by name or postcode is posted (see sharedlives.search); other filters are in the address."""
    search = name_search(request, "registry_search", label="Household, carer or postcode")
    if search.response:
        return search.response
    households = RegistryFilter(
        search.filter_data(request.GET), queryset=selectors.registry(request.user), request=request
    )
    page = Paginator(households.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "carers/registry.html",
        {
            "filter": households,
            "search": search,
            "page": page,
            "query": query_without_page(request),
            "several_schemes": len(request.user.staff_scheme_ids) > 1,
        },
    )


@staff_required
def household_create(request):
    form = HouseholdCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = services.household_create(
                scheme=data["scheme"],
                by=request.user,
                name=data["name"],
                postcode=data["postcode"],
                address=data["address"],
                carer={f: data[f] for f in services.CARER_FIELDS},
            )
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"{household.name} is in the registry, at enquiry stage.")
            return redirect(household)
    return form_page(
        request,
        form,
        title="New carer household",
        intro="Start with the first carer and the home's postcode. Add the rest of the profile afterwards.",
        cancel_url=reverse("carers:household_list"),
        submit_label="Add household",
    )


# --- Compliance ------------------------------------------------------------------------------------
@staff_required
def compliance(request):
    """Every current check expired or expiring within 30 days, across the user's schemes, by household."""
    user = request.user
    page = Paginator(selectors.compliance(user), PAGE_SIZE).get_page(request.GET.get("page"))
    managed = [pk for pk in user.staff_scheme_ids if user.is_manager_of(pk)]
    return render(
        request,
        "carers/compliance.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "query": query_without_page(request),
            "managed_schemes": Scheme.objects.filter(pk__in=managed) if managed else [],
        },
    )


CSV_COLUMNS = ["Scheme", "Household", "Carer", "Check", "Date done", "Expires", "State", "Verified by"]


@staff_required
def compliance_csv(request):
    """Every expired or expiring check of the user's schemes, streamed as it is read."""
    today = timezone.localdate()
    rows = (
        [
            csv_safe(v)
            for v in (
                check.household.scheme.name,
                check.household.name,
                check.carer.full_name if check.carer else "",
                check.label,
                check.done_on.isoformat(),
                check.expires_on.isoformat(),
                "expired" if check.is_expired(today) else "expiring",
                check.verified_by.full_name,
            )
        ]
        for check in selectors.compliance_rows(request.user, today=today).iterator(chunk_size=2000)
    )
    return csv_download(f"carer-compliance-{today:%Y-%m-%d}.csv", CSV_COLUMNS, rows)


@staff_required
def scheme_settings(request, scheme_pk):
    """A scheme's renewal periods and what its carers may edit (managers of the scheme only)."""
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=scheme_pk)
    if not request.user.is_manager_of(scheme.pk):
        raise PermissionDenied
    form = CarerSettingsForm(request.POST or None, instance=CarerSettings.for_scheme(scheme.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.carer_settings_update(scheme_id=scheme.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "The settings are saved; expiry dates are updated to match.")
            return redirect("carers:compliance")
    return form_page(
        request,
        form,
        title=f"Carer settings for {scheme.name}",
        intro="How many months each check or course lasts; leave a period empty if it does not expire. "
        "Changing one updates the expiry of every record of that kind.",
        cancel_url=reverse("carers:compliance"),
    )
