"""Staff pages about people supported: people, referrals, representatives, authority, capacity.

Every page is for scheme staff (`staff_required`) and reaches only the people of their schemes.
Every page that shows a person's record logs the view (`access_record`), never the content.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sharedlives.accounts.access import staff_required
from sharedlives.audit.services import access_record
from sharedlives.files.selectors import documents_by_records, main_photo_id
from sharedlives.search import name_search, query_without_page

from .. import selectors, services
from ..access import (
    get_authority_for_user,
    get_person_for_user,
    get_referral_for_user,
    get_representative_for_user,
)
from ..filters import PersonFilter, ReferralFilter
from ..forms import (
    CapacityAssessmentForm,
    LegalAuthorityForm,
    PersonCreateForm,
    PersonForm,
    ProfileForm,
    ReferralCloseForm,
    ReferralForm,
    ReferralMoveForm,
    RemoveForm,
    RepresentativeForm,
)
from ..models import CapacityAssessment, LegalAuthority, Person, Referral, ReferralTransition, Representative
from ..services import PeopleError

PAGE_SIZE = 25


def _form_page(request, form, *, title, person=None, cancel_url=None, submit_label="Save", intro=""):
    context = {
        "form": form,
        "title": title,
        "person": person,
        "cancel_url": cancel_url or (person.get_absolute_url() if person else None),
        "submit_label": submit_label,
        "intro": intro,
    }
    return render(request, "people/form_page.html", context)


def _person_with_record(user, pk: int, *, with_photo: bool = False) -> Person:
    """The person and everything the staff record page shows, in a fixed number of queries;
    `with_photo`: the id of their photo too, as `main_photo_id` (None without one)."""
    people = Person.objects.all()
    if with_photo:
        people = people.annotate(
            main_photo_id=main_photo_id(Person, approved_only=False, exclude_hidden=True)
        )
    return get_person_for_user(
        user,
        pk,
        people.select_related("scheme", "user", "profile").prefetch_related(
            "languages",
            "profile__interests",
            Prefetch(
                "referrals",
                queryset=Referral.objects.prefetch_related(
                    Prefetch("transitions", queryset=ReferralTransition.objects.select_related("by"))
                ),
            ),
            Prefetch(
                "representatives",
                queryset=Representative.objects.select_related("user").prefetch_related(
                    Prefetch("authorities", queryset=LegalAuthority.objects.select_related("checked_by"))
                ),
            ),
            Prefetch(
                "capacity_assessments", queryset=CapacityAssessment.objects.select_related("recorded_by")
            ),
        ),
    )


# What a coordinator does next after moving a referral on, said in the message.
NEXT_AFTER_REFERRAL = {
    Referral.Status.SCREENING: "Next, decide whether Shared Lives suits them.",
    Referral.Status.ASSESSMENT: "Next, write their profile, strengths first.",
    Referral.Status.MATCHING: "Next, rank the candidate households and propose a match.",
    Referral.Status.MATCHED: "The arrangement is followed up from the person's record.",
}


# --- Staff: people ---------------------------------------------------------------------------


@staff_required
def person_list(request):
    """People of the user's schemes, filtered and sorted, 25 a page. The name search is posted
    (see sharedlives.search); the other filters are in the address."""
    search = name_search(request, "people_search", label="Name")
    if search.response:
        return search.response
    people = selectors.people_for_list(request.user)
    filterset = PersonFilter(search.filter_data(request.GET), queryset=people)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "search": search,
        "page": page,
        "query": query_without_page(request),
        "today": timezone.localdate(),
        "many_schemes": len(request.user.staff_scheme_ids) > 1,
    }
    return render(request, "people/person_list.html", context)


@staff_required
def person_create(request):
    form = PersonCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(by=request.user, **form.cleaned_data)
        except PeopleError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"{person.full_name} is added. Next, record their referral.")
            return redirect(person)
    return _form_page(
        request,
        form,
        title="Add a person",
        cancel_url=reverse("people:person_list"),
        submit_label="Add person",
    )


@staff_required
def person_detail(request, pk):
    """Everything about the person for staff: details, profile, referrals, representatives, capacity."""
    person = _person_with_record(request.user, pk, with_photo=True)
    access_record(user=request.user, obj=person, page="person detail")
    referrals = list(person.referrals.all())
    # The person's own documents and every referral's, in one query.
    documents = documents_by_records({Person: [person.pk], Referral: [r.pk for r in referrals]})
    for referral in referrals:
        allowed = services.REFERRAL_TRANSITIONS[referral.status]
        referral.next_moves = [Referral.Status(s) for s in allowed if s != Referral.Status.CLOSED]
        referral.can_close = Referral.Status.CLOSED in allowed
        referral.documents = documents[Referral][referral.pk]
    representatives = list(person.representatives.all())
    context = {
        "person": person,
        "documents": documents[Person][person.pk],
        "profile": selectors.profile_of(person),
        "referrals": referrals,
        "representatives": [r for r in representatives if not r.is_removed],
        "former_representatives": [r for r in representatives if r.is_removed],
        "assessments": list(person.capacity_assessments.all()),
        "decider": selectors.person_side_decider(person),
        "may_see_access_log": request.user.is_manager_of(person.scheme_id),
        "today": timezone.localdate(),
    }
    return render(request, "people/person_detail.html", context)


@staff_required
def person_edit(request, pk):
    person = get_person_for_user(request.user, pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person_id=person.pk, by=request.user, **form.cleaned_data)
        except PeopleError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"{person.known_as}'s details are saved.")
            return redirect(person)
    access_record(user=request.user, obj=person, page="person edit")  # the form shows the record
    return _form_page(request, form, title=f"Change details of {person.full_name}", person=person)


@require_POST
@staff_required
def person_invite(request, pk):
    """Give the person their own sign-in (invitation by email, or link an existing account)."""
    person = get_person_for_user(request.user, pk)
    try:
        person, invitation = services.person_invite(person_id=person.pk, by=request.user)
    except PeopleError as e:
        messages.error(request, str(e))
    else:
        if invitation:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link works once and expires in 7 days; "
                f"{person.known_as} can sign in once they have chosen a password.",
            )
        else:
            messages.success(request, f"{person.known_as} can now sign in with their existing account.")
    return redirect(person)


@staff_required
def person_profile(request, pk):
    person = get_person_for_user(
        request.user, pk, Person.objects.select_related("profile").prefetch_related("profile__interests")
    )
    access_record(user=request.user, obj=person, page="profile")
    context = {
        "person": person,
        "profile": selectors.profile_of(person),
        "may_see_access_log": request.user.is_manager_of(person.scheme_id),
    }
    return render(request, "people/person_profile.html", context)


@staff_required
def person_print(request, pk):
    """The person's one-page profile, strengths first, for matching meetings. No staff-only risk detail."""
    person = get_person_for_user(
        request.user,
        pk,
        Person.objects.select_related("scheme", "profile").prefetch_related(
            "languages", "profile__interests"
        ),
    )
    access_record(user=request.user, obj=person, page="printed profile")
    context = {
        "person": person,
        "scheme": person.scheme,
        "profile": selectors.profile_of(person),
        "referral": person.referrals.open().order_by("-received_on").first(),
        "printed_on": timezone.localdate(),
        "back_url": reverse("people:person_profile", args=[person.pk]),
        "back_label": "Back to the profile",
    }
    return render(request, "print/person.html", context)


