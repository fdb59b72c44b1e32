"""Complaint and compliment pages.

Staff see their schemes' complaints and compliments, record those that came by phone, letter, email
or in person, and take each through its steps (acknowledge, investigate, answer, close) from the
detail page. The person, a family member or a carer sends their own in the app and sees only the
ones they sent, with the answer in plain words and, once answered, the Ombudsman as the next step.
The person's pages use the easy-read layout; their form shows their answers back before it sends.

Every page that shows a complaint about a person logs the view (`access_record`).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from sharedlives.accounts.access import kind_required, staff_required
from sharedlives.accounts.models import User
from sharedlives.audit.services import access_record, access_records

from .. import services
from ..access import get_complaint_for_user
from ..forms.complaints import (
    AcknowledgeForm,
    AnswerForm,
    ComplaintFilterForm,
    ComplaintRecordForm,
    ComplaintSendForm,
    InvestigateForm,
    TellUsForm,
    WithholdForm,
)
from ..models import OPEN_COMPLAINT_STATUSES, Complaint, ComplaintOutcome, ComplaintStatus, FeedbackKind
from ..ombudsman import ombudsman_for
from ..services.complaints import COMPLAINT_TRANSITIONS, COMPLIMENT_TRANSITIONS

PAGE_SIZE = 25
# The person's answers wait here between "tell us" and "Yes, send it".
TELL_US_SESSION_KEY = "safeguarding_tell_us"

S = ComplaintStatus
PLAIN_STATUS = {
    S.RECEIVED: "We have got it.",
    S.ACKNOWLEDGED: "We have read it.",
    S.INVESTIGATING: "Someone is looking into it.",
    S.ANSWERED: "We have answered it.",
    S.CLOSED: "It is finished.",
}
PLAIN_OUTCOME = {
    ComplaintOutcome.UPHELD: "We agree with you. Something went wrong.",
    ComplaintOutcome.PARTLY: "We agree with some of what you said.",
    ComplaintOutcome.NOT_UPHELD: "We looked at it carefully. We do not think something went wrong.",
}
MAKER_KINDS = (User.Kind.PERSON, User.Kind.FAMILY, User.Kind.CARER)


def _long(day) -> str:
    return date_format(day, "l j F Y")


def _with_deadlines(complaint: Complaint, today) -> Complaint:
    """Mark whether a step is overdue: today is past its date and the step is not done."""
    complaint.acknowledge_overdue = complaint.status == S.RECEIVED and today > complaint.acknowledge_by
    complaint.answer_overdue = (
        complaint.kind == FeedbackKind.COMPLAINT
        and complaint.status in OPEN_COMPLAINT_STATUSES
        and today > complaint.answer_by
    )
    return complaint


def _in_plain_words(complaint: Complaint) -> Complaint:
    complaint.plain_status = PLAIN_STATUS[complaint.status]
    complaint.plain_outcome = PLAIN_OUTCOME.get(complaint.outcome, "")
    return complaint


def _log_people(user, complaints, page: str) -> None:
    people = {c.person_id: c.person for c in complaints if c.person_id}
    if people:
        access_records(user=user, objs=list(people.values()), page=page)


# --- Staff ---------------------------------------------------------------------------------------


@staff_required
def complaint_list(request):
    """The complaints and compliments of the user's schemes, newest first, filtered by status and
    kind, with the days they must be acknowledged and answered by. A fixed number of queries."""
    form = ComplaintFilterForm(request.GET or None)
    complaints = Complaint.objects.for_user(request.user).select_related("scheme", "person", "household")
    query = ""
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
        complaints = complaints.filter(**filters)
        query = "&".join(f"{k}={v}" for k, v in filters.items())
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [_with_deadlines(c, today) for c in page.object_list]
    _log_people(request.user, rows, "complaints list")
    return render(
        request,
        "safeguarding/complaints/list.html",
        {"form": form, "page": page, "rows": rows, "query": query, "today": today},
    )


@staff_required
def complaint_record(request):
    """Record a complaint or compliment that came by phone, letter, email or in person."""
    form = ComplaintRecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_make(
                by=request.user,
                kind=data["kind"],
                summary=data["summary"],
                wanted_outcome=data["wanted_outcome"],
                person_id=data["person"].pk if data["person"] else None,
                household_id=data["household"].pk if data["household"] else None,
                scheme_id=data["scheme"].pk,
                from_who=data["from_who"],
                channel=data["channel"],
                complainant_name=data["complainant_name"],
                complainant_contact=data["complainant_contact"],
                received_on=data["received_on"],
            )
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                f"{complaint.get_kind_display()} recorded as {complaint.reference}. "
                f"Acknowledge it by {_long(complaint.acknowledge_by)}.",
            )
            return redirect(complaint)
    return render(request, "safeguarding/complaints/record.html", {"form": form})


def _next_statuses(complaint: Complaint) -> tuple[str, ...]:
    allowed = COMPLIMENT_TRANSITIONS if complaint.kind == FeedbackKind.COMPLIMENT else COMPLAINT_TRANSITIONS
    return allowed.get(complaint.status, ())


def _staff_detail(request, complaint: Complaint, **forms):
    """The staff detail page, with each next step's form (bound when that step was just refused)."""
    next_statuses = _next_statuses(complaint)
    context = {
        "complaint": _with_deadlines(complaint, timezone.localdate()),
        "transitions": complaint.transitions.select_related("by"),
        "is_manager": request.user.is_manager_of(complaint.scheme_id),
        "can_acknowledge": S.ACKNOWLEDGED in next_statuses,
        "can_investigate": S.INVESTIGATING in next_statuses,
        "can_answer": S.ANSWERED in next_statuses,
        "can_close": S.CLOSED in next_statuses,
        "acknowledge_form": forms.get("acknowledge_form") or AcknowledgeForm(),
        "investigate_form": forms.get("investigate_form") or InvestigateForm(scheme_id=complaint.scheme_id),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "withhold_form": forms.get("withhold_form")
        or WithholdForm(initial={"reason": complaint.withheld_reason}),
        "ombudsman": ombudsman_for(complaint.scheme.nation) if complaint.answered_on else None,
    }
    return render(request, "safeguarding/complaints/detail.html", context)


