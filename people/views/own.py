"""The pages of the person supported (easy-read) and of their family and representatives.

Each shows only what that reader may see, and logs every view of a person's record.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render

from matching.selectors import home_summary
from sharedlives.accounts.access import kind_required
from sharedlives.accounts.models import User
from sharedlives.audit.services import access_record, access_records

from .. import selectors
from ..access import get_person_for_user
from ..models import Person, Referral, Representative

# --- The person's own pages ----------------------------------------------------------------------


def _own_person(user) -> Person | None:
    return (
        Person.objects.for_user(user)
        .select_related("profile")
        .prefetch_related("profile__interests", "referrals")
        .first()
    )


@kind_required(User.Kind.PERSON)
def person_home(request):
    """The person's own page, in the easy-read layout."""
    person = _own_person(request.user)
    context = {"person": person, **home_summary(request.user)}
    if person is not None:
        access_record(user=request.user, obj=person, page="person home")
        context |= {
            "profile": selectors.profile_of(person),
            "referral": next((r for r in person.referrals.all() if r.is_open), None),
        }
    return render(request, "people/person_home.html", context)


@kind_required(User.Kind.PERSON)
def person_who_looked(request):
    """Who looked at the person's record, in plain words."""
    person = _own_person(request.user)
    lines = []
    if person is not None:
        lines = selectors.who_looked_sentences(
            selectors.access_log_for(person).exclude(user=request.user)[:100],
            person=person,
            viewer=request.user,
        )
    return render(request, "people/person_who_looked.html", {"person": person, "lines": lines})


# --- Family pages ----------------------------------------------------------------------------


def _representations(user, person=None):
    """The user's current Representative rows, with the person."""
    rows = Representative.objects.current().filter(user=user).select_related("person")
    if person is not None:
        rows = rows.filter(person=person)
    return rows.order_by("person__first_name", "person__pk")


# The only columns the family home reads of the representations, their people and their referrals.
FAMILY_HOME_FIELDS = [
    "role",
    "relationship",
    "may_see_proposals",
    "person__scheme",  # for the access log
    "person__first_name",
    "person__preferred_name",
    "person__last_name",
]
FAMILY_HOME_REFERRALS = Prefetch(
    "person__referrals", queryset=Referral.objects.only("person", "status", "support_type")
)


@kind_required(User.Kind.FAMILY)
def family_home(request):
    """The people this family member represents, each with what they may do."""
    representations = list(
        _representations(request.user).only(*FAMILY_HOME_FIELDS).prefetch_related(FAMILY_HOME_REFERRALS)
    )
    access_records(user=request.user, objs=[r.person for r in representations], page="family home")
    return render(
        request, "people/family_home.html", {"representations": representations, **home_summary(request.user)}
    )


@kind_required(User.Kind.FAMILY)
def family_person(request, pk):
    """One person, as their representative may see them: never staff-only detail."""
    person = get_person_for_user(
        request.user,
        pk,
        Person.objects.select_related("profile").prefetch_related("profile__interests", "referrals"),
    )
    access_record(user=request.user, obj=person, page="family person")
    representation = _representations(request.user, person).first()
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
