"""The role home pages and the staff dashboard: each gathers what several apps hold about the
signed-in user, so they live here, above all of them."""

from django.shortcuts import redirect, render
from django.utils import timezone

from carers import selectors as carer_selectors
from carers import services as carer_services
from matching.selectors import home_summary
from people import selectors as people_selectors
from sharedlives.accounts.access import kind_required, staff_required
from sharedlives.accounts.models import User
from sharedlives.audit.services import access_record, access_records

from . import dashboard

HOME_BY_KIND = {
    User.Kind.STAFF: "staff_dashboard",
    User.Kind.CARER: "carer_home",
    User.Kind.PERSON: "person_home",
    User.Kind.FAMILY: "family_home",
}


def home(request):
    """Send each user to the home page of their role."""
    user = request.user
    if user.kind == User.Kind.STAFF and not user.is_scheme_staff:
        if user.is_superuser:
            return redirect("admin:index")
        return render(request, "home/no_role.html")
    return redirect(HOME_BY_KIND[user.kind])


@staff_required
def staff_dashboard(request):
    """What needs doing across the user's schemes: referrals, proposals, arrangements starting or
    ending, reviews, checks and free places. A fixed number of queries (reports/dashboard.py)."""
    return render(request, "home/staff.html", dashboard.staff_dashboard(request.user))


@kind_required(User.Kind.CARER)
def carer_home(request):
    """The carer's home page: their household, approval terms, checks and what is due next."""
    household = carer_selectors.home_household(request.user)
    if household is None:
        return render(request, "carers/home.html", {"household": None, **home_summary(request.user)})
    return render(
        request,
        "carers/home.html",
        {
            **home_summary(request.user, household=household),
            "household": household,
            "carers": household.carers.all(),
            "members": household.members.living_there(),
            "interests": household.interest_names,
            "languages": household.language_names,
            "summary": carer_selectors.check_summary(household, staff_detail=False),
            "may_edit": carer_services.editable_parts(household, request.user),
            "today": timezone.localdate(),
        },
    )


@kind_required(User.Kind.PERSON)
def person_home(request):
    """The person's own page, in the easy-read layout."""
    person = people_selectors.own_person(request.user)
    context = {"person": person, **home_summary(request.user)}
    if person is not None:
        access_record(user=request.user, obj=person, page="person home")
        context |= {
            "profile": people_selectors.profile_of(person),
            "referral": next((r for r in person.referrals.all() if r.is_open), None),
        }
    return render(request, "people/person_home.html", context)


@kind_required(User.Kind.FAMILY)
def family_home(request):
    """The people this family member represents, each with what they may do."""
    representations = people_selectors.family_home_representations(request.user)
    access_records(user=request.user, objs=[r.person for r in representations], page="family home")
    return render(
        request, "people/family_home.html", {"representations": representations, **home_summary(request.user)}
    )