def complaint_detail(request, pk):
    """Staff of the scheme see everything, with the next steps. The person, family member or carer who
    sent it sees what they said, where it is, and the answer in plain words. Anyone else: 404."""
    complaint = get_complaint_for_user(request.user, pk)
    if complaint.person_id:
        access_record(user=request.user, obj=complaint.person, page="complaint")
    if request.user.kind == User.Kind.STAFF:
        return _staff_detail(request, complaint)
    context = {
        "complaint": _in_plain_words(complaint),
        "ombudsman": ombudsman_for(complaint.scheme.nation) if complaint.answered_on else None,
    }
    if request.user.kind == User.Kind.PERSON:
        return render(request, "safeguarding/complaints/person_detail.html", context)
    return render(request, "safeguarding/complaints/own_detail.html", context)


def _step(request, pk, form_class, form_name: str, act, success: str, form_kwargs=None):
    """Run one next step from its form on the detail page. Bad input or a refusal shows the detail
    page again with the form as typed and the reason; nothing is saved."""
    complaint = get_complaint_for_user(request.user, pk)
    form = form_class(request.POST, **(form_kwargs(complaint) if form_kwargs else {}))
    if form.is_valid():
        try:
            act(complaint, form.cleaned_data)
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, success)
            return redirect(complaint)
    complaint.refresh_from_db()
    return _staff_detail(request, complaint, **{form_name: form})


@require_POST
@staff_required
def complaint_acknowledge(request, pk):
    return _step(
        request,
        pk,
        AcknowledgeForm,
        "acknowledge_form",
        lambda c, data: services.complaint_acknowledge(complaint_id=c.pk, by=request.user, on=data["on"]),
        "Acknowledged.",
    )


@require_POST
@staff_required
def complaint_investigate(request, pk):
    return _step(
        request,
        pk,
        InvestigateForm,
        "investigate_form",
        lambda c, data: services.complaint_investigate(
            complaint_id=c.pk, by=request.user, investigator_id=data["investigator"].pk
        ),
        "Investigator named. It is now being looked into.",
        form_kwargs=lambda c: {"scheme_id": c.scheme_id},
    )


