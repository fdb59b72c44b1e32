"""The support plan pages. Carers: "Supporting <name>", the carers' copy of the plan, while their
support of the person is open (404 otherwise). Staff of the person's scheme: the page where they
keep the plan, its risk plans and emergency contacts (404 to everyone else).

Every page that shows the person's record logs the view against the person (`access_record`).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from people.models import Person
from sharedlives.audit.services import access_record

from ..access import get_carer_arrangement
from ..forms.support import EmergencyContactForm, RiskPlanForm, SupportPlanForm
from ..models import EmergencyContact, RiskPlan, SupportPlan
from ..services import RecordsError
from ..services import support as services
from ..support import carer_copy

# The other records pages a carer reaches from the person's page, shown once they exist.
CARER_LINKS = (
    ("records:note_create", "Write today's note"),
    ("records:note_list", "Daily notes"),
    ("records:dose_record", "Record a dose"),
    ("records:medicines", "Medicines and doses given"),
    ("records:money", "Their money"),
)


def _links(person_id: int) -> list[tuple[str, str]]:
    links = []
    for name, label in CARER_LINKS:
        try:
            links.append((reverse(name, args=[person_id]), label))
        except NoReverseMatch:
            continue
    return links


def support(request, person_id):
    """The carers' copy of the person's support plan, phone-first: how best to support them, their
    risks and the plan for each, medicines, health, GP, and whom to call. Only the fields listed in
    records/support.py; 404 unless the user is a carer whose support of the person is open now."""
    arrangement = get_carer_arrangement(request.user, person_id)
    access_record(user=request.user, obj=arrangement.person, page="supporting page")
    return render(
        request,
        "records/support/support.html",
        {"copy": carer_copy(arrangement), "links": _links(person_id), "today": timezone.localdate()},
    )


# --- Staff ---------------------------------------------------------------------------------------
def _staff_scope(user):
    """People of the user's schemes, as staff (none for anyone else)."""
    return (
        Person.objects.filter(scheme_id__in=user.staff_scheme_ids)
        if user.is_authenticated
        else Person.objects.none()
    )


def get_person_for_staff(user, person_id: int) -> Person:
    return get_object_or_404(_staff_scope(user).select_related("scheme"), pk=person_id)


def get_risk_plan_for_staff(user, pk: int) -> RiskPlan:
    """A current risk plan of a person of the user's schemes; 404 for anyone else, or once removed."""
    return get_object_or_404(
        RiskPlan.objects.filter(person__in=_staff_scope(user), removed_at__isnull=True).select_related(
            "person__scheme"
        ),
        pk=pk,
    )


def get_contact_for_staff(user, pk: int) -> EmergencyContact:
    """A current emergency contact of a person of the user's schemes; 404 otherwise."""
    return get_object_or_404(
        EmergencyContact.objects.filter(
            person__in=_staff_scope(user), removed_at__isnull=True
        ).select_related("person__scheme"),
        pk=pk,
    )


def _plan_url(person_id: int, anchor: str = "") -> str:
    return reverse("records:support_plan_edit", args=[person_id]) + (f"#{anchor}" if anchor else "")


def _header(request, person: Person, section: str) -> dict:
    return {
        "person": person,
        "section": section,
        "may_see_access_log": request.user.is_manager_of(person.scheme_id),
    }


def support_plan_edit(request, person_id):
    """Staff of the person's scheme keep the support plan the carers see: the plan (made the first
    time it is saved), the plan for each risk and the emergency contacts."""
    person = get_person_for_staff(request.user, person_id)
    plan = SupportPlan.objects.filter(person=person).select_related("updated_by").first()
    form = SupportPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_plan_save(person_id=person.pk, by=request.user, **form.cleaned_data)
        except RecordsError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"{person.known_as}'s support plan is saved.")
            return redirect(_plan_url(person.pk))
    access_record(user=request.user, obj=person, page="support plan")
    today = timezone.localdate()
    risk_plans = list(person.risk_plans.filter(removed_at__isnull=True).select_related("added_by"))
    return render(
        request,
        "records/support/plan_edit.html",
        {
            **_header(request, person, "Living together"),
            "plan": plan,
            "form": form,
            "risk_plans": risk_plans,
            "review_due": sum(1 for r in risk_plans if r.review_on <= today),
            "contacts": list(person.emergency_contacts.filter(removed_at__isnull=True)),
            "today": today,
        },
    )


def _form_page(request, person: Person, form, *, title: str, submit_label: str, anchor: str):
    access_record(user=request.user, obj=person, page="support plan form")
    return render(
        request,
        "records/support/form_page.html",
        {
            **_header(request, person, title),
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "cancel_url": _plan_url(person.pk, anchor),
        },
    )


def _save(request, person, form, call, *, success: str, anchor: str, title: str, submit_label: str):
    """One form of the support plan's parts: on a valid POST, the service `call(cleaned_data)`, then
    back to the plan; otherwise (or when the service refuses) the form again with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except RecordsError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, success)
            return redirect(_plan_url(person.pk, anchor))
    return _form_page(request, person, form, title=title, submit_label=submit_label, anchor=anchor)


def risk_plan_add(request, person_id):
    person = get_person_for_staff(request.user, person_id)
    return _save(
        request,
        person,
        RiskPlanForm(request.POST or None),
        lambda data: services.risk_plan_add(person_id=person.pk, by=request.user, **data),
        success="The risk plan is added.",
        anchor="risks",
        title="Add a risk plan",
        submit_label="Add the risk plan",
    )


def risk_plan_edit(request, pk):
    risk_plan = get_risk_plan_for_staff(request.user, pk)
    return _save(
        request,
        risk_plan.person,
        RiskPlanForm(request.POST or None, instance=risk_plan),
        lambda data: services.risk_plan_update(risk_plan_id=risk_plan.pk, by=request.user, **data),
        success="The risk plan is saved.",
        anchor="risks",
        title="Change a risk plan",
        submit_label="Save the risk plan",
    )


@require_POST
def risk_plan_remove(request, pk):
    risk_plan = get_risk_plan_for_staff(request.user, pk)
    try:
        services.risk_plan_remove(risk_plan_id=risk_plan.pk, by=request.user)
    except RecordsError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"The risk plan \u201c{risk_plan.risk}\u201d is removed.")
    return redirect(_plan_url(risk_plan.person_id, "risks"))


def contact_add(request, person_id):
    person = get_person_for_staff(request.user, person_id)
    return _save(
        request,
        person,
        EmergencyContactForm(request.POST or None),
        lambda data: services.emergency_contact_add(person_id=person.pk, by=request.user, **data),
        success="The emergency contact is added.",
        anchor="contacts",
        title="Add an emergency contact",
        submit_label="Add the contact",
    )


def contact_edit(request, pk):
    contact = get_contact_for_staff(request.user, pk)
    return _save(
        request,
        contact.person,
        EmergencyContactForm(request.POST or None, instance=contact),
        lambda data: services.emergency_contact_update(contact_id=contact.pk, by=request.user, **data),
        success="The emergency contact is saved.",
        anchor="contacts",
        title="Change an emergency contact",
        submit_label="Save the contact",
    )


@require_POST
def contact_remove(request, pk):
    contact = get_contact_for_staff(request.user, pk)
    try:
        services.emergency_contact_remove(contact_id=contact.pk, by=request.user)
    except RecordsError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"{contact.name} is removed from the emergency contacts.")
    return redirect(_plan_url(contact.person_id, "contacts"))
