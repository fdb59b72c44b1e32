"""Safeguarding concern pages. Any staff member of the scheme raises a concern; only its managers and
safeguarding leads see it and move it on (others get a 404, as for anything not theirs). A concern
about a carer carries an allegation: suspension, safety plans for live arrangements, the panel.

Every view of a concern logs it and the person it is about (`access_records`).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from arrangements.models import LIVE_ARRANGEMENT_STATUSES, Arrangement
from carers import services as carer_services
from carers.models import HouseholdStatus
from people.access import get_person_for_user
from sharedlives.audit.services import access_record, access_records

from .. import services
from ..access import get_allegation_for_user, get_concern_for_user, get_incident_for_user
from ..forms.concerns import (
    ALLEGATION_DECISIONS,
    AllegationPanelForm,
    AssignLeadForm,
    ConcernCloseForm,
    ConcernRaiseForm,
    OutcomeForm,
    ReferForm,
    SafetyPlanForm,
    StartEnquiryForm,
    SuspendForm,
)
from ..forms.incidents import WithholdForm
from ..models import Allegation, AllegationStatus, Concern, ConcernStatus, SafeguardingSettings
from ..services.concerns import CONCERN_TRANSITIONS, SUSPENDABLE, safety_plan_due_at

PER_PAGE = 25
LIST_FILTERS = {"open": "Open", "closed": "Closed", "all": "All"}
S = ConcernStatus
# The step forms of a concern, and the status each moves it to.
STEPS = {
    "refer_form": S.REFERRED,
    "enquiry_form": S.ENQUIRY,
    "outcome_form": S.OUTCOME,
    "close_form": S.CLOSED,
}
ALLEGATION_DECISION_VALUES = [value for value, _label in ALLEGATION_DECISIONS]


def staff_or_404(view):
    """Concern pages are for scheme staff; to anyone else they do not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_scheme_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@staff_or_404
def concern_list(request):
    """The concerns of the schemes where the user is a manager or safeguarding lead, newest first."""
    if not request.user.safeguarding_scheme_ids:
        raise PermissionDenied
    status = request.GET.get("status", "open")
    if status not in LIST_FILTERS:
        status = "open"
    concerns = Concern.objects.for_user(request.user).select_related("person", "lead", "about_household")
    if status == "open":
        concerns = concerns.open()
    elif status == "closed":
        concerns = concerns.filter(status=S.CLOSED)
    page = Paginator(concerns, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "safeguarding/concerns/list.html",
        {"page": page, "status": status, "filters": LIST_FILTERS, "query": f"status={status}"},
    )


