"""Journey 3: a family member without legal authority sees the proposal and can only give views.
Keyboard only."""

import re

import pytest

from matching.models import RepresentativeOpinion, Response

from .world import PASSWORD, sent_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_family_member_without_authority_can_only_give_views(journey):
    world = sent_proposal()
    brother = journey.user("family-without-authority")
    brother.sign_in(world.family_views.email, PASSWORD)
    brother.shot("family-home")
    brother.follow(re.compile(r"^Proposals$"), within="header")
    brother.follow("For Pat")
    brother.sees("Xena and Yan, proposed for Pat")
    brother.sees("Pat makes this decision")
    brother.sees("Give your views")
    # No way to decide: neither the yes nor the no of the person's side is offered.
    for decision in ("Interested", "Not interested", "Agree", "Decline"):
        assert brother.page.get_by_role("link", name=decision, exact=True).count() == 0
    brother.shot("proposal-views-only")

    brother.choose("Has concerns")
    brother.type_into(
        "Anything you want to say", "Pat gets anxious around dogs; please plan the first visit."
    )
    brother.submit("Send my views")
    brother.sees("Your views are sent to the coordinator")
    brother.shot("views-sent")

    # Typing the address of the decision page does not let him decide either: he is told why and
    # sent back to the proposal, where he can only give views.
    brother.open(f"/family/proposals/{world.proposal.pk}/answer/interested/")
    brother.sees("you cannot make the decision for Pat")
    assert brother.page.get_by_role("button", name="Send this answer").count() == 0
    brother.shot("decision-refused")

    assert (
        RepresentativeOpinion.objects.filter(
            proposal=world.proposal, representative__full_name="Bob Parker"
        ).count()
        == 1
    )
    assert not Response.objects.filter(proposal=world.proposal, side="person").exists()
    journey.assert_accessible()
