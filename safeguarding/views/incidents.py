"""Incident pages. Carers report from their phone and see their own reports (read-only, with their
status); staff of the scheme report, correct and see them in full; managers review and close them.

Every page that shows an incident about a person logs the view against the person (`access_record`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carers.access import get_household_for_user
from people.access import get_person_for_user
from sharedlives.accounts.access import kind_required, staff_required
from sharedlives.accounts.models import User
from sharedlives.audit.services import access_record

from .. import services
from ..access import get_incident_for_user
from ..forms.incidents import CarerIncidentForm, IncidentCloseForm, StaffIncidentForm, WithholdForm
from ..models import Incident, IncidentStatus
from ..services.incidents import INCIDENT_TRANSITIONS

PER_PAGE = 25
LIST_FILTERS = {"open": "Open", "closed": "Closed", "all": "All"}


def _log(request, incident: Incident, page: str) -> None:
    if incident.person_id:
        access_record(user=request.user, obj=incident.person, page=page)


@staff_required
def incident_list(request):
    """The incidents of the user's schemes, newest first: open ones unless asked for closed or all."""
    status = request.GET.get("status", "open")
    if status not in LIST_FILTERS:
        status = "open"
    incidents = Incident.objects.for_user(request.user).select_related("person", "household", "reported_by")
    if status == "open":
        incidents = incidents.open()
    elif status == "closed":
        incidents = incidents.filter(status=IncidentStatus.CLOSED)
    page = Paginator(incidents, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "safeguarding/incidents/list.html",
        {"page": page, "status": status, "filters": LIST_FILTERS, "query": f"status={status}"},
    )


@kind_required(User.Kind.STAFF, User.Kind.CARER)
def incident_create(request):
    """Report an incident. A carer gets the short form about their own household; staff choose the
    person or household of their schemes (?person= or ?household= fills it in). Bad input keeps what
    was typed and saves nothing."""
    user = request.user
    is_carer = user.kind == User.Kind.CARER
    if is_carer:
        form = CarerIncidentForm(request.POST or None, user=user)
    else:
        if not user.is_scheme_staff:
            raise PermissionDenied
        initial = {}
        if request.GET.get("person", "").isdigit():
            initial["person"] = get_person_for_user(user, int(request.GET["person"])).pk
        if request.GET.get("household", "").isdigit():
            initial["household"] = get_household_for_user(user, int(request.GET["household"])).pk
        form = StaffIncidentForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_report(by=user, **form.facts())
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            if is_carer:
                worry = (
                    " It is marked for a manager to look at first." if incident.is_safeguarding_worry else ""
                )
                messages.success(
                    request, f"Thank you. Your report {incident.reference} has gone to your scheme.{worry}"
                )
                return redirect("safeguarding:carer_incidents")
            messages.success(request, f"Incident {incident.reference} recorded.")
            return redirect(incident)
    return render(
        request,
        "safeguarding/incidents/create.html",
        {"form": form, "is_carer": is_carer},
    )


def _staff_detail(request, incident: Incident, status=200, **forms):
    user = request.user
    is_manager = user.is_manager_of(incident.scheme_id)
    is_lead = user.is_safeguarding_lead_of(incident.scheme_id)
    _log(request, incident, "incident")
    open_ = incident.status != IncidentStatus.CLOSED
    context = {
        "incident": incident,
        "is_manager": is_manager,
        "is_lead": is_lead,
        "may_review": is_manager and IncidentStatus.UNDER_REVIEW in INCIDENT_TRANSITIONS[incident.status],
        "may_close": is_manager and open_,
        "may_edit": open_,
        "close_form": forms.get("close_form") or IncidentCloseForm(),
        "withhold_form": forms.get("withhold_form")
        or WithholdForm(initial={"reason": incident.withheld_reason}),
        "transitions": incident.transitions.select_related("by"),
        "notifications": list(incident.notifications.all()),
        "concerns": list(incident.concerns.select_related("lead")),
    }
    return render(request, "safeguarding/incidents/detail.html", context, status=status)


def incident_detail(request, pk):
    """Staff of the scheme: the incident in full. The carer who reported it: their report, read-only,
    and where it has got to (never the actions and lessons, which are the scheme's)."""
    incident = get_incident_for_user(request.user, pk)
    if request.user.kind == User.Kind.CARER:
        _log(request, incident, "carer incident")
        return render(request, "safeguarding/incidents/carer_detail.html", {"incident": incident})
    return _staff_detail(request, incident)


@staff_required
def incident_update(request, pk):
    """Correct or complete the report of an open incident; any notification it now makes due is raised."""
    incident = get_incident_for_user(request.user, pk)
    if incident.status == IncidentStatus.CLOSED:
        messages.error(request, "This incident is closed; its report cannot change any more.")
        return redirect(incident)
    form = StaffIncidentForm(
        request.POST or None, user=request.user, scheme_id=incident.scheme_id, instance=incident
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_update(incident_id=incident.pk, by=request.user, **form.facts())
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Incident {incident.reference} updated.")
            return redirect(incident)
    _log(request, incident, "incident form")
    return render(
        request,
        "safeguarding/incidents/form_page.html",
        {
            "incident": incident,
            "form": form,
            "title": f"Change the report {incident.reference}",
            "submit_label": "Save changes",
        },
    )


def _managed_incident(request, pk) -> Incident:
    """The incident for a manager of its scheme: 404 to outsiders, 403 to its other staff."""
    incident = get_incident_for_user(request.user, pk)
    if not request.user.is_manager_of(incident.scheme_id):
        raise PermissionDenied
    return incident


@require_POST
@staff_required
def incident_start_review(request, pk):
    incident = _managed_incident(request, pk)
    try:
        services.incident_start_review(incident_id=incident.pk, by=request.user)
    except services.SafeguardingError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"You are reviewing {incident.reference}.")
    return redirect(incident)


@staff_required
def incident_close(request, pk):
    """A manager closes an incident with the actions agreed and the lessons learned."""
    incident = _managed_incident(request, pk)
    form = IncidentCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_close(incident_id=incident.pk, by=request.user, **form.cleaned_data)
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Incident {incident.reference} closed.")
            return redirect(incident)
    _log(request, incident, "incident close")
    return render(
        request,
        "safeguarding/incidents/form_page.html",
        {
            "incident": incident,
            "form": form,
            "title": f"Close {incident.reference}",
            "intro": "Record what the scheme will do and what it has learned. "
            "Both are kept with the incident.",
            "submit_label": "Close the incident",
        },
    )


@staff_required
def incident_withhold(request, pk):
    """A manager says why the person's copy of their record leaves this incident out (empty: it does not)."""
    incident = _managed_incident(request, pk)
    form = WithholdForm(request.POST or None, initial={"reason": incident.withheld_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_withhold(incident_id=incident.pk, by=request.user, **form.cleaned_data)
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                "The person's copy of their record will leave this out."
                if form.cleaned_data["reason"].strip()
                else "The person's copy of their record will include this.",
            )
            return redirect(incident)
    _log(request, incident, "incident withhold")
    return render(
        request,
        "safeguarding/incidents/form_page.html",
        {
            "incident": incident,
            "form": form,
            "title": f"The person's copy of {incident.reference}",
            "submit_label": "Save",
            "cancel_url": reverse("safeguarding:incident_detail", args=[incident.pk]),
        },
    )


@kind_required(User.Kind.CARER)
def carer_incidents(request):
    """The incidents this carer reported, newest first, with where each has got to."""
    incidents = Incident.objects.for_user(request.user).select_related("person")
    page = Paginator(incidents, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "safeguarding/incidents/carer_list.html", {"page": page})