@require_POST
@staff_required
def complaint_answer(request, pk):
    """A manager answers with the outcome; the complainant sees it, with the Ombudsman as next step."""
    return _step(
        request,
        pk,
        AnswerForm,
        "answer_form",
        lambda c, data: services.complaint_answer(complaint_id=c.pk, by=request.user, **data),
        "Answer recorded. The complainant can see it, and who to ask next if they are not happy.",
    )


@require_POST
@staff_required
def complaint_close(request, pk):
    complaint = get_complaint_for_user(request.user, pk)
    try:
        services.complaint_close(complaint_id=complaint.pk, by=request.user)
    except services.SafeguardingError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Closed.")
    return redirect(complaint)


@require_POST
@staff_required
def complaint_withhold(request, pk):
    return _step(
        request,
        pk,
        WithholdForm,
        "withhold_form",
        lambda c, data: services.complaint_withhold(
            complaint_id=c.pk, by=request.user, reason=data["reason"]
        ),
        "Saved what the person's copy of their record leaves out.",
    )


# --- The person, family members and carers -----------------------------------------------------


@kind_required(*MAKER_KINDS)
def own_complaints(request):
    """The complaints and compliments the user sent, newest first. A fixed number of queries."""
    complaints = Complaint.objects.for_user(request.user).select_related("person", "household")
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_in_plain_words(c) for c in page.object_list]
    _log_people(request.user, rows, "own complaints")
    template = (
        "safeguarding/complaints/person_list.html"
        if request.user.kind == User.Kind.PERSON
        else "safeguarding/complaints/own_list.html"
    )
    return render(request, template, {"page": page, "rows": rows})


@kind_required(User.Kind.FAMILY, User.Kind.CARER)
def complaint_send(request):
    """A family member (about a person they represent) or a carer (about their household) sends a
    complaint or a compliment. Anyone else they may try to name is refused at the field."""
    form = ComplaintSendForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = data.get("person")
        try:
            complaint = services.complaint_make(
                by=request.user,
                kind=data["kind"],
                summary=data["summary"],
                wanted_outcome=data["wanted_outcome"],
                person_id=person.pk if person else None,
            )
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                f"Thank you. We have your {complaint.get_kind_display().lower()} ({complaint.reference}). "
                f"We will be in touch by {_long(complaint.acknowledge_by)}.",
            )
            return redirect(complaint)
    return render(request, "safeguarding/complaints/send.html", {"form": form})


@kind_required(User.Kind.PERSON)
def person_tell_us(request):
    """The person's easy-read form. Valid answers are kept in the session, not saved: the next page
    shows them back and sends them only when the person says "Yes, send it"."""
    answers = request.session.get(TELL_US_SESSION_KEY)
    form = TellUsForm(request.POST or None, initial=answers)
    if request.method == "POST" and form.is_valid():
        request.session[TELL_US_SESSION_KEY] = form.cleaned_data
        return redirect("safeguarding:person_tell_us_check")
    return render(request, "safeguarding/complaints/tell_us.html", {"form": form})


@kind_required(User.Kind.PERSON)
def person_tell_us_check(request):
    """ "Is this right?" with the person's answers. "Yes, send it" sends them and shows the thank-you
    page (the new complaint's own page); with no answers waiting, back to the form."""
    answers = request.session.get(TELL_US_SESSION_KEY)
    form = TellUsForm(answers)
    if not answers or not form.is_valid():
        return redirect("safeguarding:person_tell_us")
    if request.method == "POST":
        data = form.cleaned_data
        try:
            complaint = services.complaint_make(
                by=request.user,
                kind=FeedbackKind.COMPLIMENT if data["thank_you"] else FeedbackKind.COMPLAINT,
                summary=data["summary"],
                wanted_outcome=data["wanted_outcome"],
            )
        except services.SafeguardingError as e:
            messages.error(request, str(e))
        else:
            del request.session[TELL_US_SESSION_KEY]
            return redirect(complaint)
    return render(request, "safeguarding/complaints/tell_us_check.html", {"answers": form.cleaned_data})
