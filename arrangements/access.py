"""The one access helper for arrangements. Outsiders get 404."""

from django.shortcuts import get_object_or_404

from .models import Arrangement, Review


def get_arrangement_for_user(user, pk: int) -> Arrangement:
    return get_object_or_404(Arrangement.objects.for_user(user).select_related("person", "household"), pk=pk)


def get_review_for_user(user, pk: int) -> Review:
    """The review, if its arrangement concerns `user`; 404 otherwise."""
    return get_object_or_404(
        Review.objects.for_user(user).select_related(
            "arrangement__person", "arrangement__household", "recorded_by"
        ),
        pk=pk,
    )
