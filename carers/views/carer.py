"""The carer's own pages."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from matching.selectors import home_summary
from sharedlives.accounts.access import kind_required
from sharedlives.accounts.models import User

from .. import geo, selectors, services
from ..models import Carer, Household

# Fetched once with the household: the page, the checks summary and the edit rights all read them.
CARERS_IN_ORDER = Prefetch("carers", queryset=Carer.objects.order_by("position"))


@kind_required(User.Kind.CARER)
def home(request):
    """The carer's home page: their household, approval terms, checks and what is due next."""
    household = (
        Household.objects.for_user(request.user)
        .select_related("scheme", "current_terms")
        .prefetch_related(CARERS_IN_ORDER)
        .first()
    )
    if household is None:
        return render(request, "carers/home.html", {"household": None, **home_summary(request.user)})
    return render(
        request,
        "carers/home.html",
        {
            **home_summary(request.user),
            "household": household,
            "carers": household.carers.all(),
            "members": household.members.living_there(),
            "interests": household.interests.all(),
            "languages": household.languages.all(),
            "summary": selectors.check_summary(household),
            "may_edit": services.editable_parts(household, request.user),
            "today": timezone.localdate(),
        },
    )


@kind_required(User.Kind.CARER)
def my_household(request):
    """The carer's household as people looking for a carer see it: no address, phone or checks."""
    household = (
        Household.objects.for_user(request.user)
        .select_related("scheme")
        .prefetch_related(CARERS_IN_ORDER)
        .first()
    )
    if household is None:
        return render(request, "carers/my_household.html", {"household": None})
    return render(
        request,
        "carers/my_household.html",
        {
            "household": household,
            "carers": household.carers.all(),
            "members": household.members.living_there(),
            "interests": household.interests.all(),
            "languages": household.languages.all(),
            "experience": [selectors.CLIENT_GROUP_LABELS[v] for v in household.experience],
            "area": geo.postcode_district(household.postcode),
            "may_edit": services.editable_parts(household, request.user),
        },
    )