@staff_required
def person_profile_edit(request, pk):
    person = get_person_for_user(request.user, pk)
    profile = selectors.profile_of(person)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(person_id=person.pk, by=request.user, **form.cleaned_data)
        except PeopleError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Profile saved. Matching uses it from now on; carers see only its matching part."
            )
            return redirect("people:person_profile", pk=person.pk)
    access_record(user=request.user, obj=person, page="profile edit")  # the form shows the record
    return _form_page(
        request,
        form,
        title=f"Profile of {person.full_name}",
        person=person,
        intro="Start with what people like and admire about them, then what matters to them.",
    )


@staff_required
def person_history(request, pk):
    """Every change to the person's record (details, profile, referrals, representatives,
    authorities, capacity), newest first, with who made it."""
    person = get_person_for_user(request.user, pk)
    access_record(user=request.user, obj=person, page="history")
    events = selectors.history_for(person)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {
        "person": person,
        "page": page,
        "may_see_access_log": request.user.is_manager_of(person.scheme_id),
    }
    return render(request, "people/person_history.html", context)


@staff_required
def person_export(request, pk):
    """The whole record as a JSON file, for a subject access request or a transfer."""
    person = _person_with_record(request.user, pk)
    access_record(user=request.user, obj=person, page="export")
    body = json.dumps(selectors.person_export_data(person), indent=2, default=str)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@staff_required
def person_access_log(request, pk):
    """Who looked at the person's record. For managers of the person's scheme."""
    person = get_person_for_user(request.user, pk)
    if not request.user.is_manager_of(person.scheme_id):
        raise PermissionDenied
    page = Paginator(selectors.access_log_for(person), 50).get_page(request.GET.get("page"))
    return render(request, "people/person_access_log.html", {"person": person, "page": page})


# --- Staff: referrals ------------------------------------------------------------------------


@staff_required
def referral_queue(request):
    """Open referrals, longest waiting first, with the number in each status."""
    queryset = Referral.objects.for_user(request.user).select_related("person").order_by("received_on", "pk")
    filterset = ReferralFilter(request.GET, queryset=queryset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "counts": selectors.referral_counts_by_status(request.user),
        "query": query_without_page(request),
        "today": timezone.localdate(),
    }
    return render(request, "people/referral_queue.html", context)


@staff_required
def person_referral_create(request, pk):
    person = get_person_for_user(request.user, pk)
    form = ReferralForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(person_id=person.pk, by=request.user, **form.cleaned_data)
        except PeopleError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Referral recorded as received. Next, screen it: move it on from the referral."
            )
            return redirect(person)
    return _form_page(request, form, title=f"New referral for {person.full_name}", person=person)


