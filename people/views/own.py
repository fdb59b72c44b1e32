"""The pages of the person supported (easy-read) and of their family and representatives.

Each shows only what that reader may see, and logs every view of a person's record.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from sharedlives.accounts.access import kind_required
from sharedlives.accounts.models import User
from sharedlives.audit.services import access_record

from .. import selectors
from ..access import get_person_for_user
from ..models import Person

# --- The person's own pages ----------------------------------------------------------------------


@kind_required(User.Kind.PERSON)
def person_who_looked(request):
    """Who looked at the person's record, in plain words."""
    person = selectors.own_person(request.user)
    lines = []
    if person is not None:
        lines = selectors.who_looked_sentences(
            selectors.access_log_for(person).exclude(user=request.user)[:100],
            person=person,
            viewer=request.user,
        )
    return render(request, "people/person_who_looked.html", {"person": person, "lines": lines})


# --- Family pages ----------------------------------------------------------------------------


@kind_required(User.Kind.FAMILY)
def family_person(request, pk):
    """One person, as their representative may see them: never staff-only detail."""
    person = get_person_for_user(
        request.user,
        pk,
        Person.objects.select_related("profile").prefetch_related("profile__interests", "referrals"),
    )
    access_record(user=request.user, obj=person, page="family person")
    representation = selectors.representations_of(request.user, person).first()
    decider = selectors.person_side_decider(person)
    context = {
        "person": person,
        "profile": selectors.profile_of(person),
        "representation": representation,
        "referrals": list(person.referrals.all()),
        "decider": decider,
        "may_decide": decider.allows(request.user),
        "may_see_access_log": selectors.may_see_access_log(request.user, person),
    }
    return render(request, "people/family_person.html", context)


@kind_required(User.Kind.FAMILY)
def family_who_looked(request, pk):
    person = get_person_for_user(request.user, pk)
    if not selectors.may_see_access_log(request.user, person):
        raise PermissionDenied
    lines = selectors.who_looked_sentences(
        selectors.access_log_for(person)[:100], person=person, viewer=request.user
    )
    return render(request, "people/family_who_looked.html", {"person": person, "lines": lines})
