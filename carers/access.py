"""The one access helper for carer households. Every view that touches a household goes through it."""

from django.shortcuts import get_object_or_404

from .models import Household


def get_household_for_user(user, pk: int) -> Household:
    """The household, if it concerns `user`: staff of its scheme, or one of its own carers.

    Anyone else gets a 404, so that the household's existence is never confirmed to them.
    """
    return get_object_or_404(
        Household.objects.for_user(user).select_related("scheme", "current_terms"), pk=pk
    )
