"""Queries used on several pages: what a signed-in carer, person or family member has going on."""

from .models import OPEN_STATUSES, Arrangement, MatchProposal, ProposalStatus


def home_summary(user) -> dict:
    """Open proposals and live arrangements that concern `user`, for their home page.

    Four queries (two lists and their carers), whatever the number of rows.
    """
    proposals = (
        MatchProposal.objects.for_user(user)
        .filter(status__in=(*OPEN_STATUSES, ProposalStatus.CONFIRMED))
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("person", "household")
        .prefetch_related("household__carers")
        .order_by("-status_changed_at")[:20]
    )
    arrangements = (
        Arrangement.objects.for_user(user)
        .live()
        .select_related("person", "household")
        .order_by("start_date")[:20]
    )
    return {"home_proposals": list(proposals), "home_arrangements": list(arrangements)}