@staff_or_404
def concern_create(request):
    """Raise a concern (any staff of the scheme). ?person= and ?incident= fill in the person, and from
    an incident what happened. Someone who cannot see concerns goes back to the person's page."""
    user = request.user
    initial, scheme_id, person, incident = {}, None, None, None
    if request.GET.get("incident", "").isdigit():
        incident = get_incident_for_user(user, int(request.GET["incident"]))
        scheme_id = incident.scheme_id
        person = incident.person
        initial |= {"source_incident": incident.pk, "summary": incident.what_happened}
        if incident.immediate_action:
            initial["immediate_action"] = incident.immediate_action
    if request.GET.get("person", "").isdigit():
        person = get_person_for_user(user, int(request.GET["person"]))
        scheme_id = person.scheme_id
    if person is not None:
        initial["person"] = person.pk
        scheme_id = person.scheme_id
    form = ConcernRaiseForm(request.POST or None, user=user, scheme_id=scheme_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(by=user, **form.service_args())
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            if user.is_safeguarding_lead_of(concern.scheme_id):
                messages.success(request, f"Concern {concern.reference} raised.")
                return redirect(concern)
            who = concern.lead.full_name if concern.lead else "A manager"
            messages.success(request, f"Concern raised. {who} will take it from here.")
            return redirect("people:person_detail", pk=concern.person_id)
    if person is not None:
        access_record(user=user, obj=person, page="raise a concern")
    return render(
        request,
        "safeguarding/concerns/create.html",
        {"form": form, "person": person, "incident": incident},
    )


def _allegation_context(request, concern: Concern, forms: dict) -> dict:
    allegation = (
        Allegation.objects.filter(concern=concern)
        .select_related("household__current_terms", "suspended_by", "panel_decision")
        .first()
    )
    if allegation is None:
        return {"allegation": None}
    user, household = request.user, allegation.household
    scheme_id = household.scheme_id
    is_manager = user.is_manager_of(scheme_id)
    open_ = allegation.status != AllegationStatus.CLOSED
    arrangements = list(
        Arrangement.objects.filter(household=household, status__in=LIVE_ARRANGEMENT_STATUSES)
        .select_related("person")
        .order_by("start_date", "pk")
    )
    latest_plan = {}
    for plan in allegation.safety_plans.select_related("recorded_by"):  # newest first
        latest_plan.setdefault(plan.arrangement_id, plan)
    due_at = safety_plan_due_at(allegation, SafeguardingSettings.of(concern.scheme))
    overdue = open_ and timezone.now() > due_at
    failed = forms.get("plan_form")
    failed_id = failed["arrangement"].value() if failed is not None else None
    rows, plan_error_form = [], failed
    for arrangement in arrangements:
        if failed is not None and str(failed_id) == str(arrangement.pk):
            form, plan_error_form = failed, None
        else:
            form = SafetyPlanForm(household=household, arrangement_id=arrangement.pk)
        plan = latest_plan.get(arrangement.pk)
        rows.append(
            {
                "arrangement": arrangement,
                "plan": plan,
                "overdue": plan is None and overdue,
                "form": form,
            }
        )
    allowed = [d for d in carer_services.panel_decisions_for(household) if d in ALLEGATION_DECISION_VALUES]
    return {
        "allegation": allegation,
        "household": household,
        "is_manager": is_manager,
        "allegation_open": open_,
        "may_suspend": is_manager
        and open_
        and not allegation.suspended_at
        and household.status in SUSPENDABLE,
        "suspend_form": forms.get("suspend_form") or SuspendForm(),
        "plan_rows": rows,
        "plan_error_form": plan_error_form,
        "plans_due_at": due_at,
        "may_decide": is_manager and open_ and bool(allowed),
        "panel_form": forms.get("panel_form")
        or AllegationPanelForm(household=household, user=user, allowed=allowed),
        "deregistered": household.status == HouseholdStatus.DEREGISTERED,
        "appealing": household.status == HouseholdStatus.APPEALING,
    }


def _detail(request, concern: Concern, status=200, **forms):
    """The concern page, with the form for each next step its status allows (and any form that has
    just failed, so its errors show)."""
    user = request.user
    access_records(user=user, objs=[concern.person, concern], page="safeguarding concern")
    allowed = CONCERN_TRANSITIONS[concern.status]
    today = timezone.localdate()
    shown = {name for name, to in STEPS.items() if to in allowed} | {n for n in forms if n in STEPS}
    context = {
        "concern": concern,
        "is_manager": user.is_manager_of(concern.scheme_id),
        "shown": shown,
        "lead_form": forms.get("lead_form")
        or AssignLeadForm(concern=concern, initial={"lead": concern.lead_id or user.pk}),
        "refer_form": forms.get("refer_form") or ReferForm(concern=concern, initial={"referred_on": today}),
        "enquiry_form": forms.get("enquiry_form")
        or StartEnquiryForm(concern=concern, initial={"started_on": today}),
        "outcome_form": forms.get("outcome_form")
        or OutcomeForm(concern=concern, initial={"outcome_on": today}),
        "close_form": forms.get("close_form") or ConcernCloseForm(concern=concern),
        "withhold_form": forms.get("withhold_form")
        or WithholdForm(initial={"reason": concern.withheld_reason}),
        "transitions": concern.transitions.select_related("by"),
        "notifications": list(concern.notifications.all()),
        **_allegation_context(request, concern, forms),
    }
    return render(request, "safeguarding/concerns/detail.html", context, status=status)


@staff_or_404
def concern_detail(request, pk):
    return _detail(request, get_concern_for_user(request.user, pk))


def _step(request, concern: Concern, form, form_name: str, call, success: str):
    """Run one change from a form on the concern page: back to the page on success, or the page again
    with the form's errors (field errors, or the service's sentence) and what was typed."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, success)
            return redirect(concern)
    return _detail(request, concern, **{form_name: form})


@require_POST
@staff_or_404
def concern_assign_lead(request, pk):
    concern = get_concern_for_user(request.user, pk)
    form = AssignLeadForm(request.POST, concern=concern)
    return _step(
        request,
        concern,
        form,
        "lead_form",
        lambda d: services.concern_assign_lead(concern_id=concern.pk, by=request.user, lead_id=d["lead"].pk),
        "The lead is recorded.",
    )


@require_POST
@staff_or_404
def concern_refer(request, pk):
    concern = get_concern_for_user(request.user, pk)
    return _step(
        request,
        concern,
        ReferForm(request.POST, concern=concern),
        "refer_form",
        lambda d: services.concern_refer(concern_id=concern.pk, by=request.user, **d),
        "The referral to the council is recorded.",
    )


@require_POST
@staff_or_404
def concern_start_enquiry(request, pk):
    concern = get_concern_for_user(request.user, pk)
    return _step(
        request,
        concern,
        StartEnquiryForm(request.POST, concern=concern),
        "enquiry_form",
        lambda d: services.concern_start_enquiry(concern_id=concern.pk, by=request.user, **d),
        "The enquiry is recorded.",
    )


@require_POST
@staff_or_404
def concern_record_outcome(request, pk):
    concern = get_concern_for_user(request.user, pk)
    return _step(
        request,
        concern,
        OutcomeForm(request.POST, concern=concern),
        "outcome_form",
        lambda d: services.concern_record_outcome(concern_id=concern.pk, by=request.user, **d),
        "The outcome is recorded.",
    )


@require_POST
@staff_or_404
def concern_close(request, pk):
    concern = get_concern_for_user(request.user, pk)
    return _step(
        request,
        concern,
        ConcernCloseForm(request.POST, concern=concern),
        "close_form",
        lambda d: services.concern_close(concern_id=concern.pk, by=request.user, **d),
        f"Concern {concern.reference} closed.",
    )


@require_POST
@staff_or_404
def concern_withhold(request, pk):
    concern = get_concern_for_user(request.user, pk)
    return _step(
        request,
        concern,
        WithholdForm(request.POST),
        "withhold_form",
        lambda d: services.concern_withhold(concern_id=concern.pk, by=request.user, **d),
        "What the person's copy of their record leaves out is saved.",
    )


# --- Allegations about carers ------------------------------------------------------------------
def _allegation_concern(request, pk) -> tuple[Allegation, Concern]:
    allegation = get_allegation_for_user(request.user, pk)
    return allegation, get_concern_for_user(request.user, allegation.concern_id)


def _allegation_step(request, pk, make_form, form_name: str, call, success):
    allegation, concern = _allegation_concern(request, pk)
    form = make_form(allegation)
    if form.is_valid():
        try:
            call(allegation, form.cleaned_data)
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, success(allegation) if callable(success) else success)
            return redirect(f"{concern.get_absolute_url()}#allegation")
    return _detail(request, concern, **{form_name: form})


@require_POST
@staff_or_404
def allegation_suspend(request, pk):
    """A manager suspends the household at once; the carers see only the message given."""
    return _allegation_step(
        request,
        pk,
        lambda a: SuspendForm(request.POST),
        "suspend_form",
        lambda a, d: services.allegation_suspend(allegation_id=a.pk, by=request.user, **d),
        lambda a: f"{a.household.name} is suspended. Record a safety plan for each live arrangement.",
    )


@require_POST
@staff_or_404
def safety_plan_record(request, pk):
    """Record the safety plan of one live arrangement of the household (POST: arrangement, decision,
    detail)."""
    return _allegation_step(
        request,
        pk,
        lambda a: SafetyPlanForm(
            request.POST,
            household=a.household,
            arrangement_id=request.POST["arrangement"]
            if request.POST.get("arrangement", "").isdigit()
            else None,
        ),
        "plan_form",
        lambda a, d: services.safety_plan_record(
            allegation_id=a.pk,
            by=request.user,
            arrangement_id=d["arrangement"].pk,
            decision=d["decision"],
            detail=d["detail"],
        ),
        "The safety plan is recorded.",
    )


def _panel_success(allegation: Allegation) -> str:
    household = allegation.household
    household.refresh_from_db(fields=["status"])
    return f"Panel decision recorded. {household.name} is now {household.get_status_display().lower()}."


@require_POST
@staff_or_404
def allegation_panel_decision(request, pk):
    """A manager records the panel's decision: continue (approve again), defer, or de-register."""

    def make_form(allegation):
        household = allegation.household
        allowed = [
            d for d in carer_services.panel_decisions_for(household) if d in ALLEGATION_DECISION_VALUES
        ]
        return AllegationPanelForm(request.POST, household=household, user=request.user, allowed=allowed)

    return _allegation_step(
        request,
        pk,
        make_form,
        "panel_form",
        lambda a, d: services.allegation_panel_decision(allegation_id=a.pk, by=request.user, **d),
        _panel_success,
    )
