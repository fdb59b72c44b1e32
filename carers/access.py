"""The one access helper for carer households. Every view that touches a household goes through it."""

from django.shortcuts import get_object_or_404

from .models import Household


def get_household_for_user(user, pk: int, queryset=None) -> Household:
    """The household, if it concerns `user`: staff of its scheme, or one of its own carers.

    Anyone else gets a 404, so that the household's existence is never confirmed to them.
    `queryset` (of Household) lets a page read more with the household in the same query; scoping
    still applies.
    """
    queryset = Household.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.for_user(user).select_related("scheme", "current_terms"), pk=pk)
