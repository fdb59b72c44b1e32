"""Queries used on several pages: what a signed-in carer, person or family member has going on."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from arrangements.models import Arrangement
from carers.models import Carer
from sharedlives.accounts.models import User

from .models import OPEN_STATUSES, MatchProposal, ProposalStatus

# The proposals a home page lists: open or confirmed, and never drafts (staff work in progress).
HOME_PROPOSAL_STATUSES = [s for s in (*OPEN_STATUSES, ProposalStatus.CONFIRMED) if s != ProposalStatus.DRAFT]

# The first names of the row's household's carers, in order: how the home panel names a household.
# Read in the row's own query, so a list of rows needs no query for its carers. Built once: the ORM
# copies it for each query.
CARER_FIRST_NAMES = ArraySubquery(
    Carer.objects.filter(household=OuterRef("household_id")).order_by("position").values("first_name")
)


def home_summary(user, *, household=None) -> dict:
    """Open proposals and live arrangements that concern `user`, for their home page
    (templates/matching/includes/home_panel.html).

    Two queries, whatever the number of rows. Rows carry only what the panel shows: status, dates,
    the person's names and, except for a carer (who is shown the person, never their own names),
    `carer_names`. Few columns on purpose: PostgreSQL plans the DISTINCT of a family member's rows
    several times faster on them than on every column of three tables.

    A carer's home page passes `household`, the carer's own as `Household.objects.for_user(user)`
    found it (a carer account belongs to one household): the rows are then read as that
    household's, the same rows, planned much faster than through the join on its carers.
    """
    if household is not None:
        proposals = MatchProposal.objects.filter(household=household)
        arrangements = Arrangement.objects.filter(household=household)
    else:
        proposals = MatchProposal.objects.for_user(user)
        arrangements = Arrangement.objects.for_user(user)
    proposals = (
        proposals.filter(status__in=HOME_PROPOSAL_STATUSES)
        .select_related("person")
        .only("status", "carer_deadline", "person__first_name", "person__preferred_name")
        .order_by("-status_changed_at")
    )
    arrangements = (
        arrangements.live()
        .select_related("person")
        .only("support_type", "status", "start_date", "person__first_name", "person__preferred_name")
        .order_by("start_date")
    )
    if user.kind != User.Kind.CARER:
        proposals = proposals.annotate(carer_names=CARER_FIRST_NAMES)
        arrangements = arrangements.annotate(carer_names=CARER_FIRST_NAMES)
    return {"home_proposals": list(proposals[:20]), "home_arrangements": list(arrangements[:20])}
