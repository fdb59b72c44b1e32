"""The one access helper for proposals. Outsiders get 404."""

from django.shortcuts import get_object_or_404

from .models import MatchProposal


def get_proposal_for_user(user, pk: int) -> MatchProposal:
    return get_object_or_404(
        MatchProposal.objects.for_user(user).select_related("person", "household", "referral", "scheme"),
        pk=pk,
    )
