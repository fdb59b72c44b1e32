"""The one access helper for arrangements. Outsiders get 404."""

from django.shortcuts import get_object_or_404

from .models import Arrangement


def get_arrangement_for_user(user, pk: int) -> Arrangement:
    return get_object_or_404(Arrangement.objects.for_user(user).select_related("person", "household"), pk=pk)