@staff_required
def referral_edit(request, pk):
    referral = get_referral_for_user(request.user, pk)
    form = ReferralForm(request.POST or None, instance=referral)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update(referral_id=referral.pk, by=request.user, **form.cleaned_data)
        except PeopleError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Referral saved.")
            return redirect(referral)
    access_record(user=request.user, obj=referral.person, page="referral edit")
    return _form_page(
        request, form, title=f"Change referral for {referral.person.full_name}", person=referral.person
    )


@require_POST
@staff_required
def referral_move(request, pk):
    """Move a referral on to its next status."""
    referral = get_referral_for_user(request.user, pk)
    form = ReferralMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the status to move the referral to.")
        return redirect(referral)
    to = form.cleaned_data["to"]
    try:
        services.REFERRAL_MOVES[to](referral_id=referral.pk, by=request.user, note=form.cleaned_data["note"])
    except PeopleError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"Referral moved to {Referral.Status(to).label.lower()}. " + NEXT_AFTER_REFERRAL.get(to, ""),
        )
    return redirect(referral)


@staff_required
def referral_close(request, pk):
    referral = get_referral_for_user(request.user, pk)
    form = ReferralCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_close(referral_id=referral.pk, by=request.user, **form.cleaned_data)
        except PeopleError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "Referral closed. It stays on the person's record.")
        return redirect(referral)
    return _form_page(
        request,
        form,
        title=f"Close the referral for {referral.person.full_name}",
        person=referral.person,
        submit_label="Close referral",
    )


# --- Staff: representatives, authority, capacity --------------------------------------------


@staff_required
def person_representative_create(request, pk):
    person = get_person_for_user(request.user, pk)
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_create(person_id=person.pk, by=request.user, **form.cleaned_data)
        except PeopleError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                f"{form.cleaned_data['full_name']} added as a representative. "
                "Record any legal authority they hold from their page.",
            )
            return redirect(person)
    return _form_page(request, form, title=f"Add a representative for {person.full_name}", person=person)


@staff_required
def representative_edit(request, pk):
    representative = get_representative_for_user(request.user, pk)
    form = RepresentativeForm(request.POST or None, instance=representative)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_update(
                representative_id=representative.pk, by=request.user, **form.cleaned_data
            )
        except PeopleError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Representative saved.")
            return redirect(representative)
    return _form_page(request, form, title=f"Change {representative.full_name}", person=representative.person)


@staff_required
def representative_remove(request, pk):
    representative = get_representative_for_user(request.user, pk)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_remove(
                representative_id=representative.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PeopleError as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request, f"{representative.full_name} no longer represents {representative.person.known_as}."
            )
        return redirect(representative.person)
    return _form_page(
        request,
        form,
        title=f"Remove {representative.full_name} as a representative",
        person=representative.person,
        submit_label="Remove",
        intro="They will no longer see anything about the person, and no authority of theirs will count.",
    )


@require_POST
@staff_required
def representative_invite(request, pk):
    """Give a representative a family sign-in (invitation, or link their existing family account)."""
    representative = get_representative_for_user(request.user, pk)
    try:
        representative, invitation = services.representative_invite(
            representative_id=representative.pk, by=request.user
        )
    except PeopleError as e:
        messages.error(request, str(e))
    else:
        if invitation:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link works once and expires in 7 days.",
            )
        else:
            messages.success(
                request, f"{representative.full_name} already had a family sign-in; it is now linked."
            )
    return redirect(representative)


@staff_required
def authority_create(request, pk):
    representative = get_representative_for_user(request.user, pk)
    form = LegalAuthorityForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.authority_record(
                representative_id=representative.pk, by=request.user, **form.cleaned_data
            )
        except PeopleError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Legal authority recorded. Who decides for the person is worked out again from it."
            )
            return redirect(representative)
    return _form_page(
        request,
        form,
        title=f"Record a legal authority held by {representative.full_name}",
        person=representative.person,
        intro="Only a health and welfare LPA or a welfare deputyship lets them decide where someone lives.",
    )


@staff_required
def authority_remove(request, pk):
    authority = get_authority_for_user(request.user, pk)
    person = authority.representative.person
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.authority_remove(
                authority_id=authority.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PeopleError as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request, "The authority no longer counts. Who decides for the person is worked out again."
            )
        return redirect(authority.representative)
    return _form_page(
        request,
        form,
        title=f"Remove the {authority.get_kind_display().lower()} of {authority.representative.full_name}",
        person=person,
        submit_label="Remove authority",
    )


@staff_required
def person_capacity_create(request, pk):
    person = get_person_for_user(request.user, pk)
    form = CapacityAssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.capacity_assessment_record(person_id=person.pk, by=request.user, **form.cleaned_data)
        except PeopleError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request, "Capacity assessment recorded. Who decides for the person follows from it."
            )
            return redirect(person)
    return _form_page(
        request,
        form,
        title=f"Record a capacity assessment for {person.full_name}",
        person=person,
        intro="Capacity is presumed. Record an assessment for one decision at a time.",
    )
