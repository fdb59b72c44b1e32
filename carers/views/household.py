"""One household: its tabs, and every change staff (and, for some parts, its carers) make to it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sharedlives.accounts.access import staff_required
from sharedlives.accounts.models import User
from sharedlives.audit.services import access_record
from sharedlives.choices import SupportType
from sharedlives.errors import DomainError
from sharedlives.files.selectors import documents_by_record, main_photo_id

from .. import selectors, services
from ..access import get_household_for_user
from ..forms import (
    AboutUsForm,
    AvailabilityForm,
    CarerForm,
    CheckForm,
    CheckUpdateForm,
    HouseholdMemberForm,
    HouseholdProfileForm,
    InterestsForm,
    PanelDecisionForm,
    TransitionForm,
)
from ..models import CHECK_RULES, Check, Household, PanelDecision
from .common import form_page

# What a coordinator does next after a status change, said in the message.
NEXT_AFTER_STATUS = {
    Household.Status.INITIAL_VISIT: "Next, visit the household and start the assessment.",
    Household.Status.ASSESSMENT: "Next, record checks and training as they come in.",
    Household.Status.READY_FOR_PANEL: "Next, a manager records the panel's decision.",
    Household.Status.ON_HOLD: "It is not offered in matching until it is taken off hold.",
    Household.Status.SUSPENDED: "It is not offered in matching while suspended.",
    Household.Status.RESIGNED: "It is kept on record and no longer offered in matching.",
    Household.Status.WITHDRAWN: "It is kept on record and no longer offered in matching.",
}


# --- One household: the tabs -------------------------------------------------------------------
def _tab(request, household, tab: str, template: str, **context):
    access_record(user=request.user, obj=household, page=f"carers:household_{tab}")
    context.update(household=household, tab=tab, is_manager=request.user.is_manager_of(household.scheme_id))
    return render(request, template, context)


@staff_required
def household_detail(request, pk):
    """Profile tab: the carers, the people they live with, the home, and whether it can be matched."""
    household = get_household_for_user(
        request.user,
        pk,
        # The thumbnail beside the link to the photos comes with the household.
        Household.objects.annotate(
            main_photo_id=main_photo_id(Household, approved_only=False, exclude_hidden=True)
        ),
    )
    carers = list(household.carers.select_related("user").order_by("position"))
    return _tab(
        request,
        household,
        "detail",
        "carers/household_profile.html",
        carers=carers,
        members=household.members.order_by("left_on", "name"),
        languages=household.languages.all(),
        interests=household.interests.all(),
        experience=[selectors.CLIENT_GROUP_LABELS[v] for v in household.experience],
        is_matchable=household.is_matchable(),
        may_add_carer=len(carers) < 2,
    )


@staff_required
def household_print(request, pk):
    """The carer profile on one or two A4 pages, for panels: approval, people, home, checks."""
    household = get_household_for_user(request.user, pk)
    access_record(user=request.user, obj=household, page="carers:household_print")
    terms = household.current_terms
    return render(
        request,
        "print/household.html",
        {
            "household": household,
            "scheme": household.scheme,
            "terms": terms,
            "support_types": [SupportType(v).label for v in terms.support_types] if terms else [],
            "client_groups": [selectors.CLIENT_GROUP_LABELS[v] for v in terms.client_groups] if terms else [],
            "carers": household.carers.order_by("position"),
            "members": household.members.filter(left_on__isnull=True).order_by("name"),
            "languages": household.languages.all(),
            "interests": household.interests.all(),
            "experience": [selectors.CLIENT_GROUP_LABELS[v] for v in household.experience],
            "is_matchable": household.is_matchable(),
            "checks": selectors.check_summary(household),
            "printed_on": timezone.localdate(),
            "back_url": household.get_absolute_url(),
            "back_label": "Back to the household",
        },
    )


@staff_required
def household_terms(request, pk):
    """Approval terms, every version, and every panel decision."""
    household = get_household_for_user(request.user, pk)
    decisions = list(household.panel_decisions.select_related("recorded_by", "terms"))
    # The papers and minutes of every decision, in one query.
    documents = documents_by_record(PanelDecision, [decision.pk for decision in decisions])
    for decision in decisions:
        decision.documents = documents[decision.pk]
    return _tab(
        request,
        household,
        "terms",
        "carers/household_terms.html",
        versions=selectors.terms_history(household),
        decisions=decisions,
        panel_decisions=services.panel_decisions_for(household),
    )


@staff_required
def household_checks(request, pk):
    household = get_household_for_user(request.user, pk)
    summary = selectors.check_summary(household)
    earlier = list(household.checks.filter(is_current=False).select_related("carer", "verified_by"))
    # The certificates of every check shown, current and earlier, in one query.
    documents = documents_by_record(Check, [check.pk for check in [*summary.current, *earlier]])
    for check in [*summary.current, *earlier]:
        check.documents = documents[check.pk]
    return _tab(
        request,
        household,
        "checks",
        "carers/household_checks.html",
        summary=summary,
        earlier=earlier,
        today=timezone.localdate(),
        rules=CHECK_RULES,
    )


@staff_required
def household_availability(request, pk):
    """Periods when the household cannot take anyone, and the form to add one."""
    household = get_household_for_user(request.user, pk)
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.availability_add(household_id=household.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "The period is saved. The household is not offered in matching for those dates."
            )
            return redirect("carers:household_availability", pk=household.pk)
    return _tab(
        request,
        household,
        "availability",
        "carers/household_availability.html",
        form=form,
        periods=household.unavailable_periods.order_by("-starts_on"),
        today=timezone.localdate(),
    )


@staff_required
def household_transitions(request, pk):
    """Status changes so far, and the form to make the next one."""
    household = get_household_for_user(request.user, pk)
    allowed = services.transitions_for(household, request.user)
    form = TransitionForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_transition(household_id=household.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error("to_status", str(e))
        else:
            household.refresh_from_db(fields=["status"])
            messages.success(
                request,
                f"{household.name} is now {household.get_status_display().lower()}. "
                + NEXT_AFTER_STATUS.get(household.status, ""),
            )
            return redirect("carers:household_transitions", pk=household.pk)
    return _tab(
        request,
        household,
        "transitions",
        "carers/household_transitions.html",
        form=form,
        allowed=allowed,
        transitions=household.transitions.select_related("by", "panel_decision"),
    )


@staff_required
def household_history(request, pk):
    """Every recorded change to the household and its records: who, when, before and after."""
    household = get_household_for_user(request.user, pk)
    page = Paginator(selectors.household_events(household), 50).get_page(request.GET.get("page"))
    return _tab(
        request,
        household,
        "history",
        "carers/household_history.html",
        page=page,
        entries=selectors.describe_events(page.object_list),
    )


# --- Changing a household -------------------------------------------------------------------------
@staff_required
def household_edit(request, pk):
    household = get_household_for_user(request.user, pk)
    form = HouseholdProfileForm(request.POST or None, instance=household)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.household_update(
                household_id=household.pk,
                by=request.user,
                languages=data.pop("languages"),
                interests=data.pop("interests"),
                **data,
            )
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "The household's profile is saved. Matching uses it from now on.")
            return redirect(household)
    return form_page(
        request,
        form,
        title=f"Edit {household.name}",
        cancel_url=household.get_absolute_url(),
        household=household,
    )


def _back_to(request, household):
    """After a change that both staff and carers make, each goes back to their own page."""
    if request.user.kind == User.Kind.CARER:
        return redirect("carer_home")
    return redirect(household)


def _ensure_may_edit(request, household, part: str) -> None:
    if part not in services.editable_parts(household, request.user):
        raise PermissionDenied


def about_edit(request, pk):
    """'About us': staff of the scheme, and the household's carers when the scheme allows it."""
    household = get_household_for_user(request.user, pk)
    _ensure_may_edit(request, household, "about_us")
    form = AboutUsForm(request.POST or None, instance=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(household_id=household.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "'About us' is saved. People proposed to you will see it.")
            return _back_to(request, household)
    return form_page(request, form, title="About us", cancel_url=_cancel_url(request, household))


def interests_edit(request, pk):
    household = get_household_for_user(request.user, pk)
    _ensure_may_edit(request, household, "interests")
    form = InterestsForm(request.POST or None, initial={"interests": household.interests.all()})
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(household_id=household.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Your interests are saved. People proposed to you will see them.")
            return _back_to(request, household)
    return form_page(request, form, title="Interests", cancel_url=_cancel_url(request, household))


def _cancel_url(request, household) -> str:
    return reverse("carer_home") if request.user.kind == User.Kind.CARER else household.get_absolute_url()


def member_add(request, pk):
    household = get_household_for_user(request.user, pk)
    _ensure_may_edit(request, household, "members")
    form = HouseholdMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_member_add(household_id=household.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                f"{form.cleaned_data['name']} is added to the household. Matching takes them into account.",
            )
            return _back_to(request, household)
    return form_page(
        request,
        form,
        title="Someone else who lives in the home",
        intro="Partners who are not carers, children, other adults, lodgers.",
        cancel_url=_cancel_url(request, household),
        submit_label="Add",
    )


def member_edit(request, pk, member_pk):
    household = get_household_for_user(request.user, pk)
    _ensure_may_edit(request, household, "members")
    member = get_object_or_404(household.members, pk=member_pk)
    form = HouseholdMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_member_update(member_id=member.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "The household member is saved. Matching takes the change into account."
            )
            return _back_to(request, household)
    return form_page(
        request,
        form,
        title=f"Edit {member.name}",
        intro="If they have moved out, give the date: the record is kept.",
        cancel_url=_cancel_url(request, household),
    )


@staff_required
def carer_add(request, pk):
    household = get_household_for_user(request.user, pk)
    form = CarerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.carer_add(household_id=household.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                "The second carer is added. Next, record their checks and training on the Checks tab.",
            )
            return redirect(household)
    return form_page(
        request,
        form,
        title="Add a joint carer",
        intro="A household has one carer, or two under a joint approval.",
        cancel_url=household.get_absolute_url(),
        submit_label="Add carer",
        household=household,
    )


@staff_required
def carer_edit(request, pk, carer_pk):
    household = get_household_for_user(request.user, pk)
    carer = get_object_or_404(household.carers, pk=carer_pk)
    form = CarerForm(request.POST or None, instance=carer)
    if request.method == "POST" and form.is_valid():
        try:
            services.carer_update(carer_id=carer.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "The carer's details are saved.")
            return redirect(household)
    return form_page(
        request,
        form,
        title=f"Edit {carer.full_name}",
        cancel_url=household.get_absolute_url(),
        household=household,
    )


@require_POST
@staff_required
def carer_invite(request, pk, carer_pk):
    """Send the carer an invitation to sign in; their account is linked to them straight away."""
    household = get_household_for_user(request.user, pk)
    carer = get_object_or_404(household.carers, pk=carer_pk)
    try:
        services.carer_invite(carer_id=carer.pk, by=request.user)
    except DomainError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"Invitation sent to {carer.email}. The link works once and expires in 7 days; "
            "they can sign in once they have chosen a password.",
        )
    return redirect(household)


@staff_required
def panel_decision(request, pk):
    """Record a panel decision (managers only). An approval adds a new version of the approval terms."""
    household = get_household_for_user(request.user, pk)
    if not request.user.is_manager_of(household.scheme_id):
        raise PermissionDenied
    allowed = services.panel_decisions_for(household)
    form = PanelDecisionForm(
        request.POST or None, allowed=allowed, initial={"decision_maker": request.user.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.panel_decision_record(
                household_id=household.pk, by=request.user, **form.cleaned_data
            )
        except DomainError as e:
            form.add_error("decision", str(e))
        else:
            household.refresh_from_db(fields=["status"])
            messages.success(
                request,
                f"Panel decision recorded: {decision.get_decision_display().lower()}. "
                f"The household is now {household.get_status_display().lower()}.",
            )
            return redirect("carers:household_terms", pk=household.pk)
    return form_page(
        request,
        form,
        title=f"Panel decision for {household.name}",
        intro=(
            f"The household is {household.get_status_display().lower()}. "
            "For an approval, give the terms: they become a new version, and earlier versions are kept."
        ),
        cancel_url=reverse("carers:household_terms", args=[household.pk]),
        submit_label="Record decision",
        household=household,
    )


@staff_required
def check_add(request, pk):
    household = get_household_for_user(request.user, pk)
    initial = {k: request.GET[k] for k in ("check_type", "carer", "title") if k in request.GET}
    form = CheckForm(request.POST or None, household=household, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.check_record(household_id=household.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            expiry = (
                f"it expires on {check.expires_on:%-d %B %Y}" if check.expires_on else "it does not expire"
            )
            messages.success(request, f"{check.label} recorded; {expiry}.")
            return redirect("carers:household_checks", pk=household.pk)
    return form_page(
        request,
        form,
        title="Record a check or course",
        intro=(
            "You are recorded as the person who verified it. "
            "The expiry date comes from your scheme's settings."
        ),
        cancel_url=reverse("carers:household_checks", args=[household.pk]),
        submit_label="Record",
        household=household,
    )


@staff_required
def check_edit(request, pk, check_pk):
    household = get_household_for_user(request.user, pk)
    check = get_object_or_404(household.checks, pk=check_pk)
    form = CheckUpdateForm(
        request.POST or None, initial={"done_on": check.done_on, "evidence": check.evidence}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.check_update(check_id=check.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"{check.label} is corrected; its expiry date is worked out again.")
            return redirect("carers:household_checks", pk=household.pk)
    return form_page(
        request,
        form,
        title=f"Correct {check.label}" + (f" of {check.carer}" if check.carer_id else ""),
        intro="To record a renewal, add a new record instead: the earlier one is kept as evidence.",
        cancel_url=reverse("carers:household_checks", args=[household.pk]),
        household=household,
    )


@staff_required
def availability_edit(request, pk, period_pk):
    household = get_household_for_user(request.user, pk)
    period = get_object_or_404(household.unavailable_periods, pk=period_pk)
    form = AvailabilityForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.availability_update(period_id=period.pk, by=request.user, **form.cleaned_data)
        except DomainError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "The period is saved. The household is not offered in matching for those dates."
            )
            return redirect("carers:household_availability", pk=household.pk)
    return form_page(
        request,
        form,
        title="Change a period when the household cannot take anyone",
        cancel_url=reverse("carers:household_availability", args=[household.pk]),
        household=household,
    )


@require_POST
@staff_required
def availability_remove(request, pk, period_pk):
    household = get_household_for_user(request.user, pk)
    period = get_object_or_404(household.unavailable_periods, pk=period_pk)
    services.availability_remove(period_id=period.pk, by=request.user)
    messages.success(request, "The period is removed. The household can be offered for those dates again.")
    return redirect("carers:household_availability", pk=household.pk)
