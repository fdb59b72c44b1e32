"""The carer's own pages."""

from django.shortcuts import render

from sharedlives import geo
from sharedlives.accounts.access import kind_required
from sharedlives.accounts.models import User
from sharedlives.files.models import Photo

from .. import selectors, services
from ..models import Household
from ..selectors import CARERS_IN_ORDER


@kind_required(User.Kind.CARER)
def my_household(request):
    """The carer's household as people looking for a carer see it: no address, phone or checks; and
    every photo of it, with whether the scheme has checked it yet."""
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
            # Waiting, approved and hidden alike: the carers should know what people see and what not.
            "photos": list(Photo.objects.of(household).filter(bytes_removed=False).shown()),
        },
    )
