"""The carer's own pages."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch
from django.shortcuts import render
from django.utils import timezone

from matching.selectors import home_summary
from sharedlives.accounts.access import kind_required
from sharedlives.accounts.models import User

from .. import geo, selectors, services
from ..models import Carer, Household, HouseholdInterest, HouseholdLanguage

# Fetched once with the household: the page, the checks summary and the edit rights all read them.
CARERS_IN_ORDER = Prefetch("carers", queryset=Carer.objects.order_by("position"))

# What the home page shows of the household (of some 25 columns), its scheme and its approval terms.
HOME_FIELDS = [
    "name",
    "status",
    "about_us",
    "scheme__name",
    "current_terms__max_people",
    "current_terms__support_types",
    "current_terms__client_groups",
    "current_terms__effective_from",
    # What the scheme lets carers edit (services.editable_parts), read with the household.
    "scheme__carer_settings__carers_may_edit_about_us",
    "scheme__carer_settings__carers_may_edit_interests",
    "scheme__carer_settings__carers_may_edit_members",
]


def _names(through, field: str) -> ArraySubquery:
    """The names of a household's interests or languages (`through` is the link table), in order."""
    links = through.objects.filter(household=OuterRef("pk")).order_by(f"{field}__name")
    return ArraySubquery(links.values(f"{field}__name"))


# Read with the household rather than in a query each; built once, as the ORM copies them per query.
INTEREST_NAMES = _names(HouseholdInterest, "interest")
LANGUAGE_NAMES = _names(HouseholdLanguage, "language")


@kind_required(User.Kind.CARER)
def home(request):
    """The carer's home page: their household, approval terms, checks and what is due next."""
    household = (
        Household.objects.for_user(request.user)
        .select_related("scheme__carer_settings", "current_terms")
        .only(*HOME_FIELDS)
        .prefetch_related(CARERS_IN_ORDER)
        .annotate(interest_names=INTEREST_NAMES, language_names=LANGUAGE_NAMES)
        .first()
    )
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
            "summary": selectors.check_summary(household, staff_detail=False),
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
